/** Earning, refunds, redemption, transfer, expiry and legacy points. */
import { z } from 'zod';
import { LedgerError } from '../domain/errors';
import { dropExpired, spendFromLot } from '../domain/lots';
import type { EarnRecord, LegacyRecord, ReversalRecord } from '../domain/model';
import { hashHex, id, instant, MAX_SHARDS, points, symbol, text } from '../domain/validation';
import { encodeRecord, implicitCollection, sha256Hex, type Ledger } from '../ledger/state';
import {
  balanceView,
  creditMember,
  debitMember,
  readBalance,
  writeBalance,
  type BalanceView,
} from './balances';
import { authorizeMember, getMember, requireActive, signedRequest } from './member-auth';
import { putPrivateRecord, transientJson } from './private-records';
import { burn, defaultShard, mint } from './supply';
import { callerToken, getToken } from './tokens';

const shard = z
  .number()
  .int()
  .nonnegative()
  .max(MAX_SHARDS - 1)
  .optional();

export const EarnRequest = z.strictObject({
  memberId: id,
  orderRef: id,
  points,
  receiptHash: hashHex,
  pendingUntil: instant.optional(),
  expiresAt: instant.optional(),
  shard,
});
export const Receipt = z.strictObject({
  orderRef: id,
  purchaseAmountMinor: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  currency: z.string().regex(/^[A-Z]{3}$/),
  store: text(80),
  plate: text(16).optional(),
  salt: z.string().min(16).max(128),
});
export const ReceiptBatch = z.array(Receipt).min(1).max(500);
export const ReverseEarnRequest = z.strictObject({ orderRef: id, refundRef: id, points });
export const RedeemRequest = signedRequest(
  'redeem',
  z.strictObject({ symbol, points, reference: id.optional() }),
);
export const TransferRequest = signedRequest(
  'transfer',
  z.strictObject({ symbol, to: id, points }),
);
export const ImportLegacyRequest = z.strictObject({ memberId: id, appRef: id, points, shard });
export const ExportLegacyRequest = signedRequest(
  'export-legacy',
  z.strictObject({ symbol, appRef: id, points }),
);
export const ExpireRequest = z.strictObject({ memberId: id });
export const BalanceRequest = z.strictObject({ memberId: id, symbol });
export const OrderRefRequest = z.strictObject({ symbol, orderRef: id });

export function receiptKey(orderRef: string): string {
  return `receipt:${orderRef}`;
}

function earnLotId(orderRef: string): string {
  return `earn:${orderRef}`;
}

function sameEarn(existing: EarnRecord, request: z.infer<typeof EarnRequest>): boolean {
  return (
    existing.memberId === request.memberId &&
    existing.points === request.points &&
    existing.receiptHash === request.receiptHash
  );
}

/** The issuer credits a member. A repeated order reference returns the first earn unchanged. */
export async function earn(
  ledger: Ledger,
  request: z.infer<typeof EarnRequest>,
): Promise<EarnRecord> {
  const token = await callerToken(ledger);
  const previous = await ledger.get('Earn', token.symbol, request.orderRef);
  if (previous) {
    if (sameEarn(previous, request)) return previous;
    throw new LedgerError(
      'DUPLICATE_REFERENCE',
      `order ${request.orderRef} was already earned differently`,
    );
  }
  if (request.expiresAt !== undefined && Date.parse(request.expiresAt) <= ledger.now.getTime()) {
    throw new LedgerError('VALIDATION', 'expiresAt must be in the future');
  }
  if (
    request.pendingUntil !== undefined &&
    request.expiresAt !== undefined &&
    Date.parse(request.pendingUntil) >= Date.parse(request.expiresAt)
  ) {
    throw new LedgerError('VALIDATION', 'pendingUntil must be before expiresAt');
  }
  requireActive(await getMember(ledger, request.memberId));
  await mint(
    ledger,
    token,
    request.shard ?? defaultShard(request.memberId, token.shardCount),
    request.points,
  );
  await creditMember(ledger, token, request.memberId, [
    {
      id: earnLotId(request.orderRef),
      amount: request.points,
      ...(request.pendingUntil !== undefined && { availableFrom: request.pendingUntil }),
      ...(request.expiresAt !== undefined && { expiresAt: request.expiresAt }),
    },
  ]);
  const record: EarnRecord = {
    symbol: token.symbol,
    orderRef: request.orderRef,
    memberId: request.memberId,
    points: request.points,
    reversed: 0,
    receiptHash: request.receiptHash,
    ...(request.pendingUntil !== undefined && { pendingUntil: request.pendingUntil }),
    ...(request.expiresAt !== undefined && { expiresAt: request.expiresAt }),
    txId: ledger.txId,
    at: ledger.now.toISOString(),
  };
  await ledger.put('Earn', [token.symbol, request.orderRef], record);
  ledger.emit('Earned', { ...record });
  return record;
}

/**
 * Private-only batch of receipts (transient `receipts`) into the issuer's implicit collection,
 * off the earn's hot path. A receipt is stored only if its earn exists and carries its hash, so
 * a stored receipt always proves its earn; any other receipt in the batch is reported back.
 */
export async function storeReceipts(ledger: Ledger): Promise<{
  stored: { orderRef: string; receiptHash: string }[];
  rejected: { orderRef: string; reason: string }[];
}> {
  const receipts = transientJson(ledger, 'receipts', ReceiptBatch);
  const orderRefs = new Set(receipts.map((receipt) => receipt.orderRef));
  if (orderRefs.size !== receipts.length) {
    throw new LedgerError('VALIDATION', 'orderRef repeats in batch');
  }
  const token = await callerToken(ledger);
  const collection = implicitCollection(ledger.callerOrg);
  const stored: { orderRef: string; receiptHash: string }[] = [];
  const rejected: { orderRef: string; reason: string }[] = [];
  for (const receipt of receipts) {
    const earned = await ledger.get('Earn', token.symbol, receipt.orderRef);
    const receiptHash = sha256Hex(encodeRecord(receipt));
    if (!earned)
      rejected.push({ orderRef: receipt.orderRef, reason: 'no earn with this orderRef' });
    else if (earned.receiptHash !== receiptHash) {
      rejected.push({
        orderRef: receipt.orderRef,
        reason: "does not match the earn's receipt hash",
      });
    } else {
      await putPrivateRecord(ledger, collection, receiptKey(receipt.orderRef), receipt);
      stored.push({ orderRef: receipt.orderRef, receiptHash });
    }
  }
  ledger.emit('ReceiptsStored', { org: ledger.callerOrg, count: stored.length });
  return { stored, rejected };
}

/** Whether the issuer's stored receipt matches the earn's public hash; anyone may ask. */
export async function verifyReceipt(
  ledger: Ledger,
  request: z.infer<typeof OrderRefRequest>,
): Promise<{ orderRef: string; stored: boolean; matches: boolean }> {
  const token = await getToken(ledger, request.symbol);
  const record = await ledger.getOrFail('Earn', token.symbol, request.orderRef);
  const hash = await ledger.privateHash(
    implicitCollection(token.issuer),
    receiptKey(request.orderRef),
  );
  return {
    orderRef: request.orderRef,
    stored: hash !== undefined,
    matches: hash === record.receiptHash,
  };
}

/** A refund: takes back up to what the earn credited, from the points that earn created. */
export async function reverseEarn(
  ledger: Ledger,
  request: z.infer<typeof ReverseEarnRequest>,
): Promise<ReversalRecord> {
  const token = await callerToken(ledger);
  const previous = await ledger.get('Reversal', token.symbol, request.refundRef);
  if (previous) {
    if (previous.orderRef === request.orderRef && previous.points === request.points)
      return previous;
    throw new LedgerError(
      'DUPLICATE_REFERENCE',
      `refund ${request.refundRef} was already made differently`,
    );
  }
  const original = await ledger.getOrFail('Earn', token.symbol, request.orderRef);
  const left = original.points - original.reversed;
  if (request.points > left) {
    throw new LedgerError(
      'VALIDATION',
      `only ${left} points of order ${request.orderRef} can still be reversed`,
    );
  }
  const balance = await readBalance(ledger, original.memberId, token.symbol);
  const lots = spendFromLot(balance.lots, earnLotId(request.orderRef), request.points, ledger.now);
  await writeBalance(ledger, token, { ...balance, lots }, false);
  await burn(ledger, token.symbol, request.points, 'reversal');
  await ledger.put('Earn', [token.symbol, original.orderRef], {
    ...original,
    reversed: original.reversed + request.points,
  });
  const record: ReversalRecord = {
    symbol: token.symbol,
    refundRef: request.refundRef,
    orderRef: request.orderRef,
    memberId: original.memberId,
    points: request.points,
    txId: ledger.txId,
    at: ledger.now.toISOString(),
  };
  await ledger.put('Reversal', [token.symbol, request.refundRef], record);
  ledger.emit('EarnReversed', { ...record });
  return record;
}

/** Member-signed burn, submitted by the issuer at whose counter the points are spent. */
export async function redeem(
  ledger: Ledger,
  request: z.infer<typeof RedeemRequest>,
): Promise<BalanceView & { redeemed: number }> {
  const token = await getToken(ledger, request.params.symbol);
  if (token.issuer !== ledger.callerOrg) {
    throw new LedgerError(
      'NOT_AUTHORIZED',
      `${token.symbol} points are redeemed at ${token.issuer}`,
    );
  }
  const member = await authorizeMember(ledger, request);
  const { balance: updated } = await debitMember(ledger, token, member.id, request.params.points);
  await burn(ledger, token.symbol, request.params.points, 'redeem');
  ledger.emit('Redeemed', {
    memberId: member.id,
    symbol: token.symbol,
    points: request.params.points,
    ...(request.params.reference !== undefined && { reference: request.params.reference }),
  });
  return { ...balanceView(updated, ledger.now), redeemed: request.params.points };
}

/** Member-signed move of points to another member; the points keep their expiry. */
export async function transfer(
  ledger: Ledger,
  request: z.infer<typeof TransferRequest>,
): Promise<{ from: string; to: string; symbol: string; points: number }> {
  const { symbol: tokenSymbol, to, points: amount } = request.params;
  if (to === request.memberId) throw new LedgerError('VALIDATION', 'cannot transfer to oneself');
  const token = await getToken(ledger, tokenSymbol);
  const member = await authorizeMember(ledger, request);
  requireActive(await getMember(ledger, to));
  const { taken } = await debitMember(ledger, token, member.id, amount);
  await creditMember(ledger, token, to, taken);
  const result = { from: member.id, to, symbol: token.symbol, points: amount };
  ledger.emit('Transferred', result);
  return result;
}

/** The issuer removes a member's expired points from circulation. */
export async function expirePoints(
  ledger: Ledger,
  request: z.infer<typeof ExpireRequest>,
): Promise<{ memberId: string; symbol: string; expired: number }> {
  const token = await callerToken(ledger);
  const balance = await readBalance(ledger, request.memberId, token.symbol);
  const { remaining, expired } = dropExpired(balance.lots, ledger.now);
  if (expired === 0) throw new LedgerError('INVALID_STATE', 'no expired points to remove');
  await writeBalance(ledger, token, { ...balance, lots: remaining }, false);
  await burn(ledger, token.symbol, expired, 'expired');
  const result = { memberId: request.memberId, symbol: token.symbol, expired };
  ledger.emit('PointsExpired', result);
  return result;
}

function legacyRecord(
  ledger: Ledger,
  tokenSymbol: string,
  direction: LegacyRecord['direction'],
  memberId: string,
  appRef: string,
  amount: number,
): LegacyRecord {
  return {
    symbol: tokenSymbol,
    appRef,
    direction,
    memberId,
    points: amount,
    txId: ledger.txId,
    at: ledger.now.toISOString(),
  };
}

/** Returns the earlier move with this app reference if it is the same move; refuses another. */
async function previousLegacy(
  ledger: Ledger,
  wanted: Omit<LegacyRecord, 'txId' | 'at'>,
): Promise<LegacyRecord | undefined> {
  const previous = await ledger.get('Legacy', wanted.symbol, wanted.appRef);
  if (!previous) return undefined;
  if (
    previous.direction === wanted.direction &&
    previous.memberId === wanted.memberId &&
    previous.points === wanted.points
  ) {
    return previous;
  }
  throw new LedgerError(
    'DUPLICATE_REFERENCE',
    `app reference ${wanted.appRef} was already used differently`,
  );
}

/** The issuer brings points from its existing app onto the member's on-chain balance. */
export async function importLegacy(
  ledger: Ledger,
  request: z.infer<typeof ImportLegacyRequest>,
): Promise<LegacyRecord> {
  const token = await callerToken(ledger);
  const wanted = {
    symbol: token.symbol,
    appRef: request.appRef,
    direction: 'import' as const,
    memberId: request.memberId,
    points: request.points,
  };
  const previous = await previousLegacy(ledger, wanted);
  if (previous) return previous;
  requireActive(await getMember(ledger, request.memberId));
  await mint(
    ledger,
    token,
    request.shard ?? defaultShard(request.memberId, token.shardCount),
    request.points,
  );
  await creditMember(ledger, token, request.memberId, [
    { id: `legacy:${request.appRef}`, amount: request.points },
  ]);
  const record = legacyRecord(
    ledger,
    token.symbol,
    'import',
    request.memberId,
    request.appRef,
    request.points,
  );
  await ledger.put('Legacy', [token.symbol, request.appRef], record);
  ledger.emit('LegacyImported', { ...record });
  return record;
}

/** Member-signed move of points back to the issuer's app; burned on chain. */
export async function exportLegacy(
  ledger: Ledger,
  request: z.infer<typeof ExportLegacyRequest>,
): Promise<LegacyRecord> {
  const token = await callerToken(ledger);
  if (token.symbol !== request.params.symbol) {
    throw new LedgerError(
      'NOT_AUTHORIZED',
      `${request.params.symbol} points are exported by their issuer`,
    );
  }
  const wanted = {
    symbol: token.symbol,
    appRef: request.params.appRef,
    direction: 'export' as const,
    memberId: request.memberId,
    points: request.params.points,
  };
  const previous = await previousLegacy(ledger, wanted);
  if (previous) return previous;
  const member = await authorizeMember(ledger, request);
  await debitMember(ledger, token, member.id, request.params.points);
  await burn(ledger, token.symbol, request.params.points, 'export');
  const record = legacyRecord(
    ledger,
    token.symbol,
    'export',
    member.id,
    request.params.appRef,
    request.params.points,
  );
  await ledger.put('Legacy', [token.symbol, request.params.appRef], record);
  ledger.emit('LegacyExported', { ...record });
  return record;
}

export async function getBalance(
  ledger: Ledger,
  request: z.infer<typeof BalanceRequest>,
): Promise<BalanceView> {
  await getMember(ledger, request.memberId);
  return balanceView(await readBalance(ledger, request.memberId, request.symbol), ledger.now);
}

export async function getBalances(ledger: Ledger, memberId: string): Promise<BalanceView[]> {
  await getMember(ledger, memberId);
  return (await ledger.list('Balance', memberId)).map((balance) =>
    balanceView(balance, ledger.now),
  );
}
