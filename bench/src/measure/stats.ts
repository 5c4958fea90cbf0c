/** Figures from samples: counts by outcome, exact latency percentiles, throughput. */
import { VALID, type Outcome } from '../load/loader';
import type { Run, Sample } from '../load/drivers';

/** Nearest-rank percentile of ascending values (exact; the runs are small enough to sort). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}

export interface Summary {
  /** Orders due: sent plus those that could not be sent. */
  orders: number;
  sent: number;
  unsent: number;
  valid: number;
  /** Everything not valid, by outcome (validation code, REFUSED:<code>, ...). */
  invalid: Record<Outcome, number>;
  /** Valid answers per second over the run (first send to last answer). */
  achievedTps: number;
  /** Latency to commit of valid transactions (to the answer, for queries), milliseconds. */
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

export function summarize(samples: readonly Sample[], unsent: number, elapsedMs: number): Summary {
  const invalid: Record<Outcome, number> = {};
  const latencies: number[] = [];
  for (const sample of samples) {
    if (sample.outcome === VALID) latencies.push(sample.latencyMs);
    else invalid[sample.outcome] = (invalid[sample.outcome] ?? 0) + 1;
  }
  latencies.sort((a, b) => a - b);
  return {
    orders: samples.length + unsent,
    sent: samples.length,
    unsent,
    valid: latencies.length,
    invalid,
    achievedTps: elapsedMs > 0 ? round((latencies.length / elapsedMs) * 1000) : 0,
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
  };
}

/** The whole run, and each workload in it. */
export function summarizeRun(run: Run): { all: Summary; byWorkload: Record<string, Summary> } {
  const unsentTotal = sum(Object.values(run.unsent));
  const names = new Set([...run.samples.map((s) => s.workload), ...Object.keys(run.unsent)]);
  const byWorkload = Object.fromEntries(
    [...names].map((name) => [
      name,
      summarize(
        run.samples.filter((s) => s.workload === name),
        run.unsent[name as keyof Run['unsent']] ?? 0,
        run.elapsedMs,
      ),
    ]),
  );
  return { all: summarize(run.samples, unsentTotal, run.elapsedMs), byWorkload };
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
