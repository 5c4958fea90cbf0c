/**
 * The benchmark harness (bench/, issue #6) with a tiny configuration against the sandbox: one
 * short step, short REST overhead windows, a small hot key burst. Benchmarks print figures and
 * assert nothing about them; this checks only that the harness runs end to end and that its
 * report holds together.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from '../../../bench/src/options';
import { isMeasured, type Report } from '../../../bench/src/report/report';
import { reportText } from '../../../bench/src/report/text';
import { runBenchmark } from '../../../bench/src/run';
import type { Summary } from '../../../bench/src/measure/stats';

const total = (counts: Record<string, number>) =>
  Object.values(counts).reduce((sum, n) => sum + n, 0);

function expectConsistent(summary: Summary): void {
  expect(summary.valid + total(summary.invalid)).toBe(summary.sent);
  expect(summary.sent + summary.unsent).toBe(summary.orders);
  expect(summary.p50Ms).toBeLessThanOrEqual(summary.p95Ms);
  expect(summary.p95Ms).toBeLessThanOrEqual(summary.p99Ms);
}

let outDir: string;
let report: Report;
let files: { json: string; svg: string };

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'pa-bench-'));
  const written = await runBenchmark({
    ...DEFAULTS,
    steps: [20],
    seconds: 1,
    membersPerOrg: 8,
    overheadConcurrency: 8,
    overheadWindowSeconds: 0.5,
    overheadWindows: 2,
    hotKeyConcurrency: 16,
    outDir,
  });
  report = written.report;
  files = written;
}, 60_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

test('the report says first that its figures are the sandbox’s, not Fabric’s', () => {
  expect(report.target.description).toMatch(/^sandbox: .*figures say nothing about Fabric$/);
  expect(reportText(report).split('\n')[0]).toContain(report.target.description);
  expect(readFileSync(files.svg, 'utf8')).toContain(report.target.description);
});

test('the capacity step adds up: every order valid, invalid or not sent; p50 ≤ p95 ≤ p99', () => {
  expect(report.capacity.steps).toHaveLength(1);
  const [step] = report.capacity.steps;
  if (!step) throw new Error('no step');
  expect(step.offeredTps).toBe(20);
  expect(step.achievedTps).toBeGreaterThan(0);
  expect(step.valid).toBeGreaterThan(0);
  expect(step.cpuMsPerValid).toBeGreaterThan(0);
  expectConsistent(step);
  Object.values(step.byWorkload).forEach(expectConsistent);
  expect(
    total(Object.fromEntries(Object.entries(step.byWorkload).map(([w, s]) => [w, s.sent]))),
  ).toBe(step.sent);
});

test('REST overhead and hot key were measured with sane figures', () => {
  const overhead = report.restOverhead;
  if (!isMeasured(overhead)) throw new Error(overhead.reason);
  expect(overhead.windows.map((window) => window.loader)).toEqual(['direct', 'rest']);
  expect(overhead.direct.tps).toBeGreaterThan(0);
  expect(overhead.rest.tps).toBeGreaterThan(0);
  expect(overhead.ratio).toBeCloseTo(overhead.rest.tps / overhead.direct.tps, 2);

  const hot = report.hotKey;
  if (!isMeasured(hot)) throw new Error(hot.reason);
  for (const design of [hot.shipped, hot.naive]) {
    expect(design.concurrency).toBe(16);
    expect(design.valid + total(design.invalid)).toBe(16);
    expect(design.mvccReadConflicts + design.phantomReadConflicts).toBeLessThanOrEqual(
      total(design.invalid),
    );
  }
  expect(hot.shipped.valid).toBeGreaterThan(0);
});

test('what cannot be measured here says so, and the JSON file is the report', () => {
  expect(report.endorsementCost.measured).toBe(false);
  expect(report.bringUp.measured).toBe(false);
  expect(report.auditIndex.command).toBe('npm run bench:audit -- 1000000');
  expect(JSON.parse(readFileSync(files.json, 'utf8'))).toEqual(report);
  expect(readFileSync(files.svg, 'utf8')).toMatch(/^<svg [^>]*>[\s\S]*<\/svg>\n$/);
});
