/** Each org's net position per counterparty, from the obligations it is party to. */
import type { Obligation } from './model';

export interface NetPosition {
  counterparty: string;
  /** Points the counterparty owes us and has not settled (open or awaiting confirmation). */
  receivable: number;
  /** Points we owe the counterparty and have not settled. */
  payable: number;
  /** receivable − payable: positive when the counterparty owes us on balance. */
  net: number;
  settledReceivable: number;
  settledPayable: number;
}

export function netPositions(me: string, obligations: readonly Obligation[]): NetPosition[] {
  const byCounterparty = new Map<string, NetPosition>();
  for (const o of obligations) {
    const weAreCreditor = o.creditor === me;
    if (!weAreCreditor && o.debtor !== me) continue;
    const counterparty = weAreCreditor ? o.debtor : o.creditor;
    const position = byCounterparty.get(counterparty) ?? {
      counterparty,
      receivable: 0,
      payable: 0,
      net: 0,
      settledReceivable: 0,
      settledPayable: 0,
    };
    const settled = o.status === 'settled';
    if (weAreCreditor) position[settled ? 'settledReceivable' : 'receivable'] += o.pointsReceived;
    else position[settled ? 'settledPayable' : 'payable'] += o.pointsReceived;
    position.net = position.receivable - position.payable;
    byCounterparty.set(counterparty, position);
  }
  return [...byCounterparty.values()].sort((a, b) => a.counterparty.localeCompare(b.counterparty));
}
