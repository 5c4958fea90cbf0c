/**
 * How load is applied. Open loop: orders are sent at a fixed rate whatever the answers, as
 * independent clients would (a slow system builds a queue, and latency shows it). Closed loop:
 * a fixed number of clients each send their next order when the last is answered (throughput at
 * a given concurrency). An order that cannot be formed (every member of its workload is busy)
 * is counted as not sent.
 */
import type { Loader, Outcome } from './loader';
import type { WorkOrder, WorkloadName } from './work-order';

export interface Sample {
  workload: WorkloadName;
  /** Milliseconds from sending to the answer (for transactions: to their commit). */
  latencyMs: number;
  outcome: Outcome;
}

export interface Run {
  samples: Sample[];
  /** Orders due but not sent, by workload. */
  unsent: Partial<Record<WorkloadName, number>>;
  /** From the first order sent to the last answer. */
  elapsedMs: number;
}

/** The next order to send: which workload's turn it is, and its order if one could be formed. */
export type NextOrder = () => { workload: WorkloadName; order: WorkOrder | undefined };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends one order and records its sample; the order's members are freed once answered. */
async function measure(loader: Loader, order: WorkOrder, samples: Sample[]): Promise<void> {
  const started = performance.now();
  try {
    const outcome = await loader.run(order);
    samples.push({ workload: order.workload, latencyMs: performance.now() - started, outcome });
  } finally {
    order.done();
  }
}

/** One run's samples, its orders not sent and its clock. */
function recorder(loader: Loader) {
  const samples: Sample[] = [];
  const unsent: Run['unsent'] = {};
  const started = performance.now();
  return {
    started,
    /** Sends the next order (resolving once it is answered), or counts it as not sent. */
    send(next: NextOrder): Promise<void> | undefined {
      const { workload, order } = next();
      if (order) return measure(loader, order, samples);
      unsent[workload] = (unsent[workload] ?? 0) + 1;
      return undefined;
    },
    finish: (): Run => ({ samples, unsent, elapsedMs: performance.now() - started }),
  };
}

interface LoadOptions {
  loader: Loader;
  next: NextOrder;
  seconds: number;
}

export async function openLoop(options: LoadOptions & { rate: number }): Promise<Run> {
  const { loader, next, seconds, rate } = options;
  const recording = recorder(loader);
  const inFlight = new Set<Promise<void>>();
  const total = Math.round(rate * seconds);
  let due = 0;
  while (due < total) {
    // Timers drift under load: each wake-up sends everything due by now.
    const elapsed = (performance.now() - recording.started) / 1000;
    for (const dueNow = Math.min(total, Math.floor(elapsed * rate) + 1); due < dueNow; due += 1) {
      const sent = recording.send(next);
      if (!sent) continue;
      const tracked = sent.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }
    await sleep(Math.max(1, 1000 / rate / 2));
  }
  await Promise.all(inFlight);
  return recording.finish();
}

export async function closedLoop(options: LoadOptions & { concurrency: number }): Promise<Run> {
  const { loader, next, seconds, concurrency } = options;
  const recording = recorder(loader);
  const deadline = recording.started + seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline) await (recording.send(next) ?? sleep(1));
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return recording.finish();
}

/** Sends all orders at once and waits for every answer: a burst of `orders.length` concurrent. */
export async function burst(loader: Loader, orders: readonly WorkOrder[]): Promise<Run> {
  const recording = recorder(loader);
  await Promise.all(
    orders.map((order) => recording.send(() => ({ workload: order.workload, order }))),
  );
  return recording.finish();
}

/** Takes turns: every workload at every org in rotation. */
export function rotation(
  workloads: readonly WorkloadName[],
  orgs: readonly string[],
  form: (workload: WorkloadName, org: string) => WorkOrder | undefined,
): NextOrder {
  const turns = workloads.flatMap((workload) => orgs.map((org) => ({ workload, org })));
  if (turns.length === 0) throw new Error('no workload at no org to take turns at');
  let n = 0;
  return () => {
    const { workload, org } = turns[n++ % turns.length] as (typeof turns)[number];
    return { workload, order: form(workload, org) };
  };
}
