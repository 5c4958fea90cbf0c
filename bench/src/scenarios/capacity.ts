/**
 * Capacity knee: the workload mix through the REST gateways, open loop, at rising
 * offered rates. Each step reports what was achieved, latency to commit, outcomes by validation
 * code and CPU per valid transaction; the knee is the highest step that stays healthy.
 */
import { openLoop, rotation } from '../load/drivers';
import { restLoader } from '../load/rest-loader';
import { WORKLOADS } from '../load/work-order';
import type { Workloads } from '../load/workloads';
import { summarizeRun, type Summary } from '../measure/stats';
import type { Target } from '../targets/target';

export const KNEE_RULE = { minValidShare: 0.999, maxP95Ms: 1500 };
export const KNEE_CRITERIA =
  'highest step where ≥ 99.9% of the offered orders were valid and p95 ≤ 1.5 s';

export interface CapacityStep extends Summary {
  offeredTps: number;
  cpuMsPerValid: number;
  byWorkload: Record<string, Summary>;
}

export interface CapacityResult {
  workloads: readonly string[];
  secondsPerStep: number;
  steps: CapacityStep[];
  criteria: string;
  /** The knee's offered rate, or null when no step met the criteria. */
  kneeTps: number | null;
}

export function healthy(step: Summary): boolean {
  return (
    step.orders > 0 &&
    step.valid / step.orders >= KNEE_RULE.minValidShare &&
    step.p95Ms <= KNEE_RULE.maxP95Ms
  );
}

/** CPU milliseconds per valid transaction, to one decimal. */
export function cpuPerValid(cpuMs: number, valid: number): number {
  return valid > 0 ? Number((cpuMs / valid).toFixed(2)) : 0;
}

export async function capacityKnee(
  target: Target,
  workloads: Workloads,
  options: { steps: readonly number[]; seconds: number },
): Promise<CapacityResult> {
  const loader = restLoader(target);
  const steps: CapacityStep[] = [];
  for (const rate of options.steps) {
    const next = rotation(WORKLOADS, target.orgs, (workload, org) => workloads.next(workload, org));
    const cpuBefore = target.cpuMs();
    const run = await openLoop({ loader, next, rate, seconds: options.seconds });
    const { all, byWorkload } = summarizeRun(run);
    steps.push({
      offeredTps: rate,
      ...all,
      cpuMsPerValid: cpuPerValid(target.cpuMs() - cpuBefore, all.valid),
      byWorkload,
    });
  }
  const knee = steps.filter(healthy).at(-1);
  return {
    workloads: WORKLOADS,
    secondsPerStep: options.seconds,
    steps,
    criteria: KNEE_CRITERIA,
    kneeTps: knee?.offeredTps ?? null,
  };
}
