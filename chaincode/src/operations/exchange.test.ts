import type { Obligation, RateCard } from '../domain/model';
import { describePolicy } from '../ledger/endorsement-policy';
import {
  DEFAULT_CAP,
  MALL1,
  MALL2,
  ORGS,
  PARKING1,
  TestAlliance,
  type TestMember,
} from '../test-support/alliance';

// RATE_CARD: 3 MALL1 per 2 PARK1, minimum 100, step 10, fee 5, at most 600 MALL1 a member a day.
const AGREEMENT = 'park1-to-mall1';
const HOUR = 3_600_000;

/** An alliance with PARKING1 → MALL1 in force, and a PARKING1 member holding `points` PARK1. */
async function setup(
  options: { points?: number; cap?: number; shardCount?: number; card?: Partial<RateCard> } = {},
) {
  const { points = 1000, card, ...alliance } = options;
  const net = await TestAlliance.create(alliance);
  await net.makeAgreement(PARKING1, MALL1, AGREEMENT, card);
  const member = await net.registerMember(PARKING1);
  if (points > 0) await net.earn(PARKING1, member.id, points);
  return { alliance: net, member };
}

function sign(alliance: TestAlliance, member: TestMember, amount: number, agreementId = AGREEMENT) {
  return member.sign('exchange', { agreementId, amount }, alliance.now);
}

function submitSigned(alliance: TestAlliance, request: unknown) {
  return alliance.submit(PARKING1, 'agreements', 'exchange', request, {}, {});
}

/** What a member holds of both tokens and how many points each token has out. */
async function holdings(alliance: TestAlliance, member: TestMember) {
  const [park1, mall1] = [
    await alliance.balance(member.id, 'PARK1'),
    await alliance.balance(member.id, 'MALL1'),
  ];
  const supply = async (symbol: string) => {
    const { issued, redeemed, outstanding } = await alliance.supply(symbol);
    return { issued, redeemed, outstanding };
  };
  return {
    park1: park1.available,
    mall1: mall1.available,
    PARK1: await supply('PARK1'),
    MALL1: await supply('MALL1'),
  };
}

function obligations(alliance: TestAlliance, org: string) {
  return alliance.evaluate<Obligation[]>(org, 'settlements', 'listObligations', {});
}

describe('quote', () => {
  it('tells what an exchange would give and take, and changes nothing', async () => {
    const { alliance, member } = await setup();
    const before = alliance.publicState();
    const events = alliance.net.events.length;

    // Submitted as a transaction on purpose: even then it writes nothing.
    const quote = await alliance.submit(PARKING1, 'agreements', 'quote', {
      agreementId: AGREEMENT,
      memberId: member.id,
      amount: 200,
    });

    expect(quote).toEqual({
      agreementId: AGREEMENT,
      fromSymbol: 'PARK1',
      toSymbol: 'MALL1',
      amount: 200,
      fee: 5,
      debit: 205,
      credit: 300,
      available: 1000,
      sufficient: true,
    });
    expect(alliance.publicState()).toEqual(before);
    expect(alliance.net.events).toHaveLength(events);
  });

  it("counts today's exchanges and the member's available points", async () => {
    const { alliance, member } = await setup({ points: 300 });
    await alliance.exchange(member, AGREEMENT, 200);
    const quote = (amount: number, memberId = member.id) =>
      alliance.evaluate(MALL2, 'agreements', 'quote', { agreementId: AGREEMENT, memberId, amount });

    expect(await quote(200)).toMatchObject({ credit: 300, available: 95, sufficient: false });
    await expect(quote(210)).rejects.toThrow(/\[LIMIT_EXCEEDED\] daily cap 600: 300 received/);
    await expect(quote(200, 'nobody')).rejects.toThrow(/\[NOT_FOUND\] Member nobody/);
  });
});

describe('exchange', () => {
  it('takes amount + fee A-points, credits B-points at the rate, and records that A owes B', async () => {
    const { alliance, member } = await setup();
    const events = alliance.net.events.length;

    const { obligation, quote } = await alliance.exchange(member, AGREEMENT, 200);

    expect(quote).toEqual({ amount: 200, fee: 5, debit: 205, credit: 300 });
    expect(obligation).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{64}$/),
      debtor: PARKING1,
      creditor: MALL1,
      agreementId: AGREEMENT,
      memberId: member.id,
      pointsGiven: 200,
      pointsReceived: 300,
      fee: 5,
      status: 'open',
      createdAt: '2026-03-02T10:00:00.000Z',
      period: '2026-03',
    });
    expect(await holdings(alliance, member)).toEqual({
      park1: 795,
      mall1: 300,
      PARK1: { issued: 1000, redeemed: 205, outstanding: 795 },
      MALL1: { issued: 300, redeemed: 0, outstanding: 300 },
    });
    expect((await alliance.supply('MALL1')).allowance).toBe(DEFAULT_CAP - 300);
    expect(await obligations(alliance, PARKING1)).toEqual([obligation]);
    expect(await obligations(alliance, MALL1)).toEqual([obligation]);
    expect(await obligations(alliance, MALL2)).toEqual([]);

    expect(alliance.net.events).toHaveLength(events + 1);
    const event = alliance.net.events.at(-1);
    expect(event?.name).toBe('Exchanged');
    expect(JSON.parse(String(event?.payload))).toEqual({
      ...obligation,
      fromSymbol: 'PARK1',
      toSymbol: 'MALL1',
    });
    const key = `\u0000Obligation\u0000${PARKING1}\u0000${MALL1}\u0000${obligation.id}\u0000`;
    expect(describePolicy(alliance.net.validationParameter(key) as Buffer).rule).toEqual({
      outOf: 3,
      of: [MALL1, PARKING1, { outOf: 3, of: [...ORGS].sort() }],
    });
  });

  it('without a fee, redeems exactly the amount exchanged', async () => {
    const { alliance, member } = await setup({ card: { fee: 0 } });
    expect((await alliance.exchange(member, AGREEMENT, 100)).quote).toEqual({
      amount: 100,
      fee: 0,
      debit: 100,
      credit: 150,
    });
    expect(await holdings(alliance, member)).toMatchObject({
      park1: 900,
      mall1: 150,
      PARK1: { issued: 1000, redeemed: 100, outstanding: 900 },
    });
  });

  it('enforces the minimum and the step', async () => {
    const { alliance, member } = await setup();
    for (const [amount, message] of [
      [90, /amount 90 is below the minimum 100/],
      [105, /amount 105 is not a multiple of the step 10/],
    ] as const) {
      expect(await alliance.refusal(() => alliance.exchange(member, AGREEMENT, amount))).toEqual({
        code: 'VALIDATION',
        message: expect.stringMatching(message),
        changed: [],
      });
    }
  });

  it('caps what a member receives per UTC day, and resets the cap the next day', async () => {
    const { alliance, member } = await setup();
    const other = await alliance.registerMember(PARKING1);
    await alliance.earn(PARKING1, other.id, 200);
    await alliance.exchange(member, AGREEMENT, 200);
    await alliance.exchange(member, AGREEMENT, 200);
    const overCap = () => alliance.exchange(member, AGREEMENT, 100);

    expect(await alliance.refusal(overCap)).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: expect.stringMatching(/daily cap 600: 600 received today, 150 more asked/),
      changed: [],
    });
    // The cap is per member.
    await alliance.exchange(other, AGREEMENT, 100);
    // 2026-03-02T23:59:59.999Z is still the same UTC day.
    alliance.net.advanceTime(14 * HOUR - 1);
    expect(await alliance.refusal(overCap)).toMatchObject({ code: 'LIMIT_EXCEEDED', changed: [] });
    alliance.net.advanceTime(1);
    await alliance.exchange(member, AGREEMENT, 200);
    expect(await holdings(alliance, member)).toMatchObject({ park1: 1000 - 3 * 205, mall1: 900 });
  });

  it.each([
    ['only proposed', { accept: false }],
    ['revoked', { revoke: true }],
    ['expired', { validUntil: '2026-03-02T10:30:00.000Z' }],
    ['not yet valid', { validFrom: '2026-03-03T00:00:00.000Z' }],
  ])('refuses an agreement that is %s as AGREEMENT_INACTIVE', async (_, how) => {
    const { alliance, member } = await setup();
    const {
      accept = true,
      revoke = false,
      ...card
    } = how as Partial<RateCard> & {
      accept?: boolean;
      revoke?: boolean;
    };
    if (accept) await alliance.makeAgreement(PARKING1, MALL2, 'other', card);
    else await alliance.proposeAgreement(PARKING1, MALL2, 'other', card);
    if (revoke) await alliance.submit(MALL2, 'agreements', 'revoke', { agreementId: 'other' });
    alliance.net.advanceTime(HOUR);

    expect(await alliance.refusal(() => alliance.exchange(member, 'other', 100))).toMatchObject({
      code: 'AGREEMENT_INACTIVE',
      message: expect.stringMatching(/agreement other is not in force/),
      changed: [],
    });
  });

  it("refuses CAP_EXCEEDED when B's treasury shard cannot mint the credit", async () => {
    // Every token: cap 1000 in 4 shards of 250.
    const { alliance, member } = await setup({ cap: 1000, shardCount: 4, points: 240 });
    await alliance.exchange(member, AGREEMENT, 100, { shard: 0 });

    expect(
      await alliance.refusal(() => alliance.exchange(member, AGREEMENT, 100, { shard: 0 })),
    ).toMatchObject({
      code: 'CAP_EXCEEDED',
      message: expect.stringMatching(/MALL1 shard 0 can mint 100 more, 150 asked/),
      changed: [],
    });
    expect(
      await alliance.refusal(() => alliance.exchange(member, AGREEMENT, 100, { shard: 4 })),
    ).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/0\.\.3/), changed: [] });

    await alliance.exchange(member, AGREEMENT, 100, { shard: 1 });
    expect(await holdings(alliance, member)).toMatchObject({
      park1: 30,
      mall1: 300,
      MALL1: { issued: 300, redeemed: 0, outstanding: 300 },
    });
    expect((await alliance.supply('MALL1')).allowance).toBe(700);
  });

  it('spends only available points: pending and expired ones do not count', async () => {
    const { alliance, member } = await setup({ points: 100 });
    const inDays = (days: number) => new Date(alliance.now.getTime() + days * 24 * HOUR);
    await alliance.earn(PARKING1, member.id, 500, { pendingUntil: inDays(10).toISOString() });
    await alliance.earn(PARKING1, member.id, 300, { expiresAt: inDays(0.5).toISOString() });
    alliance.net.advanceTime(12 * HOUR);
    expect(await alliance.balance(member.id, 'PARK1')).toMatchObject({
      available: 100,
      pending: 500,
      expired: 300,
      total: 900,
    });

    // 100 exchanged costs 105 with the fee.
    expect(await alliance.refusal(() => alliance.exchange(member, AGREEMENT, 100))).toMatchObject({
      code: 'INSUFFICIENT_BALANCE',
      message: expect.stringMatching(/105 points needed, 100 available/),
      changed: [],
    });
    await alliance.earn(PARKING1, member.id, 5);
    await alliance.exchange(member, AGREEMENT, 100);
    expect(await alliance.balance(member.id, 'PARK1')).toMatchObject({
      available: 0,
      pending: 500,
      expired: 300,
    });
  });

  describe("needs the member's own, fresh signature", () => {
    const params = { agreementId: AGREEMENT, amount: 200 };
    /** Builds the request to submit, from the member, another member and the time. */
    type Forge = (member: TestMember, other: TestMember, now: Date) => unknown;
    const until = (now: Date, hours: number) => ({
      expiresAt: new Date(now.getTime() + hours * HOUR).toISOString(),
    });

    it.each<[string, string, Forge]>([
      [
        "another member's key",
        'BAD_SIGNATURE',
        (member, other, now) => other.sign('exchange', params, now, { memberId: member.id }),
      ],
      [
        'a tampered amount',
        'BAD_SIGNATURE',
        (member, _, now) => ({
          ...member.sign('exchange', params, now),
          params: { ...params, amount: 400 },
        }),
      ],
      [
        'an expired request',
        'EXPIRED_REQUEST',
        (member, _, now) => member.sign('exchange', params, now, until(now, 0)),
      ],
      [
        'a request valid for more than 24 hours',
        'VALIDATION',
        (member, _, now) => member.sign('exchange', params, now, until(now, 24.01)),
      ],
    ])('refuses %s', async (_, code, forge) => {
      const { alliance, member } = await setup();
      const other = await alliance.registerMember(PARKING1);
      const request = forge(member, other, alliance.now);
      expect(await alliance.refusal(() => submitSigned(alliance, request))).toMatchObject({
        code,
        changed: [],
      });
    });

    it('refuses a signed request a second time, and any other request with its nonce', async () => {
      const { alliance, member } = await setup();
      const request = sign(alliance, member, 200);
      await submitSigned(alliance, request);

      expect(await alliance.refusal(() => submitSigned(alliance, request))).toMatchObject({
        code: 'REPLAYED_NONCE',
        changed: [],
      });
      const sameNonce = member.sign(
        'exchange',
        { agreementId: AGREEMENT, amount: 100 },
        alliance.now,
        {
          nonce: request.nonce,
        },
      );
      expect(await alliance.refusal(() => submitSigned(alliance, sameNonce))).toMatchObject({
        code: 'REPLAYED_NONCE',
        changed: [],
      });
      expect(await holdings(alliance, member)).toMatchObject({ park1: 795, mall1: 300 });
      expect(await obligations(alliance, PARKING1)).toHaveLength(1);
    });
  });
});
