/**
 * What the harness runs against. A target hands out each merchant's REST gateway (base URL and
 * staff keys) and, where it has one, a direct ledger client per org: the same LedgerClient the
 * gateways use, so a `network` target plugs in a @hyperledger/fabric-gateway client
 * (gateway-api/src/fabric/fabric-ledger.ts) where the sandbox hands out its stand-in.
 */
import type { Role } from '@points-alliance/gateway-api/auth/credentials';
import type { LedgerClient } from '@points-alliance/gateway-api/fabric/ledger';

export interface RestEndpoint {
  org: string;
  /** Base URL of the org's gateway, e.g. http://127.0.0.1:8180 */
  url: string;
  /** A staff API key of each role. */
  keys: Record<Role, string>;
}

export interface Target {
  name: string;
  /** Stated at the top of every report: what the figures are figures of. */
  description: string;
  /** How the target orders and commits, and what its CPU figure covers. */
  notes: string[];
  orgs: readonly string[];
  rest(org: string): RestEndpoint;
  /** The org's ledger client without the gateway (no HTTP, no Express), if the target has one. */
  direct?(org: string): LedgerClient;
  /** CPU time used so far by what `notes` says the CPU figure covers, in milliseconds. */
  cpuMs(): number;
  /**
   * The same system running the benchmark-only chaincode variant with one total-supply key per
   * token (bench/src/hot-key), for the hot key comparison. Closed by the caller.
   */
  naiveSupplyVariant?(): Promise<Target>;
  close(): Promise<void>;
}

/** The target cannot be benchmarked here; the message says why. */
export class TargetUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetUnavailable';
  }
}
