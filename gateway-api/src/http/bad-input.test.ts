/**
 * A client's mistakes get a clear 4xx problem before anything reaches the ledger, on every
 * route, and never a 500.
 */
import request from 'supertest';
import { PARKING1, TestAlliance } from '@points-alliance/chaincode/dist/test-support/alliance';
import { routes } from '../routes';
import {
  earnBody,
  expectProblem,
  samplePath,
  testGateway,
  type TestGateway,
} from '../test-support/test-gateway';
import { MAX_BODY } from './app';

let alliance: TestAlliance;
let gateway: TestGateway;
let stateBefore: Record<string, string>;

beforeAll(async () => {
  alliance = await TestAlliance.create();
  gateway = testGateway(alliance, PARKING1);
  stateBefore = alliance.publicState();
});

afterAll(async () => {
  // Not one of these requests changed the ledger.
  expect(alliance.publicState()).toEqual(stateBefore);
  await gateway.dispose();
});

const postRoutes = routes.filter((route) => route.method === 'post');
const byPath = (routeList: typeof routes) =>
  routeList.map((route) => [samplePath(route), route] as const);

/** Runs a request and checks that the ledger saw no submission meanwhile. */
async function withoutSubmitting<T>(request: () => PromiseLike<T>): Promise<T> {
  const before = gateway.ledger.calls.filter((c) => c.kind === 'submit').length;
  const result = await request();
  expect(gateway.ledger.calls.filter((c) => c.kind === 'submit')).toHaveLength(before);
  return result;
}

describe.each(byPath(postRoutes))('POST %s', (path, route) => {
  it('answers 400 MALFORMED_JSON for a body that is not JSON', async () => {
    for (const text of ['{"memberId": ', "{'a': 1}", 'null', '"text"', '{"a":1}{}']) {
      const res = await withoutSubmitting(() =>
        gateway.post(path).set('Content-Type', 'application/json').send(text),
      );
      expectProblem(res, 400, 'MALFORMED_JSON');
    }
  });

  it('answers 413 PAYLOAD_TOO_LARGE above the body limit', async () => {
    const big = { padding: 'x'.repeat(parseInt(MAX_BODY, 10) * 1024) };
    expectProblem(await withoutSubmitting(() => gateway.post(path, big)), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers 415 UNSUPPORTED_MEDIA_TYPE for a body that is not JSON by its type', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await withoutSubmitting(() =>
        gateway.post(path).set('Content-Type', type).send('memberId=m-1'),
      );
      expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    const latin1 = await gateway
      .post(path)
      .set('Content-Type', 'application/json; charset=latin1')
      .send('{}');
    expectProblem(latin1, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 400 VALIDATION for unknown fields, an array or a scalar body', async () => {
    for (const body of [{ unexpected: 1 }, [], [{}]]) {
      expectProblem(await withoutSubmitting(() => gateway.post(path, body)), 400, 'VALIDATION');
    }
  });

  it('answers 400 for a missing or malformed Idempotency-Key', async () => {
    // A body the route accepts would otherwise go on to the ledger.
    const body = route.body?.safeParse({}).success ? {} : { unexpected: 1 };
    const expected = route.body?.safeParse({}).success ? 'IDEMPOTENCY_KEY_REQUIRED' : 'VALIDATION';
    for (const key of [null, '', 'has space', 'é', 'k'.repeat(201)]) {
      const res = await withoutSubmitting(() => gateway.post(path, body, { key }));
      expectProblem(res, 400, expected);
    }
  });
});

describe('missing fields, wrong types and out-of-range numbers', () => {
  const signed = (params: object) => ({
    op: 'redeem',
    memberId: 'm-1',
    params,
    nonce: 'n-1',
    expiresAt: '2026-03-02T11:00:00Z',
    signature: 'c2ln',
  });
  /** Valid bodies, and the numeric fields in them that count points or money. */
  const cases: [string, Record<string, unknown>, string[]][] = [
    ['/earns', earnBody('m-1', 'o-1', 10), ['points', 'receipt.purchaseAmountMinor']],
    ['/earns/o-1/reversals', { refundRef: 'r-1', points: 5 }, ['points']],
    ['/legacy/imports', { memberId: 'm-1', appRef: 'a-1', points: 5 }, ['points']],
    ['/tokens', { symbol: 'NEWT', name: 'New', cap: 1000 }, ['cap', 'shardCount']],
    ['/tokens/cap-proposals', { proposalId: 'p-1', newCap: 2_000_000 }, ['newCap']],
    ['/tokens/cap-reductions', { newCap: 500 }, ['newCap']],
    ['/treasury/rebalances', { fromShard: 0, toShard: 1, amount: 10 }, ['fromShard', 'amount']],
    ['/treasury/consolidations', { shard: 0 }, ['shard']],
    ['/redemptions', signed({ symbol: 'PARK1', points: 10 }), ['params.points']],
    [
      '/settlements',
      {
        settlementId: 's-1',
        creditor: 'Mall1MSP',
        obligationIds: ['ob-1'],
        details: { paidAmountMinor: 100, currency: 'EUR', bankReference: 'REF' },
      },
      ['details.paidAmountMinor'],
    ],
  ];

  /** A copy of `body` with the field at a dotted path set to `value`. */
  function withField(body: Record<string, unknown>, path: string, value: unknown) {
    const copy = structuredClone(body);
    const parts = path.split('.');
    const last = parts.pop() as string;
    let target = copy;
    for (const part of parts) target = target[part] as Record<string, unknown>;
    target[last] = value;
    return copy;
  }

  function without(body: Record<string, unknown>, field: string) {
    return Object.fromEntries(Object.entries(body).filter(([name]) => name !== field));
  }

  const badNumbers: [string, unknown][] = [
    ['negative', -5],
    ['fractional', 1.5],
    ['huge', 1e16],
    ['beyond safe integers', 2 ** 53 + 2],
    ['a string', '10'],
    ['null', null],
    ['a boolean', true],
    ['an object', { value: 10 }],
  ];

  it.each(cases)('POST %s refuses every bad number', async (path, body, fields) => {
    for (const field of fields) {
      for (const [, value] of badNumbers) {
        const res = await withoutSubmitting(() =>
          gateway.post(path, withField(body, field, value)),
        );
        expectProblem(res, 400, 'VALIDATION');
        expect(res.body.detail).toContain(field.split('.').pop());
      }
    }
  });

  it.each(cases)('POST %s refuses each missing field and any extra one', async (path, body) => {
    const fields = Object.keys(body);
    for (const field of fields) {
      const res = await withoutSubmitting(() => gateway.post(path, without(body, field)));
      expectProblem(res, 400, 'VALIDATION');
    }
    const extra = await withoutSubmitting(() => gateway.post(path, { ...body, extra: 'x' }));
    expectProblem(extra, 400, 'VALIDATION');
    expect(extra.body.detail).toContain('extra');
  });

  it('refuses a number JSON cannot hold exactly', async () => {
    const res = await withoutSubmitting(() =>
      gateway
        .post('/legacy/imports')
        .set('Content-Type', 'application/json')
        .send('{"memberId":"m-1","appRef":"a-1","points":1e400}'),
    );
    expectProblem(res, 400, 'VALIDATION');
  });

  it('refuses bad ids and symbols in paths and queries', async () => {
    for (const path of [
      '/members/bad%20id',
      `/members/${'m'.repeat(65)}`,
      '/members/-leading-dash',
      '/tokens/park1',
      '/members/m-1/balances/P',
      '/history/Member?key=a/b/c/d',
      '/history/Member?key=',
      '/history/Member',
      '/history/NotAKind?key=a',
      '/agreements?status=bogus',
      '/agreements?org=1bad',
      '/obligations?period=2026-3',
      '/net-positions?period=march',
      '/settlements?status=lost',
      '/exchange-quotes?agreementId=a&memberId=m&amount=abc',
      '/exchange-quotes?agreementId=a&memberId=m&amount=-10',
      '/exchange-quotes?agreementId=a&memberId=m&amount=1.5',
      '/exchange-quotes?agreementId=a&memberId=m',
      '/exchange-quotes?agreementId=a&agreementId=b&memberId=m&amount=10',
      '/agreements?org=Mall1MSP&unexpected=1',
    ]) {
      expectProblem(await gateway.get(path, 'admin'), 400, 'VALIDATION');
    }
  });
});

describe('unknown routes and unreadable requests', () => {
  it('answers 404 ROUTE_NOT_FOUND for a path or method the table does not have', async () => {
    const app = gateway.app;
    for (const res of [
      await gateway.get('/nowhere'),
      await gateway.post('/nowhere', {}),
      await gateway.get('/members'),
      await gateway.post('/tokens/PARK1', {}),
      await gateway.get('/earns'),
      await gateway.get('/tokens/PARK1/extra/segments'),
      await request(app).put('/tokens').send({}),
      await request(app).delete('/members/m-1'),
      await request(app).patch('/agreements/a-1').send({}),
    ]) {
      expectProblem(res, 404, 'ROUTE_NOT_FOUND');
    }
  });

  it('answers 400 MALFORMED_REQUEST for a path it cannot decode', async () => {
    expectProblem(await gateway.get('/members/%E0%A4%A'), 400, 'MALFORMED_REQUEST');
  });
});

describe('never a 500 for a client mistake', () => {
  const junkBodies: unknown[] = [{}, { unexpected: 1 }, [], { points: -1 }, { memberId: 7 }];
  const junkPaths = (route: (typeof routes)[number]) =>
    ['bad%20id', '-', 'x'.repeat(65), '%00'].map(
      (junk) => route.path.replace(/:[A-Za-z]+/g, junk) + (route.query ? '?amount=x&status=y' : ''),
    );
  const checkable = routes.filter(
    (route) => route.method === 'post' || route.params || route.query,
  );

  it.each(byPath(checkable))('%s', async (path, route) => {
    const responses =
      route.method === 'get'
        ? await Promise.all(junkPaths(route).map((junk) => gateway.get(junk, 'admin')))
        : await Promise.all(junkBodies.map((body) => gateway.post(path, body)));
    for (const res of responses) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});
