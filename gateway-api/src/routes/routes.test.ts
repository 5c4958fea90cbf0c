/**
 * Every route through HTTP, in the flows merchants and members go through, with each org's own
 * gateway on one shared ledger. Each describe block is one story: its tests run in order.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { canonicalSignInText } from '@points-alliance/chaincode/dist/member-request/canonical';
import { encodeMemberPublicKey } from '@points-alliance/chaincode/dist/member-request';
import {
  MALL1,
  MALL2,
  ORGS,
  PARKING1,
  PARKING2,
  RATE_CARD,
  SYMBOL,
  TestAlliance,
  type TestMember,
} from '@points-alliance/chaincode/dist/test-support/alliance';
import { routes } from '.';
import type { Route } from '../http/route';
import { couponRoutes } from './coupons';
import { membershipRoutes } from './membership';
import {
  earnBody,
  expectProblem,
  RECEIPT,
  expectStatus,
  succeededRoutes,
  testGateway,
  type TestGateway,
} from '../test-support/test-gateway';

const HOUR = 3_600_000;
/** Routes that answered a success in some flow below. */
const exercised = new Set<string>();

/** An alliance with a gateway per org; the gateways' successes count towards the coverage. */
function world(options: { tokens?: boolean } = {}) {
  const state = {} as { alliance: TestAlliance; gateways: Record<string, TestGateway> };
  beforeAll(async () => {
    state.alliance = await TestAlliance.create(options);
    state.gateways = Object.fromEntries(ORGS.map((org) => [org, testGateway(state.alliance, org)]));
  });
  afterAll(async () => {
    for (const gateway of Object.values(state.gateways)) {
      for (const route of await succeededRoutes(gateway)) exercised.add(route);
      await gateway.dispose();
    }
  });
  return state;
}

describe('tokens, caps and the treasury', () => {
  const w = world({ tokens: false });
  const gw = (org: string) => w.gateways[org] as TestGateway;

  it('each merchant registers its token at its own gateway', async () => {
    for (const org of ORGS) {
      const res = await gw(org).post('/tokens', {
        symbol: SYMBOL[org],
        name: `${org} points`,
        cap: 100_000,
        shardCount: 4,
      });
      expectStatus(res, 201);
      expect(res.body.result).toMatchObject({ symbol: SYMBOL[org], issuer: org, shardCount: 4 });
      expect(res.body.txId).toMatch(/^[0-9a-f]{64}$/);
    }
    const tokens = await gw(MALL2).get('/tokens');
    expectStatus(tokens, 200);
    expect(tokens.body.map((t: { symbol: string }) => t.symbol).sort()).toEqual([
      'MALL1',
      'MALL2',
      'PARK1',
      'PARK2',
    ]);
    expectProblem(
      await gw(PARKING1).post('/tokens', { symbol: 'PARKX', name: 'Second', cap: 10 }),
      409,
      'ALREADY_EXISTS',
    );
  });

  it('a cap raise takes effect at a majority of approvals, given at the other gateways', async () => {
    const proposed = await gw(PARKING1).post('/tokens/cap-proposals', {
      proposalId: 'raise-1',
      newCap: 150_000,
    });
    expectStatus(proposed, 201);
    expect(proposed.body.result).toMatchObject({ status: 'open', approvals: [PARKING1] });

    const approve = (org: string) =>
      gw(org).post('/tokens/PARK1/cap-proposals/raise-1/approvals', undefined);
    const first = await approve(MALL1);
    expectStatus(first, 200);
    expect(first.body.result).toMatchObject({ status: 'open', approvals: [MALL1, PARKING1] });
    expect((await gw(PARKING2).get('/tokens/PARK1')).body.cap).toBe(100_000);

    const second = await approve(MALL2);
    expectStatus(second, 200);
    expect(second.body.result.status).toBe('applied');
    expectProblem(await approve(PARKING2), 409, 'INVALID_STATE');

    const proposal = await gw(PARKING2).get('/tokens/PARK1/cap-proposals/raise-1');
    expectStatus(proposal, 200);
    expect(proposal.body).toMatchObject({ status: 'applied', newCap: 150_000 });
    expect(proposal.body.approvals).toHaveLength(3);
    expect(await w.alliance.supply('PARK1')).toMatchObject({ cap: 150_000, allowance: 150_000 });
  });

  it('the issuer lowers its cap', async () => {
    const res = await gw(PARKING1).post('/tokens/cap-reductions', { newCap: 120_000 });
    expectStatus(res, 200);
    expect(res.body.result).toMatchObject({ cap: 120_000, outstanding: 0 });
    expect((await gw(MALL1).get('/tokens/PARK1')).body).toMatchObject({
      cap: 120_000,
      issuer: PARKING1,
    });
  });

  it('rebalances and consolidations move allowance between shards', async () => {
    const park = gw(PARKING1);
    const moved = await park.post('/treasury/rebalances', {
      fromShard: 0,
      toShard: 1,
      amount: 100,
    });
    expectStatus(moved, 200);
    expect(moved.body.result).toEqual({ symbol: 'PARK1', fromShard: 0, toShard: 1, amount: 100 });
    const shard0 = await park.get('/history/Treasury?key=PARK1/0000');
    expectStatus(shard0, 200);
    expect(shard0.body[0]).toMatchObject({ txId: moved.body.txId, value: { shard: 0 } });
    expect(shard0.body[0].value.allowance).toBe(shard0.body[1].value.allowance - 100);

    // Points come back by redemption, as a delta, until a consolidation folds them in.
    const member = await park.registerMember('rae');
    expectStatus(await park.post('/earns', earnBody('rae', 'o-1', 300)), 201);
    const signed = member.sign('redeem', { symbol: 'PARK1', points: 100 }, w.alliance.now);
    expectStatus(await park.post('/redemptions', signed, { as: 'nobody' }), 201);
    expect((await park.get('/tokens/PARK1')).body).toMatchObject({
      issued: 300,
      redeemed: 100,
      outstanding: 200,
      allowance: 119_700, // the returned 100 are not mintable until folded back
    });
    const folded = await park.post('/treasury/consolidations', { shard: 2 }, { as: 'operator' });
    expectStatus(folded, 200);
    expect(folded.body.result).toEqual({ symbol: 'PARK1', shard: 2, folded: 100 });
    const again = await park.post('/treasury/consolidations', { shard: 2 }, { as: 'operator' });
    expect(again.body.result.folded).toBe(0);
    expect((await park.get('/tokens/PARK1')).body).toMatchObject({
      outstanding: 200,
      allowance: 119_800,
    });
  });

  it('the audit view answers even before any block is indexed (its content: audit.test.ts)', async () => {
    const audit = await gw(MALL2).get('/audit');
    expectStatus(audit, 200);
    expect(audit.body).toEqual({ records: [] });
  });

  it('the history of a record lists each change with its transaction, newest first', async () => {
    const history = await gw(MALL2).get('/history/Token?key=PARK1');
    expectStatus(history, 200);
    expect(history.body.map((entry: { value: { cap: number } }) => entry.value.cap)).toEqual([
      120_000, 150_000, 100_000,
    ]);
    for (const entry of history.body) {
      expect(entry).toMatchObject({
        txId: expect.stringMatching(/^[0-9a-f]{64}$/),
        isDelete: false,
      });
    }
  });
});

describe('members and points', () => {
  const w = world();
  const park = () => w.gateways[PARKING1] as TestGateway;
  const personal = {
    name: 'Zelda Quintessa',
    phone: '+33 6 12 34 56 78',
    email: 'zelda.q@example.org',
    plates: ['ZQ-999-XY'],
  };
  const secrets = [personal.name, personal.phone, personal.email, 'ZQ-999-XY', 'zelda.q'];
  let zelda: TestMember;

  function expectNoPersonalData(where: unknown) {
    const text = JSON.stringify(where);
    for (const secret of secrets) expect(text).not.toContain(secret);
  }

  it('registers members at their home org; personal data stays there', async () => {
    const privateBefore = w.alliance.privateState();
    for (const publicKey of [
      'placeholder',
      generateKeyPairSync('ed25519')
        .publicKey.export({ format: 'der', type: 'spki' })
        .toString('base64'),
    ]) {
      const res = await park().post(
        '/members',
        { memberId: 'zelda', publicKey, personal },
        { as: 'operator' },
      );
      expectProblem(res, 400, 'VALIDATION');
      expect(res.body.detail).toContain('P-256');
    }
    // Refused before any personal data was stored.
    expect(w.alliance.privateState()).toEqual(privateBefore);
    zelda = await park().registerMember('zelda', personal);
    await (w.gateways[PARKING2] as TestGateway).registerMember('bob');

    for (const org of ORGS) {
      const member = await (w.gateways[org] as TestGateway).get('/members/zelda');
      expectStatus(member, 200);
      expect(member.body).toMatchObject({ id: 'zelda', homeOrg: PARKING1, status: 'active' });
      expectNoPersonalData(member.body);
    }
    const own = await park().get('/members/zelda/personal-data', 'operator');
    expectStatus(own, 200);
    expect(own.body).toEqual(personal); // without the salt
    const elsewhere = await (w.gateways[MALL1] as TestGateway).get(
      '/members/zelda/personal-data',
      'operator',
    );
    expectProblem(elsewhere, 403, 'NOT_AUTHORIZED');
    expectNoPersonalData(elsewhere.body);
  });

  it('earns with a receipt that is written in a batch and then checks out', async () => {
    const withPlate = { receipt: { ...RECEIPT, plate: 'ZQ-999-XY' } };
    const earned = await park().post('/earns', earnBody('zelda', 'o-1', 500, withPlate));
    expectStatus(earned, 201);
    expect(earned.body.result).toMatchObject({ memberId: 'zelda', points: 500, reversed: 0 });
    expectNoPersonalData(earned.body);

    const check = () => park().get('/earns/o-1/receipt-check');
    expect((await check()).body).toEqual({ orderRef: 'o-1', stored: false, matches: false });
    expect(park().services.receipts.pending).toBe(1);
    await park().services.receipts.flush();
    expect(park().services.receipts.pending).toBe(0);
    const checked = await check();
    expectStatus(checked, 200);
    expect(checked.body).toEqual({ orderRef: 'o-1', stored: true, matches: true });

    const record = await (w.gateways[PARKING1] as TestGateway).get('/earns/o-1');
    expectStatus(record, 200);
    expect(record.body).toEqual(earned.body.result);
  });

  it('reverses part of an earn', async () => {
    const reversed = await park().post(
      '/earns/o-1/reversals',
      { refundRef: 'r-1', points: 100 },
      { as: 'operator' },
    );
    expectStatus(reversed, 201);
    expect(reversed.body.result).toMatchObject({ orderRef: 'o-1', points: 100, memberId: 'zelda' });
    expect((await park().get('/earns/o-1')).body.reversed).toBe(100);
    const balance = await park().get('/members/zelda/balances/PARK1');
    expectStatus(balance, 200);
    expect(balance.body).toMatchObject({ available: 400, total: 400 });
  });

  it('redeems and transfers on the member’s own signature', async () => {
    const redeemed = await park().post(
      '/redemptions',
      zelda.sign('redeem', { symbol: 'PARK1', points: 50, reference: 'till-7' }, w.alliance.now),
      { as: 'nobody' },
    );
    expectStatus(redeemed, 201);
    expect(redeemed.body.result).toMatchObject({ available: 350, redeemed: 50 });

    const sent = await park().post(
      '/transfers',
      zelda.sign('transfer', { symbol: 'PARK1', to: 'bob', points: 100 }, w.alliance.now),
      { as: 'nobody' },
    );
    expectStatus(sent, 201);
    expect(sent.body.result).toEqual({ from: 'zelda', to: 'bob', symbol: 'PARK1', points: 100 });
    const bobs = await (w.gateways[PARKING2] as TestGateway).get('/members/bob/balances');
    expectStatus(bobs, 200);
    expect(bobs.body).toEqual([expect.objectContaining({ symbol: 'PARK1', available: 100 })]);
  });

  it('imports legacy points and exports them back, idempotent on the app reference', async () => {
    const imported = await park().post(
      '/legacy/imports',
      { memberId: 'zelda', appRef: 'app-1', points: 70 },
      { as: 'operator' },
    );
    expectStatus(imported, 201);
    expect(imported.body.result).toMatchObject({ direction: 'import', points: 70 });
    const repeated = await park().post(
      '/legacy/imports',
      { memberId: 'zelda', appRef: 'app-1', points: 70 },
      { as: 'operator' },
    );
    expect(repeated.body.result).toEqual(imported.body.result);

    const exported = await park().post(
      '/legacy/exports',
      zelda.sign('export-legacy', { symbol: 'PARK1', appRef: 'app-2', points: 20 }, w.alliance.now),
      { as: 'nobody' },
    );
    expectStatus(exported, 201);
    expect(exported.body.result).toMatchObject({ direction: 'export', points: 20 });
    expect((await park().get('/members/zelda/balances/PARK1')).body.available).toBe(300);
  });

  it('removes expired points from circulation', async () => {
    const expiresAt = new Date(w.alliance.now.getTime() + HOUR).toISOString();
    expectStatus(await park().post('/earns', earnBody('zelda', 'o-2', 30, { expiresAt })), 201);
    w.alliance.net.advanceTime(2 * HOUR);
    const expired = await park().post('/expiries', { memberId: 'zelda' }, { as: 'operator' });
    expectStatus(expired, 200);
    expect(expired.body.result).toEqual({ memberId: 'zelda', symbol: 'PARK1', expired: 30 });
    expect((await park().get('/members/zelda/balances/PARK1')).body).toMatchObject({
      available: 300,
      expired: 0,
    });
  });

  it('freezes and unfreezes a member of this org only', async () => {
    const frozen = await park().post(
      '/members/zelda/status',
      { status: 'frozen' },
      { as: 'operator' },
    );
    expectStatus(frozen, 200);
    expect(frozen.body.result.status).toBe('frozen');
    const elsewhere = await (w.gateways[MALL1] as TestGateway).post('/members/zelda/status', {
      status: 'active',
    });
    expectProblem(elsewhere, 403, 'NOT_AUTHORIZED');
    const thawed = await park().post(
      '/members/zelda/status',
      { status: 'active' },
      { as: 'operator' },
    );
    expect(thawed.body.result.status).toBe('active');
  });

  it('rotates a member’s key with the old one; only the new one signs afterwards', async () => {
    const next = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const newPublicKey = encodeMemberPublicKey(next.publicKey);
    const rotated = await park().post(
      '/members/key-rotations',
      zelda.sign('rotate-key', { newPublicKey }, w.alliance.now),
      { as: 'nobody' },
    );
    expectStatus(rotated, 200);
    expect(rotated.body.result).toMatchObject({ keyVersion: 2, publicKey: newPublicKey });
    const old = zelda.sign('redeem', { symbol: 'PARK1', points: 1 }, w.alliance.now);
    expectProblem(await park().post('/redemptions', old, { as: 'nobody' }), 403, 'BAD_SIGNATURE');
    zelda.privateKey = next.privateKey;
    const fresh = zelda.sign('redeem', { symbol: 'PARK1', points: 1 }, w.alliance.now);
    expectStatus(await park().post('/redemptions', fresh, { as: 'nobody' }), 201);
  });

  it('the history of a balance links each change to its transaction', async () => {
    const history = await (w.gateways[MALL2] as TestGateway).get(
      '/history/Balance?key=zelda/PARK1',
    );
    expectStatus(history, 200);
    const earn = await park().get('/earns/o-1');
    expect(history.body.map((entry: { txId: string }) => entry.txId)).toContain(earn.body.txId);
    expect(history.body.length).toBeGreaterThanOrEqual(8);
    const member = await park().get('/history/Member?key=zelda');
    expect(member.body.map((e: { value: { status: string } }) => e.value.status)).toEqual([
      'active',
      'active',
      'frozen',
      'active',
    ]);
    expectNoPersonalData(member.body);
  });

  it('no personal data in any public state, event, or other org’s collection', () => {
    expectNoPersonalData(w.alliance.publicState());
    expectNoPersonalData(w.alliance.net.events.map((event) => event.payload.toString('utf8')));
    const ownCollection = `_implicit_org_${PARKING1}/`;
    const elsewhere = Object.entries(w.alliance.privateState()).filter(
      ([key]) => !key.startsWith(ownCollection),
    );
    expectNoPersonalData(elsewhere);
    // The test can see it where it is: in the home org's own collection.
    expect(JSON.stringify(w.alliance.privateState())).toContain(personal.email);
  });
});

describe('agreements, exchanges and settlements', () => {
  const w = world();
  const at = (org: string) => w.gateways[org] as TestGateway;
  const terms = { pricePerThousandPointsMinor: 4250, currency: 'EUR', notes: 'Q2 pilot' };
  let parker: TestMember;
  const obligationIds: string[] = [];

  const exchange = (amount: number) =>
    at(PARKING1).post(
      '/exchanges',
      parker.sign('exchange', { agreementId: 'p1-m1', amount }, w.alliance.now),
      { as: 'nobody' },
    );

  it('an agreement is proposed at one gateway and accepted at the other', async () => {
    const proposed = await at(PARKING1).post('/agreements', {
      agreementId: 'p1-m1',
      toOrg: MALL1,
      ...RATE_CARD,
      terms,
    });
    expectStatus(proposed, 201);
    expect(proposed.body.result).toMatchObject({
      id: 'p1-m1',
      fromOrg: PARKING1,
      toOrg: MALL1,
      status: 'proposed',
      termsHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(JSON.stringify(w.alliance.publicState())).not.toContain('Q2 pilot');

    for (const org of [PARKING1, MALL1]) {
      const seen = await at(org).get('/agreements/p1-m1/terms');
      expectStatus(seen, 200);
      expect(seen.body).toEqual(terms);
    }
    expectProblem(await at(MALL2).get('/agreements/p1-m1/terms'), 403, 'NOT_AUTHORIZED');
    expectProblem(await at(MALL2).post('/agreements/p1-m1/acceptance'), 403, 'NOT_AUTHORIZED');

    const accepted = await at(MALL1).post('/agreements/p1-m1/acceptance');
    expectStatus(accepted, 200);
    expect(accepted.body.result.status).toBe('active');
  });

  it('lists agreements and shows members the rate cards without a key', async () => {
    const one = await at(MALL2).get('/agreements/p1-m1');
    expectStatus(one, 200);
    expect(one.body).toMatchObject({ rateNumerator: 3, rateDenominator: 2, status: 'active' });
    expect(one.body).not.toHaveProperty('pricePerThousandPointsMinor');
    const ofMall = await at(MALL2).get(`/agreements?org=${MALL1}&status=active`);
    expect(ofMall.body.map((a: { id: string }) => a.id)).toEqual(['p1-m1']);
    expect((await at(MALL2).get('/agreements?status=proposed')).body).toEqual([]);
    const cards = await at(MALL2).get('/rate-cards', 'nobody');
    expectStatus(cards, 200);
    expect(cards.body.map((a: { id: string }) => a.id)).toEqual(['p1-m1']);
  });

  it('quotes and exchanges on the member’s signature', async () => {
    parker = await at(PARKING1).registerMember('parker');
    expectStatus(await at(PARKING1).post('/earns', earnBody('parker', 'o-1', 2000)), 201);
    const quote = await at(MALL1).get(
      '/exchange-quotes?agreementId=p1-m1&memberId=parker&amount=100',
      'nobody',
    );
    expectStatus(quote, 200);
    expect(quote.body).toMatchObject({
      amount: 100,
      fee: 5,
      debit: 105,
      credit: 150,
      fromSymbol: 'PARK1',
      toSymbol: 'MALL1',
      available: 2000,
      sufficient: true,
    });

    const exchanged = await exchange(100);
    expectStatus(exchanged, 201);
    expect(exchanged.body.result.quote).toEqual({ amount: 100, fee: 5, debit: 105, credit: 150 });
    expect(exchanged.body.result.obligation).toMatchObject({
      debtor: PARKING1,
      creditor: MALL1,
      pointsReceived: 150,
      status: 'open',
    });
    obligationIds.push(exchanged.body.result.obligation.id);
    const balances = await at(MALL2).get('/members/parker/balances');
    expect(balances.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ symbol: 'PARK1', available: 1895 }),
        expect.objectContaining({ symbol: 'MALL1', available: 150 }),
      ]),
    );
  });

  it('obligations and net positions are each party’s own', async () => {
    for (const org of [PARKING1, MALL1]) {
      const mine = await at(org).get('/obligations');
      expectStatus(mine, 200);
      expect(mine.body.map((o: { id: string }) => o.id)).toEqual(obligationIds);
    }
    expect((await at(MALL2).get('/obligations')).body).toEqual([]);
    expect((await at(PARKING1).get(`/obligations?counterparty=${MALL2}`)).body).toEqual([]);
    const period = w.alliance.now.toISOString().slice(0, 7);
    expect((await at(PARKING1).get(`/obligations?status=open&period=${period}`)).body).toHaveLength(
      1,
    );

    const debtor = await at(PARKING1).get('/net-positions');
    expectStatus(debtor, 200);
    expect(debtor.body).toEqual([
      expect.objectContaining({
        counterparty: MALL1,
        currency: 'EUR',
        payablePoints: 150,
        receivablePoints: 0,
      }),
    ]);
    expect(debtor.body[0].netMinor).toBeLessThan(0);
    const creditor = await at(MALL1).get(`/net-positions?period=${period}`);
    expect(creditor.body).toEqual([
      expect.objectContaining({ counterparty: PARKING1, receivablePoints: 150, payablePoints: 0 }),
    ]);
    expect(creditor.body[0].netMinor).toBe(-debtor.body[0].netMinor);
  });

  const details = { paidAmountMinor: 638, currency: 'EUR', bankReference: 'SEPA-PA-7731' };

  it('the debtor posts a settlement; the creditor confirms it; details stay with the two', async () => {
    const posted = await at(PARKING1).post('/settlements', {
      settlementId: 's-1',
      creditor: MALL1,
      obligationIds,
      details,
    });
    expectStatus(posted, 201);
    expect(posted.body.result).toMatchObject({ status: 'posted', debtor: PARKING1, points: 150 });
    expect(JSON.stringify(w.alliance.publicState())).not.toContain(details.bankReference);

    for (const org of [PARKING1, MALL1]) {
      const seen = await at(org).get('/settlements/s-1/details');
      expectStatus(seen, 200);
      expect(seen.body).toEqual(details);
    }
    expectProblem(await at(MALL2).get('/settlements/s-1/details'), 403, 'NOT_AUTHORIZED');
    expect((await at(MALL2).get('/settlements/s-1')).body).toMatchObject({ status: 'posted' });
    expect((await at(MALL1).get(`/settlements?counterparty=${PARKING1}`)).body).toHaveLength(1);
    expect((await at(MALL2).get('/settlements')).body).toEqual([]);

    expectProblem(await at(PARKING1).post('/settlements/s-1/confirmation'), 403, 'NOT_AUTHORIZED');
    const confirmed = await at(MALL1).post('/settlements/s-1/confirmation', {});
    expectStatus(confirmed, 200);
    expect(confirmed.body.result.status).toBe('confirmed');
    expect((await at(PARKING1).get('/obligations?status=settled')).body).toHaveLength(1);
    expect((await at(PARKING1).get('/settlements?status=confirmed')).body).toHaveLength(1);
  });

  it('a disputed settlement reopens its obligations', async () => {
    const exchanged = await exchange(200);
    expectStatus(exchanged, 201);
    const obligationId = exchanged.body.result.obligation.id;
    expectStatus(
      await at(PARKING1).post('/settlements', {
        settlementId: 's-2',
        creditor: MALL1,
        obligationIds: [obligationId],
        details,
      }),
      201,
    );
    expect((await at(MALL1).get('/obligations?status=pending')).body).toHaveLength(1);
    const disputed = await at(MALL1).post('/settlements/s-2/dispute', { reason: 'amount short' });
    expectStatus(disputed, 200);
    expect(disputed.body.result).toMatchObject({
      status: 'disputed',
      disputeReason: 'amount short',
    });
    const open = await at(PARKING1).get('/obligations?status=open');
    expect(open.body.map((o: { id: string }) => o.id)).toEqual([obligationId]);
    const history = await at(MALL2).get(
      `/history/Obligation?key=${PARKING1}/${MALL1}/${obligationId}`,
    );
    expect(history.body.map((e: { value: { status: string } }) => e.value.status)).toEqual([
      'open',
      'pending',
      'open',
    ]);
  });

  it('either party revokes the agreement; exchanges stop', async () => {
    const revoked = await at(MALL1).post('/agreements/p1-m1/revocation');
    expectStatus(revoked, 200);
    expect(revoked.body.result).toMatchObject({ status: 'revoked', revokedBy: MALL1 });
    expect((await at(PARKING1).get('/rate-cards', 'nobody')).body).toEqual([]);
    expectProblem(await exchange(100), 422, 'AGREEMENT_INACTIVE');
  });
});

/** Routes whose stories are told in their own files, each with its own coverage check. */
const toldElsewhere = new Set<Route>([...couponRoutes, ...membershipRoutes]);

describe('the explorer: public figures, member sign-in, merchant activity', () => {
  const w = world();
  const park = () => w.gateways[PARKING1] as TestGateway;

  it('anyone reads the tokens and their series; staff read their activity', async () => {
    const tokens = await park().get('/alliance/tokens', 'nobody');
    expectStatus(tokens, 200);
    expect(tokens.body).toHaveLength(ORGS.length);
    expectStatus(await park().get('/alliance/series', 'nobody'), 200);
    for (const market of ['coupon-classes', 'offers', 'auctions']) {
      expectStatus(await park().get(`/alliance/${market}`, 'nobody'), 200);
    }
    const activity = await park().get('/merchant/activity');
    expect(activity.body).toMatchObject({ org: PARKING1, symbol: 'PARK1' });
  });

  it('a member signs a challenge, and the session reads their balances and history', async () => {
    const member = await park().registerMember('sigrid');
    const { challenge } = (await park().get('/member-sessions/challenge?memberId=sigrid', 'nobody'))
      .body as { challenge: string };
    const proof = canonicalSignInText({ org: PARKING1, memberId: 'sigrid', challenge });
    const signature = sign('sha256', Buffer.from(proof), {
      key: member.privateKey,
      dsaEncoding: 'ieee-p1363',
    }).toString('base64');
    const session = await park().post(
      '/member-sessions',
      { memberId: 'sigrid', challenge, signature },
      { as: 'nobody' },
    );
    expectStatus(session, 201);
    const bearer = `Bearer ${session.body.token as string}`;
    const balances = await park().get('/me/balances', 'nobody').set('Authorization', bearer);
    expectStatus(balances, 200);
    expect(balances.body).toEqual([]);
    for (const own of ['history', 'coupons', 'offers']) {
      expectStatus(await park().get(`/me/${own}`, 'nobody').set('Authorization', bearer), 200);
    }
  });
});

it('every route of the table answered a success in the flows above', () => {
  const table = routes
    .filter((route) => !toldElsewhere.has(route))
    .map((route) => `${route.method.toUpperCase()} ${route.path}`);
  expect(table.filter((route) => !exercised.has(route))).toEqual([]);
});
