/**
 * Property-based fuzzing of a merchant gateway's whole HTTP API from its own OpenAPI document,
 * with schemathesis (installed by scripts/lib/toolchain.sh's ensure_schemathesis). No request
 * may get a 5xx, and every answer must match the document: status, content type, schema.
 * Deterministic generation keeps CI runs alike; the examples per operation bound the run
 * (--max-time would not: schemathesis keeps fuzzing until the budget is spent).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PARKING1 } from '@points-alliance/chaincode/dist/test-support/alliance';
import { startSandbox, type Sandbox } from '@points-alliance/gateway-api/test-support/sandbox';
import { gatewayOf } from '../support/alliance-setup';

const MIN_REQUESTS = 2000;
/** Per operation and phase; with the document's operations this gives well over MIN_REQUESTS. */
const MAX_EXAMPLES = 30;
const RUN_LIMIT_SECONDS = 180;
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
];

let sandbox: Sandbox;
let reportDir: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  sandbox = await startSandbox();
  reportDir = mkdtempSync(join(tmpdir(), 'pa-schemathesis-'));
});

afterAll(async () => {
  child?.kill('SIGKILL');
  await sandbox.close();
  // PA_KEEP_FUZZ=1 keeps schemathesis's JUnit and NDJSON reports for reading.
  if (!process.env.PA_KEEP_FUZZ) rmSync(reportDir, { recursive: true, force: true });
});

function schemathesisBin(): string {
  const bin = process.env.PA_SCHEMATHESIS_BIN;
  if (!bin || !existsSync(bin)) {
    throw new Error(
      'schemathesis is not installed: run `source scripts/lib/toolchain.sh && ensure_schemathesis`',
    );
  }
  return bin;
}

/** Runs the CLI without blocking this process, whose event loop serves the gateway it tests. */
function run(bin: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const output: string[] = [];
    child = spawn(bin, args, { cwd: reportDir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      child = undefined;
      resolve({ code, output: output.join('') });
    });
  });
}

interface Interaction {
  response?: { status_code?: number } | null;
}

/** Every request schemathesis sent, from its NDJSON event log, by response status. */
function requestsByStatus(): Map<number, number> {
  const file = readdirSync(reportDir).find((name) => name.endsWith('.ndjson'));
  if (!file) throw new Error('schemathesis wrote no NDJSON report');
  const counts = new Map<number, number>();
  for (const line of readFileSync(join(reportDir, file), 'utf8').split('\n')) {
    if (!line.includes('"ScenarioFinished"')) continue;
    const event = JSON.parse(line) as {
      ScenarioFinished: { recorder: { interactions?: Record<string, Interaction> } };
    };
    for (const interaction of Object.values(event.ScenarioFinished.recorder.interactions ?? {})) {
      const status = interaction.response?.status_code ?? 0;
      counts.set(status, (counts.get(status) ?? 0) + 1);
    }
  }
  return counts;
}

/** Failures and errors as the JUnit report totals them. */
function junitTotals(): { tests: number; failures: number; errors: number } {
  const file = readdirSync(reportDir).find((name) => name.endsWith('.xml'));
  if (!file) throw new Error('schemathesis wrote no JUnit report');
  const xml = readFileSync(join(reportDir, file), 'utf8');
  const total = (name: string) =>
    Number(new RegExp(`<testsuites[^>]* ${name}="(\\d+)"`).exec(xml)?.[1]);
  return { tests: total('tests'), failures: total('failures'), errors: total('errors') };
}

test(
  `schemathesis: ≥ ${MIN_REQUESTS} generated requests, no 5xx, every answer as documented`,
  async () => {
    const gateway = gatewayOf(sandbox, PARKING1);
    const started = Date.now();
    const { code, output } = await run(schemathesisBin(), [
      'run',
      `${gateway.url}/openapi.json`,
      '--header',
      `Authorization: Bearer ${gateway.gateway.keys.admin}`,
      '--checks',
      CHECKS.join(','),
      '--max-examples',
      String(MAX_EXAMPLES),
      // Deterministic: the same cases every run (and no example database left behind).
      '--generation-deterministic',
      '--suppress-health-check',
      'all',
      // One worker: schemathesis's parallel coverage phase trips over itself on this document.
      '--workers',
      '1',
      '--request-timeout',
      '10',
      '--report',
      'junit,ndjson',
      '--report-dir',
      reportDir,
      '--no-color',
    ]);
    const seconds = (Date.now() - started) / 1000;
    // Its own account of what failed, shown before the figures are read from its reports.
    if (code !== 0) console.log(output);
    const statuses = requestsByStatus();
    const requests = [...statuses.values()].reduce((sum, count) => sum + count, 0);
    const serverErrors = [...statuses].filter(([status]) => status >= 500 || status === 0);
    const totals = junitTotals();
    const byStatus = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
    console.log(
      `schemathesis: ${requests} requests in ${seconds.toFixed(0)} s over ${totals.tests} operations,` +
        ` ${totals.failures} failures, ${totals.errors} errors (${byStatus})`,
    );
    expect({ code, failures: totals.failures, errors: totals.errors, serverErrors }).toEqual({
      code: 0,
      failures: 0,
      errors: 0,
      serverErrors: [],
    });
    expect(requests).toBeGreaterThanOrEqual(MIN_REQUESTS);
  },
  (RUN_LIMIT_SECONDS + 60) * 1000,
);
