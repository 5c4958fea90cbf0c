/** Balance arithmetic over lots: which points are spendable, pending or expired at an instant. */
import type { Lot } from './model';
import { LedgerError } from './errors';

export interface BalanceSummary {
  available: number;
  pending: number;
  expired: number;
  locked: number;
  total: number;
}

type LotState = 'available' | 'pending' | 'expired' | 'locked';

export function lotState(lot: Lot, now: Date): LotState {
  if (lot.lockedBy !== undefined) return 'locked';
  const t = now.getTime();
  if (lot.expiresAt !== undefined && Date.parse(lot.expiresAt) <= t) return 'expired';
  if (lot.availableFrom !== undefined && Date.parse(lot.availableFrom) > t) return 'pending';
  return 'available';
}

export function summarize(lots: readonly Lot[], now: Date): BalanceSummary {
  const summary: BalanceSummary = { available: 0, pending: 0, expired: 0, locked: 0, total: 0 };
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

/** Whether a lot's points are still good at `until` (always, without an `until`). */
function lastsUntil(lot: Lot, until: Date | undefined): boolean {
  return (
    until === undefined ||
    lot.expiresAt === undefined ||
    Date.parse(lot.expiresAt) > until.getTime()
  );
}

/**
 * Takes `amount` available points; refuses when fewer are available. With `lastingUntil`, takes
 * only points that will not have expired by then (points promised to someone at a later date).
 */
export function spend(lots: readonly Lot[], amount: number, now: Date, lastingUntil?: Date): Spent {
  // By position, not id: lots of one origin may sit side by side (one locked, one not).
  const spendable = lots
    .map((lot, index) => ({ lot, index }))
    .filter(({ lot }) => lotState(lot, now) === 'available' && lastsUntil(lot, lastingUntil))
    .sort((a, b) => spendOrder(a.lot, b.lot));
  const usable = spendable.reduce((sum, { lot }) => sum + lot.amount, 0);
  if (usable < amount) {
    const lasting = lastingUntil ? ` that last until ${lastingUntil.toISOString()}` : '';
    throw new LedgerError(
      'INSUFFICIENT_BALANCE',
      `${amount} points needed, ${usable} available${lasting}`,
    );
  }
  const takenAt = new Map<number, number>();
  let due = amount;
  for (const { lot, index } of spendable) {
    if (due === 0) break;
    const take = Math.min(lot.amount, due);
    takenAt.set(index, take);
    due -= take;
  }
  const remaining: Lot[] = [];
  const taken: Lot[] = [];
  lots.forEach((lot, index) => {
    const take = takenAt.get(index) ?? 0;
    if (take > 0) taken.push({ ...lot, amount: take });
    if (lot.amount - take > 0) remaining.push({ ...lot, amount: lot.amount - take });
  });
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
        existing.expiresAt === lot.expiresAt &&
        existing.lockedBy === lot.lockedBy,
    );
    if (same) same.amount += lot.amount;
    else result.push({ ...lot });
  }
  return result;
}

/**
 * Locks `amount` available points under `lockId` that are still good at `until` (when the
 * promise falls due); refuses when fewer are available.
 */
export function lock(
  lots: readonly Lot[],
  amount: number,
  lockId: string,
  now: Date,
  until?: Date,
): Lot[] {
  const { remaining, taken } = spend(lots, amount, now, until);
  return credit(
    remaining,
    taken.map((lot) => ({ ...lot, lockedBy: lockId })),
  );
}

/** Splits off the points locked under `lockId`, unlocked, to be paid to someone else. */
export function takeLocked(lots: readonly Lot[], lockId: string): Spent {
  const remaining = lots.filter((lot) => lot.lockedBy !== lockId);
  const taken = lots
    .filter((lot) => lot.lockedBy === lockId)
    .map(({ lockedBy: _released, ...lot }) => lot);
  return { remaining, taken };
}

/** Gives the points locked under `lockId` back to the balance's owner. */
export function release(lots: readonly Lot[], lockId: string): Lot[] {
  const { remaining, taken } = takeLocked(lots, lockId);
  return credit(remaining, taken);
}

/** How many points are locked under `lockId`. */
export function lockedAmount(lots: readonly Lot[], lockId: string): number {
  return lots.reduce((sum, lot) => sum + (lot.lockedBy === lockId ? lot.amount : 0), 0);
}
