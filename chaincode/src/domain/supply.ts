/** Supply accounting over treasury shards and write-only deltas; summed in queries only. */
import type { SupplyDelta, TreasuryShard } from './model';

export interface SupplySummary {
  symbol: string;
  cap: number;
  issued: number;
  redeemed: number;
  outstanding: number;
  /** Unissued points still available to mint (excludes deltas not yet folded back). */
  allowance: number;
}

/** Splits `total` across `count` shards as evenly as whole points allow. */
export function splitEvenly(total: number, count: number): number[] {
  const base = Math.floor(total / count);
  const extra = total % count;
  return Array.from({ length: count }, (_, i) => base + (i < extra ? 1 : 0));
}

export function summarizeSupply(
  symbol: string,
  cap: number,
  shards: readonly TreasuryShard[],
  unfolded: readonly SupplyDelta[],
): SupplySummary {
  let issued = 0;
  let redeemed = 0;
  let allowance = 0;
  for (const shard of shards) {
    issued += shard.issued;
    redeemed += shard.redeemed;
    allowance += shard.allowance;
  }
  for (const delta of unfolded) redeemed += delta.amount;
  return { symbol, cap, issued, redeemed, outstanding: issued - redeemed, allowance };
}

/**
 * New shard values after folding `folded` returned points into the first shard and removing
 * `toRemove` unissued allowance, in shard order. The caller has checked there is enough.
 */
export function lowerAllowances(
  shards: readonly TreasuryShard[],
  folded: number,
  toRemove: number,
): TreasuryShard[] {
  let due = toRemove;
  return shards.map((shard, index) => {
    const returned = index === 0 ? folded : 0;
    const allowance = shard.allowance + returned;
    const take = Math.min(allowance, due);
    due -= take;
    return { ...shard, allowance: allowance - take, redeemed: shard.redeemed + returned };
  });
}
