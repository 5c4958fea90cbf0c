/** The built explorer served at `/`, beside the API and never in its way. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { PARKING1, TestAlliance } from '@points-alliance/chaincode/dist/test-support/alliance';
import { assembleGateway, type Gateway } from '../gateway';
import { SimulatedLedger } from '../test-support/simulated-ledger';
import { DEFAULT_EXPLORER_DIR } from './explorer-site';

const INDEX = '<!doctype html><title>explorer</title><script src="./assets/app-3f2a.js"></script>';
const opened: { gateway: Gateway; dirs: string[] }[] = [];

async function gatewayServing(explorerDir: string | undefined): Promise<Gateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pa-site-'));
  const ledger = new SimulatedLedger(await TestAlliance.create(), PARKING1);
  const gateway = assembleGateway({
    org: PARKING1,
    dataDir,
    ledger,
    logger: pino({ level: 'silent' }),
    ...(explorerDir !== undefined && { explorerDir }),
  });
  opened.push({ gateway, dirs: [dataDir] });
  return gateway;
}

function builtExplorer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pa-explorer-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'app-3f2a.js'), 'console.log("explorer")');
  return dir;
}

afterAll(async () => {
  for (const { gateway, dirs } of opened) {
    await gateway.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
});

describe('a gateway with a built explorer', () => {
  let app: Gateway['app'];
  beforeAll(async () => {
    const dir = builtExplorer();
    app = (await gatewayServing(dir)).app;
    opened[opened.length - 1]?.dirs.push(dir);
  });

  it('serves the page at /, revalidated each time, allowed to load only from itself', async () => {
    const res = await request(app).get('/').expect(200);
    expect(res.text).toBe(INDEX);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('serves hashed assets cached for a year', async () => {
    const res = await request(app).get('/assets/app-3f2a.js').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('leaves every other path to the API', async () => {
    const missing = await request(app).get('/assets/nope.js').expect(404);
    expect(missing.body.code).toBe('ROUTE_NOT_FOUND');
    expect((await request(app).get('/tokens').expect(401)).body.code).toBe('UNAUTHENTICATED');
    expect((await request(app).get('/healthz').expect(200)).body).toEqual({ status: 'ok' });
  });
});

describe('a gateway whose explorer was not built', () => {
  it('says so at / with 503, and the API answers as usual', async () => {
    const { app } = await gatewayServing(join(tmpdir(), 'pa-no-such-explorer'));
    const res = await request(app).get('/').expect(503);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('explorer is not built');
    expect(res.text).toContain('npm run build -w explorer');
    await request(app).get('/healthz').expect(200);
  });

  it('looks for the build in the explorer workspace by default', () => {
    expect(DEFAULT_EXPLORER_DIR).toBe(join(__dirname, '..', '..', '..', 'explorer', 'dist'));
  });
});
