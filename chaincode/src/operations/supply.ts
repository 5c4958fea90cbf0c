/**
 * Minting and burning against a token's sharded supply. A mint touches one treasury shard; a
 * burn writes a fresh delta key it never reads, so concurrent operations on different members
 * share no key.
 */
import { createHash } from 'node:crypto';
import { LedgerError } from '../domain/errors';
import type { DeltaReason, Token, TreasuryShard } from '../domain/model';
import { summarizeSupply, type SupplySummary } from '../domain/supply';
import type { Ledger } from '../ledger/state';

export function shardKey(shard: number): string {
  return String(shard).padStart(4, '0');
}

/** Where a mint draws from when the submitter leased no shard: spread by member. */
export function defaultShard(memberId: string, shardCount: number): number {
  return createHash('sha256').update(memberId).digest().readUInt32BE(0) % shardCount;
}

export function checkShard(token: Token, shard: number): void {
  if (!Number.isInteger(shard) || shard < 0 || shard >= token.shardCount) {
    throw new LedgerError('VALIDATION', `shard must be 0..${token.shardCount - 1}`);
  }
}

export async function getShards(ledger: Ledger, symbol: string): Promise<TreasuryShard[]> {
  return ledger.list('Treasury', symbol);
}

export async function mint(
  ledger: Ledger,
  token: Token,
  shard: number,
  amount: number,
): Promise<void> {
  checkShard(token, shard);
  const current = await ledger.getOrFail('Treasury', token.symbol, shardKey(shard));
  if (current.allowance < amount) {
    throw new LedgerError(
      'CAP_EXCEEDED',
      `${token.symbol} shard ${shard} can mint ${current.allowance} more, ${amount} asked` +
        ' (consolidate or rebalance the treasury, or raise the cap)',
    );
  }
  await ledger.put('Treasury', [token.symbol, shardKey(shard)], {
    ...current,
    allowance: current.allowance - amount,
    issued: current.issued + amount,
  });
}

/** Records points leaving circulation. One delta per (transaction, reason). */
export async function burn(
  ledger: Ledger,
  symbol: string,
  amount: number,
  reason: DeltaReason,
): Promise<void> {
  if (amount === 0) return;
  await ledger.put('SupplyDelta', [symbol, ledger.txId, reason], { symbol, amount, reason });
}

/** Deletes every pending delta of a token and returns how many points they held. */
export async function takeDeltas(ledger: Ledger, symbol: string): Promise<number> {
  let total = 0;
  for (const { key, value } of await ledger.entries('SupplyDelta', symbol)) {
    total += value.amount;
    await ledger.delete('SupplyDelta', ...key);
  }
  return total;
}

/** Folds every pending delta of a token back into one shard's allowance. */
export async function foldDeltas(ledger: Ledger, token: Token, shard: number): Promise<number> {
  checkShard(token, shard);
  const folded = await takeDeltas(ledger, token.symbol);
  if (folded > 0) {
    const current = await ledger.getOrFail('Treasury', token.symbol, shardKey(shard));
    await ledger.put('Treasury', [token.symbol, shardKey(shard)], {
      ...current,
      allowance: current.allowance + folded,
      redeemed: current.redeemed + folded,
    });
  }
  return folded;
}

export async function supplyOf(ledger: Ledger, token: Token): Promise<SupplySummary> {
  const shards = await getShards(ledger, token.symbol);
  const deltas = await ledger.list('SupplyDelta', token.symbol);
  return summarizeSupply(token.symbol, token.cap, shards, deltas);
}
