/**
 * Model-based property tests of the ledger's invariants (DESIGN.md "Invariants"), run over the
 * real contracts on the Fabric stand-in.
 *
 * fast-check generates a sequence of operation descriptors across the four merchants and four
 * members; each is turned into a concrete request (signed by the member where the operation
 * needs it), predicted from a small model, submitted, and checked:
 * - a refused operation is refused with one of the reasons the model expected and changes
 *   nothing (world state and events);
 * - a repeated order reference, app reference or refund reference returns the first result and
 *   changes nothing; a member nonce takes effect at most once;
 * - a successful operation does what the model says, and emits one event;
 * and after every step, per token: outstanding = Σ balances (total lots, pending and expired
 * included) = issued − redeemed ≤ cap; allowance + outstanding + unfolded deltas = cap; no lot
 * or balance negative; every exchange conserved points at its agreement's rate; the obligations
 * listed by each org are exactly the successful exchanges, with the same points.
 *
 * A failure message ends with the trace of the (shrunk) sequence, one line per step.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { parseLedgerError, type ErrorCode } from '../domain/errors';
import type {
  Balance,
  EarnRecord,
  LegacyRecord,
  Lot,
  Obligation,
  ReversalRecord,
  SupplyDelta,
  TreasuryShard,
} from '../domain/model';
import { utcDay } from '../domain/time';
import type { MemberOperation } from '../member-request';
import { defaultShard } from '../operations/supply';
import {
  MALL1,
  MALL2,
  ORGS,
  PARKING1,
  PARKING2,
  SYMBOL,
  TestAlliance,
  type ContractName,
  type TestMember,
} from '../test-support/alliance';

const CAP = 2400;
const SHARDS = 3;
const HOUR = 3_600_000;
const NUM_RUNS = 60;
const MAX_OPS = 25;

type Org = (typeof ORGS)[number];

function symbolOf(org: string): string {
  const symbol = SYMBOL[org];
  if (symbol === undefined) throw new Error(`${org} issues no token`);
  return symbol;
}

function issuerOf(symbol: string): Org {
  const org = ORGS.find((candidate) => SYMBOL[candidate] === symbol);
  if (org === undefined) throw new Error(`no issuer for ${symbol}`);
  return org;
}

const SYMBOLS = ORGS.map(symbolOf);
const MEMBERS: readonly { id: string; home: Org }[] = [
  { id: 'm0', home: PARKING1 },
  { id: 'm1', home: PARKING2 },
  { id: 'm2', home: MALL1 },
  { id: 'm3', home: MALL2 },
];
const MEMBER_IDS = MEMBERS.map((member) => member.id);

interface AgreementSpec {
  id: string;
  from: Org;
  to: Org;
  card: {
    rateNumerator: number;
    rateDenominator: number;
    minimum: number;
    step: number;
    fee: number;
    memberDailyCap: number;
  };
  /** Hours the agreement stays in force after the start of the run. */
  validHours: number;
  accepted: boolean;
}

const AGREEMENTS: readonly AgreementSpec[] = [
  {
    id: 'ag-park1-mall1',
    from: PARKING1,
    to: MALL1,
    card: {
      rateNumerator: 3,
      rateDenominator: 2,
      minimum: 10,
      step: 2,
      fee: 1,
      memberDailyCap: 90,
    },
    validHours: 24 * 30,
    accepted: true,
  },
  {
    id: 'ag-mall2-park2',
    from: MALL2,
    to: PARKING2,
    card: {
      rateNumerator: 1,
      rateDenominator: 5,
      minimum: 5,
      step: 5,
      fee: 0,
      memberDailyCap: 1000,
    },
    validHours: 36,
    accepted: true,
  },
  {
    // Proposed, never accepted: exchanges under it are refused.
    id: 'ag-park2-mall1',
    from: PARKING2,
    to: MALL1,
    card: {
      rateNumerator: 1,
      rateDenominator: 1,
      minimum: 1,
      step: 1,
      fee: 0,
      memberDailyCap: 1000,
    },
    validHours: 24 * 30,
    accepted: false,
  },
];

// ---------------------------------------------------------------------------------------------
// Operation descriptors: what fast-check generates and prints in a counterexample.

/** How a member-signed request is signed: properly, with a used nonce, stale, or by someone else. */
type Sig = 'ok' | 'reusedNonce' | 'expired' | 'forged';

type Op =
  | {
      kind: 'earn';
      issuer: Org;
      member: string;
      orderRef: string;
      points: number;
      receipt: 'a' | 'b';
      pendingHours?: number;
      expiresHours?: number;
      shard?: number;
    }
  /** By `issuer`, or else by a merchant that earned `orderRef` (Parking1 if none did). */
  | { kind: 'reverseEarn'; orderRef: string; refundRef: string; points: number; issuer?: Org }
  | { kind: 'redeem'; member: string; symbol: string; points: number; sig: Sig; at?: Org }
  | { kind: 'transfer'; member: string; to: string; symbol: string; points: number; sig: Sig }
  | {
      kind: 'importLegacy';
      issuer: Org;
      member: string;
      appRef: string;
      points: number;
      shard?: number;
    }
  | {
      kind: 'exportLegacy';
      member: string;
      symbol: string;
      appRef: string;
      points: number;
      sig: Sig;
      at?: Org;
    }
  | {
      kind: 'exchange';
      member: string;
      agreement: string;
      amount: number;
      sig: Sig;
      shard?: number;
    }
  | { kind: 'consolidateSupply'; issuer: Org; shard: number }
  /** By the member's home merchant unless `issuer` says otherwise. */
  | { kind: 'expirePoints'; member: string; issuer?: Org }
  | { kind: 'revokeAgreement'; by: Org; agreement: string }
  | { kind: 'advanceTime'; minutes: number }
  /** Submits again, unchanged, the request of an earlier step (history[pick % length]). */
  | { kind: 'replay'; pick: number };

const org = fc.constantFrom(...ORGS);
const member = fc.constantFrom(...MEMBER_IDS);
const tokenSymbol = fc.constantFrom(...SYMBOLS);
const sig = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Sig>('ok') },
  { weight: 1, arbitrary: fc.constantFrom<Sig>('reusedNonce', 'expired', 'forged') },
);
const smallPoints = fc.integer({ min: 1, max: 150 });
/** Mostly within one shard's allowance (CAP / SHARDS = 800), sometimes beyond. */
const earnPoints = fc.oneof(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 900 }));
/** Points every member starts with, of every token, so that spending has something to spend. */
const SEED_POINTS = 100;
/** A shard, including one past the last (refused). */
const shard = fc.integer({ min: 0, max: SHARDS });

/** Drops absent optional fields, so counterexamples print only what was generated. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined),
  ) as unknown as T;
}

/** An optional field, present about one time in `1 + absentWeight`. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, absentWeight = 3): fc.Arbitrary<T | undefined> {
  return fc.oneof(
    { weight: absentWeight, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary },
  );
}

const transferRecord = fc.record({
  kind: fc.constant('transfer' as const),
  member,
  to: member,
  symbol: tokenSymbol,
  points: smallPoints,
  sig,
});

const opArbitraries = {
  earn: fc
    .record({
      kind: fc.constant('earn' as const),
      issuer: org,
      member,
      orderRef: fc.constantFrom('o1', 'o2', 'o3'),
      points: earnPoints,
      receipt: fc.constantFrom<'a' | 'b'>('a', 'a', 'a', 'b'),
      pendingHours: sometimes(fc.constantFrom(-1, 1, 30)),
      expiresHours: sometimes(fc.constantFrom(-1, 0.5, 2, 30)),
      shard: sometimes(shard),
    })
    .map(compact),
  reverseEarn: fc
    .record({
      kind: fc.constant('reverseEarn' as const),
      orderRef: fc.constantFrom('o1', 'o2', 'o3'),
      refundRef: fc.constantFrom('r1', 'r2', 'r3'),
      points: fc.integer({ min: 1, max: 60 }),
      issuer: sometimes(org),
    })
    .map(compact),
  redeem: fc
    .record({
      kind: fc.constant('redeem' as const),
      member,
      symbol: tokenSymbol,
      points: smallPoints,
      sig,
      at: sometimes(org, 6),
    })
    .map(compact),
  transfer: fc.oneof(
    { weight: 6, arbitrary: transferRecord.filter((op) => op.to !== op.member) },
    // Now and then to oneself (refused).
    { weight: 1, arbitrary: transferRecord },
  ),
  importLegacy: fc
    .record({
      kind: fc.constant('importLegacy' as const),
      issuer: org,
      member,
      appRef: fc.constantFrom('app1', 'app2', 'app3'),
      points: earnPoints,
      shard: sometimes(shard),
    })
    .map(compact),
  exportLegacy: fc
    .record({
      kind: fc.constant('exportLegacy' as const),
      member,
      symbol: tokenSymbol,
      appRef: fc.constantFrom('app1', 'app2', 'app3'),
      points: smallPoints,
      sig,
      at: sometimes(org, 6),
    })
    .map(compact),
  exchange: fc
    .record({
      kind: fc.constant('exchange' as const),
      member,
      // The two active agreements more often than the one never accepted.
      agreement: fc.constantFrom(
        ...AGREEMENTS.flatMap((a) => (a.accepted ? [a.id, a.id] : [a.id])),
      ),
      // Multiples of 10 suit both rate cards' minimum and step; other amounts mostly do not.
      amount: fc.oneof(
        { weight: 3, arbitrary: fc.integer({ min: 1, max: 8 }).map((tens) => tens * 10) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 80 }) },
      ),
      sig,
      shard: sometimes(shard),
    })
    .map(compact),
  consolidateSupply: fc.record({
    kind: fc.constant('consolidateSupply' as const),
    issuer: org,
    shard,
  }),
  expirePoints: fc
    .record({ kind: fc.constant('expirePoints' as const), member, issuer: sometimes(org, 1) })
    .map(compact),
  revokeAgreement: fc.record({
    kind: fc.constant('revokeAgreement' as const),
    by: org,
    agreement: fc.constantFrom(...AGREEMENTS.map((agreement) => agreement.id)),
  }),
  advanceTime: fc.record({
    kind: fc.constant('advanceTime' as const),
    minutes: fc.constantFrom(1, 45, 120, 600, 1441),
  }),
  replay: fc.record({ kind: fc.constant('replay' as const), pick: fc.nat(999) }),
};

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: opArbitraries.earn },
  { weight: 2, arbitrary: opArbitraries.reverseEarn },
  { weight: 3, arbitrary: opArbitraries.redeem },
  { weight: 3, arbitrary: opArbitraries.transfer },
  { weight: 2, arbitrary: opArbitraries.importLegacy },
  { weight: 2, arbitrary: opArbitraries.exportLegacy },
  { weight: 6, arbitrary: opArbitraries.exchange },
  { weight: 1, arbitrary: opArbitraries.consolidateSupply },
  { weight: 2, arbitrary: opArbitraries.expirePoints },
  { weight: 1, arbitrary: opArbitraries.revokeAgreement },
  { weight: 2, arbitrary: opArbitraries.advanceTime },
  { weight: 3, arbitrary: opArbitraries.replay },
);

// ---------------------------------------------------------------------------------------------
// Concrete transactions, as submitted (and as replayed).

interface SignedRequest<P> {
  op: MemberOperation;
  memberId: string;
  params: P;
  nonce: string;
  expiresAt: string;
  signature: string;
}

interface EarnRequest {
  memberId: string;
  orderRef: string;
  points: number;
  receiptHash: string;
  pendingUntil?: string;
  expiresAt?: string;
  shard?: number;
}

type Tx = { org: Org; forged?: boolean } & (
  | { kind: 'earn'; request: EarnRequest }
  | { kind: 'reverseEarn'; request: { orderRef: string; refundRef: string; points: number } }
  | { kind: 'redeem'; request: SignedRequest<{ symbol: string; points: number }> }
  | { kind: 'transfer'; request: SignedRequest<{ symbol: string; to: string; points: number }> }
  | {
      kind: 'importLegacy';
      request: { memberId: string; appRef: string; points: number; shard?: number };
    }
  | {
      kind: 'exportLegacy';
      request: SignedRequest<{ symbol: string; appRef: string; points: number }>;
    }
  | {
      kind: 'exchange';
      request: SignedRequest<{ agreementId: string; amount: number }>;
      options: { shard?: number };
    }
  | { kind: 'consolidateSupply'; request: { shard: number } }
  | { kind: 'expirePoints'; request: { memberId: string } }
  | { kind: 'revokeAgreement'; request: { agreementId: string } }
);

const ENTRY_POINTS: Record<Tx['kind'], [ContractName, string]> = {
  earn: ['points', 'earn'],
  reverseEarn: ['points', 'reverseEarn'],
  redeem: ['points', 'redeem'],
  transfer: ['points', 'transfer'],
  importLegacy: ['points', 'importLegacy'],
  exportLegacy: ['points', 'exportLegacy'],
  exchange: ['agreements', 'exchange'],
  consolidateSupply: ['tokens', 'consolidateSupply'],
  expirePoints: ['points', 'expirePoints'],
  revokeAgreement: ['agreements', 'revoke'],
};

/** Transactions keyed by a reference or a nonce: a second submission must not take effect. */
const KEYED: ReadonlySet<Tx['kind']> = new Set([
  'earn',
  'reverseEarn',
  'redeem',
  'transfer',
  'importLegacy',
  'exportLegacy',
  'exchange',
]);

function describeTx(tx: Tx): string {
  const { signature: _signature, ...shown } = tx.request as {
    signature?: string;
    receiptHash?: string;
  };
  if (shown.receiptHash !== undefined) shown.receiptHash = `${shown.receiptHash.slice(0, 4)}…`;
  const options = tx.kind === 'exchange' ? ` ${JSON.stringify(tx.options)}` : '';
  const forged = tx.forged ? ' (forged signature)' : '';
  return `${tx.kind} by ${tx.org} ${JSON.stringify(shown)}${options}${forged}`;
}

// ---------------------------------------------------------------------------------------------
// Observations: what the ledger holds and what its queries answer, at one instant.

interface BalanceView {
  memberId: string;
  symbol: string;
  available: number;
  pending: number;
  expired: number;
  total: number;
  lots: Lot[];
}

interface SupplyView {
  cap: number;
  issued: number;
  redeemed: number;
  outstanding: number;
  allowance: number;
}

interface Observation {
  now: Date;
  /** Every world-state key with its value. */
  world: Map<string, string>;
  events: number;
  /** getBalances of every member, by `member/symbol`. */
  balances: Map<string, BalanceView>;
  supply: Map<string, SupplyView>;
  obligations: Map<Org, Obligation[]>;
}

function records<T>(observation: Observation, kind: string): { key: string[]; value: T }[] {
  const found: { key: string[]; value: T }[] = [];
  for (const [key, text] of observation.world) {
    const parts = key.split('\u0000');
    if (parts[1] !== kind) continue;
    found.push({ key: parts.slice(2, -1), value: JSON.parse(text) as T });
  }
  return found;
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing ${what}`);
  return value;
}

/** Throws a readable error unless actual and expected are deeply equal. */
function same(actual: unknown, expected: unknown, what: string): void {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

function lotState(lot: Lot, now: Date): 'available' | 'pending' | 'expired' {
  if (lot.expiresAt !== undefined && Date.parse(lot.expiresAt) <= now.getTime()) return 'expired';
  if (lot.availableFrom !== undefined && Date.parse(lot.availableFrom) > now.getTime()) {
    return 'pending';
  }
  return 'available';
}

// ---------------------------------------------------------------------------------------------
// The model.

interface SupplyModel {
  issued: number;
  /** Everything that left circulation: folded into the shards or still in deltas. */
  burned: number;
  unfolded: number;
  shards: number[];
}

interface ExpectedObligation {
  id: string;
  debtor: string;
  creditor: string;
  agreementId: string;
  memberId: string;
  pointsGiven: number;
  pointsReceived: number;
  fee: number;
}

type Expectation =
  | { type: 'success' }
  /** The first result, returned again with nothing changed. */
  | { type: 'same'; previous: unknown }
  | { type: 'refused'; codes: ErrorCode[] };

function expectation(violations: ErrorCode[]): Expectation {
  return violations.length === 0 ? { type: 'success' } : { type: 'refused', codes: violations };
}

class Model {
  readonly totals = new Map<string, number>();
  readonly supply = new Map<string, SupplyModel>(
    SYMBOLS.map((symbol) => [
      symbol,
      { issued: 0, burned: 0, unfolded: 0, shards: Array<number>(SHARDS).fill(CAP / SHARDS) },
    ]),
  );
  readonly earns = new Map<string, { record: EarnRecord; reversed: number }>();
  readonly reversals = new Map<string, ReversalRecord>();
  readonly legacy = new Map<string, LegacyRecord>();
  /** `member/nonce` of every nonce that took effect. */
  readonly nonces = new Set<string>();
  readonly exchangeDays = new Map<string, number>();
  readonly exchanges = new Map<string, ExpectedObligation>();
  readonly revoked = new Set<string>();

  supplyOf(symbol: string): SupplyModel {
    return must(this.supply.get(symbol), `supply model of ${symbol}`);
  }

  total(memberId: string, symbol: string): number {
    return this.totals.get(`${memberId}/${symbol}`) ?? 0;
  }

  credit(memberId: string, symbol: string, points: number): void {
    this.totals.set(`${memberId}/${symbol}`, this.total(memberId, symbol) + points);
  }

  mint(symbol: string, shard: number, points: number): void {
    const supply = this.supplyOf(symbol);
    supply.issued += points;
    supply.shards[shard] = must(supply.shards[shard], `shard ${shard}`) - points;
  }

  /** Takes points from a member and out of circulation. */
  burn(memberId: string, symbol: string, points: number): void {
    this.credit(memberId, symbol, -points);
    const supply = this.supplyOf(symbol);
    supply.burned += points;
    supply.unfolded += points;
  }

  mintViolations(symbol: string, shard: number, points: number): ErrorCode[] {
    if (shard >= SHARDS) return ['VALIDATION'];
    const allowance = must(this.supplyOf(symbol).shards[shard], `shard ${shard}`);
    return allowance < points ? ['CAP_EXCEEDED'] : [];
  }

  signedViolations(tx: Tx & { request: SignedRequest<unknown> }, now: Date): ErrorCode[] {
    const violations: ErrorCode[] = [];
    if (tx.forged) violations.push('BAD_SIGNATURE');
    if (Date.parse(tx.request.expiresAt) <= now.getTime()) violations.push('EXPIRED_REQUEST');
    if (this.nonces.has(`${tx.request.memberId}/${tx.request.nonce}`)) {
      violations.push('REPLAYED_NONCE');
    }
    return violations;
  }

  agreementActive(spec: AgreementSpec, start: Date, now: Date): boolean {
    const t = now.getTime();
    return (
      spec.accepted &&
      !this.revoked.has(spec.id) &&
      start.getTime() - HOUR <= t &&
      t < start.getTime() + spec.validHours * HOUR
    );
  }
}

// ---------------------------------------------------------------------------------------------
// One run: an alliance, its members and agreements, the model, the history.

type Outcome = 'success' | 'same' | 'refused';
const coverage = new Map<string, number>();

function count(kind: string, outcome: Outcome): void {
  const key = `${kind}:${outcome}`;
  coverage.set(key, (coverage.get(key) ?? 0) + 1);
}

class Run {
  readonly model = new Model();
  /** Every transaction submitted so far, in order, for replays. */
  readonly history: Tx[] = [];
  readonly trace: string[] = [];
  private steps = 0;

  private constructor(
    readonly alliance: TestAlliance,
    readonly members: ReadonlyMap<string, TestMember>,
    readonly start: Date,
  ) {}

  static async create(): Promise<Run> {
    const alliance = await TestAlliance.create({ cap: CAP, shardCount: SHARDS });
    const start = alliance.now;
    const members = new Map<string, TestMember>();
    for (const { id, home } of MEMBERS) members.set(id, await alliance.registerMember(home, id));
    for (const spec of AGREEMENTS) {
      const terms = {
        pricePerThousandPointsMinor: 750,
        currency: 'EUR',
        salt: `salt-${spec.id}-0123456789abcdef`,
      };
      const { termsHash } = await alliance.submit<{ termsHash: string }>(
        spec.from,
        'agreements',
        'storeTerms',
        { agreementId: spec.id, counterparty: spec.to },
        { transient: { terms } },
      );
      await alliance.submit(spec.from, 'agreements', 'propose', {
        agreementId: spec.id,
        toOrg: spec.to,
        ...spec.card,
        validFrom: new Date(start.getTime() - HOUR).toISOString(),
        validUntil: new Date(start.getTime() + spec.validHours * HOUR).toISOString(),
        termsHash,
      });
      if (spec.accepted) {
        await alliance.submit(spec.to, 'agreements', 'accept', {
          agreementId: spec.id,
          termsHash,
        });
      }
    }
    const run = new Run(alliance, members, start);
    run.trace.push(
      `setup: ${AGREEMENTS.map((a) => `${a.id} ${a.accepted ? 'active' : 'proposed'}`).join(', ')};` +
        ` every member earns ${SEED_POINTS} of every token, and 20 of its home token expiring at` +
        ` ${new Date(start.getTime() + HOUR).toISOString()}`,
    );
    run.checkInvariants(await run.observe());
    for (const issuer of ORGS) {
      for (const memberId of MEMBER_IDS) {
        const tx: Tx = {
          kind: 'earn',
          org: issuer,
          request: {
            memberId,
            orderRef: `seed-${memberId}`,
            points: SEED_POINTS,
            receiptHash: 'c'.repeat(64),
          },
        };
        await run.execute(tx);
      }
    }
    // And a few points from its home merchant that expire an hour after the start.
    for (const { id: memberId, home } of MEMBERS) {
      const tx: Tx = {
        kind: 'earn',
        org: home,
        request: {
          memberId,
          orderRef: `seed-expiring-${memberId}`,
          points: 20,
          receiptHash: 'c'.repeat(64),
          expiresAt: new Date(start.getTime() + HOUR).toISOString(),
        },
      };
      await run.execute(tx);
    }
    return run;
  }

  member(id: string): TestMember {
    return must(this.members.get(id), `member ${id}`);
  }

  /** Runs one generated operation; throws with the trace when a check fails. */
  async step(op: Op): Promise<Outcome | 'time'> {
    if (op.kind === 'advanceTime') {
      this.alliance.net.advanceTime(op.minutes * 60_000);
      this.note(`advance ${op.minutes} min → ${this.alliance.now.toISOString()}`);
      this.checkInvariants(await this.observe());
      return 'time';
    }
    let tx: Tx;
    let label: string;
    if (op.kind === 'replay') {
      if (this.history.length === 0) {
        this.note('replay: nothing to replay');
        return 'time';
      }
      const pick = op.pick % this.history.length;
      tx = must(this.history[pick], 'replayed transaction');
      label = `replay of history[${pick}]: ${describeTx(tx)}`;
    } else {
      tx = this.resolve(op);
      label = describeTx(tx);
    }
    return this.execute(tx, label);
  }

  /** Adds a numbered step to the trace. */
  note(text: string): void {
    this.trace.push(`#${this.steps++} ${text}`);
  }

  /**
   * Submits a transaction, checks it against the model and the invariants, records it. Traced
   * under `label`; setup transactions go untraced.
   */
  async execute(tx: Tx, label?: string): Promise<Outcome> {
    if (label !== undefined) this.note(label);
    const pre = await this.observe();
    const expected = this.predict(tx, pre);
    const [contract, fn] = ENTRY_POINTS[tx.kind];
    let result: unknown;
    let error: unknown;
    let refused = false;
    try {
      result =
        tx.kind === 'exchange'
          ? await this.alliance.submit(tx.org, contract, fn, tx.request, {}, tx.options)
          : await this.alliance.submit(tx.org, contract, fn, tx.request);
    } catch (caught) {
      refused = true;
      error = caught;
    }
    const message = error instanceof Error ? error.message : String(error);
    if (label !== undefined) this.trace.push(refused ? `    → refused: ${message}` : '    → ok');
    const post = await this.observe();
    this.history.push(tx);

    if (expected.type === 'refused') {
      if (!refused) {
        throw new Error(
          `expected a refusal (${expected.codes.join(' or ')}), but it succeeded with ` +
            JSON.stringify(result),
        );
      }
      const code = parseLedgerError(message)?.code;
      if (code === undefined || !expected.codes.includes(code)) {
        throw new Error(`expected a refusal with ${expected.codes.join(' or ')}, got: ${message}`);
      }
    } else if (refused) {
      throw new Error(
        `expected ${expected.type === 'same' ? 'the first result' : 'success'}, got: ${message}`,
      );
    }

    if (refused || expected.type === 'same') {
      same(post.events, pre.events, 'events after a transaction that changed nothing');
      same([...post.world], [...pre.world], 'world state after a transaction that changed nothing');
    } else {
      same(post.events, pre.events + 1, 'events after a successful transaction');
    }
    if (expected.type === 'same') same(result, expected.previous, 'repeated request result');
    if (expected.type === 'success') this.apply(tx, result, pre, post);
    this.checkInvariants(post);

    const outcome: Outcome = refused ? 'refused' : expected.type;
    if (label !== undefined) count(tx.kind, outcome);
    return outcome;
  }

  /** Turns a generated descriptor into a concrete request, signed now where it needs to be. */
  resolve(op: Exclude<Op, { kind: 'advanceTime' | 'replay' }>): Tx {
    const now = this.alliance.now;
    const at = (hours: number) => new Date(now.getTime() + hours * HOUR).toISOString();
    switch (op.kind) {
      case 'earn':
        return {
          kind: 'earn',
          org: op.issuer,
          request: compact({
            memberId: op.member,
            orderRef: op.orderRef,
            points: op.points,
            receiptHash: op.receipt.repeat(64),
            pendingUntil: op.pendingHours === undefined ? undefined : at(op.pendingHours),
            expiresAt: op.expiresHours === undefined ? undefined : at(op.expiresHours),
            shard: op.shard,
          }),
        };
      case 'reverseEarn':
        return {
          kind: 'reverseEarn',
          org:
            op.issuer ??
            ORGS.find((issuer) => this.model.earns.has(`${symbolOf(issuer)}/${op.orderRef}`)) ??
            PARKING1,
          request: { orderRef: op.orderRef, refundRef: op.refundRef, points: op.points },
        };
      case 'redeem':
        return {
          kind: 'redeem',
          org: op.at ?? issuerOf(op.symbol),
          ...this.sign(op.member, 'redeem', { symbol: op.symbol, points: op.points }, op.sig),
        };
      case 'transfer':
        return {
          kind: 'transfer',
          org: this.homeOf(op.member),
          ...this.sign(
            op.member,
            'transfer',
            { symbol: op.symbol, to: op.to, points: op.points },
            op.sig,
          ),
        };
      case 'importLegacy':
        return {
          kind: 'importLegacy',
          org: op.issuer,
          request: compact({
            memberId: op.member,
            appRef: op.appRef,
            points: op.points,
            shard: op.shard,
          }),
        };
      case 'exportLegacy':
        return {
          kind: 'exportLegacy',
          org: op.at ?? issuerOf(op.symbol),
          ...this.sign(
            op.member,
            'export-legacy',
            { symbol: op.symbol, appRef: op.appRef, points: op.points },
            op.sig,
          ),
        };
      case 'exchange': {
        const spec = must(
          AGREEMENTS.find((agreement) => agreement.id === op.agreement),
          op.agreement,
        );
        return {
          kind: 'exchange',
          // The source merchant's gateway submits, having leased a shard of the target token.
          org: spec.from,
          options: compact({ shard: op.shard }),
          ...this.sign(
            op.member,
            'exchange',
            { agreementId: op.agreement, amount: op.amount },
            op.sig,
          ),
        };
      }
      case 'consolidateSupply':
        return { kind: 'consolidateSupply', org: op.issuer, request: { shard: op.shard } };
      case 'expirePoints':
        return {
          kind: 'expirePoints',
          org: op.issuer ?? this.homeOf(op.member),
          request: { memberId: op.member },
        };
      case 'revokeAgreement':
        return { kind: 'revokeAgreement', org: op.by, request: { agreementId: op.agreement } };
    }
  }

  homeOf(memberId: string): Org {
    return must(
      MEMBERS.find((candidate) => candidate.id === memberId),
      memberId,
    ).home;
  }

  sign<P>(
    memberId: string,
    op: MemberOperation,
    params: P,
    how: Sig,
  ): { request: SignedRequest<P>; forged?: boolean } {
    const signer = this.member(memberId);
    const now = this.alliance.now;
    switch (how) {
      case 'ok':
        return { request: signer.sign(op, params, now) };
      case 'expired':
        return {
          request: signer.sign(op, params, now, {
            expiresAt: new Date(now.getTime() - 60_000).toISOString(),
          }),
        };
      case 'reusedNonce': {
        const used = [...this.model.nonces]
          .filter((key) => key.startsWith(`${memberId}/`))
          .map((key) => key.slice(memberId.length + 1))
          .at(-1);
        return { request: signer.sign(op, params, now, used === undefined ? {} : { nonce: used }) };
      }
      case 'forged': {
        // Another member signs; the request then claims to come from this member.
        const index = MEMBER_IDS.indexOf(memberId);
        const other = this.member(must(MEMBER_IDS[(index + 1) % MEMBER_IDS.length], 'member'));
        return { request: { ...other.sign(op, params, now), memberId }, forged: true };
      }
    }
  }

  /** What the model says the transaction must do, given the state just before it. */
  predict(tx: Tx, pre: Observation): Expectation {
    const model = this.model;
    const now = pre.now;
    const available = (memberId: string, symbol: string) =>
      pre.balances.get(`${memberId}/${symbol}`)?.available ?? 0;
    switch (tx.kind) {
      case 'earn': {
        const symbol = symbolOf(tx.org);
        const request = tx.request;
        const previous = model.earns.get(`${symbol}/${request.orderRef}`);
        if (previous) {
          const { record } = previous;
          const sameEarn =
            record.memberId === request.memberId &&
            record.points === request.points &&
            record.receiptHash === request.receiptHash;
          return sameEarn
            ? { type: 'same', previous: { ...record, reversed: previous.reversed } }
            : { type: 'refused', codes: ['DUPLICATE_REFERENCE'] };
        }
        const violations: ErrorCode[] = [];
        const expiresAt =
          request.expiresAt === undefined ? undefined : Date.parse(request.expiresAt);
        if (expiresAt !== undefined && expiresAt <= now.getTime()) violations.push('VALIDATION');
        if (
          request.pendingUntil !== undefined &&
          expiresAt !== undefined &&
          Date.parse(request.pendingUntil) >= expiresAt
        ) {
          violations.push('VALIDATION');
        }
        const shardIndex = request.shard ?? defaultShard(request.memberId, SHARDS);
        violations.push(...model.mintViolations(symbol, shardIndex, request.points));
        return expectation(violations);
      }
      case 'reverseEarn': {
        const symbol = symbolOf(tx.org);
        const request = tx.request;
        const previous = model.reversals.get(`${symbol}/${request.refundRef}`);
        if (previous) {
          return previous.orderRef === request.orderRef && previous.points === request.points
            ? { type: 'same', previous }
            : { type: 'refused', codes: ['DUPLICATE_REFERENCE'] };
        }
        const earned = model.earns.get(`${symbol}/${request.orderRef}`);
        if (!earned) return { type: 'refused', codes: ['NOT_FOUND'] };
        const violations: ErrorCode[] = [];
        if (request.points > earned.record.points - earned.reversed) violations.push('VALIDATION');
        const held = (pre.balances.get(`${earned.record.memberId}/${symbol}`)?.lots ?? [])
          .filter(
            (lot) => lot.id === `earn:${request.orderRef}` && lotState(lot, now) !== 'expired',
          )
          .reduce((sum, lot) => sum + lot.amount, 0);
        if (held < request.points) violations.push('INSUFFICIENT_BALANCE');
        return expectation(violations);
      }
      case 'redeem': {
        const { symbol, points } = tx.request.params;
        const violations = model.signedViolations(tx, now);
        if (tx.org !== issuerOf(symbol)) violations.push('NOT_AUTHORIZED');
        if (available(tx.request.memberId, symbol) < points)
          violations.push('INSUFFICIENT_BALANCE');
        return expectation(violations);
      }
      case 'transfer': {
        const { symbol, to, points } = tx.request.params;
        const violations = model.signedViolations(tx, now);
        if (to === tx.request.memberId) violations.push('VALIDATION');
        if (available(tx.request.memberId, symbol) < points)
          violations.push('INSUFFICIENT_BALANCE');
        return expectation(violations);
      }
      case 'importLegacy': {
        const symbol = symbolOf(tx.org);
        const request = tx.request;
        const previous = model.legacy.get(`${symbol}/${request.appRef}`);
        if (previous) {
          return previous.direction === 'import' &&
            previous.memberId === request.memberId &&
            previous.points === request.points
            ? { type: 'same', previous }
            : { type: 'refused', codes: ['DUPLICATE_REFERENCE'] };
        }
        const shardIndex = request.shard ?? defaultShard(request.memberId, SHARDS);
        return expectation(model.mintViolations(symbol, shardIndex, request.points));
      }
      case 'exportLegacy': {
        const { symbol, appRef, points } = tx.request.params;
        if (symbolOf(tx.org) !== symbol) return { type: 'refused', codes: ['NOT_AUTHORIZED'] };
        const previous = model.legacy.get(`${symbol}/${appRef}`);
        if (previous) {
          return previous.direction === 'export' &&
            previous.memberId === tx.request.memberId &&
            previous.points === points
            ? { type: 'same', previous }
            : { type: 'refused', codes: ['DUPLICATE_REFERENCE'] };
        }
        const violations = model.signedViolations(tx, now);
        if (available(tx.request.memberId, symbol) < points)
          violations.push('INSUFFICIENT_BALANCE');
        return expectation(violations);
      }
      case 'exchange': {
        const spec = must(
          AGREEMENTS.find((agreement) => agreement.id === tx.request.params.agreementId),
          'agreement',
        );
        if (!model.agreementActive(spec, this.start, now)) {
          return { type: 'refused', codes: ['AGREEMENT_INACTIVE'] };
        }
        const { amount } = tx.request.params;
        const memberId = tx.request.memberId;
        const violations = model.signedViolations(tx, now);
        if (amount < spec.card.minimum || amount % spec.card.step !== 0) {
          violations.push('VALIDATION');
          return expectation(violations);
        }
        const credit = (amount * spec.card.rateNumerator) / spec.card.rateDenominator;
        const received = model.exchangeDays.get(`${spec.id}/${memberId}/${utcDay(now)}`) ?? 0;
        if (received + credit > spec.card.memberDailyCap) violations.push('LIMIT_EXCEEDED');
        if (available(memberId, symbolOf(spec.from)) < amount + spec.card.fee) {
          violations.push('INSUFFICIENT_BALANCE');
        }
        const shardIndex = tx.options.shard ?? defaultShard(memberId, SHARDS);
        violations.push(...model.mintViolations(symbolOf(spec.to), shardIndex, credit));
        return expectation(violations);
      }
      case 'consolidateSupply':
        return expectation(tx.request.shard >= SHARDS ? ['VALIDATION'] : []);
      case 'expirePoints': {
        const expired =
          pre.balances.get(`${tx.request.memberId}/${symbolOf(tx.org)}`)?.expired ?? 0;
        return expectation(expired === 0 ? ['INVALID_STATE'] : []);
      }
      case 'revokeAgreement': {
        const spec = must(
          AGREEMENTS.find((agreement) => agreement.id === tx.request.agreementId),
          'agreement',
        );
        const violations: ErrorCode[] = [];
        if (tx.org !== spec.from && tx.org !== spec.to) violations.push('NOT_AUTHORIZED');
        if (model.revoked.has(spec.id)) violations.push('INVALID_STATE');
        return expectation(violations);
      }
    }
  }

  /** Checks a successful transaction's result and folds it into the model. */
  apply(tx: Tx, result: unknown, pre: Observation, post: Observation): void {
    const model = this.model;
    const totalOf = (observation: Observation, memberId: string, symbol: string) =>
      observation.balances.get(`${memberId}/${symbol}`)?.total ?? 0;
    switch (tx.kind) {
      case 'earn': {
        const symbol = symbolOf(tx.org);
        const record = result as EarnRecord;
        const { memberId, orderRef, points, receiptHash } = tx.request;
        same(
          { symbol: record.symbol, memberId: record.memberId, orderRef: record.orderRef },
          { symbol, memberId, orderRef },
          'earn record',
        );
        same(
          [record.points, record.reversed, record.receiptHash],
          [points, 0, receiptHash],
          'earn',
        );
        model.earns.set(`${symbol}/${orderRef}`, { record, reversed: 0 });
        model.credit(memberId, symbol, points);
        model.mint(symbol, tx.request.shard ?? defaultShard(memberId, SHARDS), points);
        return;
      }
      case 'reverseEarn': {
        const symbol = symbolOf(tx.org);
        const record = result as ReversalRecord;
        const earned = must(model.earns.get(`${symbol}/${tx.request.orderRef}`), 'reversed earn');
        same(
          [record.orderRef, record.refundRef, record.points, record.memberId],
          [tx.request.orderRef, tx.request.refundRef, tx.request.points, earned.record.memberId],
          'reversal record',
        );
        earned.reversed += tx.request.points;
        model.reversals.set(`${symbol}/${tx.request.refundRef}`, record);
        model.burn(earned.record.memberId, symbol, tx.request.points);
        return;
      }
      case 'redeem': {
        const { symbol, points } = tx.request.params;
        same((result as { redeemed: number }).redeemed, points, 'points redeemed');
        model.nonces.add(`${tx.request.memberId}/${tx.request.nonce}`);
        model.burn(tx.request.memberId, symbol, points);
        return;
      }
      case 'transfer': {
        const { symbol, to, points } = tx.request.params;
        model.nonces.add(`${tx.request.memberId}/${tx.request.nonce}`);
        model.credit(tx.request.memberId, symbol, -points);
        model.credit(to, symbol, points);
        return;
      }
      case 'importLegacy': {
        const symbol = symbolOf(tx.org);
        const record = result as LegacyRecord;
        const { memberId, appRef, points } = tx.request;
        same(
          [record.direction, record.memberId, record.appRef, record.points],
          ['import', memberId, appRef, points],
          'import record',
        );
        model.legacy.set(`${symbol}/${appRef}`, record);
        model.credit(memberId, symbol, points);
        model.mint(symbol, tx.request.shard ?? defaultShard(memberId, SHARDS), points);
        return;
      }
      case 'exportLegacy': {
        const { symbol, appRef, points } = tx.request.params;
        const record = result as LegacyRecord;
        same(
          [record.direction, record.memberId, record.appRef, record.points],
          ['export', tx.request.memberId, appRef, points],
          'export record',
        );
        model.legacy.set(`${symbol}/${appRef}`, record);
        model.nonces.add(`${tx.request.memberId}/${tx.request.nonce}`);
        model.burn(tx.request.memberId, symbol, points);
        return;
      }
      case 'exchange': {
        const spec = must(
          AGREEMENTS.find((agreement) => agreement.id === tx.request.params.agreementId),
          'agreement',
        );
        const { amount } = tx.request.params;
        const memberId = tx.request.memberId;
        const [fromSymbol, toSymbol] = [symbolOf(spec.from), symbolOf(spec.to)];
        const { fee, rateNumerator, rateDenominator } = spec.card;
        const credit = (amount * rateNumerator) / rateDenominator;
        const { obligation, quote } = result as {
          obligation: Obligation;
          quote: { amount: number; fee: number; debit: number; credit: number };
        };
        // Conservation at the rate: A-points out = amount + fee, B-points in = amount × n / d.
        same(quote, { amount, fee, debit: amount + fee, credit }, 'exchange quote');
        same(
          Number.isInteger(credit) && credit * rateDenominator === amount * rateNumerator,
          true,
          'whole B-points at the rate',
        );
        same(
          totalOf(post, memberId, fromSymbol) - totalOf(pre, memberId, fromSymbol),
          -(amount + fee),
          `${memberId}'s ${fromSymbol} change in the exchange`,
        );
        same(
          totalOf(post, memberId, toSymbol) - totalOf(pre, memberId, toSymbol),
          credit,
          `${memberId}'s ${toSymbol} change in the exchange`,
        );
        const expectedObligation: ExpectedObligation = {
          id: obligation.id,
          debtor: spec.from,
          creditor: spec.to,
          agreementId: spec.id,
          memberId,
          pointsGiven: amount,
          pointsReceived: credit,
          fee,
        };
        same(pickObligation(obligation), expectedObligation, 'obligation of the exchange');
        same(obligation.status, 'open', 'new obligation status');
        model.exchanges.set(obligation.id, expectedObligation);
        const day = `${spec.id}/${memberId}/${utcDay(pre.now)}`;
        model.exchangeDays.set(day, (model.exchangeDays.get(day) ?? 0) + credit);
        model.nonces.add(`${memberId}/${tx.request.nonce}`);
        model.burn(memberId, fromSymbol, amount + fee);
        model.credit(memberId, toSymbol, credit);
        model.mint(toSymbol, tx.options.shard ?? defaultShard(memberId, SHARDS), credit);
        return;
      }
      case 'consolidateSupply': {
        const supply = model.supplyOf(symbolOf(tx.org));
        same((result as { folded: number }).folded, supply.unfolded, 'points folded');
        supply.shards[tx.request.shard] =
          must(supply.shards[tx.request.shard], 'shard') + supply.unfolded;
        supply.unfolded = 0;
        return;
      }
      case 'expirePoints': {
        const symbol = symbolOf(tx.org);
        const { memberId } = tx.request;
        const expired = must(pre.balances.get(`${memberId}/${symbol}`), 'balance').expired;
        same((result as { expired: number }).expired, expired, 'points expired');
        model.burn(memberId, symbol, expired);
        return;
      }
      case 'revokeAgreement':
        model.revoked.add(tx.request.agreementId);
        return;
    }
  }

  async observe(): Promise<Observation> {
    const { alliance } = this;
    const world = new Map<string, string>();
    for (const key of alliance.net.stateKeys()) {
      world.set(key, alliance.net.rawState(key)?.toString('utf8') ?? '');
    }
    const balances = new Map<string, BalanceView>();
    for (const memberId of MEMBER_IDS) {
      const views = await alliance.evaluate<BalanceView[]>(PARKING1, 'points', 'getBalances', {
        memberId,
      });
      for (const view of views) balances.set(`${memberId}/${view.symbol}`, view);
    }
    const supply = new Map<string, SupplyView>();
    for (const symbol of SYMBOLS) supply.set(symbol, await alliance.supply(symbol));
    const obligations = new Map<Org, Obligation[]>();
    for (const caller of ORGS) {
      obligations.set(
        caller,
        await alliance.evaluate<Obligation[]>(caller, 'settlements', 'listObligations', {}),
      );
    }
    return {
      now: alliance.now,
      world,
      events: alliance.net.events.length,
      balances,
      supply,
      obligations,
    };
  }

  /** The invariants of DESIGN.md, and agreement with the model, at one instant. */
  checkInvariants(observation: Observation): void {
    const model = this.model;
    const balances = records<Balance>(observation, 'Balance');
    const deltas = records<SupplyDelta>(observation, 'SupplyDelta');
    const shards = records<TreasuryShard>(observation, 'Treasury');

    // No lot or balance negative; every balance query agrees with the lots it reports.
    for (const { value } of balances) {
      for (const lot of value.lots) {
        if (!Number.isInteger(lot.amount) || lot.amount < 0) {
          throw new Error(`negative or fractional lot in ${JSON.stringify(value)}`);
        }
      }
    }
    for (const [key, view] of observation.balances) {
      const expected = { available: 0, pending: 0, expired: 0, total: 0 };
      for (const lot of view.lots) {
        expected[lotState(lot, observation.now)] += lot.amount;
        expected.total += lot.amount;
      }
      same(
        {
          available: view.available,
          pending: view.pending,
          expired: view.expired,
          total: view.total,
        },
        expected,
        `balance view ${key}`,
      );
    }

    for (const symbol of SYMBOLS) {
      const supply = must(observation.supply.get(symbol), `supply of ${symbol}`);
      const sumOfBalances = balances
        .filter(({ value }) => value.symbol === symbol)
        .reduce(
          (sum, { value }) => sum + value.lots.reduce((lots, lot) => lots + lot.amount, 0),
          0,
        );
      const sumOfQueried = [...observation.balances.values()]
        .filter((view) => view.symbol === symbol)
        .reduce((sum, view) => sum + view.total, 0);
      const unfolded = deltas
        .filter(({ key }) => key[0] === symbol)
        .reduce((sum, { value }) => sum + value.amount, 0);
      const shardAllowances = shards
        .filter(({ key }) => key[0] === symbol)
        .sort((a, b) => a.value.shard - b.value.shard)
        .map(({ value }) => value.allowance);
      same(
        {
          sumOfBalances,
          sumOfQueried,
          issuedMinusRedeemed: supply.issued - supply.redeemed,
          withinCap: supply.outstanding <= supply.cap,
          allowancePlusOutstandingPlusUnfolded: supply.allowance + supply.outstanding + unfolded,
          shardAllowances: shardAllowances.reduce((sum, allowance) => sum + allowance, 0),
          noNegativeShard: shardAllowances.every((allowance) => allowance >= 0),
        },
        {
          sumOfBalances: supply.outstanding,
          sumOfQueried: supply.outstanding,
          issuedMinusRedeemed: supply.outstanding,
          withinCap: true,
          allowancePlusOutstandingPlusUnfolded: supply.cap,
          shardAllowances: supply.allowance,
          noNegativeShard: true,
        },
        `${symbol} supply invariants`,
      );
      const expected = model.supplyOf(symbol);
      same(
        { issued: supply.issued, redeemed: supply.redeemed, unfolded, shards: shardAllowances },
        {
          issued: expected.issued,
          redeemed: expected.burned,
          unfolded: expected.unfolded,
          shards: expected.shards,
        },
        `${symbol} supply against the model`,
      );
    }

    // Every member's total of every token is what the model says.
    const keys = new Set([
      ...model.totals.keys(),
      ...balances.map(({ value }) => `${value.memberId}/${value.symbol}`),
    ]);
    for (const key of keys) {
      const balance = balances.find(({ value }) => `${value.memberId}/${value.symbol}` === key);
      const total = balance?.value.lots.reduce((sum, lot) => sum + lot.amount, 0) ?? 0;
      same(total, model.totals.get(key) ?? 0, `total of ${key}`);
    }

    // Obligations match the successful exchanges one to one, with the same points; each org
    // lists exactly the obligations it is party to.
    const listed = new Map<string, ExpectedObligation>();
    for (const [caller, obligations] of observation.obligations) {
      for (const obligation of obligations) {
        if (obligation.debtor !== caller && obligation.creditor !== caller) {
          throw new Error(`${caller} lists an obligation it is no party to: ${obligation.id}`);
        }
        listed.set(obligation.id, pickObligation(obligation));
      }
      const expectedIds = [...model.exchanges.values()]
        .filter((exchange) => exchange.debtor === caller || exchange.creditor === caller)
        .map((exchange) => exchange.id)
        .sort();
      same(
        obligations.map((obligation) => obligation.id).sort(),
        expectedIds,
        `${caller}'s obligations`,
      );
    }
    same(
      [...listed.values()].sort((a, b) => a.id.localeCompare(b.id)),
      [...model.exchanges.values()].sort((a, b) => a.id.localeCompare(b.id)),
      'obligations against the successful exchanges',
    );

    // References and nonces: exactly those that took effect are recorded, each once.
    const keysOf = (kind: string) =>
      records<unknown>(observation, kind)
        .map(({ key }) => key.join('/'))
        .sort();
    same(keysOf('Nonce'), [...model.nonces].sort(), 'spent nonces');
    same(keysOf('Earn'), [...model.earns.keys()].sort(), 'earn records');
    same(keysOf('Reversal'), [...model.reversals.keys()].sort(), 'reversal records');
    same(keysOf('Legacy'), [...model.legacy.keys()].sort(), 'legacy records');
    for (const { key, value } of records<EarnRecord>(observation, 'Earn')) {
      const earned = must(model.earns.get(key.join('/')), 'earn');
      same(value, { ...earned.record, reversed: earned.reversed }, `earn record ${key.join('/')}`);
    }
  }
}

function pickObligation(obligation: Obligation): ExpectedObligation {
  return {
    id: obligation.id,
    debtor: obligation.debtor,
    creditor: obligation.creditor,
    agreementId: obligation.agreementId,
    memberId: obligation.memberId,
    pointsGiven: obligation.pointsGiven,
    pointsReceived: obligation.pointsReceived,
    fee: obligation.fee,
  };
}

/** Runs `work` and, when a check fails, rethrows with the run's trace appended. */
async function traced(run: Run, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    // The trace ends at the failing step: later operations of the counterexample never ran.
    const trace = `\n\ntrace (up to the failing step):\n${run.trace.join('\n')}`;
    if (error instanceof Error) {
      error.message += trace;
      throw error;
    }
    throw new Error(`${String(error)}${trace}`, { cause: error });
  }
}

const SECONDS = 1000;

describe('ledger invariants under random operation sequences', () => {
  it(
    'keeps supply, balances, exchanges, obligations and references consistent after every step',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(opArbitrary, { minLength: 1, maxLength: MAX_OPS, size: 'max' }),
          async (ops) => {
            const run = await Run.create();
            await traced(run, async () => {
              for (const op of ops) await run.step(op);
            });
          },
        ),
        { numRuns: NUM_RUNS },
      );
      // Not vacuous: the interesting paths were taken somewhere across the runs.
      for (const key of [
        'earn:success',
        'earn:same',
        'earn:refused',
        'redeem:success',
        'redeem:refused',
        'transfer:success',
        'exchange:success',
        'exchange:refused',
        'importLegacy:success',
        'exportLegacy:success',
      ]) {
        if ((coverage.get(key) ?? 0) === 0) throw new Error(`no run covered ${key}`);
      }
    },
    60 * SECONDS,
  );

  it(
    'takes every reference and nonce into effect at most once: replaying every successful request changes nothing',
    async () => {
      const setup = fc.array(
        fc.oneof(
          { weight: 4, arbitrary: opArbitraries.earn },
          { weight: 1, arbitrary: opArbitraries.reverseEarn },
          { weight: 2, arbitrary: opArbitraries.redeem },
          { weight: 2, arbitrary: opArbitraries.transfer },
          { weight: 1, arbitrary: opArbitraries.importLegacy },
          { weight: 1, arbitrary: opArbitraries.exportLegacy },
          { weight: 3, arbitrary: opArbitraries.exchange },
        ),
        { minLength: 1, maxLength: 15 },
      );
      await fc.assert(
        fc.asyncProperty(setup, fc.boolean(), async (ops, later) => {
          const run = await Run.create();
          await traced(run, async () => {
            const succeeded: Tx[] = [];
            for (const op of ops) {
              const tx = run.resolve(op);
              const outcome = await run.execute(tx, describeTx(tx));
              if (outcome === 'success' && KEYED.has(tx.kind)) succeeded.push(tx);
            }
            // Replays at once, or two hours later when the signed requests have expired.
            if (later) run.alliance.net.advanceTime(2 * HOUR);
            const before = await run.observe();
            for (const tx of succeeded.reverse()) {
              const outcome = await run.execute(tx, `replay ${describeTx(tx)}`);
              if (outcome === 'success') throw new Error('a replayed request took effect again');
            }
            const after = await run.observe();
            same([...after.world], [...before.world], 'world state after the replays');
          });
        }),
        { numRuns: 25 },
      );
    },
    60 * SECONDS,
  );
});
