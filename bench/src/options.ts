/** The command line: `npm run bench -- [--target sandbox] [--steps 25,50,100] [--seconds N] ...` */
import { join } from 'node:path';
import { parseArgs } from 'node:util';

export const TARGETS = ['sandbox', 'network'] as const;
export type TargetName = (typeof TARGETS)[number];

export interface BenchOptions {
  target: TargetName;
  /** Offered TPS of each capacity step. */
  steps: number[];
  /** Seconds of each capacity step. */
  seconds: number;
  /** Members registered at each org (shared by four workloads; the hot key burst uses them all). */
  membersPerOrg: number;
  /** Concurrency and window length of the REST overhead comparison. */
  overheadConcurrency: number;
  overheadWindowSeconds: number;
  overheadWindows: number;
  /** Concurrent earns of the hot key burst. */
  hotKeyConcurrency: number;
  /** Where report.json and report.svg go. */
  outDir: string;
}

export const DEFAULTS: Omit<BenchOptions, 'outDir'> = {
  target: 'sandbox',
  steps: [25, 50, 100, 200, 400, 800],
  seconds: 10,
  membersPerOrg: 128,
  overheadConcurrency: 128,
  overheadWindowSeconds: 4,
  overheadWindows: 4,
  hotKeyConcurrency: 500,
};

export const USAGE = `usage: npm run bench -- [options]

  --target sandbox|network       what to measure (default sandbox; network is not available yet)
  --steps 25,50,100,200,400,800  offered TPS of each capacity step
  --seconds N                    seconds per capacity step (default ${DEFAULTS.seconds})
  --concurrency N                concurrency of the REST overhead windows (default ${DEFAULTS.overheadConcurrency})
  --hot-key N                    concurrent earns of the hot key burst (default ${DEFAULTS.hotKeyConcurrency})
  --out DIR                      where report.json and report.svg go (default .run/bench)`;

export class UsageError extends Error {}

function positive(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new UsageError(`${flag} wants a positive number, not ${value}`);
  return number;
}

const FLAGS = {
  target: { type: 'string' },
  steps: { type: 'string' },
  seconds: { type: 'string' },
  concurrency: { type: 'string' },
  'hot-key': { type: 'string' },
  out: { type: 'string' },
} as const;

function flags(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: FLAGS, strict: true }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function parseOptions(argv: readonly string[], root: string): BenchOptions {
  const values = flags(argv);
  const target = values.target ?? DEFAULTS.target;
  if (!TARGETS.includes(target as TargetName)) throw new UsageError(`unknown target ${target}`);
  const hotKeyConcurrency = values['hot-key']
    ? positive(values['hot-key'], '--hot-key')
    : DEFAULTS.hotKeyConcurrency;
  return {
    ...DEFAULTS,
    target: target as TargetName,
    steps: values.steps
      ? values.steps.split(',').map((step) => positive(step, '--steps'))
      : DEFAULTS.steps,
    seconds: values.seconds ? positive(values.seconds, '--seconds') : DEFAULTS.seconds,
    overheadConcurrency: values.concurrency
      ? positive(values.concurrency, '--concurrency')
      : DEFAULTS.overheadConcurrency,
    hotKeyConcurrency,
    // Enough members at each org for the burst, shared out among four workloads.
    membersPerOrg: Math.max(DEFAULTS.membersPerOrg, 4 * Math.ceil(hotKeyConcurrency / 16)),
    outDir: values.out ?? join(root, '.run', 'bench'),
  };
}
