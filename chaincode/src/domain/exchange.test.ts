import { checkRateCard, isActiveAt, quoteExchange } from './exchange';
import type { Agreement, RateCard } from './model';

const card: RateCard = {
  rateNumerator: 3,
  rateDenominator: 2,
  minimum: 100,
  step: 10,
  fee: 5,
  memberDailyCap: 600,
  validFrom: '2026-01-01T00:00:00Z',
  validUntil: '2027-01-01T00:00:00Z',
};

describe('exchange arithmetic', () => {
  it('converts at the integer ratio and charges the fee on top', () => {
    expect(quoteExchange(card, 100, 0)).toEqual({ amount: 100, fee: 5, debit: 105, credit: 150 });
  });

  it('enforces minimum, step and the per-member daily cap', () => {
    expect(() => quoteExchange(card, 90, 0)).toThrow(/VALIDATION.*minimum/);
    expect(() => quoteExchange(card, 105, 0)).toThrow(/VALIDATION.*step/);
    expect(() => quoteExchange(card, 410, 0)).toThrow(/LIMIT_EXCEEDED/);
    expect(quoteExchange(card, 300, 150).credit).toBe(450);
    expect(() => quoteExchange(card, 300, 151)).toThrow(/LIMIT_EXCEEDED/);
  });

  it('refuses rate cards whose steps would not give whole points', () => {
    expect(() => checkRateCard({ ...card, step: 1 })).toThrow(/whole B-points/);
    expect(() => checkRateCard({ ...card, minimum: 105 })).toThrow(/minimum must be a multiple/);
    expect(() => checkRateCard({ ...card, validUntil: card.validFrom })).toThrow(/validUntil/);
    expect(() => checkRateCard(card)).not.toThrow();
  });

  it('is in force only while active and inside its validity window', () => {
    const agreement = { ...card, status: 'active' } as Agreement;
    expect(isActiveAt(agreement, new Date('2026-06-01T00:00:00Z'))).toBe(true);
    expect(isActiveAt(agreement, new Date('2027-01-01T00:00:00Z'))).toBe(false);
    expect(isActiveAt({ ...agreement, status: 'proposed' }, new Date('2026-06-01T00:00:00Z'))).toBe(
      false,
    );
  });
});
