/** A member's balance of one token: read, debit and credit, with the issuer's guard on new keys. */
import { LedgerError } from '../domain/errors';
import {
  credit,
  lock,
  release,
  spend,
  summarize,
  takeLocked,
  type BalanceSummary,
} from '../domain/lots';
import type { Balance, Lot, Token } from '../domain/model';
import type { Ledger } from '../ledger/state';
import { policyRequiring } from './alliance';

export async function readBalance(
  ledger: Ledger,
  memberId: string,
  symbol: string,
): Promise<Balance> {
  return (await ledger.get('Balance', memberId, symbol)) ?? { memberId, symbol, lots: [] };
}

/**
 * Writes a balance. A balance key is born with the key-level policy "issuer AND majority", so
 * no coalition that leaves out the issuer can change its token's balances.
 */
export async function writeBalance(
  ledger: Ledger,
  token: Token,
  balance: Balance,
  isNew: boolean,
): Promise<void> {
  if (balance.symbol !== token.symbol)
    throw new LedgerError('INVALID_STATE', 'balance of another token');
  await ledger.put('Balance', [balance.memberId, balance.symbol], balance);
  if (isNew) {
    await ledger.setKeyPolicy(
      'Balance',
      [balance.memberId, balance.symbol],
      await policyRequiring(ledger, token.issuer),
    );
  }
}

/** Adds lots to a member's balance of `token`. */
export async function creditMember(
  ledger: Ledger,
  token: Token,
  memberId: string,
  lots: Lot[],
): Promise<void> {
  const existing = await ledger.get('Balance', memberId, token.symbol);
  const balance = existing ?? { memberId, symbol: token.symbol, lots: [] };
  await writeBalance(
    ledger,
    token,
    { ...balance, lots: credit(balance.lots, lots) },
    existing === undefined,
  );
}

/** Takes `amount` available points from a member's balance of `token`; refuses when short. */
export async function debitMember(
  ledger: Ledger,
  token: Token,
  memberId: string,
  amount: number,
): Promise<{ balance: Balance; taken: Lot[] }> {
  const balance = await readBalance(ledger, memberId, token.symbol);
  const { remaining, taken } = spend(balance.lots, amount, ledger.now);
  const updated = { ...balance, lots: remaining };
  await writeBalance(ledger, token, updated, false);
  return { balance: updated, taken };
}

/** Locks `amount` of a member's available points under `lockId` (a bid, an offer). */
export async function lockPoints(
  ledger: Ledger,
  token: Token,
  memberId: string,
  amount: number,
  lockId: string,
  options: {
    /** When the points may be paid out: only points still good then are locked. */
    until: string;
    /** A lock the member already holds on this balance, given back first (a raised bid). */
    replacing?: string;
  },
): Promise<void> {
  const balance = await readBalance(ledger, memberId, token.symbol);
  const { until, replacing } = options;
  const lots = replacing === undefined ? balance.lots : release(balance.lots, replacing);
  const locked = lock(lots, amount, lockId, ledger.now, new Date(until));
  await writeBalance(ledger, token, { ...balance, lots: locked }, false);
}

/** Gives a member back the points locked under `lockId`. */
export async function releasePoints(
  ledger: Ledger,
  token: Token,
  memberId: string,
  lockId: string,
): Promise<void> {
  const balance = await readBalance(ledger, memberId, token.symbol);
  await writeBalance(ledger, token, { ...balance, lots: release(balance.lots, lockId) }, false);
}

/** Takes the points locked under `lockId` out of a member's balance, to pay them on. */
export async function takeLockedPoints(
  ledger: Ledger,
  token: Token,
  memberId: string,
  lockId: string,
): Promise<Lot[]> {
  const balance = await readBalance(ledger, memberId, token.symbol);
  const { remaining, taken } = takeLocked(balance.lots, lockId);
  await writeBalance(ledger, token, { ...balance, lots: remaining }, false);
  return taken;
}

export interface BalanceView extends BalanceSummary {
  memberId: string;
  symbol: string;
  lots: Lot[];
}

export function balanceView(balance: Balance, now: Date): BalanceView {
  return {
    memberId: balance.memberId,
    symbol: balance.symbol,
    ...summarize(balance.lots, now),
    lots: balance.lots,
  };
}
