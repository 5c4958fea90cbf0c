import { createHash } from 'node:crypto';
import type { Agreement } from '../domain/model';
import { describePolicy } from '../ledger/endorsement-policy';
import { pairCollection } from '../ledger/state';
import {
  MALL1,
  MALL2,
  ORGS,
  PARKING1,
  PARKING2,
  RATE_CARD,
  TestAlliance,
} from '../test-support/alliance';

const ID = 'ag-1';
const PAIR = pairCollection(PARKING1, MALL1);
const TERMS_KEY = `agreement:${ID}`;
const HOUR = 3_600_000;
/** Terms whose values appear nowhere else, so public data can be searched for them. */
const TERMS = {
  pricePerThousandPointsMinor: 987_654_321,
  currency: 'EUR',
  notes: 'confidential volume discount',
  salt: 'salt-9f3c2a7e51d04b86',
};
const SECRETS = ['987654321', TERMS.salt, TERMS.notes];

function sha256(bytes: Buffer | undefined): string {
  return createHash('sha256')
    .update(bytes ?? Buffer.alloc(0))
    .digest('hex');
}

/** The private half of ag-1: PARKING1 stores terms for an agreement with MALL1. */
function storeTerms(alliance: TestAlliance, terms: unknown = TERMS, by = PARKING1, to = MALL1) {
  return alliance.submit<{ agreementId: string; termsHash: string }>(
    by,
    'agreements',
    'storeTerms',
    { agreementId: ID, counterparty: to },
    { transient: { terms } },
  );
}

/** The public half of ag-1: PARKING1 proposes RATE_CARD (with `changes`) to MALL1. */
function propose(alliance: TestAlliance, termsHash: string, changes: Record<string, unknown> = {}) {
  return alliance.submit<Agreement>(PARKING1, 'agreements', 'propose', {
    agreementId: ID,
    toOrg: MALL1,
    ...RATE_CARD,
    termsHash,
    ...changes,
  });
}

/** An alliance where PARKING1 has stored ag-1's terms (and proposed it, unless told not to). */
async function withTerms(options: { propose?: Record<string, unknown> | false } = {}) {
  const alliance = await TestAlliance.create();
  const { termsHash } = await storeTerms(alliance);
  if (options.propose !== false) await propose(alliance, termsHash, options.propose);
  return { alliance, termsHash };
}

function submit(alliance: TestAlliance, org: string, fn: string, request: unknown) {
  return alliance.submit<Agreement>(org, 'agreements', fn, request);
}

function get(alliance: TestAlliance, org: string, request: unknown) {
  return alliance.evaluate<Agreement>(org, 'agreements', 'get', request);
}

function lastEvent(alliance: TestAlliance) {
  const event = alliance.net.events.at(-1);
  return event && { name: event.name, payload: JSON.parse(event.payload.toString()) as unknown };
}

describe('storeTerms', () => {
  it('writes the terms only to the pair collection; its one public trace is an event', async () => {
    const alliance = await TestAlliance.create();
    const publicBefore = alliance.publicState();

    const stored = await storeTerms(alliance);

    expect(alliance.publicState()).toEqual(publicBefore);
    expect(Object.keys(alliance.privateState())).toEqual([`${PAIR}/${TERMS_KEY}`]);
    const bytes = alliance.net.rawPrivateState(PAIR, TERMS_KEY);
    expect(JSON.parse(String(bytes))).toEqual(TERMS);
    expect(stored).toEqual({ agreementId: ID, termsHash: sha256(bytes) });
    expect(lastEvent(alliance)).toEqual({
      name: 'AgreementTermsStored',
      payload: { agreementId: ID },
    });
  });

  it('refuses missing or malformed terms, and a counterparty that is not another merchant', async () => {
    const alliance = await TestAlliance.create();
    const storeWithout = () =>
      alliance.submit(PARKING1, 'agreements', 'storeTerms', {
        agreementId: ID,
        counterparty: MALL1,
      });
    expect(await alliance.refusal(storeWithout)).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/transient field "terms" is required/),
      changed: [],
    });
    for (const terms of [
      { ...TERMS, salt: 'short' },
      { ...TERMS, currency: 'euro' },
      { ...TERMS, extra: 1 },
    ]) {
      expect(await alliance.refusal(() => storeTerms(alliance, terms))).toMatchObject({
        code: 'VALIDATION',
        changed: [],
      });
    }
    expect(await alliance.refusal(() => storeTerms(alliance, TERMS, MALL1, MALL1))).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/two different merchants/),
      changed: [],
    });
    expect(
      await alliance.refusal(() => storeTerms(alliance, TERMS, PARKING1, 'Bank1MSP')),
    ).toMatchObject({ code: 'NOT_FOUND', changed: [] });
  });

  it('cannot replace the terms once the agreement is proposed, by either party', async () => {
    const { alliance, termsHash } = await withTerms();
    for (const [by, to] of [
      [PARKING1, MALL1],
      [MALL1, PARKING1],
    ] as const) {
      const replace = () =>
        storeTerms(alliance, { ...TERMS, pricePerThousandPointsMinor: 1 }, by, to);
      expect(await alliance.refusal(replace)).toMatchObject({
        code: 'ALREADY_EXISTS',
        changed: [],
      });
    }
    expect(sha256(alliance.net.rawPrivateState(PAIR, TERMS_KEY))).toBe(termsHash);
  });
});

describe('propose', () => {
  it('records the rate card with the terms hash, guarded by "both parties AND a majority"', async () => {
    const { alliance, termsHash } = await withTerms({ propose: false });
    const publicBefore = alliance.publicState();

    const agreement = await propose(alliance, termsHash);

    const expected: Agreement = {
      id: ID,
      fromOrg: PARKING1,
      toOrg: MALL1,
      fromSymbol: 'PARK1',
      toSymbol: 'MALL1',
      ...RATE_CARD,
      termsHash,
      status: 'proposed',
      proposedAt: '2026-03-02T10:00:00.000Z',
    };
    expect(agreement).toEqual(expected);
    expect(await get(alliance, MALL2, { agreementId: ID })).toEqual(expected);
    expect(lastEvent(alliance)).toEqual({ name: 'AgreementProposed', payload: expected });

    const key = `\u0000Agreement\u0000${ID}\u0000`;
    const after = alliance.publicState();
    expect(Object.keys(after).filter((k) => publicBefore[k] !== after[k])).toEqual([key]);
    expect(describePolicy(alliance.net.validationParameter(key) as Buffer).rule).toEqual({
      outOf: 3,
      of: [MALL1, PARKING1, { outOf: 3, of: [...ORGS].sort() }],
    });
  });

  it('needs the stored terms: PRIVATE_RECORD_MISSING when absent, HASH_MISMATCH when different', async () => {
    const alliance = await TestAlliance.create();
    const someHash = 'ab'.repeat(32);
    expect(await alliance.refusal(() => propose(alliance, someHash))).toMatchObject({
      code: 'PRIVATE_RECORD_MISSING',
      changed: [],
    });
    // Terms stored with another counterparty live in another pair's collection.
    const elsewhere = await storeTerms(alliance, TERMS, PARKING1, MALL2);
    expect(await alliance.refusal(() => propose(alliance, elsewhere.termsHash))).toMatchObject({
      code: 'PRIVATE_RECORD_MISSING',
      changed: [],
    });
    await storeTerms(alliance);
    expect(await alliance.refusal(() => propose(alliance, someHash))).toMatchObject({
      code: 'HASH_MISMATCH',
      changed: [],
    });
  });

  it.each([
    ['a step that gives fractions of B-points', { step: 5 }, 'VALIDATION', /whole B-points/],
    ['a minimum off the step', { minimum: 105 }, 'VALIDATION', /minimum must be a multiple/],
    ['an empty validity window', { validUntil: RATE_CARD.validFrom }, 'VALIDATION', /validUntil/],
    ['a zero rate', { rateNumerator: 0 }, 'VALIDATION', /rateNumerator/],
    ['a negative fee', { fee: -1 }, 'VALIDATION', /fee/],
    ['an agreement with itself', { toOrg: PARKING1 }, 'VALIDATION', /two different/],
    ['a target without a token', { toOrg: 'Bank1MSP' }, 'NOT_FOUND', /Bank1MSP/],
  ])('refuses %s', async (_, changes, code, message) => {
    const { alliance, termsHash } = await withTerms({ propose: false });
    expect(await alliance.refusal(() => propose(alliance, termsHash, changes))).toMatchObject({
      code,
      message: expect.stringMatching(message),
      changed: [],
    });
  });

  it('accepts a step that converts to whole points, and refuses a second proposal of an id', async () => {
    const { alliance, termsHash } = await withTerms({ propose: false });
    // 2 A-points give exactly 3 B-points.
    expect(await propose(alliance, termsHash, { step: 2, minimum: 4 })).toMatchObject({
      step: 2,
      minimum: 4,
    });
    expect(await alliance.refusal(() => propose(alliance, termsHash))).toMatchObject({
      code: 'ALREADY_EXISTS',
      changed: [],
    });
  });
});

describe('accept', () => {
  it('is for the target merchant only, naming the proposed terms hash', async () => {
    const { alliance, termsHash } = await withTerms();
    for (const org of [PARKING1, PARKING2, MALL2]) {
      const accept = () => submit(alliance, org, 'accept', { agreementId: ID, termsHash });
      expect(await alliance.refusal(accept)).toMatchObject({
        code: 'NOT_AUTHORIZED',
        changed: [],
      });
    }
    const wrongHash = () =>
      submit(alliance, MALL1, 'accept', { agreementId: ID, termsHash: 'cd'.repeat(32) });
    expect(await alliance.refusal(wrongHash)).toMatchObject({ code: 'HASH_MISMATCH', changed: [] });

    alliance.net.advanceTime(HOUR);
    const accepted = await submit(alliance, MALL1, 'accept', { agreementId: ID, termsHash });
    expect(accepted).toMatchObject({ status: 'active', acceptedAt: '2026-03-02T11:00:00.000Z' });
    expect(lastEvent(alliance)).toEqual({ name: 'AgreementAccepted', payload: accepted });
    const again = () => submit(alliance, MALL1, 'accept', { agreementId: ID, termsHash });
    expect(await alliance.refusal(again)).toMatchObject({ code: 'INVALID_STATE', changed: [] });
  });

  it('is refused from the end of the validity window on', async () => {
    const validUntil = '2026-03-02T11:00:00.000Z';
    const { alliance, termsHash } = await withTerms({ propose: { validUntil } });
    alliance.net.setTime(new Date(validUntil));
    const accept = () => submit(alliance, MALL1, 'accept', { agreementId: ID, termsHash });
    expect(await alliance.refusal(accept)).toMatchObject({
      code: 'AGREEMENT_INACTIVE',
      changed: [],
    });
    alliance.net.setTime(new Date(Date.parse(validUntil) - 1));
    expect(await accept()).toMatchObject({ status: 'active' });
  });

  it('is refused for a revoked proposal and an unknown agreement', async () => {
    const { alliance, termsHash } = await withTerms();
    await submit(alliance, PARKING1, 'revoke', { agreementId: ID });
    const accept = (agreementId: string) => () =>
      submit(alliance, MALL1, 'accept', { agreementId, termsHash });
    expect(await alliance.refusal(accept(ID))).toMatchObject({
      code: 'INVALID_STATE',
      changed: [],
    });
    expect(await alliance.refusal(accept('ag-x'))).toMatchObject({
      code: 'NOT_FOUND',
      changed: [],
    });
  });
});

describe('revoke', () => {
  it('lets either party revoke, once; nobody else', async () => {
    const alliance = await TestAlliance.create();
    await alliance.proposeAgreement(PARKING1, MALL1, 'proposed');
    await alliance.makeAgreement(PARKING1, MALL1, 'active');

    for (const agreementId of ['proposed', 'active']) {
      const byOutsider = () => submit(alliance, MALL2, 'revoke', { agreementId });
      expect(await alliance.refusal(byOutsider)).toMatchObject({
        code: 'NOT_AUTHORIZED',
        changed: [],
      });
    }
    alliance.net.advanceTime(HOUR);
    const byProposer = await submit(alliance, PARKING1, 'revoke', { agreementId: 'proposed' });
    const byTarget = await submit(alliance, MALL1, 'revoke', { agreementId: 'active' });
    expect([byProposer, byTarget]).toMatchObject([
      { status: 'revoked', revokedBy: PARKING1, revokedAt: '2026-03-02T11:00:00.000Z' },
      { status: 'revoked', revokedBy: MALL1, revokedAt: '2026-03-02T11:00:00.000Z' },
    ]);
    expect(byTarget.acceptedAt).toBe('2026-03-02T10:00:00.000Z');
    expect(lastEvent(alliance)).toEqual({ name: 'AgreementRevoked', payload: byTarget });

    for (const [org, agreementId] of [
      [MALL1, 'proposed'],
      [PARKING1, 'active'],
    ] as const) {
      const twice = () => submit(alliance, org, 'revoke', { agreementId });
      expect(await alliance.refusal(twice)).toMatchObject({ code: 'INVALID_STATE', changed: [] });
    }
  });
});

describe('list, get and rate cards', () => {
  /** One agreement in each state, named after it; all between different pairs of merchants. */
  async function agreementsInEveryState() {
    const alliance = await TestAlliance.create();
    const now = alliance.now.getTime();
    await alliance.makeAgreement(PARKING1, MALL1, 'active');
    await alliance.proposeAgreement(PARKING1, MALL2, 'proposed');
    await alliance.makeAgreement(PARKING2, MALL1, 'revoked');
    await submit(alliance, PARKING2, 'revoke', { agreementId: 'revoked' });
    await alliance.makeAgreement(MALL1, PARKING2, 'future', {
      validFrom: new Date(now + 24 * HOUR).toISOString(),
    });
    await alliance.makeAgreement(MALL2, PARKING1, 'ending', {
      validUntil: new Date(now + 2 * HOUR).toISOString(),
    });
    return alliance;
  }

  const ids = (agreements: Agreement[]) => agreements.map((agreement) => agreement.id);

  it('shows members only the agreements in force at the transaction time', async () => {
    const alliance = await agreementsInEveryState();
    const cards = () => alliance.evaluate<Agreement[]>(MALL2, 'agreements', 'rateCards');

    expect(ids(await cards())).toEqual(['active', 'ending']);
    alliance.net.advanceTime(2 * HOUR - 1);
    expect(ids(await cards())).toEqual(['active', 'ending']);
    alliance.net.advanceTime(1);
    expect(ids(await cards())).toEqual(['active']);
    alliance.net.advanceTime(22 * HOUR);
    expect(ids(await cards())).toEqual(['active', 'future']);
    alliance.net.setTime(new Date(RATE_CARD.validUntil));
    expect(await cards()).toEqual([]);
  });

  it('lists agreements by party and status, and gets one by id', async () => {
    const alliance = await agreementsInEveryState();
    const list = async (request: Record<string, unknown>) =>
      ids(await alliance.evaluate<Agreement[]>(PARKING2, 'agreements', 'list', request));

    expect(await list({})).toEqual(['active', 'ending', 'future', 'proposed', 'revoked']);
    expect(await list({ org: MALL1 })).toEqual(['active', 'future', 'revoked']);
    expect(await list({ status: 'active' })).toEqual(['active', 'ending', 'future']);
    expect(await list({ org: PARKING1, status: 'proposed' })).toEqual(['proposed']);
    expect(await list({ org: MALL2, status: 'revoked' })).toEqual([]);
    expect(await get(alliance, PARKING2, { agreementId: 'future' })).toMatchObject({
      id: 'future',
      fromOrg: MALL1,
      toOrg: PARKING2,
      fromSymbol: 'MALL1',
      toSymbol: 'PARK2',
      status: 'active',
      validFrom: '2026-03-03T10:00:00.000Z',
    });
    await expect(get(alliance, PARKING2, { agreementId: 'nope' })).rejects.toThrow(
      /\[NOT_FOUND\] Agreement nope not found/,
    );
    await expect(
      alliance.evaluate(PARKING2, 'agreements', 'list', { status: 'x' }),
    ).rejects.toThrow(/\[VALIDATION\]/);
  });
});

describe('terms privacy', () => {
  it('lets the two parties read the terms, and no other merchant', async () => {
    const { alliance } = await withTerms();
    for (const org of [PARKING1, MALL1]) {
      expect(await alliance.evaluate(org, 'agreements', 'readTerms', { agreementId: ID })).toEqual(
        TERMS,
      );
    }
    for (const org of [PARKING2, MALL2]) {
      await expect(
        alliance.evaluate(org, 'agreements', 'readTerms', { agreementId: ID }),
      ).rejects.toThrow(/\[NOT_AUTHORIZED\] only the two parties/);
    }
  });

  it("keeps the terms off other merchants' peers; the public record holds only their hash", async () => {
    const { alliance, termsHash } = await withTerms();
    await submit(alliance, MALL1, 'accept', { agreementId: ID, termsHash });

    // The pair's collection is the only one holding anything, and only the terms.
    expect(Object.keys(alliance.privateState())).toEqual([`${PAIR}/${TERMS_KEY}`]);
    // A party's own request, endorsed on another merchant's peer, finds only the hash there.
    await expect(
      alliance.evaluate(
        PARKING1,
        'agreements',
        'readTerms',
        { agreementId: ID },
        {
          peerMspId: MALL2,
        },
      ),
    ).rejects.toThrow(/private data matching public hash version is not available/);

    const seen = await get(alliance, MALL2, { agreementId: ID });
    expect(seen.termsHash).toBe(sha256(alliance.net.rawPrivateState(PAIR, TERMS_KEY)));
    const publicText = [
      ...Object.values(alliance.publicState()),
      ...alliance.net.events.map((event) => event.payload.toString()),
    ];
    expect(alliance.net.events.map((event) => event.name).slice(-3)).toEqual([
      'AgreementTermsStored',
      'AgreementProposed',
      'AgreementAccepted',
    ]);
    for (const secret of SECRETS) {
      expect(publicText.filter((text) => text.includes(secret))).toEqual([]);
    }
    expect(publicText.filter((text) => text.includes(termsHash))).toHaveLength(3);
  });
});
