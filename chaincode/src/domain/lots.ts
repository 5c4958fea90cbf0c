/** Balance arithmetic over lots: which points are spendable, pending or expired at an instant. */
import type { Lot } from './model';
import { LedgerError } from './errors';

export interface BalanceSummary {
  available: number;
  pending: number;
  expired: number;
  total: number;
}

type LotState = 'available' | 'pending' | 'expired';

export function lotState(lot: Lot, now: Date): LotState {
  const t = now.getTime();
  if (lot.expiresAt !== undefined && Date.parse(lot.expiresAt) <= t) return 'expired';
  if (lot.availableFrom !== undefined && Date.parse(lot.availableFrom) > t) return 'pending';
  return 'available';
}

export function summarize(lots: readonly Lot[], now: Date): BalanceSummary {
  const summary: BalanceSummary = { available: 0, pending: 0, expired: 0, total: 0 };
  for (const lot of lots) {
    summary[lotState(lot, now)] += lot.amount;
    summary.total += lot.amount;
  }
  return summary;
}

/** Spending order: the soonest-expiring points first, so members lose as little as possible. */
function spendOrder(a: Lot, b: Lot): number {
  const ea = a.expiresAt === undefined ? Infinity : Date.parse(a.expiresAt);
  const eb = b.expiresAt === undefined ? Infinity : Date.parse(b.expiresAt);
  return ea - eb;
}

export interface Spent {
  /** The balance's lots after spending. */
  remaining: Lot[];
  /** The points taken, lot by lot, with their dates (so a transfer can keep expiry). */
  taken: Lot[];
}

/** Takes `amount` available points; refuses when fewer are available. */
export function spend(lots: readonly Lot[], amount: number, now: Date): Spent {
  const { available } = summarize(lots, now);
  if (available < amount) {
    throw new LedgerError(
      'INSUFFICIENT_BALANCE',
      `${amount} points needed, ${available} available`,
    );
  }
  const spendable = lots.filter((lot) => lotState(lot, now) === 'available').sort(spendOrder);
  const takenById = new Map<string, number>();
  let due = amount;
  for (const lot of spendable) {
    if (due === 0) break;
    const take = Math.min(lot.amount, due);
    takenById.set(lot.id, take);
    due -= take;
  }
  const remaining: Lot[] = [];
  const taken: Lot[] = [];
  for (const lot of lots) {
    const take = takenById.get(lot.id) ?? 0;
    if (take > 0) taken.push({ ...lot, amount: take });
    if (lot.amount - take > 0) remaining.push({ ...lot, amount: lot.amount - take });
  }
  return { remaining, taken };
}

/** Takes points from one lot only (an earn's refund); refuses when that lot no longer has them. */
export function spendFromLot(
  lots: readonly Lot[],
  lotId: string,
  amount: number,
  now: Date,
): Lot[] {
  const lot = lots.find((candidate) => candidate.id === lotId);
  const held = lot && lotState(lot, now) !== 'expired' ? lot.amount : 0;
  if (held < amount) {
    throw new LedgerError(
      'INSUFFICIENT_BALANCE',
      `the member holds ${held} of the points from ${lotId}, ${amount} to reverse`,
    );
  }
  return lots.flatMap((candidate) =>
    candidate.id !== lotId
      ? [candidate]
      : candidate.amount > amount
        ? [{ ...candidate, amount: candidate.amount - amount }]
        : [],
  );
}

/** Removes expired lots; returns what is left and how many points expired. */
export function dropExpired(
  lots: readonly Lot[],
  now: Date,
): { remaining: Lot[]; expired: number } {
  let expired = 0;
  const remaining = lots.filter((lot) => {
    if (lotState(lot, now) !== 'expired') return true;
    expired += lot.amount;
    return false;
  });
  return { remaining, expired };
}

/** Adds lots, merging with an existing lot of the same origin and dates. */
export function credit(lots: readonly Lot[], added: readonly Lot[]): Lot[] {
  const result = lots.map((lot) => ({ ...lot }));
  for (const lot of added) {
    const same = result.find(
      (existing) =>
        existing.id === lot.id &&
        existing.availableFrom === lot.availableFrom &&
        existing.expiresAt === lot.expiresAt,
    );
    if (same) same.amount += lot.amount;
    else result.push({ ...lot });
  }
  return result;
}
