/**
 * Bad input at every route of the table, over HTTP at the merchants' gateways: malformed and
 * oversized JSON, bodies of the wrong type, unknown fields, and at every field of a route's
 * sample body negative, fractional, huge and non-numeric amounts, control and unusual unicode
 * characters. Each gets a clear 4xx problem and writes nothing, public or private.
 * New routes are covered as they join the table; a sample body adds the per-field attacks.
 */
import {
  MALL1,
  ORGS,
  PARKING1,
  RATE_CARD,
} from '@points-alliance/chaincode/dist/test-support/alliance';
import { couponClassDefinition } from '@points-alliance/chaincode/dist/test-support/coupons';
import { MAX_BODY } from '@points-alliance/gateway-api/http/app';
import type { Route } from '@points-alliance/gateway-api/http/route';
import { routes } from '@points-alliance/gateway-api/routes';
import { startSandbox, type Sandbox } from '@points-alliance/gateway-api/test-support/sandbox';
import { earnBody, samplePath } from '@points-alliance/gateway-api/test-support/test-gateway';
import { gatewayOf, makeAgreement } from '../support/alliance-setup';
import { expectClientError, send, type Call } from '../support/http';
import { expectNothingWritten } from '../support/ledger-watch';

const TAKEN_MEMBER = 'taken';
const TAKEN_CLASS = 'TAKEN-CLASS';
const NO_COUPON = 'NO-CLASS:0000001';
const IN_AN_HOUR = new Date(Date.now() + 3_600_000).toISOString();
const TAKEN_AGREEMENT = 'taken-deal';
const signedByGhost = (op: string, params: object) => ({
  op,
  memberId: 'ghost',
  params,
  nonce: 'n-1',
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  signature: 'c2lnbmF0dXJl',
});

/**
 * A body of the right shape for each POST route that the ledger still refuses (an unknown
 * member or order, a record that exists, a cap the wrong way): with one field spoiled, a
 * request must fail on that field, and if a spoiled value were accepted nothing would be
 * written either.
 */
const SAMPLE_BODIES: Record<string, Record<string, unknown>> = {
  'post /tokens': { symbol: 'PARK1', name: 'Parking points', cap: 1000, shardCount: 2 },
  'post /tokens/cap-proposals': { proposalId: 'p-1', newCap: 10 },
  'post /tokens/cap-reductions': { newCap: 2_000_000 },
  'post /treasury/consolidations': { shard: 99 },
  'post /treasury/rebalances': { fromShard: 0, toShard: 99, amount: 1 },
  'post /members': {
    memberId: TAKEN_MEMBER,
    publicKey: '',
    personal: { name: 'Someone', email: 'a@b.test' },
  },
  'post /members/:memberId/status': { status: 'frozen' },
  'post /members/key-rotations': signedByGhost('rotate-key', { newPublicKey: 'AAAA' }),
  'post /earns': earnBody('ghost', 'o-1', 10),
  'post /earns/:orderRef/reversals': { refundRef: 'r-1', points: 5 },
  'post /redemptions': signedByGhost('redeem', { symbol: 'PARK1', points: 10 }),
  'post /transfers': signedByGhost('transfer', { symbol: 'PARK1', to: 'x-2', points: 10 }),
  'post /expiries': { memberId: 'ghost' },
  'post /legacy/imports': { memberId: 'ghost', appRef: 'a-1', points: 5 },
  'post /legacy/exports': signedByGhost('export-legacy', {
    symbol: 'PARK1',
    appRef: 'a-1',
    points: 5,
  }),
  'post /agreements': {
    agreementId: TAKEN_AGREEMENT,
    toOrg: MALL1,
    ...RATE_CARD,
    terms: { pricePerThousandPointsMinor: 4250, currency: 'EUR', notes: 'n' },
  },
  'post /exchanges': signedByGhost('exchange', { agreementId: TAKEN_AGREEMENT, amount: 100 }),
  'post /settlements/:settlementId/dispute': { reason: 'wrong amount' },
  'post /coupon-classes': couponClassDefinition(new Date(), {
    classId: TAKEN_CLASS,
    acceptedBy: [MALL1],
  }),
  'post /coupon-issuances': { classId: 'NO-CLASS', memberId: 'ghost' },
  'post /coupon-purchases': signedByGhost('buy-coupon', { classId: 'NO-CLASS' }),
  'post /coupon-gifts': signedByGhost('gift-coupon', { couponId: NO_COUPON, to: 'x-2' }),
  'post /coupon-redemptions': signedByGhost('redeem-coupon', {
    couponId: NO_COUPON,
    reference: 'till-1',
  }),
  'post /offers': signedByGhost('create-offer', {
    offerId: 'o-1',
    give: { kind: 'points', symbol: 'PARK1', points: 10 },
    want: { kind: 'coupon', classId: 'NO-CLASS' },
    expiresAt: IN_AN_HOUR,
  }),
  'post /offer-acceptances': signedByGhost('take-offer', { offerId: 'o-1', couponId: NO_COUPON }),
  'post /offer-cancellations': signedByGhost('cancel-offer', { offerId: 'o-1' }),
  'post /auctions': signedByGhost('open-auction', {
    auctionId: 'a-1',
    couponId: NO_COUPON,
    symbol: 'PARK1',
    minBid: 5,
    closesAt: IN_AN_HOUR,
  }),
  'post /merchant-auctions': {
    auctionId: 'a-1',
    classId: 'NO-CLASS',
    minBid: 5,
    closesAt: IN_AN_HOUR,
  },
  'post /bids': signedByGhost('bid', { auctionId: 'a-1', points: 5 }),
  // Admitting a merchant that is already in: refused by the ledger.
  'post /membership-proposals': { proposalId: 'p-1', change: 'admit', org: PARKING1 },
};

const BAD_NUMBERS: unknown[] = [-5, 0.5, 1.5, 2 ** 53 + 2, 1e300, '10', 'ten', null, true, [1], {}];
const BAD_STRINGS: unknown[] = [
  '',
  '\u0000',
  'a\u0007b\u001b[31m',
  '\u202eevil',
  'e\u0301\u200b',
  '\ud83d\ude00'.repeat(40),
  'x'.repeat(5000),
  42,
  null,
  ['a'],
];

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
  await gatewayOf(sandbox, PARKING1).gateway.registerMember(TAKEN_MEMBER);
  await sandbox.alliance.submit(
    PARKING1,
    'coupons',
    'defineClass',
    couponClassDefinition(new Date(), { classId: TAKEN_CLASS }),
  );
  await makeAgreement(sandbox, PARKING1, MALL1, TAKEN_AGREEMENT, {
    pricePerThousandPointsMinor: 4250,
    currency: 'EUR',
  });
});

afterAll(() => sandbox.close());

const label = (route: Route) => `${route.method} ${route.path}`;
/** Routes spread over the merchants' gateways. */
const orgFor = (index: number) => ORGS[index % ORGS.length] ?? PARKING1;
const indexed = (list: readonly Route[]) =>
  list.map((route) => [label(route), route, routes.indexOf(route)] as const);

/**
 * Sends each request at the route's gateway, with its strongest key where it takes one: each
 * must be a 4xx problem, and the ledger must be as it was.
 */
async function refusedAll(route: Route, index: number, calls: [string, Call][]) {
  const gateway = gatewayOf(sandbox, orgFor(index));
  await expectNothingWritten(sandbox.alliance, async () => {
    for (const [what, call] of calls) {
      const answer = await send(gateway.url, call.method === 'GET' ? what : samplePath(route), {
        method: route.method.toUpperCase(),
        apiKey: gateway.gateway.keys.admin,
        ...call,
      });
      // A read may find a strange value valid (an id like `1.5`): then it answers it.
      if (!(route.method === 'get' && answer.status === 200))
        expectClientError(answer, `${label(route)} with ${what}`);
    }
  });
}

/** Every leaf of a JSON value with its path, for the per-field attacks. */
function leaves(value: unknown, path: string[] = []): { path: string[]; value: unknown }[] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([name, inner]) => leaves(inner, [...path, name]));
  }
  return [{ path, value }];
}

function withLeaf(body: Record<string, unknown>, path: string[], value: unknown) {
  const copy = structuredClone(body);
  let target: Record<string, unknown> = copy;
  for (const name of path.slice(0, -1)) target = target[name] as Record<string, unknown>;
  target[path[path.length - 1] ?? ''] = value;
  return copy;
}

const postRoutes = routes.filter((route) => route.method === 'post');

test('every sample body still has its route’s shape', () => {
  const stale = Object.entries(SAMPLE_BODIES).filter(([name, body]) => {
    const route = routes.find((candidate) => label(candidate) === name);
    return name !== 'post /members' && !route?.body?.safeParse(body).success;
  });
  expect(stale.map(([name]) => name)).toEqual([]);
});

describe.each(indexed(postRoutes))('%s', (name, route, index) => {
  it('refuses malformed, oversized and mistyped bodies and unknown fields', async () => {
    const sample = SAMPLE_BODIES[name] ?? {};
    const big = 'x'.repeat(parseInt(MAX_BODY, 10) * 1024 + 1);
    await refusedAll(route, index, [
      ['truncated JSON', { raw: '{"memberId": ' }],
      ['single quotes', { raw: "{'a': 1}" }],
      ['two documents', { raw: '{}{}' }],
      ['a number too big for JSON numbers', { raw: '{"points": 1e400}' }],
      ['a body over the limit', { json: { ...sample, padding: big } }],
      ['an array body', { json: [sample] }],
      ['a string body', { json: 'text' }],
      ['a number body', { json: 42 }],
      ['an unknown field', { json: { ...sample, unexpected: 1 } }],
      ['a form body', { raw: 'a=1', headers: { 'content-type': 'text/plain' } }],
    ]);
  });

  const sample = SAMPLE_BODIES[name];
  if (!sample) return;
  it.each(leaves(sample).map(({ path, value }) => [path.join('.'), path, value] as const))(
    'refuses bad values at %s',
    async (_field, path, value) => {
      const bad = typeof value === 'number' ? BAD_NUMBERS : BAD_STRINGS;
      const nested =
        path.length > 1 ? [withLeaf(sample, [...path.slice(0, -1), 'unexpected'], 1)] : [];
      await refusedAll(route, index, [
        ...bad.map((spoiled): [string, Call] => [
          JSON.stringify(spoiled).slice(0, 40),
          { json: withLeaf(sample, path, spoiled) },
        ]),
        ...nested.map((body): [string, Call] => ['a nested unknown field', { json: body }]),
      ]);
    },
  );
});

const getRoutes = routes.filter((route) => route.method === 'get' && (route.params || route.query));
const BAD_SEGMENTS = [
  '%00',
  '%E2%80%AE',
  'a%07b',
  '%F0%9F%98%80',
  'x'.repeat(300),
  '..%2F..',
  '-1',
];
const BAD_QUERY_VALUES = ['-1', '1.5', '9007199254740993', '1e400', 'abc', '%00', '%E2%80%AE'];

describe.each(indexed(getRoutes))('%s', (_name, route, index) => {
  it('answers bad path segments and query values without a 5xx or a write', async () => {
    const shape = (route.query as { shape?: Record<string, unknown> } | undefined)?.shape ?? {};
    const paths = [
      ...BAD_SEGMENTS.filter(() => route.params).map((segment) =>
        route.path.replace(/:[A-Za-z]+/g, segment),
      ),
      ...Object.keys(shape).flatMap((key) =>
        BAD_QUERY_VALUES.map((value) => `${samplePath(route)}?${key}=${value}`),
      ),
      ...(route.query ? [`${samplePath(route)}?unknown=1`] : []),
    ];
    await refusedAll(
      route,
      index,
      paths.map((path): [string, Call] => [path, { method: 'GET' }]),
    );
  });
});
