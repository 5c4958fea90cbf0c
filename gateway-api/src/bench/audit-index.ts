/**
 * Benchmark: audit query latency over a large index. Generates N transactions straight into a
 * fresh index (default 1,000,000, in blocks of 100), then times the audit view's typical
 * queries. Prints figures; asserts nothing.
 *
 *   node gateway-api/dist/bench/audit-index.js [transactions]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AuditIndex, type AuditFilter } from '../audit/audit-index';
import type { BlockTransaction } from '../audit/block-parser';

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const PER_BLOCK = 100;
const MEMBERS = 50_000;
const ORGS = ['Parking1MSP', 'Parking2MSP', 'Mall1MSP', 'Mall2MSP'];
const SYMBOLS = ['PARK1', 'PARK2', 'MALL1', 'MALL2'];
const TYPES = ['Earned', 'Redeemed', 'Transferred', 'Exchanged'];
const START = Date.parse('2026-01-01T00:00:00Z');
const QUERIES = 400;

/** Deterministic pseudo-random numbers, so runs are comparable. */
function rng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}
const random = rng(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

function transaction(block: number, txIndex: number): BlockTransaction {
  const n = block * PER_BLOCK + txIndex;
  const type = pick(TYPES);
  const org = pick(ORGS);
  const symbol = SYMBOLS[ORGS.indexOf(org)] as string;
  const member = `m-${Math.floor(random() * MEMBERS)}`;
  return {
    blockNumber: block,
    txIndex,
    txId: n.toString(16).padStart(64, '0'),
    timestamp: new Date(START + n * 100).toISOString(),
    creatorMsp: org,
    validationCode: 'VALID',
    chaincode: 'points',
    eventName: type,
    payload:
      type === 'Transferred'
        ? { from: member, to: `m-${Math.floor(random() * MEMBERS)}`, symbol, points: 10 }
        : { memberId: member, symbol, points: 10 },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'audit-bench-'));
  const path = join(dir, 'audit.sqlite');
  const index = new AuditIndex(path);
  const blocks = Math.ceil(TOTAL / PER_BLOCK);
  const loadStart = performance.now();
  for (let block = 0; block < blocks; block++) {
    const count = Math.min(PER_BLOCK, TOTAL - block * PER_BLOCK);
    index.recordBlock(
      block,
      Array.from({ length: count }, (_, i) => transaction(block, i)),
    );
  }
  const loadSeconds = (performance.now() - loadStart) / 1000;

  const span = TOTAL * 100;
  const kinds: Record<string, () => AuditFilter> = {
    'latest page': () => ({ limit: 50 }),
    member: () => ({ member: `m-${Math.floor(random() * MEMBERS)}`, limit: 50 }),
    'token + type': () => ({ token: pick(SYMBOLS), type: pick(TYPES), limit: 50 }),
    'org + time window': () => {
      const from = START + Math.floor(random() * span);
      return {
        org: pick(ORGS),
        from: new Date(from).toISOString(),
        to: new Date(from + 3_600_000).toISOString(),
        limit: 50,
      };
    },
    'page 2 by cursor': () => {
      const first = index.query({ token: pick(SYMBOLS), limit: 50 });
      return { token: 'PARK1', limit: 50, ...(first.nextCursor && { cursor: first.nextCursor }) };
    },
  };
  const all: number[] = [];
  const rows: string[] = [];
  for (const [name, make] of Object.entries(kinds)) {
    const times: number[] = [];
    for (let i = 0; i < QUERIES / Object.keys(kinds).length; i++) {
      const filter = make();
      const t0 = performance.now();
      index.query(filter);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    rows.push(
      `  ${name.padEnd(20)} p50 ${percentile(times, 50).toFixed(2).padStart(7)} ms   p95 ${percentile(times, 95).toFixed(2).padStart(7)} ms`,
    );
  }
  all.sort((a, b) => a - b);
  const sizeMb = statSync(path).size / 1e6;
  console.log(
    `audit index: ${TOTAL.toLocaleString('en')} transactions in ${blocks} blocks, loaded in ${loadSeconds.toFixed(1)} s (${sizeMb.toFixed(0)} MB)`,
  );
  console.log(rows.join('\n'));
  console.log(
    `  all queries          p50 ${percentile(all, 50).toFixed(2).padStart(7)} ms   p95 ${percentile(all, 95).toFixed(2).padStart(7)} ms   (goal: p95 <= 50 ms)`,
  );
  index.close();
  rmSync(dir, { recursive: true, force: true });
}

main();
