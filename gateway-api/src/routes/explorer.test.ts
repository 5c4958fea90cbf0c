/**
 * The explorer's routes over HTTP: the alliance's public figures and their series, member
 * sign-in by challenge and response with the reads it opens, and a merchant's activity.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { canonicalSignInText } from '@points-alliance/chaincode/dist/member-request/canonical';
import {
  MALL1,
  ORGS,
  PARKING1,
  RATE_CARD,
  TestAlliance,
  type TestMember,
} from '@points-alliance/chaincode/dist/test-support/alliance';
import { couponClassDefinition } from '@points-alliance/chaincode/dist/test-support/coupons';
import { CHALLENGE_LIFETIME_MS, SESSION_LIFETIME_MS } from '../member-session/member-sessions';
import {
  earnBody,
  expectProblem,
  expectStatus,
  testGateway,
  type TestGateway,
} from '../test-support/test-gateway';

let alliance: TestAlliance;
const gateways: Record<string, TestGateway> = {};
const at = (org: string) => gateways[org] as TestGateway;
let ada: TestMember;

/** Signs a sign-in challenge as the explorer does (P-256, IEEE P1363, base64). */
function signChallenge(key: KeyObject, org: string, memberId: string, challenge: string) {
  const proof = Buffer.from(canonicalSignInText({ org, memberId, challenge }), 'utf8');
  return sign('sha256', proof, { key, dsaEncoding: 'ieee-p1363' }).toString('base64');
}

async function challengeFor(memberId: string, gateway = at(PARKING1)): Promise<string> {
  const res = await gateway.get(`/member-sessions/challenge?memberId=${memberId}`, 'nobody');
  expectStatus(res, 200);
  return res.body.challenge as string;
}

async function signIn(member: TestMember, key = member.privateKey, gateway = at(PARKING1)) {
  const challenge = await challengeFor(member.id, gateway);
  return gateway.post(
    '/member-sessions',
    {
      memberId: member.id,
      challenge,
      signature: signChallenge(key, gateway.org, member.id, challenge),
    },
    { as: 'nobody' },
  );
}

/** Ada's answer to a challenge, signed with her key (or another) for a gateway (default Parking1's). */
function answer(challenge: string, { key = ada.privateKey, signedFor = PARKING1 } = {}) {
  return { memberId: 'ada', challenge, signature: signChallenge(key, signedFor, 'ada', challenge) };
}

const sendAnswer = (body: object) => at(PARKING1).post('/member-sessions', body, { as: 'nobody' });

/** Waits until the gateway's audit index holds every committed block. */
async function indexed(gateway: TestGateway): Promise<void> {
  for (let tries = 0; gateway.services.audit.checkpoint() < alliance.net.blockHeight; tries++) {
    if (tries > 200) throw new Error('the audit index did not catch up');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  alliance = await TestAlliance.create();
  alliance.net.setTime(new Date('2026-03-02T10:00:00.000Z'));
  for (const org of ORGS) gateways[org] = testGateway(alliance, org, { followBlocks: true });
  ada = await at(PARKING1).registerMember('ada');
  expectStatus(
    await at(PARKING1).post('/earns', earnBody('ada', 'o-1', 1000), { as: 'operator' }),
    201,
  );
  expectStatus(
    await at(PARKING1).post('/agreements', {
      agreementId: 'p1-m1',
      toOrg: MALL1,
      ...RATE_CARD,
      terms: { pricePerThousandPointsMinor: 4250, currency: 'EUR' },
    }),
    201,
  );
  expectStatus(await at(MALL1).post('/agreements/p1-m1/acceptance'), 200);
  const exchange = ada.sign('exchange', { agreementId: 'p1-m1', amount: 200 }, alliance.now);
  expectStatus(await at(PARKING1).post('/exchanges', exchange, { as: 'nobody' }), 201);
  alliance.net.advanceTime(2 * 3_600_000);
  const redeem = ada.sign('redeem', { symbol: 'PARK1', points: 100 }, alliance.now);
  expectStatus(await at(PARKING1).post('/redemptions', redeem, { as: 'nobody' }), 201);
  await indexed(at(PARKING1));
});

afterAll(async () => {
  for (const gateway of Object.values(gateways)) await gateway.dispose();
});

describe('the alliance, for anyone', () => {
  it('lists every token with its public supply, without any key', async () => {
    const res = await at(MALL1).get('/alliance/tokens', 'nobody');
    expectStatus(res, 200);
    const park = (res.body as { symbol: string }[]).find((t) => t.symbol === 'PARK1');
    // 1000 earned; 200 exchanged with a fee of 5, and 100 redeemed, left circulation.
    expect(park).toMatchObject({
      issuer: PARKING1,
      cap: 1_000_000,
      issued: 1000,
      redeemed: 305,
      outstanding: 695,
    });
    expect(res.body).toHaveLength(ORGS.length);
  });

  it("ends each token's outstanding series at the ledger's own figure", async () => {
    const tokens = (await at(PARKING1).get('/alliance/tokens', 'nobody')).body as {
      symbol: string;
      outstanding: number;
    }[];
    const series = await at(PARKING1).get('/alliance/series?bucket=hour', 'nobody');
    expectStatus(series, 200);
    for (const token of tokens.filter((t) => t.outstanding > 0)) {
      expect(series.body.outstanding[token.symbol].at(-1).value).toBe(token.outstanding);
    }
    // Two hours apart: the earn and exchange in one hour, the redemption in another.
    expect(series.body.outstanding.PARK1).toEqual([
      { at: '2026-03-02T10:00:00.000Z', value: 795 },
      { at: '2026-03-02T12:00:00.000Z', value: 695 },
    ]);
    expect(series.body.outstanding.MALL1).toEqual([{ at: '2026-03-02T10:00:00.000Z', value: 300 }]);
    expect(series.body.exchangeVolume).toEqual({
      [`${PARKING1}→${MALL1}`]: [{ at: '2026-03-02T10:00:00.000Z', value: 200 }],
    });
  });

  it('buckets by day when asked, and refuses an unknown bucket', async () => {
    const daily = await at(PARKING1).get('/alliance/series?bucket=day', 'nobody');
    expect(daily.body.outstanding.PARK1).toEqual([{ at: '2026-03-02T00:00:00.000Z', value: 695 }]);
    expectProblem(
      await at(PARKING1).get('/alliance/series?bucket=week', 'nobody'),
      400,
      'VALIDATION',
    );
  });
});

describe('member sign-in', () => {
  it('gives a session for a challenge signed with the member key; it reads only their own data', async () => {
    const res = await signIn(ada);
    expectStatus(res, 201);
    expect(res.body).toMatchObject({ memberId: 'ada', token: expect.stringMatching(/^pam\./) });
    const bearer = `Bearer ${res.body.token as string}`;
    const balances = await at(PARKING1).get('/me/balances', 'nobody').set('Authorization', bearer);
    expectStatus(balances, 200);
    expect(
      Object.fromEntries(
        (balances.body as { symbol: string; available: number }[]).map((b) => [
          b.symbol,
          b.available,
        ]),
      ),
    ).toEqual({ PARK1: 695, MALL1: 300 });
    const history = await at(PARKING1).get('/me/history', 'nobody').set('Authorization', bearer);
    expectStatus(history, 200);
    const types = (history.body.records as { type: string }[]).map((r) => r.type);
    expect(types).toEqual(
      expect.arrayContaining(['Redeemed', 'Exchanged', 'Earned', 'MemberRegistered']),
    );
    for (const record of history.body.records as { payload: Record<string, unknown> }[]) {
      expect(JSON.stringify(record.payload)).toContain('"ada"');
    }
  });

  it('refuses a signature by another key, and an unknown member, alike', async () => {
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    expectProblem(await signIn(ada, stranger), 401, 'UNAUTHENTICATED');
    const ghost = { ...ada, id: 'ghost' } as TestMember;
    expectProblem(await signIn(ghost), 401, 'UNAUTHENTICATED');
  });

  it('spends a challenge once', async () => {
    const body = answer(await challengeFor('ada'));
    expectStatus(await sendAnswer(body), 201);
    expectProblem(await sendAnswer(body), 401, 'UNAUTHENTICATED');
  });

  it("refuses another gateway's challenge, and a proof signed for another gateway", async () => {
    const mallChallenge = await challengeFor('ada', at(MALL1));
    expectProblem(await sendAnswer(answer(mallChallenge)), 401, 'UNAUTHENTICATED');
    const signedForMall = answer(await challengeFor('ada'), { signedFor: MALL1 });
    expectProblem(await sendAnswer(signedForMall), 401, 'UNAUTHENTICATED');
  });

  it('refuses a challenge issued for another member, and one that expired', async () => {
    expectProblem(await sendAnswer(answer(await challengeFor('bob'))), 401, 'UNAUTHENTICATED');
    const late = answer(await challengeFor('ada'));
    jest.spyOn(Date, 'now').mockReturnValue(Date.now() + CHALLENGE_LIFETIME_MS + 1);
    try {
      expectProblem(await sendAnswer(late), 401, 'UNAUTHENTICATED');
    } finally {
      jest.restoreAllMocks();
    }
    // In time, the very same answer signs in: expiry alone refused it.
    expectStatus(await sendAnswer(late), 201);
  });

  it('a session token expires, is bound to its gateway, and cannot be forged from a challenge', async () => {
    const token = (await signIn(ada)).body.token as string;
    const asBearer = (gateway: TestGateway, value: string) =>
      gateway.get('/me/balances', 'nobody').set('Authorization', `Bearer ${value}`);
    expectProblem(await asBearer(at(MALL1), token), 401, 'UNAUTHENTICATED');
    const challenge = await challengeFor('ada');
    expectProblem(await asBearer(at(PARKING1), `pam.${challenge}`), 401, 'UNAUTHENTICATED');
    expectStatus(await asBearer(at(PARKING1), token), 200);
    jest.spyOn(Date, 'now').mockReturnValue(Date.now() + SESSION_LIFETIME_MS + 1);
    try {
      expectProblem(await asBearer(at(PARKING1), token), 401, 'UNAUTHENTICATED');
    } finally {
      jest.restoreAllMocks();
    }
  });
});

describe("a merchant's activity", () => {
  it('counts its members, the earns and the redemptions of its token', async () => {
    expectProblem(await at(PARKING1).get('/merchant/activity', 'nobody'), 401, 'UNAUTHENTICATED');
    const res = await at(PARKING1).get('/merchant/activity');
    expectStatus(res, 200);
    expect(res.body).toEqual({
      org: PARKING1,
      symbol: 'PARK1',
      members: 1,
      earns: { count: 1, points: 1000 },
      redemptions: { count: 1, points: 100 },
    });
    await indexed(at(MALL1));
    const mall = await at(MALL1).get('/merchant/activity');
    expect(mall.body).toMatchObject({ org: MALL1, symbol: 'MALL1', members: 0 });
  });
});

describe('the coupon market, for anyone and for the member', () => {
  const HOUR = 3_600_000;
  const later = (hours: number) => new Date(alliance.now.getTime() + hours * HOUR).toISOString();
  let couponId = '';
  let bob: TestMember;

  beforeAll(async () => {
    expectStatus(
      await at(PARKING1).post('/coupon-classes', couponClassDefinition(alliance.now)),
      201,
    );
    const issued = await at(PARKING1).post(
      '/coupon-issuances',
      { classId: 'TWO-HOURS', memberId: 'ada' },
      { as: 'operator' },
    );
    expectStatus(issued, 201);
    couponId = issued.body.result.id as string;
    const offer = ada.sign(
      'create-offer',
      {
        offerId: 'ada-offer',
        give: { kind: 'coupon', couponId },
        want: { kind: 'points', symbol: 'MALL1', points: 40 },
        expiresAt: later(24),
      },
      alliance.now,
    );
    expectStatus(await at(PARKING1).post('/offers', offer, { as: 'nobody' }), 201);
    const auction = {
      auctionId: 'park-auction',
      classId: 'TWO-HOURS',
      minBid: 20,
      closesAt: later(1),
    };
    expectStatus(await at(PARKING1).post('/merchant-auctions', auction, { as: 'operator' }), 201);
    const bid = ada.sign('bid', { auctionId: 'park-auction', points: 25 }, alliance.now);
    expectStatus(await at(PARKING1).post('/bids', bid, { as: 'nobody' }), 201);
  });

  it('lists every coupon class with its counts, without any key', async () => {
    const res = await at(MALL1).get('/alliance/coupon-classes', 'nobody');
    expectStatus(res, 200);
    // Ada's coupon and the one the auction holds for its winner.
    expect(res.body).toEqual([
      expect.objectContaining({
        id: 'TWO-HOURS',
        issuer: PARKING1,
        issued: 2,
        redeemed: 0,
        expired: 0,
        outstanding: 2,
      }),
    ]);
  });

  it('lists open offers and auctions with the standing bid, but no member id', async () => {
    const offers = await at(MALL1).get('/alliance/offers', 'nobody');
    expectStatus(offers, 200);
    expect(offers.body).toEqual([
      expect.objectContaining({
        id: 'ada-offer',
        status: 'open',
        give: { kind: 'coupon', couponId },
      }),
    ]);
    const auctions = await at(MALL1).get('/alliance/auctions', 'nobody');
    expectStatus(auctions, 200);
    expect(auctions.body).toEqual([
      expect.objectContaining({
        id: 'park-auction',
        seller: { kind: 'merchant', org: PARKING1 },
        symbol: 'PARK1',
        highest: { points: 25 },
        closesAt: later(1),
      }),
    ]);
    // The staff route names the maker and the bidder; the public ones never do.
    expect(JSON.stringify((await at(MALL1).get('/offers?status=open')).body)).toContain('"ada"');
    expect(JSON.stringify([offers.body, auctions.body])).not.toContain('ada"');
  });

  it('leaves taken offers and closed auctions out', async () => {
    bob = await at(MALL1).registerMember('bob');
    expectStatus(
      await at(MALL1).post('/earns', earnBody('bob', 'o-bob', 100), { as: 'operator' }),
      201,
    );
    const take = bob.sign('take-offer', { offerId: 'ada-offer' }, alliance.now);
    expectStatus(await at(MALL1).post('/offer-acceptances', take, { as: 'nobody' }), 201);
    alliance.net.advanceTime(2 * HOUR);
    expectStatus(
      await at(PARKING1).post('/auctions/park-auction/closing', {}, { as: 'operator' }),
      200,
    );
    expect((await at(MALL1).get('/alliance/offers', 'nobody')).body).toEqual([]);
    expect((await at(MALL1).get('/alliance/auctions', 'nobody')).body).toEqual([]);
    const bobs = await signIn(bob, bob.privateKey, at(MALL1));
    const coupons = await at(MALL1)
      .get('/me/coupons', 'nobody')
      .set('Authorization', `Bearer ${bobs.body.token as string}`);
    expect(coupons.body).toEqual([expect.objectContaining({ id: couponId, state: 'active' })]);
  });

  it("a member's session reads only their own coupons, with their state, and open offers", async () => {
    const bearer = `Bearer ${(await signIn(ada)).body.token as string}`;
    const offer = ada.sign(
      'create-offer',
      {
        offerId: 'ada-points',
        give: { kind: 'points', symbol: 'PARK1', points: 10 },
        want: { kind: 'coupon', classId: 'TWO-HOURS' },
        expiresAt: new Date(alliance.now.getTime() + 3_600_000).toISOString(),
      },
      alliance.now,
    );
    expectStatus(await at(PARKING1).post('/offers', offer, { as: 'nobody' }), 201);
    const coupons = await at(PARKING1).get('/me/coupons', 'nobody').set('Authorization', bearer);
    expectStatus(coupons, 200);
    // Ada won the auction's coupon; the one she offered went to Bob.
    expect(coupons.body).toEqual([
      expect.objectContaining({ id: 'TWO-HOURS:0000002', owner: 'ada', state: 'active' }),
    ]);
    const mine = await at(PARKING1).get('/me/offers', 'nobody').set('Authorization', bearer);
    expectStatus(mine, 200);
    expect(mine.body.map((o: { id: string }) => o.id)).toEqual(['ada-points']);
    const bobs = `Bearer ${(await signIn(bob)).body.token as string}`;
    expect(
      (await at(PARKING1).get('/me/offers', 'nobody').set('Authorization', bobs)).body,
    ).toEqual([]);
    expectProblem(await at(PARKING1).get('/me/coupons', 'nobody'), 401, 'UNAUTHENTICATED');
    expectProblem(await at(PARKING1).get('/me/offers', 'nobody'), 401, 'UNAUTHENTICATED');
  });
});
