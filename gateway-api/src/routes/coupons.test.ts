/**
 * Coupons and the members' market through the merchants' gateways: each story runs in order,
 * members signing in their own name, each merchant at its own gateway.
 */
import {
  MALL1,
  MALL2,
  ORGS,
  PARKING1,
  PARKING2,
  TestAlliance,
  type TestMember,
} from '@points-alliance/chaincode/dist/test-support/alliance';
import { couponClassDefinition } from '@points-alliance/chaincode/dist/test-support/coupons';
import { couponRoutes } from './coupons';
import {
  earnBody,
  expectProblem,
  expectStatus,
  succeededRoutes,
  testGateway,
  type TestGateway,
} from '../test-support/test-gateway';

const HOUR = 3_600_000;
const exercised = new Set<string>();

let alliance: TestAlliance;
let gateways: Record<string, TestGateway>;
const gw = (org: string) => gateways[org] as TestGateway;

/** A member-signed POST at a merchant's gateway. */
function signed(org: string, path: string, member: TestMember, op: string, params: object) {
  return gw(org).post(
    path,
    member.sign(op as Parameters<TestMember['sign']>[0], params, alliance.now),
    { as: 'nobody' },
  );
}

async function balance(memberId: string, symbol: string) {
  const res = await gw(MALL2).get(`/members/${memberId}/balances/${symbol}`);
  expectStatus(res, 200);
  return res.body as { available: number; locked: number; total: number };
}

async function coupon(couponId: string) {
  const res = await gw(MALL2).get(`/coupons/${couponId}`);
  expectStatus(res, 200);
  return res.body as { owner?: string; state: string; redeemedBy?: string };
}

describe('coupons across the alliance', () => {
  beforeAll(async () => {
    alliance = await TestAlliance.create();
    gateways = Object.fromEntries(ORGS.map((org) => [org, testGateway(alliance, org)]));
  });
  afterAll(async () => {
    for (const gateway of Object.values(gateways)) {
      for (const route of await succeededRoutes(gateway)) exercised.add(route);
      await gateway.dispose();
    }
  });

  const members = {} as Record<'ada' | 'bob' | 'cyd' | 'dan', TestMember>;
  const ids: Record<string, string> = {};

  it('merchants define classes; a parking voucher is also taken at a mall', async () => {
    members.ada = await gw(PARKING1).registerMember('ada');
    members.bob = await gw(MALL1).registerMember('bob');
    members.cyd = await gw(PARKING2).registerMember('cyd');
    members.dan = await gw(MALL2).registerMember('dan');
    const parking = await gw(PARKING1).post(
      '/coupon-classes',
      couponClassDefinition(alliance.now, { acceptedBy: [MALL1] }),
    );
    expectStatus(parking, 201);
    expect(parking.body.result).toMatchObject({ id: 'TWO-HOURS', issuer: PARKING1 });
    const operator = await gw(MALL1).post(
      '/coupon-classes',
      couponClassDefinition(alliance.now, { classId: 'CASH-5' }),
      { as: 'operator' },
    );
    expectProblem(operator, 403, 'ROLE_TOO_LOW');
    expectStatus(
      await gw(MALL1).post(
        '/coupon-classes',
        couponClassDefinition(alliance.now, { classId: 'CASH-5' }),
      ),
      201,
    );
    const classes = await gw(MALL2).get('/coupon-classes');
    expectStatus(classes, 200);
    expect(classes.body.map((c: { id: string }) => c.id).sort()).toEqual(['CASH-5', 'TWO-HOURS']);
  });

  it('a member buys a voucher for points and gifts it; the friend redeems it at the mall', async () => {
    const { ada, bob } = members;
    expectStatus(
      await gw(PARKING1).post('/earns', earnBody(ada.id, 'o-1', 80), { as: 'operator' }),
      201,
    );
    const bought = await signed(PARKING1, '/coupon-purchases', ada, 'buy-coupon', {
      classId: 'TWO-HOURS',
    });
    expectStatus(bought, 201);
    ids.voucher = bought.body.result.coupon.id as string;
    expect(await balance(ada.id, 'PARK1')).toMatchObject({ available: 30 });
    const gift = await signed(PARKING2, '/coupon-gifts', ada, 'gift-coupon', {
      couponId: ids.voucher,
      to: bob.id,
    });
    expectStatus(gift, 201);
    const held = await gw(PARKING2).get(`/members/${bob.id}/coupons`);
    expect(held.body.map((c: { id: string }) => c.id)).toEqual([ids.voucher]);
    const wrongCounter = await signed(MALL2, '/coupon-redemptions', bob, 'redeem-coupon', {
      couponId: ids.voucher,
    });
    expectProblem(wrongCounter, 403, 'NOT_AUTHORIZED');
    const redeemed = await signed(MALL1, '/coupon-redemptions', bob, 'redeem-coupon', {
      couponId: ids.voucher,
    });
    expectStatus(redeemed, 201);
    expect(await coupon(ids.voucher)).toMatchObject({ state: 'redeemed', redeemedBy: MALL1 });
    const again = await signed(MALL1, '/coupon-redemptions', bob, 'redeem-coupon', {
      couponId: ids.voucher,
    });
    expectProblem(again, 409, 'INVALID_STATE');
    const counts = await gw(PARKING2).get('/coupon-classes/TWO-HOURS');
    expect(counts.body).toMatchObject({ issued: 1, redeemed: 1, outstanding: 0 });
  });

  it('two members of different home merchants swap a coupon for points', async () => {
    const { bob, cyd } = members;
    const issued = await gw(MALL1).post(
      '/coupon-issuances',
      { classId: 'CASH-5', memberId: bob.id },
      { as: 'operator' },
    );
    expectStatus(issued, 201);
    ids.cash = issued.body.result.id as string;
    const expiresAt = new Date(alliance.now.getTime() + 24 * HOUR).toISOString();
    const offer = await signed(MALL1, '/offers', bob, 'create-offer', {
      offerId: 'swap-1',
      give: { kind: 'coupon', couponId: ids.cash },
      want: { kind: 'points', symbol: 'PARK2', points: 25 },
      expiresAt,
    });
    expectStatus(offer, 201);
    const open = await gw(PARKING1).get('/offers?status=open');
    expect(open.body.map((o: { id: string }) => o.id)).toEqual(['swap-1']);
    const broke = await signed(PARKING2, '/offer-acceptances', cyd, 'take-offer', {
      offerId: 'swap-1',
    });
    expectProblem(broke, 422, 'INSUFFICIENT_BALANCE');
    expectStatus(
      await gw(PARKING2).post('/earns', earnBody(cyd.id, 'o-2', 25), { as: 'operator' }),
      201,
    );
    const taken = await signed(PARKING2, '/offer-acceptances', cyd, 'take-offer', {
      offerId: 'swap-1',
    });
    expectStatus(taken, 201);
    expect(await coupon(ids.cash)).toMatchObject({ owner: cyd.id, state: 'active' });
    expect(await balance(bob.id, 'PARK2')).toMatchObject({ available: 25 });
    const done = await gw(MALL2).get('/offers/swap-1');
    expect(done.body).toMatchObject({ status: 'taken', takenBy: cyd.id });
  });

  it('a cancelled offer gives its points back', async () => {
    const { cyd } = members;
    expectStatus(
      await gw(PARKING2).post('/earns', earnBody(cyd.id, 'o-3', 40), { as: 'operator' }),
      201,
    );
    const expiresAt = new Date(alliance.now.getTime() + HOUR).toISOString();
    const offer = await signed(PARKING2, '/offers', cyd, 'create-offer', {
      offerId: 'swap-2',
      give: { kind: 'points', symbol: 'PARK2', points: 40 },
      want: { kind: 'coupon', classId: 'TWO-HOURS' },
      expiresAt,
    });
    expectStatus(offer, 201);
    expect(await balance(cyd.id, 'PARK2')).toMatchObject({ available: 0, locked: 40 });
    const cancelled = await signed(PARKING2, '/offer-cancellations', cyd, 'cancel-offer', {
      offerId: 'swap-2',
    });
    expectStatus(cancelled, 200);
    expect(await balance(cyd.id, 'PARK2')).toMatchObject({ available: 40, locked: 0 });
  });

  it('an auction with three bidders is settled to the highest after its deadline', async () => {
    const { ada, bob, cyd, dan } = members;
    for (const [member, ref] of [
      [bob, 'o-4'],
      [cyd, 'o-5'],
      [dan, 'o-6'],
    ] as const) {
      expectStatus(
        await gw(MALL1).post('/earns', earnBody(member.id, ref, 100), { as: 'operator' }),
        201,
      );
    }
    const voucher = await gw(PARKING1).post(
      '/coupon-issuances',
      { classId: 'TWO-HOURS', memberId: ada.id },
      { as: 'operator' },
    );
    ids.auctioned = voucher.body.result.id as string;
    const closesAt = new Date(alliance.now.getTime() + 2 * HOUR).toISOString();
    const opened = await signed(PARKING1, '/auctions', ada, 'open-auction', {
      auctionId: 'auc-1',
      couponId: ids.auctioned,
      symbol: 'MALL1',
      minBid: 10,
      closesAt,
    });
    expectStatus(opened, 201);
    for (const [member, points] of [
      [bob, 10],
      [cyd, 30],
      [dan, 45],
    ] as const) {
      expectStatus(
        await signed(member.homeOrg, '/bids', member, 'bid', { auctionId: 'auc-1', points }),
        201,
      );
    }
    const low = await signed(MALL1, '/bids', bob, 'bid', { auctionId: 'auc-1', points: 45 });
    expectProblem(low, 400, 'VALIDATION');
    expect(await balance(dan.id, 'MALL1')).toMatchObject({ locked: 45 });
    expect(await balance(cyd.id, 'MALL1')).toMatchObject({ locked: 0, available: 100 });
    const early = await gw(MALL2).post('/auctions/auc-1/closing', {}, { as: 'operator' });
    expectProblem(early, 409, 'INVALID_STATE');
    alliance.net.advanceTime(2 * HOUR);
    const closed = await gw(MALL2).post('/auctions/auc-1/closing', {}, { as: 'operator' });
    expectStatus(closed, 200);
    expect(closed.body.result).toMatchObject({ status: 'closed', winner: dan.id });
    expect(await coupon(ids.auctioned)).toMatchObject({ owner: dan.id, state: 'active' });
    expect(await balance(ada.id, 'MALL1')).toMatchObject({ available: 45 });
    expect(await balance(dan.id, 'MALL1')).toMatchObject({ total: 55, locked: 0 });
    const listed = await gw(PARKING2).get('/auctions');
    expect(listed.body).toHaveLength(1);
    const read = await gw(PARKING2).get('/auctions/auc-1');
    expect(read.body).toMatchObject({ bids: 3, winner: dan.id });
  });

  it('a merchant auctions a new coupon for its own points, which are burnt', async () => {
    const { bob } = members;
    const closesAt = new Date(alliance.now.getTime() + HOUR).toISOString();
    const opened = await gw(MALL1).post(
      '/merchant-auctions',
      { auctionId: 'auc-2', classId: 'CASH-5', minBid: 5, closesAt },
      { as: 'operator' },
    );
    expectStatus(opened, 201);
    expectStatus(await signed(MALL1, '/bids', bob, 'bid', { auctionId: 'auc-2', points: 5 }), 201);
    alliance.net.advanceTime(HOUR);
    expectStatus(await gw(PARKING1).post('/auctions/auc-2/closing', {}, { as: 'operator' }), 200);
    const supply = await gw(MALL2).get('/tokens/MALL1');
    expect(supply.body).toMatchObject({ redeemed: 5 });
  });
});

it('every coupon route answered a success in the stories above', () => {
  const table = couponRoutes.map((route) => `${route.method.toUpperCase()} ${route.path}`);
  expect(table.filter((route) => !exercised.has(route))).toEqual([]);
});
