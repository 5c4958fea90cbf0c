import { createHash } from 'node:crypto';
import type { Obligation, Settlement } from '../domain/model';
import type { NetPosition } from '../domain/positions';
import { describePolicy } from '../ledger/endorsement-policy';
import { pairCollection } from '../ledger/state';
import { MALL1, MALL2, ORGS, PARKING1, PARKING2, TestAlliance } from '../test-support/alliance';

// Rate cards are 3 B-points per 2 A-points: exchanging 100 A-points credits 150 B-points.
const PAIR = pairCollection(PARKING1, MALL1);
const DAY = 24 * 3_600_000;

function details(settlementId: string) {
  return {
    paidAmountMinor: 191_250,
    currency: 'EUR',
    bankReference: `SEPA-${settlementId}-7731`,
    salt: `salt-${settlementId}-5c0e9d21`,
  };
}

/**
 * Obligations between PARKING1, MALL1 and MALL2, each named after who owes whom and how many
 * B-points: PARKING1 owes MALL1 150 and 300, MALL1 owes PARKING1 150, PARKING1 owes MALL2 150.
 */
async function setup() {
  const alliance = await TestAlliance.create();
  await alliance.makeAgreement(PARKING1, MALL1, 'p1-m1');
  await alliance.makeAgreement(MALL1, PARKING1, 'm1-p1');
  await alliance.makeAgreement(PARKING1, MALL2, 'p1-m2');
  const parker = await alliance.registerMember(PARKING1);
  const shopper = await alliance.registerMember(MALL1);
  await alliance.earn(PARKING1, parker.id, 2000);
  await alliance.earn(MALL1, shopper.id, 2000);
  const owe = async (member = parker, agreementId = 'p1-m1', amount = 100) =>
    (await alliance.exchange(member, agreementId, amount)).obligation.id;
  const ids = {
    p1m1: await owe(),
    p1m1b: await owe(parker, 'p1-m1', 200),
    m1p1: await owe(shopper, 'm1-p1'),
    p1m2: await owe(parker, 'p1-m2'),
  };
  return { alliance, ids, owe };
}

function storeDetails(
  alliance: TestAlliance,
  debtor: string,
  creditor: string,
  settlementId: string,
  stored: unknown = details(settlementId),
) {
  return alliance.submit<{ settlementId: string; detailsHash: string }>(
    debtor,
    'settlements',
    'storeDetails',
    { settlementId, creditor },
    { transient: { details: stored } },
  );
}

/** Both halves of a settlement: the details privately, then the public post. */
async function post(
  alliance: TestAlliance,
  debtor: string,
  creditor: string,
  settlementId: string,
  obligationIds: string[],
) {
  const { detailsHash } = await storeDetails(alliance, debtor, creditor, settlementId);
  return postWithHash(alliance, debtor, creditor, settlementId, obligationIds, detailsHash);
}

function postWithHash(
  alliance: TestAlliance,
  debtor: string,
  creditor: string,
  settlementId: string,
  obligationIds: string[],
  detailsHash: string,
) {
  return alliance.submit<Settlement>(debtor, 'settlements', 'post', {
    settlementId,
    creditor,
    obligationIds,
    detailsHash,
  });
}

function call<T = Settlement>(alliance: TestAlliance, org: string, fn: string, request: object) {
  return alliance.submit<T>(org, 'settlements', fn, request);
}

function listObligations(alliance: TestAlliance, org: string, filter: object = {}) {
  return alliance.evaluate<Obligation[]>(org, 'settlements', 'listObligations', filter);
}

/** Obligation ids with their status, sorted, for exact comparison. */
async function statuses(alliance: TestAlliance, org: string, filter: object = {}) {
  return (await listObligations(alliance, org, filter))
    .map((o) => `${o.id}:${o.status}${o.settlementId ? `@${o.settlementId}` : ''}`)
    .sort();
}

function netPositions(alliance: TestAlliance, org: string, period?: string) {
  return alliance.evaluate<NetPosition[]>(
    org,
    'settlements',
    'netPositions',
    period === undefined ? {} : { period },
  );
}

function sha256(bytes: Buffer | undefined): string {
  return createHash('sha256')
    .update(bytes ?? Buffer.alloc(0))
    .digest('hex');
}

describe('storeDetails', () => {
  it('writes the details only to the pair collection', async () => {
    const { alliance } = await setup();
    const publicBefore = alliance.publicState();
    const privateBefore = alliance.privateState();

    const stored = await storeDetails(alliance, PARKING1, MALL1, 's-1');

    expect(alliance.publicState()).toEqual(publicBefore);
    const bytes = alliance.net.rawPrivateState(PAIR, 'settlement:s-1');
    expect(alliance.privateState()).toEqual({
      ...privateBefore,
      [`${PAIR}/settlement:s-1`]: String(bytes),
    });
    expect(JSON.parse(String(bytes))).toEqual(details('s-1'));
    expect(stored).toEqual({ settlementId: 's-1', detailsHash: sha256(bytes) });
    const event = alliance.net.events.at(-1);
    expect([event?.name, JSON.parse(String(event?.payload))]).toEqual([
      'SettlementDetailsStored',
      { settlementId: 's-1' },
    ]);
  });

  it('refuses missing details, a creditor that is not another merchant, and a posted id', async () => {
    const { alliance, ids } = await setup();
    const without = () =>
      call(alliance, PARKING1, 'storeDetails', { settlementId: 's-1', creditor: MALL1 });
    expect(await alliance.refusal(without)).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/transient field "details" is required/),
      changed: [],
    });
    const malformed = { ...details('s-1'), bankReference: '' };
    for (const [creditor, stored, code] of [
      [MALL1, malformed, 'VALIDATION'],
      [PARKING1, details('s-1'), 'VALIDATION'],
      ['Bank1MSP', details('s-1'), 'NOT_FOUND'],
    ] as const) {
      const attempt = () => storeDetails(alliance, PARKING1, creditor, 's-1', stored);
      expect(await alliance.refusal(attempt)).toMatchObject({ code, changed: [] });
    }
    await post(alliance, PARKING1, MALL1, 's-1', [ids.p1m1]);
    for (const [debtor, creditor] of [
      [PARKING1, MALL1],
      [MALL1, PARKING1],
    ] as const) {
      const replace = () =>
        storeDetails(alliance, debtor, creditor, 's-1', { ...details('s-1'), paidAmountMinor: 1 });
      expect(await alliance.refusal(replace)).toMatchObject({
        code: 'ALREADY_EXISTS',
        changed: [],
      });
    }
  });
});

describe('post', () => {
  it('puts the open obligations it names in a pending settlement', async () => {
    const { alliance, ids } = await setup();
    const { detailsHash } = await storeDetails(alliance, PARKING1, MALL1, 's-1');
    alliance.net.advanceTime(DAY);

    const settlement = await postWithHash(
      alliance,
      PARKING1,
      MALL1,
      's-1',
      [ids.p1m1, ids.p1m1b],
      detailsHash,
    );

    const expected: Settlement = {
      id: 's-1',
      debtor: PARKING1,
      creditor: MALL1,
      obligationIds: [ids.p1m1, ids.p1m1b],
      points: 450,
      detailsHash,
      status: 'posted',
      postedAt: '2026-03-03T10:00:00.000Z',
    };
    expect(settlement).toEqual(expected);
    expect(await call(alliance, MALL2, 'get', { settlementId: 's-1' })).toEqual(expected);
    expect(await statuses(alliance, MALL1)).toEqual(
      [`${ids.p1m1}:pending@s-1`, `${ids.p1m1b}:pending@s-1`, `${ids.m1p1}:open`].sort(),
    );
    const event = alliance.net.events.at(-1);
    expect([event?.name, JSON.parse(String(event?.payload))]).toEqual([
      'SettlementPosted',
      expected,
    ]);
    const key = '\u0000Settlement\u0000s-1\u0000';
    expect(describePolicy(alliance.net.validationParameter(key) as Buffer).rule).toEqual({
      outOf: 3,
      of: [MALL1, PARKING1, { outOf: 3, of: [...ORGS].sort() }],
    });
  });

  it("settles only the debtor's own obligations to that creditor", async () => {
    const { alliance, ids } = await setup();
    const attempts: [string, string, string[], string][] = [
      // The creditor cannot post the debtor's obligations.
      [MALL1, PARKING1, [ids.p1m1], 'NOT_FOUND'],
      // An outsider has no such obligation.
      [MALL2, MALL1, [ids.p1m1], 'NOT_FOUND'],
      // PARKING1's obligation to MALL2 is not one to MALL1.
      [PARKING1, MALL1, [ids.p1m1, ids.p1m2], 'NOT_FOUND'],
      [PARKING1, MALL1, ['no-such-obligation'], 'NOT_FOUND'],
      [PARKING1, MALL1, [ids.p1m1, ids.p1m1], 'VALIDATION'],
      [PARKING1, MALL1, [], 'VALIDATION'],
    ];
    for (const [index, [debtor, creditor, obligationIds, code]] of attempts.entries()) {
      const id = `s-${index}`;
      const { detailsHash } = await storeDetails(alliance, debtor, creditor, id);
      const attempt = () =>
        postWithHash(alliance, debtor, creditor, id, obligationIds, detailsHash);
      expect([index, await alliance.refusal(attempt)]).toMatchObject([
        index,
        { code, changed: [] },
      ]);
    }
    for (const [creditor, code] of [
      [PARKING1, 'VALIDATION'],
      ['Bank1MSP', 'NOT_FOUND'],
    ] as const) {
      const attempt = () =>
        postWithHash(alliance, PARKING1, creditor, 's-x', [ids.p1m1], 'ab'.repeat(32));
      expect(await alliance.refusal(attempt)).toMatchObject({ code, changed: [] });
    }
    expect(await statuses(alliance, PARKING1, { status: 'open' })).toHaveLength(4);
  });

  it('needs the stored details: PRIVATE_RECORD_MISSING when absent, HASH_MISMATCH when different', async () => {
    const { alliance, ids } = await setup();
    const attempt = (hash: string) => () =>
      postWithHash(alliance, PARKING1, MALL1, 's-1', [ids.p1m1], hash);
    const wrong = 'ab'.repeat(32);
    expect(await alliance.refusal(attempt(wrong))).toMatchObject({
      code: 'PRIVATE_RECORD_MISSING',
      changed: [],
    });
    // Every other check comes first, so a client can run the public half as a query beforehand.
    const unknown = () => postWithHash(alliance, PARKING1, MALL1, 's-1', ['nope'], wrong);
    expect(await alliance.refusal(unknown)).toMatchObject({ code: 'NOT_FOUND', changed: [] });
    const { detailsHash } = await storeDetails(alliance, PARKING1, MALL1, 's-1');
    expect(await alliance.refusal(attempt(wrong))).toMatchObject({
      code: 'HASH_MISMATCH',
      changed: [],
    });
    expect(await attempt(detailsHash)()).toMatchObject({ status: 'posted', points: 150 });
  });

  it('puts an obligation in one settlement at a time, and a settlement id once', async () => {
    const { alliance, ids } = await setup();
    await post(alliance, PARKING1, MALL1, 's-1', [ids.p1m1]);
    const both = () => post(alliance, PARKING1, MALL1, 's-2', [ids.p1m1b, ids.p1m1]);
    expect(await alliance.refusal(both)).toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringMatching(new RegExp(`obligation ${ids.p1m1} is pending`)),
      // Only the private half (the details of s-2) was written.
      changed: [`${PAIR}/settlement:s-2`],
    });
    const { detailsHash } = await storeDetails(alliance, PARKING1, MALL1, 's-3');
    const reuse = () => postWithHash(alliance, PARKING1, MALL1, 's-1', [ids.p1m1b], detailsHash);
    expect(await alliance.refusal(reuse)).toMatchObject({ code: 'ALREADY_EXISTS', changed: [] });
    expect(await statuses(alliance, PARKING1, { counterparty: MALL1 })).toEqual(
      [`${ids.p1m1}:pending@s-1`, `${ids.p1m1b}:open`, `${ids.m1p1}:open`].sort(),
    );
  });
});

describe('confirm and dispute', () => {
  async function posted() {
    const context = await setup();
    const { alliance, ids } = context;
    await post(alliance, PARKING1, MALL1, 's-1', [ids.p1m1, ids.p1m1b]);
    return context;
  }

  /** `org` tries to confirm s-1, then to dispute it: the codes of the refusals, if clean. */
  async function answers(alliance: TestAlliance, org: string) {
    const codes = [];
    for (const [fn, request] of [
      ['confirm', { settlementId: 's-1' }],
      ['dispute', { settlementId: 's-1', reason: 'amount short' }],
    ] as const) {
      const { code, changed } = await alliance.refusal(() => call(alliance, org, fn, request));
      codes.push(changed.length === 0 ? code : `${code} changing ${changed.join()}`);
    }
    return codes;
  }

  it('lets only the creditor confirm, once; the obligations are then settled', async () => {
    const { alliance, ids } = await posted();
    for (const org of [PARKING1, PARKING2, MALL2]) {
      expect(await answers(alliance, org)).toEqual(['NOT_AUTHORIZED', 'NOT_AUTHORIZED']);
    }
    alliance.net.advanceTime(DAY);
    const confirmed = await call(alliance, MALL1, 'confirm', { settlementId: 's-1' });
    expect(confirmed).toMatchObject({
      status: 'confirmed',
      points: 450,
      confirmedAt: '2026-03-03T10:00:00.000Z',
    });
    expect(alliance.net.events.at(-1)?.name).toBe('SettlementConfirmed');
    expect(await statuses(alliance, PARKING1, { counterparty: MALL1 })).toEqual(
      [`${ids.p1m1}:settled@s-1`, `${ids.p1m1b}:settled@s-1`, `${ids.m1p1}:open`].sort(),
    );

    expect(await answers(alliance, MALL1)).toEqual(['INVALID_STATE', 'INVALID_STATE']);
    const again = () => post(alliance, PARKING1, MALL1, 's-2', [ids.p1m1]);
    expect(await alliance.refusal(again)).toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringMatching(/is settled/),
    });
  });

  it('lets the creditor dispute with a reason; the obligations reopen for a new settlement', async () => {
    const { alliance, ids } = await posted();
    for (const request of [{ settlementId: 's-1' }, { settlementId: 's-1', reason: '' }]) {
      expect(await alliance.refusal(() => call(alliance, MALL1, 'dispute', request))).toMatchObject(
        {
          code: 'VALIDATION',
          changed: [],
        },
      );
    }
    const disputed = await call(alliance, MALL1, 'dispute', {
      settlementId: 's-1',
      reason: 'paid 1912.50 EUR, expected 1950.00 EUR',
    });
    expect(disputed).toMatchObject({
      status: 'disputed',
      disputedAt: '2026-03-02T10:00:00.000Z',
      disputeReason: 'paid 1912.50 EUR, expected 1950.00 EUR',
    });
    expect(disputed).not.toHaveProperty('confirmedAt');
    expect(alliance.net.events.at(-1)?.name).toBe('SettlementDisputed');
    expect(await statuses(alliance, MALL1, { counterparty: PARKING1, status: 'open' })).toEqual(
      [`${ids.p1m1}:open`, `${ids.p1m1b}:open`, `${ids.m1p1}:open`].sort(),
    );
    const confirmDisputed = () => call(alliance, MALL1, 'confirm', { settlementId: 's-1' });
    expect(await alliance.refusal(confirmDisputed)).toMatchObject({ code: 'INVALID_STATE' });

    expect(await post(alliance, PARKING1, MALL1, 's-2', [ids.p1m1b, ids.p1m1])).toMatchObject({
      status: 'posted',
      points: 450,
    });
    await call(alliance, MALL1, 'confirm', { settlementId: 's-2' });
    expect(await statuses(alliance, MALL1, { status: 'settled' })).toEqual(
      [`${ids.p1m1}:settled@s-2`, `${ids.p1m1b}:settled@s-2`].sort(),
    );
    expect(await call(alliance, PARKING2, 'get', { settlementId: 's-1' })).toMatchObject({
      status: 'disputed',
    });
  });
});

describe('readDetails', () => {
  it('lets the two parties read the details; no other merchant and no public record holds them', async () => {
    const { alliance, ids } = await setup();
    const { detailsHash } = await post(alliance, PARKING1, MALL1, 's-1', [ids.p1m1]);
    const read = (org: string, peerMspId = org) =>
      alliance.evaluate(org, 'settlements', 'readDetails', { settlementId: 's-1' }, { peerMspId });

    expect(await read(PARKING1)).toEqual(details('s-1'));
    expect(await read(MALL1)).toEqual(details('s-1'));
    await expect(read(MALL2)).rejects.toThrow(/\[NOT_AUTHORIZED\] only the two parties/);
    await expect(read(PARKING2)).rejects.toThrow(/\[NOT_AUTHORIZED\]/);
    await expect(read(MALL1, MALL2)).rejects.toThrow(/private data matching public hash/);
    await expect(
      alliance.evaluate(PARKING1, 'settlements', 'readDetails', { settlementId: 's-9' }),
    ).rejects.toThrow(/\[NOT_FOUND\]/);

    expect(detailsHash).toBe(sha256(alliance.net.rawPrivateState(PAIR, 'settlement:s-1')));
    const publicText = [
      ...Object.values(alliance.publicState()),
      ...alliance.net.events.map((event) => event.payload.toString()),
    ].join('\n');
    expect(publicText).not.toContain(details('s-1').bankReference);
    expect(publicText).not.toContain(details('s-1').salt);
    expect(publicText).toContain(detailsHash);
  });
});

describe('listObligations', () => {
  it('shows a merchant only its own obligations, as debtor or creditor, with filters', async () => {
    const { alliance, ids } = await setup();
    await post(alliance, PARKING1, MALL1, 's-1', [ids.p1m1]);
    const mine = async (org: string, filter: object = {}) =>
      (await listObligations(alliance, org, filter)).map((o) => o.id).sort();

    expect(await mine(PARKING1)).toEqual([ids.p1m1, ids.p1m1b, ids.m1p1, ids.p1m2].sort());
    expect(await mine(MALL1)).toEqual([ids.p1m1, ids.p1m1b, ids.m1p1].sort());
    expect(await mine(MALL2)).toEqual([ids.p1m2]);
    expect(await mine(PARKING2)).toEqual([]);
    expect(await mine(PARKING1, { counterparty: MALL2 })).toEqual([ids.p1m2]);
    expect(await mine(MALL2, { counterparty: MALL1 })).toEqual([]);
    expect(await mine(PARKING1, { status: 'pending' })).toEqual([ids.p1m1]);
    expect(await mine(PARKING1, { counterparty: MALL1, status: 'open' })).toEqual(
      [ids.p1m1b, ids.m1p1].sort(),
    );
    expect(await mine(PARKING1, { period: '2026-03' })).toHaveLength(4);
    expect(await mine(PARKING1, { period: '2026-04' })).toEqual([]);
    await expect(listObligations(alliance, PARKING1, { period: '2026-3' })).rejects.toThrow(
      /\[VALIDATION\]/,
    );
    const [one] = await listObligations(alliance, MALL2);
    expect(one).toMatchObject({
      debtor: PARKING1,
      creditor: MALL2,
      agreementId: 'p1-m2',
      pointsGiven: 100,
      pointsReceived: 150,
      fee: 5,
      status: 'open',
    });
  });
});

describe('netPositions', () => {
  // Every test agreement prices target points at 4250 minor units (EUR) per 1000 points.
  const none = {
    currency: 'EUR',
    receivablePoints: 0,
    payablePoints: 0,
    receivableMinor: 0,
    payableMinor: 0,
    netMinor: 0,
    settledReceivableMinor: 0,
    settledPayableMinor: 0,
  };
  const position = (counterparty: string, values: Partial<NetPosition>): NetPosition => ({
    counterparty,
    ...none,
    ...values,
  });

  it('values receivable and payable points at the agreed price and nets them per counterparty', async () => {
    const { alliance, ids } = await setup();
    expect(await netPositions(alliance, PARKING1)).toEqual([
      position(MALL1, {
        receivablePoints: 150,
        payablePoints: 450,
        receivableMinor: 638,
        payableMinor: 1913,
        netMinor: -1275,
      }),
      position(MALL2, { payablePoints: 150, payableMinor: 638, netMinor: -638 }),
    ]);
    expect(await netPositions(alliance, MALL1)).toEqual([
      position(PARKING1, {
        receivablePoints: 450,
        payablePoints: 150,
        receivableMinor: 1913,
        payableMinor: 638,
        netMinor: 1275,
      }),
    ]);
    expect(await netPositions(alliance, MALL2)).toEqual([
      position(PARKING1, { receivablePoints: 150, receivableMinor: 638, netMinor: 638 }),
    ]);
    expect(await netPositions(alliance, PARKING2)).toEqual([]);

    // Pending obligations are still unsettled; confirmed ones move to the settled columns.
    await post(alliance, PARKING1, MALL1, 's-1', [ids.p1m1]);
    expect((await netPositions(alliance, PARKING1))[0]).toMatchObject({
      payablePoints: 450,
      netMinor: -1275,
    });
    await call(alliance, MALL1, 'confirm', { settlementId: 's-1' });
    await post(alliance, MALL1, PARKING1, 's-2', [ids.m1p1]);
    await call(alliance, PARKING1, 'confirm', { settlementId: 's-2' });
    expect(await netPositions(alliance, PARKING1)).toEqual([
      position(MALL1, {
        payablePoints: 300,
        payableMinor: 1275,
        netMinor: -1275,
        settledReceivableMinor: 638,
        settledPayableMinor: 638,
      }),
      position(MALL2, { payablePoints: 150, payableMinor: 638, netMinor: -638 }),
    ]);
    expect(await netPositions(alliance, MALL1)).toEqual([
      position(PARKING1, {
        receivablePoints: 300,
        receivableMinor: 1275,
        netMinor: 1275,
        settledReceivableMinor: 638,
        settledPayableMinor: 638,
      }),
    ]);
  });

  it('reports per period (UTC month of the exchange)', async () => {
    const { alliance, owe } = await setup();
    alliance.net.setTime(new Date('2026-04-01T00:00:00Z'));
    await owe(undefined, 'p1-m1', 200);
    await owe(undefined, 'p1-m2', 100);

    expect(await netPositions(alliance, PARKING1, '2026-03')).toEqual([
      position(MALL1, {
        receivablePoints: 150,
        payablePoints: 450,
        receivableMinor: 638,
        payableMinor: 1913,
        netMinor: -1275,
      }),
      position(MALL2, { payablePoints: 150, payableMinor: 638, netMinor: -638 }),
    ]);
    expect(await netPositions(alliance, PARKING1, '2026-04')).toEqual([
      position(MALL1, { payablePoints: 300, payableMinor: 1275, netMinor: -1275 }),
      position(MALL2, { payablePoints: 150, payableMinor: 638, netMinor: -638 }),
    ]);
    expect(await netPositions(alliance, PARKING1)).toEqual([
      position(MALL1, {
        receivablePoints: 150,
        payablePoints: 750,
        receivableMinor: 638,
        payableMinor: 3188,
        netMinor: -2550,
      }),
      position(MALL2, { payablePoints: 300, payableMinor: 1275, netMinor: -1275 }),
    ]);
    expect(await netPositions(alliance, MALL1, '2026-05')).toEqual([]);
    await expect(netPositions(alliance, MALL1, 'April')).rejects.toThrow(/\[VALIDATION\]/);
  });
});
