/** The alliance's membership: who counts towards a majority, and the policies built from it. */
import { z } from 'zod';
import { LedgerError } from '../domain/errors';
import { approve } from '../domain/approvals';
import type { Alliance, MembershipChange, MembershipProposal } from '../domain/model';
import { id, org } from '../domain/validation';
import { requiredOrgsAndMajority } from '../ledger/endorsement-policy';
import type { Ledger } from '../ledger/state';

/** Record kinds whose history anyone may audit, and how many key parts each takes. */
export const AUDITABLE = {
  Token: 1,
  Treasury: 2,
  Member: 1,
  Balance: 2,
  Earn: 2,
  Agreement: 1,
  Obligation: 3,
  Settlement: 1,
  MembershipProposal: 1,
  CouponClass: 1,
  Coupon: 2,
  Offer: 1,
  Auction: 1,
} as const;
export const AuditableKind = z.enum(
  Object.keys(AUDITABLE) as [keyof typeof AUDITABLE, ...(keyof typeof AUDITABLE)[]],
);

export const InitAllianceRequest = z.strictObject({
  orgs: z.array(org).min(1).max(64),
});

/** Records the merchant orgs once, right after the chaincode is first committed. */
export async function initAlliance(
  ledger: Ledger,
  request: z.infer<typeof InitAllianceRequest>,
): Promise<{ orgs: string[] }> {
  if (await ledger.get('Alliance')) {
    throw new LedgerError('ALREADY_EXISTS', 'the alliance is already initialised');
  }
  const orgs = [...new Set(request.orgs)].sort();
  if (orgs.length !== request.orgs.length) throw new LedgerError('VALIDATION', 'orgs repeat');
  if (!orgs.includes(ledger.callerOrg)) {
    throw new LedgerError('NOT_AUTHORIZED', `${ledger.callerOrg} is not among the orgs it names`);
  }
  await ledger.put('Alliance', [], { orgs });
  ledger.emit('AllianceInitialised', { orgs });
  return { orgs };
}

export async function allianceRecord(ledger: Ledger): Promise<Alliance> {
  const alliance = await ledger.get('Alliance');
  if (!alliance) throw new LedgerError('INVALID_STATE', 'the alliance is not initialised yet');
  return alliance;
}

function activeOf(alliance: Alliance): string[] {
  const suspended = new Set(alliance.suspended ?? []);
  return alliance.orgs.filter((org) => !suspended.has(org));
}

/** The merchants that act and vote now: every admitted one but the suspended. */
export async function allianceOrgs(ledger: Ledger): Promise<string[]> {
  return activeOf(await allianceRecord(ledger));
}

export async function requireAllianceMember(ledger: Ledger, mspId: string): Promise<void> {
  const alliance = await allianceRecord(ledger);
  if (!alliance.orgs.includes(mspId)) {
    throw new LedgerError('NOT_AUTHORIZED', `${mspId} is not a merchant of the alliance`);
  }
  if (alliance.suspended?.includes(mspId)) {
    throw new LedgerError('NOT_AUTHORIZED', `${mspId} is suspended from the alliance`);
  }
}

export const ProposeMembershipChangeRequest = z.strictObject({
  proposalId: id,
  change: z.enum(['admit', 'suspend', 'reinstate']),
  org,
});
export const MembershipProposalRequest = z.strictObject({ proposalId: id });

/** Refuses a change that makes no sense for the alliance as it is now. */
function checkChange(alliance: Alliance, change: MembershipChange, mspId: string): void {
  const admitted = alliance.orgs.includes(mspId);
  const suspended = alliance.suspended?.includes(mspId) ?? false;
  if (change === 'admit' && admitted) {
    throw new LedgerError('INVALID_STATE', `${mspId} is already a merchant of the alliance`);
  }
  if (change === 'suspend' && (!admitted || suspended)) {
    throw new LedgerError('INVALID_STATE', `${mspId} is not an active merchant`);
  }
  if (change === 'suspend' && activeOf(alliance).length === 1) {
    throw new LedgerError('INVALID_STATE', 'the last active merchant cannot be suspended');
  }
  if (change === 'reinstate' && !suspended) {
    throw new LedgerError('INVALID_STATE', `${mspId} is not suspended`);
  }
}

function changed(alliance: Alliance, change: MembershipChange, mspId: string): Alliance {
  const suspended = alliance.suspended ?? [];
  switch (change) {
    case 'admit':
      return { ...alliance, orgs: [...alliance.orgs, mspId].sort() };
    case 'suspend':
      return { ...alliance, suspended: [...suspended, mspId].sort() };
    case 'reinstate':
      return { ...alliance, suspended: suspended.filter((other) => other !== mspId) };
  }
}

/** Records an approval; applies the change in the transaction that reaches a majority. */
async function recordApproval(
  ledger: Ledger,
  proposal: MembershipProposal,
): Promise<MembershipProposal> {
  const alliance = await allianceRecord(ledger);
  const { approvals, reached } = approve(proposal.approvals, ledger.callerOrg, activeOf(alliance));
  const updated: MembershipProposal = { ...proposal, approvals };
  if (reached) {
    // The alliance may have changed since the proposal: check again before applying.
    checkChange(alliance, proposal.change, proposal.org);
    await ledger.put('Alliance', [], changed(alliance, proposal.change, proposal.org));
    updated.status = 'applied';
    updated.appliedAt = ledger.now.toISOString();
  }
  await ledger.put('MembershipProposal', [proposal.id], updated);
  ledger.emit(reached ? 'MembershipChanged' : 'MembershipChangeApproved', {
    proposalId: proposal.id,
    change: proposal.change,
    org: proposal.org,
    approvals,
  });
  return updated;
}

/** An active merchant proposes to admit, suspend or reinstate a merchant; its vote counts. */
export async function proposeMembershipChange(
  ledger: Ledger,
  request: z.infer<typeof ProposeMembershipChangeRequest>,
): Promise<MembershipProposal> {
  await requireAllianceMember(ledger, ledger.callerOrg);
  checkChange(await allianceRecord(ledger), request.change, request.org);
  if (await ledger.get('MembershipProposal', request.proposalId)) {
    throw new LedgerError('ALREADY_EXISTS', `proposal ${request.proposalId} already exists`);
  }
  return recordApproval(ledger, {
    id: request.proposalId,
    change: request.change,
    org: request.org,
    proposedBy: ledger.callerOrg,
    approvals: [],
    status: 'open',
    createdAt: ledger.now.toISOString(),
  });
}

export async function approveMembershipChange(
  ledger: Ledger,
  request: z.infer<typeof MembershipProposalRequest>,
): Promise<MembershipProposal> {
  const proposal = await ledger.getOrFail('MembershipProposal', request.proposalId);
  if (proposal.status !== 'open') {
    throw new LedgerError('INVALID_STATE', `proposal ${proposal.id} is already applied`);
  }
  return recordApproval(ledger, proposal);
}

/** Key-level policy for a record that, beyond a majority, needs these orgs' own consent. */
export async function policyRequiring(ledger: Ledger, ...orgs: string[]): Promise<Uint8Array> {
  return requiredOrgsAndMajority(orgs, await allianceOrgs(ledger));
}
