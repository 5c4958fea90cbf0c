/** The report as printed: the target first, then one table per measurement, then what was not measured. */
import { markdownTable } from '../../../test/src/support/markdown-table';
import type { Summary } from '../measure/stats';
import type { CapacityResult } from '../scenarios/capacity';
import type { HotKeyDesign, HotKeyResult } from '../scenarios/hot-key';
import type { RestOverheadResult } from '../scenarios/rest-overhead';
import { isMeasured, type NotMeasured, type Report } from './report';

/** `CODE n, CODE n` or a dash. */
export function outcomes(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort(([, a], [, b]) => b - a);
  return entries.length === 0 ? '-' : entries.map(([code, n]) => `${code} ${n}`).join(', ');
}

function capacity(result: CapacityResult): string {
  const steps = markdownTable(
    [
      'offered TPS',
      'achieved TPS',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'valid',
      'invalid by code',
      'not sent',
      'CPU ms/valid',
    ],
    result.steps.map((step) => [
      String(step.offeredTps),
      String(step.achievedTps),
      String(step.p50Ms),
      String(step.p95Ms),
      String(step.p99Ms),
      `${step.valid}/${step.sent}`,
      outcomes(step.invalid),
      String(step.unsent),
      String(step.cpuMsPerValid),
    ]),
  );
  const cell = (summary: Summary | undefined) =>
    summary ? `${summary.p95Ms} (${summary.valid}/${summary.orders})` : '-';
  const byWorkload = markdownTable(
    ['p95 ms (valid/orders)', ...result.steps.map((step) => `${step.offeredTps} TPS`)],
    result.workloads.map((workload) => [
      workload,
      ...result.steps.map((step) => cell(step.byWorkload[workload])),
    ]),
  );
  const knee = result.kneeTps === null ? 'no step met it' : `${result.kneeTps} TPS offered`;
  return [
    `## Capacity knee (REST, open loop, ${result.workloads.join(' / ')} in turn at every gateway, ${result.secondsPerStep} s a step)`,
    steps,
    `Knee (${result.criteria}): ${knee}`,
    '',
    byWorkload,
  ].join('\n');
}

function overhead(result: RestOverheadResult | NotMeasured): string {
  if (!isMeasured(result)) return `## REST overhead\nNot measured: ${result.reason}`;
  const table = markdownTable(
    [
      'window',
      'loader',
      'seconds',
      'valid',
      'TPS',
      'p50 ms',
      'p95 ms',
      'CPU ms/valid',
      'invalid by code',
    ],
    result.windows.map((window, n) => [
      String(n + 1),
      window.loader,
      String(window.seconds),
      String(window.valid),
      String(window.tps),
      String(window.p50Ms),
      String(window.p95Ms),
      String(window.cpuMsPerValid),
      outcomes(window.invalid),
    ]),
  );
  const line = (name: string, totals: RestOverheadResult['rest']) =>
    `${name}: ${totals.tps} TPS, p95 ${totals.p95Ms} ms, ${totals.cpuMsPerValid} CPU ms/valid`;
  return [
    `## REST overhead (closed loop, ${result.concurrency} concurrent, ${result.workloads.join(' / ')}, alternating windows)`,
    table,
    line('direct', result.direct),
    line('REST', result.rest),
    `REST TPS ÷ direct TPS = ${result.ratio}`,
  ].join('\n');
}

function hotKey(result: HotKeyResult | NotMeasured): string {
  if (!isMeasured(result)) return `## Hot key\nNot measured: ${result.reason}`;
  const row = (design: HotKeyDesign) => [
    design.design,
    String(design.concurrency),
    String(design.valid),
    String(design.mvccReadConflicts),
    String(design.phantomReadConflicts),
    outcomes(design.invalid),
    String(design.validTps),
    String(design.p95Ms),
  ];
  const table = markdownTable(
    [
      'design',
      'concurrent earns',
      'valid',
      'MVCC_READ_CONFLICT',
      'PHANTOM_READ_CONFLICT',
      'invalid by code',
      'valid TPS',
      'p95 ms',
    ],
    [row(result.shipped), row(result.naive)],
  );
  const ratio =
    result.validTpsRatio === null ? 'n/a (naive committed nothing)' : String(result.validTpsRatio);
  return [
    `## Hot key (${result.concurrency} concurrent earns to distinct members through the gateways)`,
    table,
    `valid TPS, shipped ÷ naive = ${ratio}`,
  ].join('\n');
}

export function reportText(report: Report): string {
  const notMeasured = [
    `- Endorsement cost (MAJORITY vs single org): ${report.endorsementCost.reason}`,
    `- Audit index p95 at 1,000,000 events: ${report.auditIndex.reason}: \`${report.auditIndex.command}\``,
    `- Bring-up time: ${report.bringUp.reason}`,
  ];
  return [
    `# Points Alliance benchmark, target ${report.target.description}`,
    ...report.target.notes.map((note) => `- ${note}`),
    `- cost: ${report.cost.unit} (column CPU ms/valid)`,
    '',
    capacity(report.capacity),
    '',
    overhead(report.restOverhead),
    '',
    hotKey(report.hotKey),
    '',
    '## Not measured here',
    ...notMeasured,
  ].join('\n');
}
