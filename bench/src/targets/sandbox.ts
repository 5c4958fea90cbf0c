/**
 * The sandbox target: every merchant's real gateway (Express, real chaincode) on a loopback
 * port over the in-memory Fabric stand-in, all in this process. Tokens are left unregistered so
 * the harness registers them through the gateways with the chaincode's own defaults (64 treasury
 * shards), as a merchant would on the network.
 */
import type { ContractOverrides } from '@points-alliance/chaincode/dist/test-support/alliance';
import { startSandbox } from '@points-alliance/gateway-api/test-support/sandbox';
import { naiveSupplyContracts } from '../hot-key/naive-supply-contract';
import { BlockCutter } from './block-cutter';
import type { Target } from './target';

export const SANDBOX_DESCRIPTION =
  'sandbox: real gateways and chaincode on the in-memory Fabric stand-in, one process; ' +
  'figures say nothing about Fabric';

export async function sandboxTarget(
  options: { contracts?: ContractOverrides; label?: string } = {},
): Promise<Target> {
  const sandbox = await startSandbox({ tokens: false, contracts: options.contracts });
  // One orderer for the channel, whichever org's client submits.
  const cutter = new BlockCutter(sandbox.alliance.net);
  for (const { gateway } of Object.values(sandbox.gateways)) gateway.ledger.orderer = cutter.order;
  const running = (org: string) => {
    const gateway = sandbox.gateways[org];
    if (!gateway) throw new Error(`the sandbox runs no gateway of ${org}`);
    return gateway;
  };
  return {
    name: options.label ?? 'sandbox',
    description: SANDBOX_DESCRIPTION,
    notes: [
      `ordering: blocks of up to ${cutter.maxMessageCount} transactions, cut after ` +
        `${cutter.batchTimeoutMs} ms (the consortium's orderer defaults); no disk or network I/O`,
      'the stand-in copies its whole state at every block, so a block costs more as a run grows ' +
        'the ledger: later figures are a little lower for that alone',
      'CPU: this one process (gateways, chaincode, stand-in, audit indexes and the load generator)',
    ],
    orgs: Object.keys(sandbox.gateways),
    rest: (org) => {
      const { url, gateway } = running(org);
      return { org, url, keys: gateway.keys };
    },
    // The very client the org's gateway submits through: what remains without HTTP and Express.
    direct: (org) => running(org).gateway.ledger,
    cpuMs: () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    },
    naiveSupplyVariant: () =>
      sandboxTarget({ contracts: naiveSupplyContracts(), label: 'sandbox, naive supply' }),
    close: async () => {
      cutter.stop();
      await sandbox.close();
    },
  };
}
