/**
 * A fifth merchant joins the running alliance through the merchants' gateways: the admins of a
 * majority vote it in, it registers its token at its own gateway, agrees a rate with a parking
 * lot, and a member exchanges parking points for the newcomer's points. Then a merchant is
 * suspended and reinstated.
 */
import {
  MALL1,
  MALL2,
  ORGS,
  PARKING1,
  PARKING2,
  RATE_CARD,
  TestAlliance,
  type TestMember,
} from '@points-alliance/chaincode/dist/test-support/alliance';
import { membershipRoutes } from './membership';
import {
  earnBody,
  expectProblem,
  expectStatus,
  succeededRoutes,
  testGateway,
  type TestGateway,
} from '../test-support/test-gateway';

const MALL3 = 'Mall3MSP';
const exercised = new Set<string>();

describe('a merchant joins, another is suspended', () => {
  let alliance: TestAlliance;
  let gateways: Record<string, TestGateway>;
  const at = (org: string) => gateways[org] as TestGateway;
  let parker: TestMember;

  beforeAll(async () => {
    alliance = await TestAlliance.create({ spareOrgs: [MALL3] });
    gateways = Object.fromEntries([...ORGS, MALL3].map((org) => [org, testGateway(alliance, org)]));
  });
  afterAll(async () => {
    for (const gateway of Object.values(gateways)) {
      for (const route of await succeededRoutes(gateway)) exercised.add(route);
      await gateway.dispose();
    }
  });

  it('a majority of the merchants admits the new mall', async () => {
    const token = { symbol: 'MALL3', name: 'Mall 3 points', cap: 100_000, shardCount: 4 };
    expectProblem(await at(MALL3).post('/tokens', token), 403, 'NOT_AUTHORIZED');
    const proposal = { proposalId: 'admit-mall3', change: 'admit', org: MALL3 };
    expectProblem(
      await at(PARKING1).post('/membership-proposals', proposal, { as: 'operator' }),
      403,
      'ROLE_TOO_LOW',
    );
    expectStatus(await at(PARKING1).post('/membership-proposals', proposal), 201);
    expectStatus(await at(MALL1).post('/membership-proposals/admit-mall3/approvals'), 200);
    const before = await at(MALL3).get('/alliance/members', 'nobody');
    expect(before.body.orgs).not.toContain(MALL3);
    const applied = await at(MALL2).post('/membership-proposals/admit-mall3/approvals');
    expectStatus(applied, 200);
    expect(applied.body.result).toMatchObject({ status: 'applied' });
    const read = await at(PARKING2).get('/membership-proposals/admit-mall3');
    expect(read.body.approvals).toEqual([MALL1, MALL2, PARKING1]);
    const after = await at(MALL3).get('/alliance/members', 'nobody');
    expect(after.body).toEqual({ orgs: [...ORGS, MALL3].sort(), suspended: [] });
    expectStatus(await at(MALL3).post('/tokens', token), 201);
  });

  it('the newcomer agrees a rate with a parking lot; a member exchanges at its gateway', async () => {
    const proposed = await at(PARKING1).post('/agreements', {
      agreementId: 'p1-m3',
      toOrg: MALL3,
      ...RATE_CARD,
      terms: { pricePerThousandPointsMinor: 4000, currency: 'EUR' },
    });
    expectStatus(proposed, 201);
    expectStatus(await at(MALL3).post('/agreements/p1-m3/acceptance'), 200);
    parker = await at(PARKING1).registerMember('parker');
    expectStatus(await at(PARKING1).post('/earns', earnBody('parker', 'o-1', 500)), 201);
    const exchanged = await at(MALL3).post(
      '/exchanges',
      parker.sign('exchange', { agreementId: 'p1-m3', amount: 100 }, alliance.now),
      { as: 'nobody' },
    );
    expectStatus(exchanged, 201);
    const balance = await at(MALL3).get('/members/parker/balances/MALL3');
    expect(balance.body).toMatchObject({ available: 150 });
  });

  it('a suspended merchant can neither earn nor exchange until a majority reinstates it', async () => {
    expectStatus(
      await at(MALL3).post('/membership-proposals', {
        proposalId: 'out-p1',
        change: 'suspend',
        org: PARKING1,
      }),
      201,
    );
    for (const org of [MALL1, MALL2]) {
      expectStatus(await at(org).post('/membership-proposals/out-p1/approvals'), 200);
    }
    expect((await at(MALL1).get('/alliance/members', 'nobody')).body.suspended).toEqual([PARKING1]);
    expectProblem(
      await at(PARKING1).post('/earns', earnBody('parker', 'o-2', 5)),
      403,
      'NOT_AUTHORIZED',
    );
    const exchange = await at(MALL3).post(
      '/exchanges',
      parker.sign('exchange', { agreementId: 'p1-m3', amount: 100 }, alliance.now),
      { as: 'nobody' },
    );
    expectProblem(exchange, 422, 'AGREEMENT_INACTIVE');
    expectStatus(
      await at(MALL2).post('/membership-proposals', {
        proposalId: 'back-p1',
        change: 'reinstate',
        org: PARKING1,
      }),
      201,
    );
    for (const org of [MALL1, MALL3]) {
      expectStatus(await at(org).post('/membership-proposals/back-p1/approvals'), 200);
    }
    expectStatus(await at(PARKING1).post('/earns', earnBody('parker', 'o-2', 5)), 201);
  });
});

it('every membership route answered a success in the story above', () => {
  const table = membershipRoutes.map((route) => `${route.method.toUpperCase()} ${route.path}`);
  expect(table.filter((route) => !exercised.has(route))).toEqual([]);
});
