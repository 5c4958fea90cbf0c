/** Idempotency-Key: a repeat gets the first answer and never applies twice, also across restarts. */
import type { Response } from 'supertest';
import {
  MALL1,
  PARKING1,
  RATE_CARD,
  TestAlliance,
  type TestMember,
} from '@points-alliance/chaincode/dist/test-support/alliance';
import {
  earnBody,
  expectProblem,
  expectStatus,
  testGateway,
  type TestGateway,
} from '../test-support/test-gateway';

const earn = (orderRef: string, points = 100) => earnBody('ada', orderRef, points);

let alliance: TestAlliance;
let parking: TestGateway;
let mall: TestGateway;
let ada: TestMember;

async function available(memberId = 'ada', symbol = 'PARK1'): Promise<number> {
  return (await alliance.balance(memberId, symbol)).available;
}

beforeEach(async () => {
  alliance = await TestAlliance.create();
  parking = testGateway(alliance, PARKING1);
  mall = testGateway(alliance, MALL1);
  ada = await parking.registerMember('ada');
});

afterEach(async () => {
  await parking.dispose();
  await mall.dispose();
});

/**
 * The process died after the ledger committed and before the store recorded the answer: the
 * next call on a fresh process finds the key claimed and unfinished.
 */
async function crashAfterCommit(send: (gateway: TestGateway) => PromiseLike<Response>) {
  const complete = jest.spyOn(parking.idempotency, 'complete').mockImplementation(() => undefined);
  const lost = await send(parking);
  expect(lost.status).toBeLessThan(300);
  complete.mockRestore();
  parking = await parking.restart();
  return lost;
}

describe('a repeated request', () => {
  it('same key and body: the first status and body again, replayed, applied once', async () => {
    const first = await parking.post('/earns', earn('o-1'), { key: 'k-1' });
    expectStatus(first, 201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const submits = parking.ledger.calls.length;
    const again = await parking.post('/earns', earn('o-1'), { key: 'k-1' });
    expectStatus(again, 201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(parking.ledger.calls).toHaveLength(submits);
    expect(await available()).toBe(100);
  });

  it('replays a refusal as the same problem', async () => {
    const signed = ada.sign('redeem', { symbol: 'PARK1', points: 500 }, alliance.now);
    const first = await parking.post('/redemptions', signed, { as: 'nobody', key: 'k-r' });
    expectProblem(first, 422, 'INSUFFICIENT_BALANCE');
    expectStatus(await parking.post('/earns', earn('o-2', 1000)), 201);
    const again = await parking.post('/redemptions', signed, { as: 'nobody', key: 'k-r' });
    expectProblem(again, 422, 'INSUFFICIENT_BALANCE');
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await available()).toBe(1000);
  });

  it('same key, another body or path: 422 IDEMPOTENCY_KEY_REUSED, nothing applied', async () => {
    expectStatus(await parking.post('/earns', earn('o-1'), { key: 'k-1' }), 201);
    const other = await parking.post('/earns', earn('o-1', 101), { key: 'k-1' });
    expectProblem(other, 422, 'IDEMPOTENCY_KEY_REUSED');
    const elsewhere = await parking.post(
      '/legacy/imports',
      { memberId: 'ada', appRef: 'a-1', points: 5 },
      { key: 'k-1' },
    );
    expectProblem(elsewhere, 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await available()).toBe(100);
  });

  it('an earn is idempotent on its order reference too, under a new key', async () => {
    const first = await parking.post('/earns', earn('o-1'), { key: 'k-1' });
    const again = await parking.post('/earns', earn('o-1'), { key: 'k-2' });
    expectStatus(again, 201);
    expect(again.body.result).toEqual(first.body.result);
    expect(await available()).toBe(100);
    const other = await parking.post('/earns', earn('o-1', 50), { key: 'k-3' });
    expectProblem(other, 409, 'DUPLICATE_REFERENCE');
  });

  it('keys are the gateway’s own: another org’s gateway runs the same key afresh', async () => {
    expectStatus(await parking.post('/earns', earn('o-1'), { key: 'shared' }), 201);
    const atMall = await mall.post('/earns', earn('o-1', 7), { key: 'shared' });
    expectStatus(atMall, 201);
    expect(atMall.headers['idempotent-replayed']).toBeUndefined();
    expect(await available('ada', 'MALL1')).toBe(7);
  });

  it('replays from SQLite after a restart', async () => {
    const first = await parking.post('/earns', earn('o-1'), { key: 'k-1' });
    parking = await parking.restart();
    const again = await parking.post('/earns', earn('o-1'), { key: 'k-1' });
    expectStatus(again, 201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(parking.ledger.submitted('earn')).toHaveLength(1);
  });

  it('a repeat while the first is running gets 409 REQUEST_IN_PROGRESS, then its answer', async () => {
    // The first attempt waits between endorsement and commit until the repeat has been answered.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const endorsed = new Promise<void>((resolve) => {
      parking.ledger.beforeCommit = async () => {
        resolve();
        await held;
      };
    });
    const first = parking.post('/earns', earn('o-1'), { key: 'k-1' }).then((res) => res);
    await endorsed;
    const repeat = await parking.post('/earns', earn('o-1'), { key: 'k-1' });
    expectProblem(repeat, 409, 'REQUEST_IN_PROGRESS');
    release();
    const answer = await first;
    expectStatus(answer, 201);
    const later = await parking.post('/earns', earn('o-1'), { key: 'k-1' });
    expect(later.body).toEqual(answer.body);
    expect(later.headers['idempotent-replayed']).toBe('true');
    expect(parking.ledger.submitted('earn')).toHaveLength(1);
    expect(await available()).toBe(100);
  });

  it('a 503 releases the key: the retry runs, and is then replayed', async () => {
    parking.ledger.reachable = false;
    expectProblem(
      await parking.post('/earns', earn('o-1'), { key: 'k-1' }),
      503,
      'LEDGER_UNAVAILABLE',
    );
    parking.ledger.reachable = true;
    const retry = await parking.post('/earns', earn('o-1'), { key: 'k-1' });
    expectStatus(retry, 201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    const again = await parking.post('/earns', earn('o-1'), { key: 'k-1' });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await available()).toBe(100);
  });
});

describe('an attempt that died after the ledger committed', () => {
  it('an earn runs again and applies once, by its request id', async () => {
    const lost = await crashAfterCommit((gateway) =>
      gateway.post('/earns', earn('o-1'), { key: 'k-1' }),
    );
    const again = await parking.post('/earns', earn('o-1'), { key: 'k-1' });
    expectStatus(again, 201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    // The ledger answered with the first transaction's earn.
    expect(again.body.result).toEqual(lost.body.result);
    expect(parking.ledger.submitted('earn')).toHaveLength(2);
    expect(await available()).toBe(100);
    expect(await alliance.supply('PARK1')).toMatchObject({ issued: 100 });
    // And now the answer is recorded.
    const replay = await parking.post('/earns', earn('o-1'), { key: 'k-1' });
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });

  it('a member-signed redemption runs again without spending the nonce twice', async () => {
    expectStatus(await parking.post('/earns', earn('o-1')), 201);
    const signed = ada.sign('redeem', { symbol: 'PARK1', points: 30 }, alliance.now);
    const lost = await crashAfterCommit((gateway) =>
      gateway.post('/redemptions', signed, { as: 'nobody', key: 'k-r' }),
    );
    const again = await parking.post('/redemptions', signed, { as: 'nobody', key: 'k-r' });
    expectStatus(again, 201);
    expect(again.body.result).toEqual(lost.body.result);
    expect(await available()).toBe(70);
  });

  it('a member registration runs again: same account, personal data untouched', async () => {
    const body = {
      memberId: 'cyd',
      publicKey: ada.publicKey,
      personal: { name: 'Cyd Charisse', email: 'cyd@example.org' },
    };
    const lost = await crashAfterCommit((gateway) =>
      gateway.post('/members', body, { as: 'operator', key: 'k-m' }),
    );
    const privateBefore = alliance.privateState();
    const again = await parking.post('/members', body, { as: 'operator', key: 'k-m' });
    expectStatus(again, 201);
    expect(again.body.result).toEqual(lost.body.result);
    expect(alliance.privateState()).toEqual(privateBefore);
    const personal = await parking.get('/members/cyd/personal-data', 'operator');
    expect(personal.body).toEqual(body.personal);
  });

  it('an agreement proposal runs again although its private terms are sealed', async () => {
    const body = {
      agreementId: 'p1-m1',
      toOrg: MALL1,
      ...RATE_CARD,
      terms: { pricePerThousandPointsMinor: 4250, currency: 'EUR' },
    };
    const lost = await crashAfterCommit((gateway) =>
      gateway.post('/agreements', body, { key: 'k-a' }),
    );
    const again = await parking.post('/agreements', body, { key: 'k-a' });
    expectStatus(again, 201);
    expect(again.body.result).toEqual(lost.body.result);
    // The acceptance still matches the terms as first stored.
    expectStatus(await mall.post('/agreements/p1-m1/acceptance'), 200);
  });

  it('a settlement post runs again although its private details are sealed', async () => {
    await alliance.makeAgreement(PARKING1, MALL1, 'p1-m1');
    expectStatus(await parking.post('/earns', earn('o-1', 500)), 201);
    const exchanged = await parking.post(
      '/exchanges',
      ada.sign('exchange', { agreementId: 'p1-m1', amount: 100 }, alliance.now),
      { as: 'nobody' },
    );
    expectStatus(exchanged, 201);
    const body = {
      settlementId: 's-1',
      creditor: MALL1,
      obligationIds: [exchanged.body.result.obligation.id],
      details: { paidAmountMinor: 638, currency: 'EUR', bankReference: 'SEPA-1' },
    };
    const lost = await crashAfterCommit((gateway) =>
      gateway.post('/settlements', body, { key: 'k-s' }),
    );
    const again = await parking.post('/settlements', body, { key: 'k-s' });
    expectStatus(again, 201);
    expect(again.body.result).toEqual(lost.body.result);
    expectStatus(await mall.post('/settlements/s-1/confirmation'), 200);
  });
});
