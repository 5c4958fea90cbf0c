/** What the ledger refuses reaches the client as a 4xx with the chaincode's code; an outage as 503. */
import { ERROR_CODES, LedgerError } from '@points-alliance/chaincode/dist/domain/errors';
import {
  MALL1,
  PARKING1,
  PARKING2,
  RATE_CARD,
  TestAlliance,
  type TestMember,
} from '@points-alliance/chaincode/dist/test-support/alliance';
import { LedgerRefusal } from '../fabric/ledger';
import { barrier } from '../test-support/simulated-ledger';
import {
  earnBody,
  expectProblem,
  expectStatus,
  testGateway,
  type TestGateway,
} from '../test-support/test-gateway';
import { RETRY_AFTER_SECONDS, toApiError } from './problem';

let alliance: TestAlliance;
let parking: TestGateway;
let ada: TestMember;

beforeAll(async () => {
  alliance = await TestAlliance.create();
  parking = testGateway(alliance, PARKING1);
  ada = await parking.registerMember('ada');
  await alliance.registerMember(PARKING2, 'bob');
  expectStatus(await parking.post('/earns', earnBody('ada', 'o-1', 300)), 201);
});

afterAll(async () => {
  parking.ledger.reachable = true;
  await parking.dispose();
});

const redeem = (points: number, member = ada) =>
  member.sign('redeem', { symbol: 'PARK1', points }, alliance.now);

describe('chaincode refusals', () => {
  it('every chaincode error code is a 4xx, never a server fault', () => {
    for (const code of ERROR_CODES) {
      const error = toApiError(new LedgerRefusal(code, 'refused'));
      expect(error.code).toBe(code);
      expect(error.status).toBeGreaterThanOrEqual(400);
      expect(error.status).toBeLessThan(500);
    }
  });

  it('INSUFFICIENT_BALANCE is 422 and changes nothing', async () => {
    const before = alliance.publicState();
    const res = await parking.post('/redemptions', redeem(301), { as: 'nobody' });
    expectProblem(res, 422, 'INSUFFICIENT_BALANCE');
    expect(alliance.publicState()).toEqual(before);
  });

  it('REPLAYED_NONCE is 409: a signed request spends once, whatever the Idempotency-Key', async () => {
    const signed = redeem(10);
    expectStatus(await parking.post('/redemptions', signed, { as: 'nobody' }), 201);
    const again = await parking.post('/redemptions', signed, { as: 'nobody' });
    expectProblem(again, 409, 'REPLAYED_NONCE');
    expect((await alliance.balance('ada', 'PARK1')).available).toBe(290);
  });

  it('BAD_SIGNATURE is 403 for a request changed after signing or signed by another', async () => {
    const tampered = { ...redeem(10), params: { symbol: 'PARK1', points: 20 } };
    expectProblem(
      await parking.post('/redemptions', tampered, { as: 'nobody' }),
      403,
      'BAD_SIGNATURE',
    );
    const bob = await parking.registerMember('mallory');
    const forged = { ...redeem(10, bob), memberId: 'ada' };
    expectProblem(
      await parking.post('/redemptions', forged, { as: 'nobody' }),
      403,
      'BAD_SIGNATURE',
    );
  });

  it('EXPIRED_REQUEST is 422', async () => {
    const stale = ada.sign(
      'redeem',
      { symbol: 'PARK1', points: 1 },
      new Date('2026-03-01T00:00:00Z'),
    );
    expectProblem(
      await parking.post('/redemptions', stale, { as: 'nobody' }),
      422,
      'EXPIRED_REQUEST',
    );
  });

  it('NOT_FOUND is 404', async () => {
    expectProblem(await parking.get('/members/nobody'), 404, 'NOT_FOUND');
    expectProblem(await parking.get('/earns/no-such-order'), 404, 'NOT_FOUND');
    expectProblem(await parking.get('/tokens/NOPE'), 404, 'NOT_FOUND');
    expectProblem(await parking.post('/earns', earnBody('nobody', 'o-9', 1)), 404, 'NOT_FOUND');
  });

  it('NOT_AUTHORIZED is 403: points are redeemed at their issuer', async () => {
    await alliance.earn(MALL1, 'ada', 50);
    const res = await parking.post(
      '/redemptions',
      ada.sign('redeem', { symbol: 'MALL1', points: 10 }, alliance.now),
      { as: 'nobody' },
    );
    expectProblem(res, 403, 'NOT_AUTHORIZED');
    expectProblem(
      await parking.get('/members/bob/personal-data', 'operator'),
      403,
      'NOT_AUTHORIZED',
    );
  });

  it('ALREADY_EXISTS and DUPLICATE_REFERENCE are 409', async () => {
    const privateBefore = alliance.privateState();
    const again = await parking.post(
      '/members',
      { memberId: 'ada', publicKey: ada.publicKey, personal: { name: 'Someone Else' } },
      { as: 'operator' },
    );
    expectProblem(again, 409, 'ALREADY_EXISTS');
    // The registered member's personal data was not replaced on the way.
    expect(alliance.privateState()).toEqual(privateBefore);
    const earn = earnBody('ada', 'o-1', 999);
    expectProblem(await parking.post('/earns', earn), 409, 'DUPLICATE_REFERENCE');
  });

  it('a two-part operation the ledger refuses stores no private half either', async () => {
    const before = { ...alliance.publicState(), ...alliance.privateState() };
    const settlement = await parking.post('/settlements', {
      settlementId: 'st-nothing',
      creditor: MALL1,
      obligationIds: ['no-such-obligation'],
      details: { paidAmountMinor: 1000, currency: 'EUR', bankReference: 'REF-1' },
    });
    // Only the chaincode knows the obligation does not exist: the refusal comes from the ledger.
    expectProblem(settlement, 404, 'NOT_FOUND');
    expect({ ...alliance.publicState(), ...alliance.privateState() }).toEqual(before);
  });

  it('MEMBER_FROZEN is 403, INVALID_STATE 409, CAP_EXCEEDED 422, chaincode VALIDATION 400', async () => {
    expectStatus(await parking.post('/members/mallory/status', { status: 'frozen' }), 200);
    const frozen = await parking.post('/earns', earnBody('mallory', 'o-f', 5));
    expectProblem(frozen, 403, 'MEMBER_FROZEN');
    expectProblem(
      await parking.post('/members/mallory/status', { status: 'frozen' }),
      409,
      'INVALID_STATE',
    );
    expectProblem(await parking.post('/expiries', { memberId: 'ada' }), 409, 'INVALID_STATE');
    expectProblem(
      await parking.post('/tokens/cap-reductions', { newCap: 10 }),
      422,
      'CAP_EXCEEDED',
    );
    const toSelf = ada.sign('transfer', { symbol: 'PARK1', to: 'ada', points: 1 }, alliance.now);
    expectProblem(await parking.post('/transfers', toSelf, { as: 'nobody' }), 400, 'VALIDATION');
  });

  it('AGREEMENT_INACTIVE and LIMIT_EXCEEDED are 422', async () => {
    await alliance.proposeAgreement(PARKING1, MALL1, 'pending-deal');
    const quote = '/exchange-quotes?agreementId=pending-deal&memberId=ada&amount=100';
    expectProblem(await parking.get(quote, 'nobody'), 422, 'AGREEMENT_INACTIVE');
    await alliance.submit(MALL1, 'agreements', 'accept', {
      agreementId: 'pending-deal',
      termsHash: (
        await alliance.evaluate(MALL1, 'agreements', 'get', { agreementId: 'pending-deal' })
      ).termsHash,
    });
    expectStatus(await parking.get(quote, 'nobody'), 200);
    const tooMuch = RATE_CARD.memberDailyCap; // credit 1.5 × amount exceeds the daily cap
    const res = await parking.post(
      '/exchanges',
      ada.sign('exchange', { agreementId: 'pending-deal', amount: tooMuch }, alliance.now),
      { as: 'nobody' },
    );
    expectProblem(res, 422, 'LIMIT_EXCEEDED');
  });
});

describe('the network', () => {
  it('unreachable: 503 LEDGER_UNAVAILABLE with Retry-After, and not ready', async () => {
    parking.ledger.reachable = false;
    try {
      for (const res of [
        await parking.get('/tokens'),
        await parking.post('/earns', earnBody('ada', 'o-2', 5)),
        await parking.post('/redemptions', redeem(1), { as: 'nobody' }),
      ]) {
        expectProblem(res, 503, 'LEDGER_UNAVAILABLE');
        expect(res.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
      }
      expectStatus(await parking.get('/readyz', 'nobody'), 503);
      expectStatus(await parking.get('/healthz', 'nobody'), 200);
    } finally {
      parking.ledger.reachable = true;
    }
    expectStatus(await parking.get('/readyz', 'nobody'), 200);
  });

  it('a transaction invalidated at commit: 503 COMMIT_FAILED with its txId, retryable', async () => {
    const before = (await alliance.balance('ada', 'PARK1')).available;
    // Two redemptions of one member at once: both read the balance, only the first commits.
    parking.ledger.beforeCommit = barrier(2);
    const loser = redeem(2);
    const [first, second] = await Promise.all([
      parking.post('/redemptions', redeem(1), { as: 'nobody', key: 'race-1' }),
      parking.post('/redemptions', loser, { as: 'nobody', key: 'race-2' }),
    ]);
    parking.ledger.beforeCommit = undefined;
    expectStatus(first, 201);
    expectProblem(second, 503, 'COMMIT_FAILED');
    expect(second.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
    expect(second.body).toMatchObject({
      validationCode: 'MVCC_READ_CONFLICT',
      txId: expect.any(String),
    });
    expect((await alliance.balance('ada', 'PARK1')).available).toBe(before - 1);
    // The failure released the key: the same request under the same key now runs.
    const retried = await parking.post('/redemptions', loser, { as: 'nobody', key: 'race-2' });
    expectStatus(retried, 201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect((await alliance.balance('ada', 'PARK1')).available).toBe(before - 3);
  });

  it('the simulated client translates like the Fabric one', async () => {
    await expect(
      parking.ledger.evaluate({ contract: 'members', fn: 'getMember', args: [{ memberId: 'zz' }] }),
    ).rejects.toEqual(new LedgerRefusal('NOT_FOUND', 'Member zz not found'));
    expect(new LedgerRefusal('NOT_FOUND', 'x').message).toBe(
      new LedgerError('NOT_FOUND', 'x').message,
    );
    const outcome = await parking.ledger.submit<{ memberId: string; txId: string }>({
      contract: 'points',
      fn: 'earn',
      args: [{ memberId: 'ada', orderRef: 'o-direct', points: 1, receiptHash: 'a'.repeat(64) }],
    });
    // The stand-in's transaction id, the one the chaincode recorded.
    expect(outcome.txId).toMatch(/^[0-9a-f]{64}$/);
    expect(outcome.result).toMatchObject({ memberId: 'ada', txId: outcome.txId });
  });
});
