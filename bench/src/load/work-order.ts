/** One operation the harness sends, as each loader speaks it. */
import type { Role } from '@points-alliance/gateway-api/auth/credentials';
import type { LedgerCall } from '@points-alliance/gateway-api/fabric/ledger';

export const WORKLOADS = ['earn', 'transfer', 'exchange', 'redeem', 'audit'] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

export interface WorkOrder {
  workload: WorkloadName;
  /** The org whose gateway (or ledger client) submits it. */
  org: string;
  /** The request to the org's gateway; `role` picks the staff key (none: member-signed). */
  rest: { method: 'GET' | 'POST'; path: string; json?: unknown; role?: Role };
  /**
   * The ledger call the gateway would make, for the direct loader (none for reads the gateway
   * answers from its own index). `mints` names the token whose treasury shard the submitter
   * leases, as the gateway does, and the call takes the leased shard.
   */
  direct?: { mints?: string; call(shard: number | undefined): LedgerCall };
  /** Gives its members back to their pool once the answer is in. */
  done(): void;
}
