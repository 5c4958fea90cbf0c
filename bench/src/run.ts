/** One benchmark run: open the target, set the alliance up, measure, write the report. */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workloads } from './load/workloads';
import type { BenchOptions, TargetName } from './options';
import { notMeasured, standingEntries, type Report } from './report/report';
import { reportSvg } from './report/svg';
import { capacityKnee } from './scenarios/capacity';
import { hotKey } from './scenarios/hot-key';
import { restOverhead } from './scenarios/rest-overhead';
import { prepareAlliance } from './setup/alliance';
import { networkTarget } from './targets/network';
import { sandboxTarget } from './targets/sandbox';
import type { Target } from './targets/target';

export function openTarget(name: TargetName): Promise<Target> {
  return name === 'network' ? networkTarget() : sandboxTarget();
}

export interface Written {
  report: Report;
  json: string;
  svg: string;
}

/** Runs every measurement against the target and writes report.json and report.svg. */
export async function runBenchmark(
  options: BenchOptions,
  progress: (line: string) => void = () => undefined,
): Promise<Written> {
  const target = await openTarget(options.target);
  let report: Report;
  try {
    const setup = {
      membersPerOrg: options.membersPerOrg,
      runId: randomUUID().slice(0, 8),
      full: true,
    };
    progress(`setting up ${target.orgs.length} merchants, ${options.membersPerOrg} members each`);
    const cast = await prepareAlliance(target, setup);
    const workloads = new Workloads(cast);
    progress(`capacity steps ${options.steps.join(', ')} TPS, ${options.seconds} s each`);
    const capacity = await capacityKnee(target, workloads, options);
    progress(`REST overhead at ${options.overheadConcurrency} concurrent`);
    const overhead = target.direct
      ? await restOverhead(target, workloads, {
          concurrency: options.overheadConcurrency,
          windowSeconds: options.overheadWindowSeconds,
          windows: options.overheadWindows,
        })
      : notMeasured(`${target.name} has no direct ledger client`);
    progress(`hot key: ${options.hotKeyConcurrency} concurrent earns, shipped and naive supply`);
    const hot = target.naiveSupplyVariant
      ? await hotKey(target, cast, { concurrency: options.hotKeyConcurrency, setup })
      : notMeasured(`${target.name} cannot deploy the naive supply variant`);
    report = {
      target: { name: target.name, description: target.description, notes: target.notes },
      generatedAt: new Date().toISOString(),
      options: { ...options },
      capacity,
      restOverhead: overhead,
      hotKey: hot,
      ...standingEntries(target),
    };
  } finally {
    await target.close();
  }
  mkdirSync(options.outDir, { recursive: true });
  const json = join(options.outDir, 'report.json');
  const svg = join(options.outDir, 'report.svg');
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(svg, reportSvg(report));
  return { report, json, svg };
}
