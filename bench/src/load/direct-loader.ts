/**
 * Orders straight to each org's ledger client, as an application holding a Fabric gateway
 * connection would send them: no HTTP, no Express, no idempotency records, no receipt batching.
 * Like the gateways, it leases treasury shards to its mints; one lease table serves every org's
 * client, since one process holds them all. (Per-org tables that start together would collide
 * on every token's first shards: an exchange into a token competes with its issuer's earns.)
 */
import {
  LedgerCommitFailure,
  LedgerRefusal,
  LedgerUnavailable,
  type LedgerClient,
} from '@points-alliance/gateway-api/fabric/ledger';
import { ShardLeases, TokenDirectory } from '@points-alliance/gateway-api/services';
import type { Target } from '../targets/target';
import { VALID, type Loader, type Outcome } from './loader';

export function ledgerOutcome(error: unknown): Outcome {
  if (error instanceof LedgerCommitFailure) return error.validationCode;
  if (error instanceof LedgerRefusal) return `REFUSED:${error.code}`;
  if (error instanceof LedgerUnavailable) return 'UNAVAILABLE';
  return `ERROR:${error instanceof Error ? error.name : 'unknown'}`;
}

interface OrgClient {
  ledger: LedgerClient;
  tokens: TokenDirectory;
}

export function directLoader(target: Target): Loader {
  const clients = new Map<string, OrgClient>();
  const leases = new ShardLeases();
  const clientOf = (org: string): OrgClient => {
    let client = clients.get(org);
    if (!client) {
      const ledger = target.direct?.(org);
      if (!ledger) throw new Error(`${target.name} has no direct ledger client`);
      client = { ledger, tokens: new TokenDirectory(ledger) };
      clients.set(org, client);
    }
    return client;
  };
  return {
    name: 'direct',
    run: async ({ org, workload, direct }) => {
      if (!direct) throw new Error(`${workload} has no direct form`);
      const { ledger, tokens } = clientOf(org);
      try {
        const { mints } = direct;
        if (mints === undefined) {
          await ledger.submit(direct.call(undefined));
        } else {
          const token = await tokens.bySymbolOrUndefined(mints);
          if (!token) throw new Error(`token ${mints} not found`);
          await leases.with(mints, token.shardCount, (shard) => ledger.submit(direct.call(shard)));
        }
        return VALID;
      } catch (error) {
        return ledgerOutcome(error);
      }
    },
  };
}
