import {
  MALL1,
  PARKING1,
  TestAlliance,
} from '@points-alliance/chaincode/dist/test-support/alliance';
import { ROLES, type Role } from '../auth/credentials';
import { routes } from '../routes';
import { isStaffAccess } from './route';
import {
  earnBody,
  expectProblem,
  expectStatus,
  samplePath,
  testGateway,
  type TestGateway,
} from '../test-support/test-gateway';

let alliance: TestAlliance;
let parking: TestGateway;
let mall: TestGateway;

beforeAll(async () => {
  alliance = await TestAlliance.create();
  parking = testGateway(alliance, PARKING1);
  mall = testGateway(alliance, MALL1);
});

afterAll(async () => {
  await parking.dispose();
  await mall.dispose();
});

function withAuthorization(value: string) {
  return parking.get('/tokens', 'nobody').set('Authorization', value);
}

describe('staff keys', () => {
  it('answers 401 UNAUTHENTICATED without a key, with a Bearer challenge', async () => {
    const res = await parking.get('/tokens', 'nobody');
    expectProblem(res, 401, 'UNAUTHENTICATED');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it.each([
    ['not a key', 'Bearer nonsense'],
    ['another scheme', () => `Basic ${parking.keys.admin}`],
    ['an empty bearer', 'Bearer '],
    ['a truncated secret', () => `Bearer ${parking.keys.admin.slice(0, -1)}`],
    ['a secret too long', () => `Bearer ${parking.keys.admin}A`],
    [
      'an upper-case key id',
      () => `Bearer ${parking.keys.admin.replace(/\.([0-9a-f]{16})\./, (m) => m.toUpperCase())}`,
    ],
    [
      'a wrong secret',
      () => `Bearer ${parking.keys.admin.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))}`,
    ],
    [
      'an unknown key id',
      () => `Bearer ${parking.keys.admin.replace(/\.[0-9a-f]{16}\./, '.0123456789abcdef.')}`,
    ],
  ])('answers 401 UNAUTHENTICATED for %s', async (_what, value) => {
    const res = await withAuthorization(typeof value === 'function' ? value() : value);
    expectProblem(res, 401, 'UNAUTHENTICATED');
  });

  it('accepts the scheme name in any case', async () => {
    expectStatus(await withAuthorization(`bearer ${parking.keys.auditor}`), 200);
    expectStatus(await withAuthorization(`BEARER ${parking.keys.auditor}`), 200);
  });

  it("answers 403 WRONG_ORG for another org's valid key", async () => {
    const res = await parking
      .get('/tokens', 'nobody')
      .set('Authorization', `Bearer ${mall.keys.admin}`);
    expectProblem(res, 403, 'WRONG_ORG');
    expect(res.body.detail).toContain(MALL1);
  });

  it('answers 403 ROLE_TOO_LOW below the route’s role, and changes nothing', async () => {
    const before = alliance.publicState();
    const res = await parking.post('/earns', { memberId: 'x' }, { as: 'auditor' });
    expectProblem(res, 403, 'ROLE_TOO_LOW');
    expectProblem(
      await parking.post('/tokens/cap-reductions', { newCap: 1 }, { as: 'operator' }),
      403,
      'ROLE_TOO_LOW',
    );
    expect(alliance.publicState()).toEqual(before);
  });
});

describe('each route of the table', () => {
  const staffRoutes = routes.filter((route) => isStaffAccess(route.access));
  const call = (route: (typeof routes)[number], as: Role | 'nobody') =>
    route.method === 'get'
      ? parking.get(samplePath(route), as)
      : parking.post(samplePath(route), {}, { as });

  it.each(staffRoutes.map((route) => [route.method.toUpperCase(), route.path, route] as const))(
    '%s %s needs its role and no less',
    async (_method, _path, route) => {
      expectProblem(await call(route, 'nobody'), 401, 'UNAUTHENTICATED');
      const needed = ROLES.indexOf(route.access as Role);
      for (const role of ROLES) {
        const res = await call(route, role);
        if (ROLES.indexOf(role) < needed) expectProblem(res, 403, 'ROLE_TOO_LOW');
        else expect([401, 403]).not.toContain(res.status);
      }
    },
  );

  it('member-signed routes need no staff key', async () => {
    const memberRoutes = routes.filter((route) => route.access === 'member');
    expect(memberRoutes.map((route) => `${route.method} ${route.path}`).sort()).toEqual([
      'get /exchange-quotes',
      'get /rate-cards',
      'post /auctions',
      'post /bids',
      'post /coupon-gifts',
      'post /coupon-purchases',
      'post /coupon-redemptions',
      'post /exchanges',
      'post /legacy/exports',
      'post /members/key-rotations',
      'post /offer-acceptances',
      'post /offer-cancellations',
      'post /offers',
      'post /redemptions',
      'post /transfers',
    ]);
    for (const route of memberRoutes) {
      expect([401, 403]).not.toContain((await call(route, 'nobody')).status);
    }
  });

  it('public routes answer without any key', async () => {
    const publicRoutes = routes.filter((route) => route.access === 'public');
    expect(publicRoutes.length).toBeGreaterThan(0);
    for (const route of publicRoutes) {
      expect([401, 403]).not.toContain((await call(route, 'nobody')).status);
    }
  });

  it('member-session routes refuse a missing session, a staff key and a forged token', async () => {
    const sessionRoutes = routes.filter((route) => route.access === 'member-session');
    expect(sessionRoutes.length).toBeGreaterThan(0);
    for (const route of sessionRoutes) {
      expectProblem(await call(route, 'nobody'), 401, 'UNAUTHENTICATED');
      expectProblem(await call(route, 'admin'), 401, 'UNAUTHENTICATED');
      const forged = parking
        .get(samplePath(route), 'nobody')
        .set('Authorization', 'Bearer pam.e30.AAAA');
      expectProblem(await forged, 401, 'UNAUTHENTICATED');
    }
  });

  it('a member-signed redemption goes through without any staff key', async () => {
    const member = await parking.registerMember('walker');
    expectStatus(await parking.post('/earns', earnBody('walker', 'walk-1', 50)), 201);
    const signed = member.sign('redeem', { symbol: 'PARK1', points: 20 }, alliance.now);
    const res = await parking.post('/redemptions', signed, { as: 'nobody' });
    expectStatus(res, 201);
    expect(res.body.result).toMatchObject({ available: 30, redeemed: 20 });
  });
});
