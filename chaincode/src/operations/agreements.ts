/** Rate agreements between two merchants: public rate card, private commercial terms. */
import { z } from 'zod';
import { LedgerError } from '../domain/errors';
import { checkRateCard, isActiveAt } from '../domain/exchange';
import type { Agreement } from '../domain/model';
import { hashHex, id, instant, org, points, text } from '../domain/validation';
import { pairCollection, type Ledger } from '../ledger/state';
import { policyRequiring } from './alliance';
import {
  getPrivateRecord,
  putPrivateRecord,
  requirePrivateHash,
  transientJson,
} from './private-records';
import { callerToken } from './tokens';

export const AgreementTerms = z.strictObject({
  /** What the source merchant pays per target point, in minor currency units per 1000 points. */
  pricePerThousandPointsMinor: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  currency: z.string().regex(/^[A-Z]{3}$/),
  notes: text(500).optional(),
  salt: z.string().min(16).max(128),
});
export const StoreTermsRequest = z.strictObject({ agreementId: id, counterparty: org });
export const ProposeAgreementRequest = z.strictObject({
  agreementId: id,
  toOrg: org,
  rateNumerator: points,
  rateDenominator: points,
  minimum: points,
  step: points,
  fee: z.number().int().nonnegative().max(1_000_000_000),
  memberDailyCap: points,
  validFrom: instant,
  validUntil: instant,
  termsHash: hashHex,
});
export const AcceptAgreementRequest = z.strictObject({ agreementId: id, termsHash: hashHex });
export const AgreementIdRequest = z.strictObject({ agreementId: id });
export const ListAgreementsRequest = z.strictObject({
  org: org.optional(),
  status: z.enum(['proposed', 'active', 'revoked']).optional(),
});

export function termsKey(agreementId: string): string {
  return `agreement:${agreementId}`;
}

/** Private half of a proposal: terms (transient `terms`) into the pair's collection. */
export async function storeAgreementTerms(
  ledger: Ledger,
  request: z.infer<typeof StoreTermsRequest>,
): Promise<{ agreementId: string; termsHash: string }> {
  if (request.counterparty === ledger.callerOrg) {
    throw new LedgerError('VALIDATION', 'an agreement needs two different merchants');
  }
  if (!(await ledger.get('TokenIssuer', request.counterparty))) {
    throw new LedgerError('NOT_FOUND', `${request.counterparty} has not registered a token`);
  }
  // Once proposed, the public record carries the terms' hash: the terms must stay as they are.
  if (await ledger.get('Agreement', request.agreementId)) {
    throw new LedgerError('ALREADY_EXISTS', `agreement ${request.agreementId} already exists`);
  }
  const terms = transientJson(ledger, 'terms', AgreementTerms);
  const collection = pairCollection(ledger.callerOrg, request.counterparty);
  const termsHash = await putPrivateRecord(
    ledger,
    collection,
    termsKey(request.agreementId),
    terms,
  );
  ledger.emit('AgreementTermsStored', { agreementId: request.agreementId });
  return { agreementId: request.agreementId, termsHash };
}

export async function proposeAgreement(
  ledger: Ledger,
  request: z.infer<typeof ProposeAgreementRequest>,
): Promise<Agreement> {
  const from = await callerToken(ledger);
  const toIssuer = await ledger.get('TokenIssuer', request.toOrg);
  if (!toIssuer) throw new LedgerError('NOT_FOUND', `${request.toOrg} has not registered a token`);
  if (request.toOrg === from.issuer)
    throw new LedgerError('VALIDATION', 'an agreement needs two different merchants');
  if (await ledger.get('Agreement', request.agreementId)) {
    throw new LedgerError('ALREADY_EXISTS', `agreement ${request.agreementId} already exists`);
  }
  const { agreementId, toOrg, termsHash, ...card } = request;
  checkRateCard(card);
  await requirePrivateHash(
    ledger,
    pairCollection(from.issuer, toOrg),
    termsKey(agreementId),
    termsHash,
  );
  const agreement: Agreement = {
    id: agreementId,
    fromOrg: from.issuer,
    toOrg,
    fromSymbol: from.symbol,
    toSymbol: toIssuer.symbol,
    ...card,
    termsHash,
    status: 'proposed',
    proposedAt: ledger.now.toISOString(),
  };
  await ledger.put('Agreement', [agreementId], agreement);
  await ledger.setKeyPolicy(
    'Agreement',
    [agreementId],
    await policyRequiring(ledger, from.issuer, toOrg),
  );
  ledger.emit('AgreementProposed', { ...agreement });
  return agreement;
}

/** The target merchant accepts, naming the terms hash it checked against its own copy. */
export async function acceptAgreement(
  ledger: Ledger,
  request: z.infer<typeof AcceptAgreementRequest>,
): Promise<Agreement> {
  const agreement = await ledger.getOrFail('Agreement', request.agreementId);
  if (agreement.toOrg !== ledger.callerOrg) {
    throw new LedgerError('NOT_AUTHORIZED', `only ${agreement.toOrg} may accept ${agreement.id}`);
  }
  if (agreement.status !== 'proposed') {
    throw new LedgerError('INVALID_STATE', `agreement ${agreement.id} is ${agreement.status}`);
  }
  if (request.termsHash !== agreement.termsHash) {
    throw new LedgerError('HASH_MISMATCH', 'the accepted terms differ from the proposed ones');
  }
  if (Date.parse(agreement.validUntil) <= ledger.now.getTime()) {
    throw new LedgerError('AGREEMENT_INACTIVE', `agreement ${agreement.id} has already ended`);
  }
  const accepted: Agreement = {
    ...agreement,
    status: 'active',
    acceptedAt: ledger.now.toISOString(),
  };
  await ledger.put('Agreement', [agreement.id], accepted);
  ledger.emit('AgreementAccepted', { ...accepted });
  return accepted;
}

export async function revokeAgreement(
  ledger: Ledger,
  request: z.infer<typeof AgreementIdRequest>,
): Promise<Agreement> {
  const agreement = await ledger.getOrFail('Agreement', request.agreementId);
  if (agreement.fromOrg !== ledger.callerOrg && agreement.toOrg !== ledger.callerOrg) {
    throw new LedgerError('NOT_AUTHORIZED', `only the two parties may revoke ${agreement.id}`);
  }
  if (agreement.status === 'revoked') {
    throw new LedgerError('INVALID_STATE', `agreement ${agreement.id} is already revoked`);
  }
  const revoked: Agreement = {
    ...agreement,
    status: 'revoked',
    revokedAt: ledger.now.toISOString(),
    revokedBy: ledger.callerOrg,
  };
  await ledger.put('Agreement', [agreement.id], revoked);
  ledger.emit('AgreementRevoked', { ...revoked });
  return revoked;
}

export async function getAgreement(ledger: Ledger, agreementId: string): Promise<Agreement> {
  return ledger.getOrFail('Agreement', agreementId);
}

export async function listAgreements(
  ledger: Ledger,
  request: z.infer<typeof ListAgreementsRequest>,
): Promise<Agreement[]> {
  return (await ledger.list('Agreement')).filter(
    (agreement) =>
      (request.org === undefined ||
        agreement.fromOrg === request.org ||
        agreement.toOrg === request.org) &&
      (request.status === undefined || agreement.status === request.status),
  );
}

/** The public rate cards members see: agreements in force at the transaction's time. */
export async function rateCards(ledger: Ledger): Promise<Agreement[]> {
  return (await ledger.list('Agreement')).filter((agreement) => isActiveAt(agreement, ledger.now));
}

/** The commercial terms, for the two parties only; other orgs' peers do not hold them. */
export async function readAgreementTerms(
  ledger: Ledger,
  request: z.infer<typeof AgreementIdRequest>,
): Promise<z.infer<typeof AgreementTerms>> {
  const agreement = await getAgreement(ledger, request.agreementId);
  if (agreement.fromOrg !== ledger.callerOrg && agreement.toOrg !== ledger.callerOrg) {
    throw new LedgerError(
      'NOT_AUTHORIZED',
      `only the two parties may read ${agreement.id}'s terms`,
    );
  }
  return getPrivateRecord(
    ledger,
    pairCollection(agreement.fromOrg, agreement.toOrg),
    termsKey(agreement.id),
  );
}
