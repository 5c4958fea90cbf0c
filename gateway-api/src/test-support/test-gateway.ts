/**
 * A whole gateway of one org over a shared TestAlliance, with a staff key per role: several
 * orgs' gateways on one alliance behave like the merchants' gateways on one channel.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { encodeMemberPublicKey } from '@points-alliance/chaincode/dist/member-request';
import {
  TestMember,
  type TestAlliance,
} from '@points-alliance/chaincode/dist/test-support/alliance';
import { CredentialStore, type Role } from '../auth/credentials';
import { assembleGateway, type Gateway } from '../gateway';
import type { Route } from '../http/route';
import type { BlockSource } from '../audit/block-follower';
import { simulatedBlocks } from './simulated-blocks';
import { SimulatedLedger } from './simulated-ledger';

type Test = request.Test;
type Response = request.Response;

export interface PostOptions {
  /** The staff role whose key goes in the Authorization header (default admin). */
  as?: Role | 'nobody';
  /** The Idempotency-Key (default a fresh one); null sends none. */
  key?: string | null;
}

export interface TestGateway extends Gateway {
  org: string;
  dataDir: string;
  ledger: SimulatedLedger;
  /** A key of each role, issued in this gateway's credentials file. */
  keys: Record<Role, string>;
  /** A GET as a staff role (default auditor). */
  get(path: string, as?: Role | 'nobody'): Test;
  /** A POST with a JSON body, a staff key and an Idempotency-Key. */
  post(path: string, body?: unknown, options?: PostOptions): Test;
  /** Registers a member here through POST /members; the member can then sign requests. */
  registerMember(memberId: string, personal?: Record<string, unknown>): Promise<TestMember>;
  /** Closes this instance and opens a new one over the same data folder and ledger. */
  restart(): Promise<TestGateway>;
  /**
   * Kills this instance as a crash would (its ledger client stops dead, its queued receipts are
   * lost, it writes nothing more) and starts a new one over the same data folder.
   */
  crashAndRestart(): TestGateway;
  /** Closes the instance and removes its data folder. */
  dispose(): Promise<void>;
}

/** Who listens to the test gateways' log lines (see captureGatewayLogs); nobody, usually. */
const logListeners = new Set<(line: string) => void>();
const logger = pino(
  { level: 'debug' },
  {
    write: (line: string) => {
      for (const listen of logListeners) listen(line);
    },
  },
);

/** Collects every log line the test gateways write from now until stop(). */
export function captureGatewayLogs(): { lines: string[]; stop(): void } {
  const lines: string[] = [];
  const listen = (line: string) => lines.push(line);
  logListeners.add(listen);
  return { lines, stop: () => logListeners.delete(listen) };
}

/**
 * Each org's keys, issued once per test file and copied into every new data folder: issuing
 * hashes with scrypt, which is slow on purpose.
 */
const issuedFiles = new Map<string, { file: string; keys: Record<Role, string> }>();

function issueKeys(org: string, dataDir: string): Record<Role, string> {
  const path = join(dataDir, 'credentials.json');
  const cached = issuedFiles.get(org);
  if (cached) {
    writeFileSync(path, cached.file, { mode: 0o600 });
    return cached.keys;
  }
  const credentials = CredentialStore.open(path, org);
  const keys = {
    admin: credentials.issue('Ada Admin', 'admin').key,
    operator: credentials.issue('Otto Operator', 'operator').key,
    auditor: credentials.issue('Aude Auditor', 'auditor').key,
  };
  issuedFiles.set(org, { file: readFileSync(path, 'utf8'), keys });
  return keys;
}

function open(
  ledger: SimulatedLedger,
  dataDir: string,
  issued: Record<Role, string>,
  blocks?: BlockSource,
): TestGateway {
  const gateway = assembleGateway({ org: ledger.org, dataDir, ledger, logger, blocks });
  const authorized = (test: Test, as: Role | 'nobody') =>
    as === 'nobody' ? test : test.set('Authorization', `Bearer ${issued[as]}`);
  const self: TestGateway = {
    ...gateway,
    org: ledger.org,
    dataDir,
    ledger,
    keys: issued,
    get: (path, as = 'auditor') => authorized(request(gateway.app).get(path), as),
    post: (path, body, { as = 'admin', key = randomUUID() } = {}) => {
      const test = authorized(request(gateway.app).post(path), as);
      if (key !== null) test.set('Idempotency-Key', key);
      return body === undefined ? test : test.send(body as object);
    },
    registerMember: async (memberId, personal = { name: `Member ${memberId}` }) => {
      const keyPair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const publicKey = encodeMemberPublicKey(keyPair.publicKey);
      const res = await self.post(
        '/members',
        { memberId, publicKey, personal },
        { as: 'operator' },
      );
      expectStatus(res, 201);
      return new TestMember(memberId, ledger.org, keyPair.privateKey, publicKey);
    },
    restart: async () => {
      await gateway.close();
      return open(ledger, dataDir, issued, blocks);
    },
    crashAndRestart: () => {
      ledger.halt();
      // Stops following blocks at once; the rest of closing waits on the dead ledger forever.
      void gateway.close();
      const revived = new SimulatedLedger(ledger.alliance, ledger.org, ledger.wallClock);
      return open(revived, dataDir, issued, blocks);
    },
    dispose: async () => {
      await gateway.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return self;
}

export interface TestGatewayOptions {
  /** Transactions take the machine's time (see SimulatedLedger). */
  wallClock?: boolean;
  /** The audit index follows the alliance's committed blocks, as it follows a channel. */
  followBlocks?: boolean;
}

/** A fresh gateway of `org` (temporary data folder, new keys) over the alliance. */
export function testGateway(
  alliance: TestAlliance,
  org: string,
  { wallClock = false, followBlocks = false }: TestGatewayOptions = {},
): TestGateway {
  const dataDir = mkdtempSync(join(tmpdir(), `pa-gateway-${org}-`));
  const ledger = new SimulatedLedger(alliance, org, wallClock);
  const blocks = followBlocks ? simulatedBlocks(alliance.net) : undefined;
  return open(ledger, dataDir, issueKeys(org, dataDir), blocks);
}

/** A purchase receipt as a till sends it with an earn. */
export const RECEIPT = { purchaseAmountMinor: 1250, currency: 'EUR', store: 'Lot A' };

/** The body of POST /earns for a purchase with the sample receipt. */
export function earnBody(
  memberId: string,
  orderRef: string,
  points: number,
  extra: Record<string, unknown> = {},
) {
  return { memberId, orderRef, points, receipt: RECEIPT, ...extra };
}

/** Asserts the status, showing the body when it differs (a failed flow then says why). */
export function expectStatus(res: Response, status: number): void {
  expect({ status: res.status, body: res.body as unknown }).toEqual({
    status,
    body: res.body as unknown,
  });
}

/** Asserts an RFC 7807 problem with this status and stable code. */
export function expectProblem(res: Response, status: number, code: string): void {
  expectStatus(res, status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    type: expect.stringContaining(code),
    title: expect.any(String),
    status,
    code,
    detail: expect.any(String),
  });
}

/** Values for path parameters that pass validation, by parameter name. */
const SAMPLE_PARAMS: Record<string, string> = { symbol: 'PARK1', kind: 'Member' };

/** A route's path with every parameter filled in with a valid value. */
export function samplePath(route: Route): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => SAMPLE_PARAMS[name] ?? 'x-1');
}

/** `METHOD /pattern` of each route this gateway has answered with a success, from its metrics. */
export async function succeededRoutes(gateway: Gateway): Promise<string[]> {
  const counter = gateway.metrics.registry.getSingleMetric('pa_gateway_requests_total');
  const values = counter ? (await counter.get()).values : [];
  return values
    .filter((value) => Number(value.labels.status) < 400)
    .map((value) => `${String(value.labels.method)} ${String(value.labels.route)}`);
}
