import { lowerAllowances, splitEvenly, summarizeSupply } from './supply';
import type { TreasuryShard } from './model';

const shard = (n: number, allowance: number, issued = 0, redeemed = 0): TreasuryShard => ({
  symbol: 'PARK1',
  shard: n,
  allowance,
  issued,
  redeemed,
});

describe('supply accounting', () => {
  it('splits a cap into whole shares that add up', () => {
    expect(splitEvenly(10, 4)).toEqual([3, 3, 2, 2]);
    expect(splitEvenly(3, 4)).toEqual([1, 1, 1, 0]);
  });

  it('sums shards and unfolded deltas: outstanding = issued - redeemed', () => {
    const summary = summarizeSupply(
      'PARK1',
      1000,
      [shard(0, 400, 120, 20), shard(1, 450, 50, 0)],
      [{ symbol: 'PARK1', amount: 30, reason: 'redeem' }],
    );
    expect(summary).toEqual({
      symbol: 'PARK1',
      cap: 1000,
      issued: 170,
      redeemed: 50,
      outstanding: 120,
      allowance: 850,
    });
  });

  it('lowers allowance shard by shard after folding returned points into the first', () => {
    const lowered = lowerAllowances([shard(0, 10), shard(1, 50)], 20, 40);
    expect(lowered.map((s) => s.allowance)).toEqual([0, 40]);
    expect(lowered[0]?.redeemed).toBe(20);
  });
});
