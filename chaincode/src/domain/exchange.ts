/** The arithmetic of an exchange at a negotiated rate; plain, so quotes and tests share it. */
import type { Agreement, RateCard } from './model';
import { LedgerError } from './errors';

export interface ExchangeQuote {
  /** A-points exchanged at the rate. */
  amount: number;
  /** A-points charged on top. */
  fee: number;
  /** A-points taken from the member: amount + fee. */
  debit: number;
  /** B-points credited to the member. */
  credit: number;
}

/** Refuses a rate card whose steps would not convert to whole B-points. */
export function checkRateCard(card: RateCard): void {
  const problems: string[] = [];
  if ((card.step * card.rateNumerator) % card.rateDenominator !== 0) {
    problems.push(
      'step × rateNumerator must be a multiple of rateDenominator (whole B-points per step)',
    );
  }
  if (card.minimum % card.step !== 0) problems.push('minimum must be a multiple of step');
  if (Date.parse(card.validUntil) <= Date.parse(card.validFrom)) {
    problems.push('validUntil must be after validFrom');
  }
  if (problems.length > 0) throw new LedgerError('VALIDATION', problems.join('; '));
}

export function isActiveAt(agreement: Agreement, now: Date): boolean {
  const t = now.getTime();
  return (
    agreement.status === 'active' &&
    Date.parse(agreement.validFrom) <= t &&
    t < Date.parse(agreement.validUntil)
  );
}

/**
 * What a member gives and gets for `amount` A-points, given what the member already received
 * today under this agreement.
 */
export function quoteExchange(
  card: RateCard,
  amount: number,
  receivedToday: number,
): ExchangeQuote {
  if (amount < card.minimum) {
    throw new LedgerError('VALIDATION', `amount ${amount} is below the minimum ${card.minimum}`);
  }
  if (amount % card.step !== 0) {
    throw new LedgerError(
      'VALIDATION',
      `amount ${amount} is not a multiple of the step ${card.step}`,
    );
  }
  const credit = (amount * card.rateNumerator) / card.rateDenominator;
  if (receivedToday + credit > card.memberDailyCap) {
    throw new LedgerError(
      'LIMIT_EXCEEDED',
      `daily cap ${card.memberDailyCap}: ${receivedToday} received today, ${credit} more asked`,
    );
  }
  return { amount, fee: card.fee, debit: amount + card.fee, credit };
}
