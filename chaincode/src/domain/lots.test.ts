import {
  credit,
  dropExpired,
  lock,
  lockedAmount,
  release,
  spend,
  spendFromLot,
  summarize,
  takeLocked,
} from './lots';
import type { Lot } from './model';

const now = new Date('2026-03-01T12:00:00Z');
const lots: Lot[] = [
  { id: 'free', amount: 100 },
  { id: 'soon', amount: 50, expiresAt: '2026-03-02T00:00:00Z' },
  { id: 'pending', amount: 30, availableFrom: '2026-03-05T00:00:00Z' },
  { id: 'gone', amount: 20, expiresAt: '2026-02-28T00:00:00Z' },
];

describe('lots', () => {
  it('summarizes available, pending and expired points at an instant', () => {
    expect(summarize(lots, now)).toEqual({
      available: 150,
      pending: 30,
      expired: 20,
      locked: 0,
      total: 200,
    });
    expect(summarize(lots, new Date('2026-03-05T00:00:00Z'))).toEqual({
      available: 130,
      pending: 0,
      expired: 70,
      locked: 0,
      total: 200,
    });
  });

  it('spends the soonest-expiring points first and keeps their dates', () => {
    const { remaining, taken } = spend(lots, 60, now);
    expect(taken).toEqual([
      { id: 'free', amount: 10 },
      { id: 'soon', amount: 50, expiresAt: '2026-03-02T00:00:00Z' },
    ]);
    expect(summarize(remaining, now).available).toBe(90);
    expect(remaining.find((lot) => lot.id === 'soon')).toBeUndefined();
  });

  it('never spends pending or expired points', () => {
    expect(() => spend(lots, 151, now)).toThrow(
      /INSUFFICIENT_BALANCE.*151 points needed, 150 available/,
    );
  });

  it('reverses only from the named lot', () => {
    expect(spendFromLot(lots, 'free', 100, now).find((lot) => lot.id === 'free')).toBeUndefined();
    expect(() => spendFromLot(lots, 'free', 101, now)).toThrow(/INSUFFICIENT_BALANCE/);
    expect(() => spendFromLot(lots, 'gone', 1, now)).toThrow(/INSUFFICIENT_BALANCE/);
    expect(() => spendFromLot(lots, 'missing', 1, now)).toThrow(/holds 0/);
  });

  it('drops expired lots and counts them', () => {
    const { remaining, expired } = dropExpired(lots, now);
    expect(expired).toBe(20);
    expect(remaining.map((lot) => lot.id)).toEqual(['free', 'soon', 'pending']);
  });

  it('merges a credit into a lot of the same origin and dates only', () => {
    const merged = credit(
      [{ id: 'a', amount: 5 }],
      [
        { id: 'a', amount: 7 },
        { id: 'b', amount: 1 },
      ],
    );
    expect(merged).toEqual([
      { id: 'a', amount: 12 },
      { id: 'b', amount: 1 },
    ]);
  });

  describe('locks', () => {
    const later = new Date('2026-03-03T00:00:00Z');

    it('locks available points so they can be neither spent nor swept as expired', () => {
      const locked = lock(lots, 120, 'auction:a1', now);
      expect(summarize(locked, now)).toMatchObject({ available: 30, locked: 120, total: 200 });
      expect(() => spend(locked, 31, now)).toThrow('[INSUFFICIENT_BALANCE]');
      // The 'soon' lot is locked and would have expired by `later`: a lock holds it.
      expect(dropExpired(locked, later).expired).toBe(20);
      expect(lockedAmount(locked, 'auction:a1')).toBe(120);
    });

    it('locks only points still good when the promise falls due', () => {
      // 'soon' expires 2026-03-02: a promise due on the 3rd must be backed by 'free' alone.
      const locked = lock(lots, 100, 'a', now, later);
      expect(locked.filter((lot) => lot.lockedBy === 'a')).toEqual([
        { id: 'free', amount: 100, lockedBy: 'a' },
      ]);
      expect(() => lock(lots, 101, 'a', now, later)).toThrow(
        /101 points needed, 100 available that last until 2026-03-03/,
      );
    });

    it('refuses to lock more than is available', () => {
      expect(() => lock(lots, 151, 'offer:o1', now)).toThrow('[INSUFFICIENT_BALANCE]');
    });

    it('pays out exactly the locked points, unlocked, and leaves other locks alone', () => {
      const locked = lock(lock(lots, 40, 'a', now), 10, 'b', now);
      const { remaining, taken } = takeLocked(locked, 'a');
      expect(taken.reduce((sum, lot) => sum + lot.amount, 0)).toBe(40);
      expect(taken.every((lot) => lot.lockedBy === undefined)).toBe(true);
      expect(summarize(remaining, now)).toMatchObject({ locked: 10, total: 160 });
    });

    it('releases locked points back to available, merged with their origin lot', () => {
      const released = release(lock(lots, 100, 'a', now), 'a');
      expect(summarize(released, now)).toEqual(summarize(lots, now));
      expect(released.filter((lot) => lot.id === 'free')).toEqual([{ id: 'free', amount: 100 }]);
    });
  });
});
