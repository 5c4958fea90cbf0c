/**
 * Each org's net position per counterparty, from the obligations it is party to. Points of two
 * tokens cannot be netted against each other, so positions are valued in money at each
 * agreement's private price and netted per currency.
 */
import type { Obligation } from './model';

export interface AgreementPrice {
  /** Minor currency units per 1000 points of the agreement's target token. */
  pricePerThousandPointsMinor: number;
  currency: string;
}

export interface NetPosition {
  counterparty: string;
  currency: string;
  /** Our points the counterparty's side received and the counterparty has not settled yet. */
  receivablePoints: number;
  /** The counterparty's points our side received that we have not settled yet. */
  payablePoints: number;
  receivableMinor: number;
  payableMinor: number;
  /** receivable − payable: positive when the counterparty owes us on balance. */
  netMinor: number;
  settledReceivableMinor: number;
  settledPayableMinor: number;
}

interface Accumulator {
  counterparty: string;
  currency: string;
  receivablePoints: number;
  payablePoints: number;
  /** Money in thousandths of a minor unit: exact until the final rounding. */
  receivable: bigint;
  payable: bigint;
  settledReceivable: bigint;
  settledPayable: bigint;
}

/** Thousandths of a minor unit to minor units, half away from zero. */
function toMinor(milli: bigint): number {
  return Number((milli >= 0n ? milli + 500n : milli - 500n) / 1000n);
}

export function netPositions(
  me: string,
  obligations: readonly Obligation[],
  priceOf: (agreementId: string) => AgreementPrice,
): NetPosition[] {
  const positions = new Map<string, Accumulator>();
  for (const o of obligations) {
    const weAreCreditor = o.creditor === me;
    if (!weAreCreditor && o.debtor !== me) continue;
    const counterparty = weAreCreditor ? o.debtor : o.creditor;
    const price = priceOf(o.agreementId);
    const key = `${counterparty}\u0000${price.currency}`;
    const position = positions.get(key) ?? {
      counterparty,
      currency: price.currency,
      receivablePoints: 0,
      payablePoints: 0,
      receivable: 0n,
      payable: 0n,
      settledReceivable: 0n,
      settledPayable: 0n,
    };
    const value = BigInt(o.pointsReceived) * BigInt(price.pricePerThousandPointsMinor);
    const settled = o.status === 'settled';
    if (weAreCreditor && settled) position.settledReceivable += value;
    else if (weAreCreditor) {
      position.receivable += value;
      position.receivablePoints += o.pointsReceived;
    } else if (settled) position.settledPayable += value;
    else {
      position.payable += value;
      position.payablePoints += o.pointsReceived;
    }
    positions.set(key, position);
  }
  return [...positions.values()]
    .map((p) => ({
      counterparty: p.counterparty,
      currency: p.currency,
      receivablePoints: p.receivablePoints,
      payablePoints: p.payablePoints,
      receivableMinor: toMinor(p.receivable),
      payableMinor: toMinor(p.payable),
      netMinor: toMinor(p.receivable - p.payable),
      settledReceivableMinor: toMinor(p.settledReceivable),
      settledPayableMinor: toMinor(p.settledPayable),
    }))
    .sort(
      (a, b) =>
        a.counterparty.localeCompare(b.counterparty) || a.currency.localeCompare(b.currency),
    );
}
