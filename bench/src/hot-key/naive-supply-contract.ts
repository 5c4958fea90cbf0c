/**
 * Benchmark-only chaincode variant for the hot key comparison, never deployed for real: the
 * shipped earn, plus what a design with one total-supply counter per token does on every mint,
 * a read and a rewrite of that one key. Concurrent earns of a token then all read the same key,
 * and Fabric lets only the first in a block commit; the shipped design spreads mints over
 * treasury shards the gateway leases. (The variant counts a request repeated with the same
 * request id twice; the benchmark never repeats one.)
 */
import type { Context } from 'fabric-contract-api';
import type { ContractOverrides } from '@points-alliance/chaincode/dist/test-support/alliance';
import { PointsContract } from '@points-alliance/chaincode/dist/contracts/points-contract';

export const NAIVE_SUPPLY_KEY = 'NaiveTotalSupply';

export class NaiveSupplyPointsContract extends PointsContract {
  // The method keeps PointsContract's @Transaction registration: it overrides, not adds.
  override async earn(ctx: Context, request: string): Promise<string> {
    const answer = await super.earn(ctx, request);
    const { symbol, points } = JSON.parse(answer) as { symbol: string; points: number };
    const key = ctx.stub.createCompositeKey(NAIVE_SUPPLY_KEY, [symbol]);
    const stored = await ctx.stub.getState(key);
    const issued = stored.length > 0 ? Number(Buffer.from(stored).toString('utf8')) : 0;
    await ctx.stub.putState(key, Buffer.from(String(issued + points)));
    return answer;
  }
}

/** The shipped contracts with the naive earn in place of the points contract's. */
export function naiveSupplyContracts(): ContractOverrides {
  return { points: new NaiveSupplyPointsContract() };
}
