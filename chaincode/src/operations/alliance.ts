/** The alliance's membership: who counts towards a majority, and the policies built from it. */
import { z } from 'zod';
import { LedgerError } from '../domain/errors';
import { org } from '../domain/validation';
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

export async function allianceOrgs(ledger: Ledger): Promise<string[]> {
  const alliance = await ledger.get('Alliance');
  if (!alliance) throw new LedgerError('INVALID_STATE', 'the alliance is not initialised yet');
  return alliance.orgs;
}

export async function requireAllianceMember(ledger: Ledger, mspId: string): Promise<void> {
  if (!(await allianceOrgs(ledger)).includes(mspId)) {
    throw new LedgerError('NOT_AUTHORIZED', `${mspId} is not a merchant of the alliance`);
  }
}

/** Key-level policy for a record that, beyond a majority, needs these orgs' own consent. */
export async function policyRequiring(ledger: Ledger, ...orgs: string[]): Promise<Uint8Array> {
  return requiredOrgsAndMajority(orgs, await allianceOrgs(ledger));
}
