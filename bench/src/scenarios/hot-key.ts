/**
 * Hot key: the shipped supply accounting (mints spread over treasury shards the gateway leases)
 * against a naive variant with one total-supply key per token, each hit by the same burst of
 * concurrent earns to distinct members through the REST gateways.
 */
import type { TestMember } from '@points-alliance/chaincode/dist/test-support/alliance';
import { burst } from '../load/drivers';
import { restLoader } from '../load/rest-loader';
import { earnOrder } from '../load/workloads';
import { summarize } from '../measure/stats';
import { prepareAlliance, type Cast, type SetupOptions } from '../setup/alliance';
import type { Target } from '../targets/target';

export interface HotKeyDesign {
  design: string;
  concurrency: number;
  valid: number;
  invalid: Record<string, number>;
  mvccReadConflicts: number;
  phantomReadConflicts: number;
  /** Valid earns per second over the burst (first send to last answer). */
  validTps: number;
  p95Ms: number;
}

export interface HotKeyResult {
  concurrency: number;
  shipped: HotKeyDesign;
  naive: HotKeyDesign;
  /** Shipped valid TPS ÷ naive valid TPS; null when the naive design committed nothing. */
  validTpsRatio: number | null;
}

/** Every member of the cast, taken in turn from each org so the burst spreads evenly. */
function allMembers(cast: Cast): { org: string; member: TestMember }[] {
  const byOrg = cast.orgs.map((org) =>
    Object.values(cast.members[org] ?? {})
      .flat()
      .map((member) => ({ org, member })),
  );
  const longest = Math.max(0, ...byOrg.map((members) => members.length));
  return Array.from({ length: longest }, (_, i) => byOrg.map((members) => members[i]))
    .flat()
    .filter((entry) => entry !== undefined);
}

async function earnBurst(
  target: Target,
  cast: Cast,
  design: string,
  concurrency: number,
): Promise<HotKeyDesign> {
  const members = allMembers(cast).slice(0, concurrency);
  const orders = members.map(({ org, member }) =>
    earnOrder(org, cast.symbolOf[org] ?? '', member, () => undefined),
  );
  const run = await burst(restLoader(target), orders);
  const summary = summarize(run.samples, 0, run.elapsedMs);
  return {
    design,
    concurrency: orders.length,
    valid: summary.valid,
    invalid: summary.invalid,
    mvccReadConflicts: summary.invalid.MVCC_READ_CONFLICT ?? 0,
    phantomReadConflicts: summary.invalid.PHANTOM_READ_CONFLICT ?? 0,
    validTps: summary.achievedTps,
    p95Ms: summary.p95Ms,
  };
}

export async function hotKey(
  target: Target,
  cast: Cast,
  options: { concurrency: number; setup: SetupOptions },
): Promise<HotKeyResult> {
  const variant = await target.naiveSupplyVariant?.();
  if (!variant) throw new Error(`${target.name} cannot run the naive supply variant`);
  try {
    const shipped = await earnBurst(target, cast, 'shipped: sharded supply', options.concurrency);
    const naiveCast = await prepareAlliance(variant, { ...options.setup, full: false });
    const naive = await earnBurst(
      variant,
      naiveCast,
      'naive: one total-supply key',
      options.concurrency,
    );
    return {
      concurrency: shipped.concurrency,
      shipped,
      naive,
      validTpsRatio:
        naive.validTps > 0 ? Number((shipped.validTps / naive.validTps).toFixed(2)) : null,
    };
  } finally {
    await variant.close();
  }
}
