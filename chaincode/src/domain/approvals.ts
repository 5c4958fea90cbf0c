/** Decisions the alliance takes together: one approval per active merchant, a majority applies. */
import { LedgerError } from './errors';

/** A strict majority of n orgs: more than half. */
export function majorityOf(n: number): number {
  return Math.floor(n / 2) + 1;
}

/**
 * Adds `org`'s approval. Refuses an org that may not vote or has already voted. Answers the
 * approvals and whether they now reach a majority of `voters`.
 */
export function approve(
  approvals: readonly string[],
  org: string,
  voters: readonly string[],
): { approvals: string[]; reached: boolean } {
  if (!voters.includes(org)) {
    throw new LedgerError('NOT_AUTHORIZED', `${org} is not an active merchant of the alliance`);
  }
  if (approvals.includes(org)) throw new LedgerError('ALREADY_EXISTS', `${org} already approved`);
  const updated = [...approvals, org].sort();
  const counted = updated.filter((approver) => voters.includes(approver));
  return { approvals: updated, reached: counted.length >= majorityOf(voters.length) };
}
