/** Merchants settle obligations: the debtor posts a payment, the creditor confirms or disputes. */
import { z } from 'zod';
import { LedgerError } from '../domain/errors';
import type { Obligation, Settlement } from '../domain/model';
import { hashHex, id, org, text } from '../domain/validation';
import { pairCollection, type Ledger } from '../ledger/state';
import { policyRequiring } from './alliance';
import { netPositions, type AgreementPrice, type NetPosition } from '../domain/positions';
import { readAgreementTerms } from './agreements';
import {
  getPrivateRecord,
  putPrivateRecord,
  requirePrivateHash,
  transientJson,
} from './private-records';

export const MAX_OBLIGATIONS_PER_SETTLEMENT = 200;

export const SettlementDetails = z.strictObject({
  paidAmountMinor: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  currency: z.string().regex(/^[A-Z]{3}$/),
  bankReference: text(140),
  salt: z.string().min(16).max(128),
});
export const StoreDetailsRequest = z.strictObject({ settlementId: id, creditor: org });
export const PostSettlementRequest = z.strictObject({
  settlementId: id,
  creditor: org,
  obligationIds: z.array(z.string().min(1).max(128)).min(1).max(MAX_OBLIGATIONS_PER_SETTLEMENT),
  detailsHash: hashHex,
});
export const SettlementIdRequest = z.strictObject({ settlementId: id });
export const DisputeRequest = z.strictObject({ settlementId: id, reason: text(500) });
export const ListObligationsRequest = z.strictObject({
  counterparty: org.optional(),
  status: z.enum(['open', 'pending', 'settled']).optional(),
  period: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional(),
});
export const ListSettlementsRequest = z.strictObject({
  counterparty: org.optional(),
  status: z.enum(['posted', 'confirmed', 'disputed']).optional(),
});
export const NetPositionsRequest = z.strictObject({
  period: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional(),
});

export function detailsKey(settlementId: string): string {
  return `settlement:${settlementId}`;
}

/** The caller settles with `creditor`: another merchant, with a token (so with obligations). */
async function requireCreditor(ledger: Ledger, creditor: string): Promise<void> {
  if (creditor === ledger.callerOrg)
    throw new LedgerError('VALIDATION', 'a settlement needs two merchants');
  if (!(await ledger.get('TokenIssuer', creditor))) {
    throw new LedgerError('NOT_FOUND', `${creditor} has not registered a token`);
  }
}

/** Private half: amount paid and bank reference (transient `details`) into the pair's collection. */
export async function storeSettlementDetails(
  ledger: Ledger,
  request: z.infer<typeof StoreDetailsRequest>,
): Promise<{ settlementId: string; detailsHash: string }> {
  await requireCreditor(ledger, request.creditor);
  // Once posted, the public record carries the details' hash: the details must stay as they are.
  if (await ledger.get('Settlement', request.settlementId)) {
    throw new LedgerError('ALREADY_EXISTS', `settlement ${request.settlementId} already exists`);
  }
  const details = transientJson(ledger, 'details', SettlementDetails);
  const detailsHash = await putPrivateRecord(
    ledger,
    pairCollection(ledger.callerOrg, request.creditor),
    detailsKey(request.settlementId),
    details,
  );
  ledger.emit('SettlementDetailsStored', { settlementId: request.settlementId });
  return { settlementId: request.settlementId, detailsHash };
}

async function setObligations(
  ledger: Ledger,
  obligations: readonly Obligation[],
  change: Pick<Obligation, 'status'> & { settlementId?: string },
): Promise<void> {
  for (const obligation of obligations) {
    const { settlementId: _previous, ...rest } = obligation;
    await ledger.put('Obligation', [obligation.debtor, obligation.creditor, obligation.id], {
      ...rest,
      ...change,
    });
  }
}

async function settlementObligations(
  ledger: Ledger,
  settlement: Settlement,
): Promise<Obligation[]> {
  const found: Obligation[] = [];
  for (const obligationId of settlement.obligationIds) {
    found.push(
      await ledger.getOrFail('Obligation', settlement.debtor, settlement.creditor, obligationId),
    );
  }
  return found;
}

export async function postSettlement(
  ledger: Ledger,
  request: z.infer<typeof PostSettlementRequest>,
): Promise<Settlement> {
  const debtor = ledger.callerOrg;
  await requireCreditor(ledger, request.creditor);
  if (new Set(request.obligationIds).size !== request.obligationIds.length) {
    throw new LedgerError('VALIDATION', 'obligationIds repeat');
  }
  if (await ledger.get('Settlement', request.settlementId)) {
    throw new LedgerError('ALREADY_EXISTS', `settlement ${request.settlementId} already exists`);
  }
  const settlement: Settlement = {
    id: request.settlementId,
    debtor,
    creditor: request.creditor,
    obligationIds: [...request.obligationIds],
    points: 0,
    detailsHash: request.detailsHash,
    status: 'posted',
    postedAt: ledger.now.toISOString(),
  };
  const obligations = await settlementObligations(ledger, settlement);
  for (const obligation of obligations) {
    if (obligation.status !== 'open') {
      throw new LedgerError('INVALID_STATE', `obligation ${obligation.id} is ${obligation.status}`);
    }
    settlement.points += obligation.pointsReceived;
  }
  await requirePrivateHash(
    ledger,
    pairCollection(debtor, request.creditor),
    detailsKey(request.settlementId),
    request.detailsHash,
  );
  await setObligations(ledger, obligations, { status: 'pending', settlementId: settlement.id });
  await ledger.put('Settlement', [settlement.id], settlement);
  await ledger.setKeyPolicy(
    'Settlement',
    [settlement.id],
    await policyRequiring(ledger, debtor, request.creditor),
  );
  ledger.emit('SettlementPosted', { ...settlement });
  return settlement;
}

async function postedSettlementForCreditor(
  ledger: Ledger,
  settlementId: string,
): Promise<Settlement> {
  const settlement = await ledger.getOrFail('Settlement', settlementId);
  if (settlement.creditor !== ledger.callerOrg) {
    throw new LedgerError(
      'NOT_AUTHORIZED',
      `only ${settlement.creditor} may confirm or dispute ${settlement.id}`,
    );
  }
  if (settlement.status !== 'posted') {
    throw new LedgerError('INVALID_STATE', `settlement ${settlement.id} is ${settlement.status}`);
  }
  return settlement;
}

export async function confirmSettlement(
  ledger: Ledger,
  request: z.infer<typeof SettlementIdRequest>,
): Promise<Settlement> {
  const settlement = await postedSettlementForCreditor(ledger, request.settlementId);
  await setObligations(ledger, await settlementObligations(ledger, settlement), {
    status: 'settled',
    settlementId: settlement.id,
  });
  const confirmed: Settlement = {
    ...settlement,
    status: 'confirmed',
    confirmedAt: ledger.now.toISOString(),
  };
  await ledger.put('Settlement', [settlement.id], confirmed);
  ledger.emit('SettlementConfirmed', { ...confirmed });
  return confirmed;
}

/** A dispute reopens the obligations so the debtor can settle them again. */
export async function disputeSettlement(
  ledger: Ledger,
  request: z.infer<typeof DisputeRequest>,
): Promise<Settlement> {
  const settlement = await postedSettlementForCreditor(ledger, request.settlementId);
  await setObligations(ledger, await settlementObligations(ledger, settlement), { status: 'open' });
  const disputed: Settlement = {
    ...settlement,
    status: 'disputed',
    disputedAt: ledger.now.toISOString(),
    disputeReason: request.reason,
  };
  await ledger.put('Settlement', [settlement.id], disputed);
  ledger.emit('SettlementDisputed', { ...disputed });
  return disputed;
}

export async function getSettlement(ledger: Ledger, settlementId: string): Promise<Settlement> {
  return ledger.getOrFail('Settlement', settlementId);
}

export async function readSettlementDetails(
  ledger: Ledger,
  request: z.infer<typeof SettlementIdRequest>,
): Promise<z.infer<typeof SettlementDetails>> {
  const settlement = await getSettlement(ledger, request.settlementId);
  if (settlement.debtor !== ledger.callerOrg && settlement.creditor !== ledger.callerOrg) {
    throw new LedgerError(
      'NOT_AUTHORIZED',
      `only the two parties may read ${settlement.id}'s details`,
    );
  }
  return getPrivateRecord(
    ledger,
    pairCollection(settlement.debtor, settlement.creditor),
    detailsKey(settlement.id),
  );
}

/** Whether a record between two orgs involves `me`, and `counterparty` if one is named. */
function involves(me: string, counterparty: string | undefined) {
  return (record: { debtor: string; creditor: string }): boolean =>
    (record.debtor === me || record.creditor === me) &&
    (counterparty === undefined ||
      (record.debtor === me ? record.creditor : record.debtor) === counterparty);
}

/** The calling org's settlements, as debtor or creditor. */
export async function listSettlements(
  ledger: Ledger,
  request: z.infer<typeof ListSettlementsRequest>,
): Promise<Settlement[]> {
  const party = involves(ledger.callerOrg, request.counterparty);
  return (await ledger.list('Settlement')).filter(
    (s) => party(s) && (request.status === undefined || s.status === request.status),
  );
}

/** The calling org's obligations, as debtor or creditor. */
export async function listObligations(
  ledger: Ledger,
  request: z.infer<typeof ListObligationsRequest>,
): Promise<Obligation[]> {
  const party = involves(ledger.callerOrg, request.counterparty);
  return (await ledger.list('Obligation')).filter(
    (o) =>
      party(o) &&
      (request.status === undefined || o.status === request.status) &&
      (request.period === undefined || o.period === request.period),
  );
}

/**
 * The caller's positions, valued at each agreement's private price. Runs on the caller's own
 * peer, which holds the terms of every agreement the caller is party to.
 */
export async function myNetPositions(
  ledger: Ledger,
  request: z.infer<typeof NetPositionsRequest>,
): Promise<NetPosition[]> {
  const obligations = await listObligations(
    ledger,
    request.period === undefined ? {} : { period: request.period },
  );
  const prices = new Map<string, AgreementPrice>();
  for (const agreementId of new Set(obligations.map((o) => o.agreementId))) {
    prices.set(agreementId, await readAgreementTerms(ledger, { agreementId }));
  }
  return netPositions(ledger.callerOrg, obligations, (agreementId) => {
    const price = prices.get(agreementId);
    if (!price) throw new LedgerError('NOT_FOUND', `no terms for agreement ${agreementId}`);
    return price;
  });
}
