/**
 * REST overhead: the same transaction mix at the same concurrency, in alternating windows sent
 * straight to the ledger clients and through the gateways. Alternating spreads any drift of the
 * machine (the ledger growing, a background job) over both loaders alike.
 */
import { closedLoop, rotation, type Sample } from '../load/drivers';
import { directLoader } from '../load/direct-loader';
import type { Loader } from '../load/loader';
import { restLoader } from '../load/rest-loader';
import type { Workloads } from '../load/workloads';
import { summarize, summarizeRun } from '../measure/stats';
import type { Target } from '../targets/target';
import { cpuPerValid } from './capacity';

export const TRANSACTION_WORKLOADS = ['earn', 'transfer', 'exchange', 'redeem'] as const;

export interface OverheadWindow {
  loader: Loader['name'];
  seconds: number;
  valid: number;
  invalid: Record<string, number>;
  tps: number;
  p50Ms: number;
  p95Ms: number;
  cpuMsPerValid: number;
}

export interface LoaderTotals {
  valid: number;
  tps: number;
  p50Ms: number;
  p95Ms: number;
  cpuMsPerValid: number;
}

export interface RestOverheadResult {
  workloads: readonly string[];
  concurrency: number;
  windows: OverheadWindow[];
  direct: LoaderTotals;
  rest: LoaderTotals;
  /** REST TPS ÷ direct TPS. */
  ratio: number;
}

export async function restOverhead(
  target: Target,
  workloads: Workloads,
  options: { concurrency: number; windowSeconds: number; windows: number },
): Promise<RestOverheadResult> {
  const loaders = [directLoader(target), restLoader(target)];
  const windows: OverheadWindow[] = [];
  // Every window of a loader, pooled: its samples, milliseconds and CPU milliseconds.
  const runs: Record<Loader['name'], { samples: Sample[]; ms: number; cpu: number }> = {
    direct: { samples: [], ms: 0, cpu: 0 },
    rest: { samples: [], ms: 0, cpu: 0 },
  };
  for (let n = 0; n < options.windows; n += 1) {
    const loader = loaders[n % loaders.length] as Loader;
    const next = rotation(TRANSACTION_WORKLOADS, target.orgs, (workload, org) =>
      workloads.next(workload, org),
    );
    const cpuBefore = target.cpuMs();
    const run = await closedLoop({
      loader,
      next,
      concurrency: options.concurrency,
      seconds: options.windowSeconds,
    });
    const cpu = target.cpuMs() - cpuBefore;
    const { all } = summarizeRun(run);
    windows.push({
      loader: loader.name,
      seconds: Number((run.elapsedMs / 1000).toFixed(2)),
      valid: all.valid,
      invalid: all.invalid,
      tps: all.achievedTps,
      p50Ms: all.p50Ms,
      p95Ms: all.p95Ms,
      cpuMsPerValid: cpuPerValid(cpu, all.valid),
    });
    const totals = runs[loader.name];
    totals.samples.push(...run.samples);
    totals.ms += run.elapsedMs;
    totals.cpu += cpu;
  }
  const totalsOf = (name: Loader['name']): LoaderTotals => {
    const { samples, ms, cpu } = runs[name];
    const summary = summarize(samples, 0, ms);
    return {
      valid: summary.valid,
      tps: summary.achievedTps,
      p50Ms: summary.p50Ms,
      p95Ms: summary.p95Ms,
      cpuMsPerValid: cpuPerValid(cpu, summary.valid),
    };
  };
  const direct = totalsOf('direct');
  const rest = totalsOf('rest');
  return {
    workloads: TRANSACTION_WORKLOADS,
    concurrency: options.concurrency,
    windows,
    direct,
    rest,
    ratio: direct.tps > 0 ? Number((rest.tps / direct.tps).toFixed(3)) : 0,
  };
}
