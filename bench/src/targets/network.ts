/**
 * The real network's target, once it can run: each org's gateway at the host and gatewayPort
 * of network/consortium.yaml with staff keys issued by `issue-key`, and `direct` as a
 * FabricLedger over @hyperledger/fabric-gateway (gateway-api/src/fabric/connect.ts) with the
 * org's client identity. CPU would come from /proc/<pid>/stat of the peers, orderers and
 * gateways. Until the Fabric binaries can be built here there is no network to measure.
 */
import { TargetUnavailable, type Target } from './target';

export function networkTarget(): Promise<Target> {
  return Promise.reject(
    new TargetUnavailable(
      'the Fabric network is not available yet: its binaries cannot be built on this machine ' +
        '(see README.md, Status), so `npm start` cannot bring it up. Run `npm run bench` ' +
        '(--target sandbox) for the sandbox figures.',
    ),
  );
}
