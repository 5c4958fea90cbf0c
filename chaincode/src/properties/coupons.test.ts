/**
 * Model-based property tests of coupons and the members' market (swap offers and auctions), run
 * over the real contracts on the Fabric stand-in, in the manner of invariants.test.ts.
 *
 * fast-check generates sequences of operations by four members at four merchants: coupons
 * issued, bought, gifted and redeemed (at merchants that accept them or not), swap offers made,
 * taken (with or without the funds or the wanted coupon, late, twice, by their maker) and
 * cancelled, member and merchant auctions opened, bid on and closed, points spent, transferred
 * and swept, time advancing. Each operation is predicted from a small model (the reasons it must
 * be refused for, if any), submitted and checked. After every step, first what the ledger must
 * keep on its own, read from the ledger alone:
 * - no coupon has more than one CouponRedeemed event; getMemberCoupons lists only active coupons
 *   the member owns, never a redeemed one;
 * - per member and token: available + pending + expired + locked = total, and the points locked
 *   under each lock are exactly that member's standing bid in that open auction, or the points
 *   of that open offer of theirs;
 * - per token: Σ members' totals = outstanding = issued − redeemed ≤ cap;
 * then agreement with the model: a refusal carries one of the expected codes and changes nothing
 * (no key, no event); a success emits its one event and leaves coupons (owner, status, lock),
 * offers, auctions, every total and every token's issued and redeemed points as the model has
 * them, so a coupon redeemed never moves again and a bidder never spends more than is available.
 * Takes and closes are also checked leg by leg against the balances before and after.
 *
 * A failure message ends with the trace of the (shrunk) sequence, one line per step.
 */
import fc from 'fast-check';
import { parseLedgerError, type ErrorCode } from '../domain/errors';
import type { Auction, Coupon, Offer } from '../domain/model';
import type { MemberOperation } from '../member-request';
import type { BalanceView } from '../operations/balances';
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

const SECONDS = 1000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const CAP = 8000;
/** Points every member starts with, of every token. */
const SEED_POINTS = 100;
/** And Parking1 points that expire two hours into the run. */
const EXPIRING_POINTS = 30;
const MAX_LISTING_HOURS = 30 * 24;

type Org = (typeof ORGS)[number];

/** The token a merchant issues. */
function tokenOf(org: string): string {
  return must(SYMBOL[org], `token of ${org}`);
}

const SYMBOLS = ORGS.map(tokenOf);
/** m0 is at home at Parking1, m1 at Parking2, m2 at Mall1, m3 at Mall2. */
const MEMBERS = ORGS.map((home, index) => ({ id: `m${index}`, home }));
const MEMBER_IDS = MEMBERS.map((member) => member.id);

interface ClassSpec {
  id: string;
  issuer: Org;
  acceptedBy: Org[];
  cap: number;
  transferable: boolean;
  price?: number;
  /** The validity window, in hours from the start of the run. */
  fromHours: number;
  untilHours: number;
}

const CLASSES: readonly ClassSpec[] = [
  {
    id: 'PARK',
    issuer: PARKING1,
    acceptedBy: [MALL1],
    cap: 6,
    transferable: true,
    price: 20,
    fromHours: -24,
    untilHours: 30 * 24,
  },
  // Ends five hours into the run: offers, auctions and redemptions straddle its end.
  {
    id: 'MALL',
    issuer: MALL1,
    acceptedBy: [],
    cap: 6,
    transferable: true,
    price: 15,
    fromHours: -24,
    untilHours: 5,
  },
  // Personal, not for sale, and valid only from two hours into the run.
  {
    id: 'SOLO',
    issuer: PARKING2,
    acceptedBy: [MALL2],
    cap: 4,
    transferable: false,
    fromHours: 2,
    untilHours: 10 * 24,
  },
];
const CLASS_IDS = CLASSES.map((spec) => spec.id);

function classOf(classId: string): ClassSpec {
  const spec = CLASSES.find((candidate) => candidate.id === classId);
  if (spec === undefined) throw new Error(`no class ${classId}`);
  return spec;
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing ${what}`);
  return value;
}

/** Throws a readable error unless the two JSON renderings match. */
function expectSame(actual: unknown, expected: unknown, what: string): void {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

function sortedKeys(map: ReadonlyMap<string, unknown>): string[] {
  return [...map.keys()].sort();
}

// ---------------------------------------------------------------------------------------------
// Operation descriptors: what fast-check generates and prints in a counterexample. A `pick`
// chooses among the coupons, offers or auctions existing at that step (pick % count); with
// `any` it chooses among all of them, otherwise among those the operation makes sense for.

/** Who signs: the holder of the coupon concerned, or a given member. */
type Who = 'holder' | string;

type GiveOp =
  | { kind: 'coupon'; pick: number; any: boolean }
  | { kind: 'points'; symbol: string; points: number };
type WantOp =
  { kind: 'coupon'; classId: string } | { kind: 'points'; symbol: string; points: number };

type Op =
  | { kind: 'issue'; classId: string; member: string }
  | { kind: 'buy'; classId: string; member: string }
  | { kind: 'gift'; pick: number; any: boolean; by: Who; to: string }
  /** With `again`, a coupon already redeemed when there is one. */
  | { kind: 'redeem'; pick: number; again: boolean; by: Who; at: Org }
  | { kind: 'offer'; by: Who; give: GiveOp; want: WantOp; hours: number }
  /** `coupon`: one of the taker's of the wanted class, any coupon at all, or none. */
  | { kind: 'take'; pick: number; any: boolean; by: string; coupon: 'own' | 'any' | 'none' }
  | { kind: 'cancel'; pick: number; any: boolean; by: 'maker' | string }
  | { kind: 'auction'; pick: number; any: boolean; by: Who; symbol: string; hours: number }
  | { kind: 'merchantAuction'; classId: string; by: 'issuer' | Org; minBid: number; hours: number }
  /** Bids the auction's floor plus `over` (below the floor when negative). */
  | { kind: 'bid'; pick: number; any: boolean; by: string; over: number }
  | { kind: 'close'; pick: number; any: boolean; at: Org }
  /**
   * Redeems (spends) or transfers the member's available points plus `over`: with `locking`, from
   * a balance with points locked when there is one, else from `by`'s balance of `symbol`.
   */
  | { kind: 'spend'; by: string; symbol: string; over: number; locking: boolean; pick: number }
  | {
      kind: 'transfer';
      by: string;
      to: string;
      symbol: string;
      over: number;
      locking: boolean;
      pick: number;
    }
  | { kind: 'expire'; member: string }
  | { kind: 'advance'; minutes: number };

type OpKind = Op['kind'];

const member = fc.constantFrom(...MEMBER_IDS);
const org = fc.constantFrom(...ORGS);
const tokenSymbol = fc.constantFrom(...SYMBOLS);
const classId = fc.constantFrom(...CLASS_IDS);
const pick = fc.nat(99);
/** Mostly among the candidates that make sense, now and then among all. */
const any = fc.constantFrom(false, false, true);
const who: fc.Arbitrary<Who> = fc.oneof(
  { weight: 4, arbitrary: fc.constant('holder') },
  { weight: 1, arbitrary: member },
);
/** Listing lengths; the last is longer than allowed. */
const hours = fc.constantFrom(1, 3, 8, MAX_LISTING_HOURS + 24);

/** Added to what is available: within it half the time, beyond it (into locked points) else. */
const overspend = fc.oneof(fc.integer({ min: -60, max: 0 }), fc.integer({ min: 1, max: 60 }));

const pointsGive = fc.record({
  kind: fc.constant('points' as const),
  symbol: tokenSymbol,
  points: fc.integer({ min: 1, max: 140 }),
});
const want: fc.Arbitrary<WantOp> = fc.oneof(
  fc.record({
    kind: fc.constant('points' as const),
    symbol: tokenSymbol,
    // Sometimes more than a member holds.
    points: fc.integer({ min: 1, max: 150 }),
  }),
  fc.record({ kind: fc.constant('coupon' as const), classId }),
);

const opArbitraries: Record<OpKind, fc.Arbitrary<Op>> = {
  issue: fc.record({ kind: fc.constant('issue' as const), classId, member }),
  buy: fc.record({ kind: fc.constant('buy' as const), classId, member }),
  gift: fc.record({ kind: fc.constant('gift' as const), pick, any, by: who, to: member }),
  redeem: fc.record({
    kind: fc.constant('redeem' as const),
    pick,
    again: fc.boolean(),
    by: who,
    at: org,
  }),
  offer: fc.oneof(
    fc.record({
      kind: fc.constant('offer' as const),
      by: who,
      give: fc.record({ kind: fc.constant('coupon' as const), pick, any }),
      want,
      hours,
    }),
    fc.record({ kind: fc.constant('offer' as const), by: member, give: pointsGive, want, hours }),
  ),
  take: fc.record({
    kind: fc.constant('take' as const),
    pick,
    any,
    by: member,
    coupon: fc.constantFrom<'own' | 'any' | 'none'>('own', 'own', 'own', 'any', 'any', 'none'),
  }),
  cancel: fc.record({
    kind: fc.constant('cancel' as const),
    pick,
    any,
    by: fc.oneof({ weight: 4, arbitrary: fc.constant('maker') }, { weight: 1, arbitrary: member }),
  }),
  auction: fc.record({
    kind: fc.constant('auction' as const),
    pick,
    any,
    by: who,
    symbol: tokenSymbol,
    hours,
  }),
  merchantAuction: fc.record({
    kind: fc.constant('merchantAuction' as const),
    classId,
    by: fc.oneof(
      { weight: 4, arbitrary: fc.constant<'issuer'>('issuer') },
      { weight: 1, arbitrary: org },
    ),
    minBid: fc.integer({ min: 1, max: 60 }),
    hours,
  }),
  bid: fc.record({
    kind: fc.constant('bid' as const),
    pick,
    any,
    by: member,
    // Just below the floor, at it, or above it.
    over: fc.oneof(fc.constantFrom(-1, 0), fc.integer({ min: 1, max: 40 })),
  }),
  close: fc.record({ kind: fc.constant('close' as const), pick, any, at: org }),
  spend: fc.record({
    kind: fc.constant('spend' as const),
    by: member,
    symbol: tokenSymbol,
    over: overspend,
    locking: fc.boolean(),
    pick,
  }),
  transfer: fc.record({
    kind: fc.constant('transfer' as const),
    by: member,
    to: member,
    symbol: tokenSymbol,
    over: overspend,
    locking: fc.boolean(),
    pick,
  }),
  expire: fc.record({ kind: fc.constant('expire' as const), member }),
  advance: fc.record({
    kind: fc.constant('advance' as const),
    minutes: fc.constantFrom(10, 60, 150, 400),
  }),
};

/** A sequence of operations drawn with the given weights. */
function ops(weights: Partial<Record<OpKind, number>>, maxLength: number): fc.Arbitrary<Op[]> {
  const weighted = Object.entries(weights).map(([kind, weight]) => ({
    weight: must(weight, 'weight'),
    arbitrary: opArbitraries[kind as OpKind],
  }));
  // Long enough for offers and auctions to be made, raced for and settled in most runs.
  const minLength = Math.ceil(maxLength / 3);
  return fc.array(fc.oneof(...weighted), { minLength, maxLength, size: 'max' });
}

// ---------------------------------------------------------------------------------------------
// The model.

interface CouponModel {
  id: string;
  classId: string;
  owner?: string;
  status: Coupon['status'];
  lockedBy?: string;
}

type Give =
  { kind: 'points'; symbol: string; points: number } | { kind: 'coupon'; couponId: string };
type Want =
  { kind: 'points'; symbol: string; points: number } | { kind: 'coupon'; classId: string };

interface OfferModel {
  id: string;
  maker: string;
  give: Give;
  want: Want;
  status: Offer['status'];
  expiresAt: number;
}

interface AuctionModel {
  id: string;
  couponId: string;
  seller: Auction['seller'];
  symbol: string;
  minBid: number;
  closesAt: number;
  highest?: { memberId: string; points: number };
  status: Auction['status'];
  winner?: string;
}

function offerLock(offerId: string): string {
  return `offer:${offerId}`;
}

function auctionLock(auctionId: string): string {
  return `auction:${auctionId}`;
}

function balanceKey(memberId: string, symbol: string): string {
  return `${memberId}/${symbol}`;
}

// ---------------------------------------------------------------------------------------------
// Observations: what the ledger holds and what its queries answer, at one instant.

function emptyBalance(memberId: string, symbol: string): BalanceView {
  return { memberId, symbol, available: 0, pending: 0, expired: 0, locked: 0, total: 0, lots: [] };
}

type SupplyView = Awaited<ReturnType<TestAlliance['supply']>>;

interface Observation {
  /** Every public and private key with its value (and policy), to tell whether anything changed. */
  state: Record<string, string>;
  events: number;
  balances: Map<string, BalanceView>;
  /** getMemberCoupons of every member: the ids, and the states the query reports. */
  held: Map<string, { id: string; status: string }[]>;
  coupons: Map<string, Coupon>;
  offers: Map<string, Offer>;
  auctions: Map<string, Auction>;
  supply: Map<string, SupplyView>;
}

function balanceOf(observation: Observation, memberId: string, symbol: string): BalanceView {
  const key = balanceKey(memberId, symbol);
  return observation.balances.get(key) ?? emptyBalance(memberId, symbol);
}

function totalOf(observation: Observation, memberId: string, symbol: string): number {
  return balanceOf(observation, memberId, symbol).total;
}

// ---------------------------------------------------------------------------------------------
// One run: an alliance, its members, coupon classes and seed points, the model, the trace.

/** A concrete transaction with its prediction: the refusal codes expected, or its effect. */
interface Plan {
  text: string;
  org: string;
  contract: ContractName;
  fn: string;
  request: unknown;
  /** The event a success emits. */
  event: string;
  /** Why the ledger must refuse it; empty when it must succeed. */
  violations: ErrorCode[];
  /** The model's update on success. */
  apply: () => void;
  /** Checks of a success against the observations around it. */
  verify?: (pre: Observation, post: Observation) => void;
}

type Outcome = 'success' | 'refused';
const coverage = new Map<string, number>();

function tally(key: string): void {
  coverage.set(key, (coverage.get(key) ?? 0) + 1);
}

/** Not vacuous: every one of `keys` happened somewhere across the runs. */
function expectCovered(keys: readonly string[]): void {
  const missing = keys.filter((key) => (coverage.get(key) ?? 0) === 0);
  if (missing.length > 0) throw new Error(`no run covered ${missing.join(', ')}`);
}

class Market {
  readonly coupons = new Map<string, CouponModel>();
  readonly offers = new Map<string, OfferModel>();
  readonly auctions = new Map<string, AuctionModel>();
  readonly totals = new Map<string, number>();
  readonly issuedPoints = new Map<string, number>();
  readonly burned = new Map<string, number>();
  readonly issuedCoupons = new Map<string, number>();
  readonly trace: string[] = [];
  /** The latest observation: after the last step, before the next. */
  last!: Observation;
  private serial = 0;
  private steps = 0;

  private constructor(
    readonly alliance: TestAlliance,
    readonly members: ReadonlyMap<string, TestMember>,
    readonly start: number,
  ) {}

  static async create(): Promise<Market> {
    const alliance = await TestAlliance.create({ cap: CAP });
    const members = new Map<string, TestMember>();
    for (const { id, home } of MEMBERS) members.set(id, await alliance.registerMember(home, id));
    const market = new Market(alliance, members, alliance.now.getTime());
    for (const spec of CLASSES) {
      await alliance.submit(spec.issuer, 'coupons', 'defineClass', {
        classId: spec.id,
        name: `Coupon ${spec.id}`,
        benefit: `What ${spec.id} gives`,
        quantityCap: spec.cap,
        validFrom: new Date(market.from(spec)).toISOString(),
        validUntil: new Date(market.until(spec)).toISOString(),
        transferable: spec.transferable,
        acceptedBy: spec.acceptedBy,
        ...(spec.price !== undefined && { pricePoints: spec.price }),
      });
    }
    const expiresAt = new Date(market.start + 2 * HOUR).toISOString();
    for (const memberId of MEMBER_IDS) {
      for (const issuer of ORGS) {
        await alliance.earn(issuer, memberId, SEED_POINTS);
        market.mint(memberId, tokenOf(issuer), SEED_POINTS);
      }
      await alliance.earn(PARKING1, memberId, EXPIRING_POINTS, { expiresAt });
      market.mint(memberId, tokenOf(PARKING1), EXPIRING_POINTS);
    }
    market.trace.push(
      `setup: classes ${CLASSES.map((c) => `${c.id} (${c.issuer}, until +${c.untilHours}h)`).join(', ')};` +
        ` every member holds ${SEED_POINTS} of every token and ${EXPIRING_POINTS} PARK1 expiring` +
        ` at ${expiresAt}; m0 and m1 hold a PARK coupon, m2 and m3 a MALL one, m1 a SOLO one`,
    );
    market.last = await market.observe();
    market.checkInvariants(market.last);
    for (const [classId, memberId] of [
      ['PARK', 'm0'],
      ['PARK', 'm1'],
      ['MALL', 'm2'],
      ['MALL', 'm3'],
      ['SOLO', 'm1'],
    ] as const) {
      await market.execute(market.planIssue(classOf(classId), memberId), false);
    }
    return market;
  }

  get now(): number {
    return this.alliance.now.getTime();
  }

  from(spec: ClassSpec): number {
    return this.start + spec.fromHours * HOUR;
  }

  until(spec: ClassSpec): number {
    return this.start + spec.untilHours * HOUR;
  }

  member(id: string): TestMember {
    return must(this.members.get(id), `member ${id}`);
  }

  sign<P>(memberId: string, op: MemberOperation, params: P) {
    return this.member(memberId).sign(op, params, this.alliance.now);
  }

  // -- model arithmetic

  total(memberId: string, symbol: string): number {
    return this.totals.get(balanceKey(memberId, symbol)) ?? 0;
  }

  credit(memberId: string, symbol: string, points: number): void {
    this.totals.set(balanceKey(memberId, symbol), this.total(memberId, symbol) + points);
  }

  mint(memberId: string, symbol: string, points: number): void {
    this.credit(memberId, symbol, points);
    this.issuedPoints.set(symbol, (this.issuedPoints.get(symbol) ?? 0) + points);
  }

  burn(memberId: string | undefined, symbol: string, points: number): void {
    if (memberId !== undefined) this.credit(memberId, symbol, -points);
    this.burned.set(symbol, (this.burned.get(symbol) ?? 0) + points);
  }

  addCoupon(coupon: CouponModel): void {
    this.coupons.set(coupon.id, coupon);
    this.issuedCoupons.set(coupon.classId, (this.issuedCoupons.get(coupon.classId) ?? 0) + 1);
  }

  nextCouponId(spec: ClassSpec): string {
    const issued = this.issuedCoupons.get(spec.id) ?? 0;
    return `${spec.id}:${String(issued + 1).padStart(7, '0')}`;
  }

  couponState(coupon: CouponModel): string {
    if (coupon.status !== 'active') return coupon.status;
    if (coupon.lockedBy !== undefined) return 'locked';
    const spec = classOf(coupon.classId);
    if (this.until(spec) <= this.now) return 'expired';
    if (this.from(spec) > this.now) return 'not-yet-valid';
    return 'active';
  }

  /** Why `memberId` may not hand over or use the coupon now. */
  unusable(coupon: CouponModel, memberId: string): ErrorCode[] {
    const violations: ErrorCode[] = [];
    if (coupon.owner !== memberId) violations.push('NOT_AUTHORIZED');
    if (this.couponState(coupon) !== 'active') violations.push('INVALID_STATE');
    return violations;
  }

  /**
   * Points the member could lock now for a promise due at `until` (only points still good then),
   * after giving back `replacing` (a raised bid).
   */
  lockable(memberId: string, symbol: string, until: number, replacing?: string): number {
    return balanceOf(this.last, memberId, symbol)
      .lots.filter(
        (lot) =>
          (lot.lockedBy === undefined || (replacing !== undefined && lot.lockedBy === replacing)) &&
          (lot.expiresAt === undefined || Date.parse(lot.expiresAt) > until) &&
          (lot.availableFrom === undefined || Date.parse(lot.availableFrom) <= this.now),
      )
      .reduce((sum, lot) => sum + lot.amount, 0);
  }

  // -- choosing what an operation acts on

  private choose<T>(
    all: readonly T[],
    sensible: (item: T) => boolean,
    index: number,
    anyOf: boolean,
  ) {
    const preferred = anyOf ? all : all.filter(sensible);
    const candidates = preferred.length > 0 ? preferred : all;
    return candidates[index % Math.max(candidates.length, 1)];
  }

  pickCoupon(index: number, anyOf: boolean): CouponModel | undefined {
    return this.choose(
      [...this.coupons.values()],
      (coupon) => this.couponState(coupon) === 'active',
      index,
      anyOf,
    );
  }

  pickOffer(index: number, anyOf: boolean): OfferModel | undefined {
    return this.choose(
      [...this.offers.values()],
      (offer) => offer.status === 'open' && offer.expiresAt > this.now,
      index,
      anyOf,
    );
  }

  pickAuction(index: number, anyOf: boolean, closing: boolean): AuctionModel | undefined {
    return this.choose(
      [...this.auctions.values()],
      (auction) => auction.status === 'open' && auction.closesAt <= this.now === closing,
      index,
      anyOf,
    );
  }

  /** A member and token whose balance has points locked, if any does. */
  lockedBalance(index: number): [string, string] | undefined {
    const locking = [...this.last.balances]
      .filter(([, view]) => view.locked > 0)
      .map(([key]) => key.split('/') as [string, string]);
    return locking[index % Math.max(locking.length, 1)];
  }

  signer(by: Who, coupon: CouponModel): string {
    return by === 'holder' ? (coupon.owner ?? 'm0') : by;
  }

  // -- plans: a concrete transaction per operation, with its prediction

  /** The plan of a generated operation, or why there is nothing to do. */
  resolve(op: Exclude<Op, { kind: 'advance' }>): Plan | string {
    switch (op.kind) {
      case 'issue':
        return this.planIssue(classOf(op.classId), op.member);
      case 'buy':
        return this.planBuy(classOf(op.classId), op.member);
      case 'gift': {
        const coupon = this.pickCoupon(op.pick, op.any);
        return coupon ? this.planGift(coupon, this.signer(op.by, coupon), op.to) : 'no coupon';
      }
      case 'redeem': {
        const redeemed = [...this.coupons.values()].filter((c) => c.status === 'redeemed');
        const coupon =
          op.again && redeemed.length > 0
            ? redeemed[op.pick % redeemed.length]
            : this.pickCoupon(op.pick, false);
        return coupon ? this.planRedeem(coupon, this.signer(op.by, coupon), op.at) : 'no coupon';
      }
      case 'offer': {
        if (op.give.kind === 'points') {
          return this.planOffer(op.by === 'holder' ? 'm0' : op.by, op.give, op.want, op.hours);
        }
        const coupon = this.pickCoupon(op.give.pick, op.give.any);
        if (!coupon) return 'no coupon';
        const give: Give = { kind: 'coupon', couponId: coupon.id };
        return this.planOffer(this.signer(op.by, coupon), give, op.want, op.hours);
      }
      case 'take': {
        const offer = this.pickOffer(op.pick, op.any);
        if (!offer) return 'no offer';
        let couponId: string | undefined;
        if (offer.want.kind === 'coupon' && op.coupon !== 'none') {
          const wanted = offer.want.classId;
          const own = [...this.coupons.values()].filter(
            (coupon) => coupon.classId === wanted && coupon.owner === op.by,
          );
          const candidates =
            op.coupon === 'own' && own.length > 0 ? own : [...this.coupons.values()];
          couponId = candidates[op.pick % Math.max(candidates.length, 1)]?.id;
        }
        return this.planTake(offer, op.by, couponId);
      }
      case 'cancel': {
        const offer = this.pickOffer(op.pick, op.any);
        if (!offer) return 'no offer';
        return this.planCancel(offer, op.by === 'maker' ? offer.maker : op.by);
      }
      case 'auction': {
        const coupon = this.pickCoupon(op.pick, op.any);
        if (!coupon) return 'no coupon';
        return this.planAuction(coupon, this.signer(op.by, coupon), op.symbol, op.hours);
      }
      case 'merchantAuction': {
        const spec = classOf(op.classId);
        return this.planMerchantAuction(
          spec,
          op.by === 'issuer' ? spec.issuer : op.by,
          op.minBid,
          op.hours,
        );
      }
      case 'bid': {
        const auction = this.pickAuction(op.pick, op.any, false);
        return auction ? this.planBid(auction, op.by, op.over) : 'no auction';
      }
      case 'close': {
        const auction = this.pickAuction(op.pick, op.any, true);
        return auction ? this.planClose(auction, op.at) : 'no auction';
      }
      case 'spend': {
        const [by, symbol] = (op.locking && this.lockedBalance(op.pick)) || [op.by, op.symbol];
        return this.planSpend(by, symbol, op.over);
      }
      case 'transfer': {
        const [by, symbol] = (op.locking && this.lockedBalance(op.pick)) || [op.by, op.symbol];
        return this.planTransfer(by, op.to, symbol, op.over);
      }
      case 'expire':
        return this.planExpire(op.member);
    }
  }

  planIssue(spec: ClassSpec, memberId: string): Plan {
    const violations: ErrorCode[] = [];
    if ((this.issuedCoupons.get(spec.id) ?? 0) >= spec.cap) violations.push('CAP_EXCEEDED');
    if (this.until(spec) <= this.now) violations.push('INVALID_STATE');
    const id = this.nextCouponId(spec);
    return {
      text: `${spec.issuer} issues a ${spec.id} coupon to ${memberId}`,
      org: spec.issuer,
      contract: 'coupons',
      fn: 'issueCoupon',
      request: { classId: spec.id, memberId },
      event: 'CouponIssued',
      violations,
      apply: () => this.addCoupon({ id, classId: spec.id, owner: memberId, status: 'active' }),
    };
  }

  planBuy(spec: ClassSpec, memberId: string): Plan {
    const symbol = tokenOf(spec.issuer);
    const violations: ErrorCode[] = [];
    if (spec.price === undefined) violations.push('INVALID_STATE');
    else if (balanceOf(this.last, memberId, symbol).available < spec.price) {
      violations.push('INSUFFICIENT_BALANCE');
    }
    if ((this.issuedCoupons.get(spec.id) ?? 0) >= spec.cap) violations.push('CAP_EXCEEDED');
    if (this.until(spec) <= this.now) violations.push('INVALID_STATE');
    const id = this.nextCouponId(spec);
    return {
      text: `${memberId} buys a ${spec.id} coupon`,
      org: spec.issuer,
      contract: 'coupons',
      fn: 'buyCoupon',
      request: this.sign(memberId, 'buy-coupon', { classId: spec.id }),
      event: 'CouponBought',
      violations,
      apply: () => {
        this.burn(memberId, symbol, must(spec.price, 'price'));
        this.addCoupon({ id, classId: spec.id, owner: memberId, status: 'active' });
      },
    };
  }

  planGift(coupon: CouponModel, signer: string, to: string): Plan {
    const violations: ErrorCode[] = [];
    if (to === signer) violations.push('VALIDATION');
    if (!classOf(coupon.classId).transferable) violations.push('NOT_AUTHORIZED');
    violations.push(...this.unusable(coupon, signer));
    return {
      text: `${signer} gifts ${coupon.id} to ${to}`,
      org: this.member(signer).homeOrg,
      contract: 'coupons',
      fn: 'giftCoupon',
      request: this.sign(signer, 'gift-coupon', { couponId: coupon.id, to }),
      event: 'CouponGifted',
      violations,
      apply: () => {
        coupon.owner = to;
      },
    };
  }

  planRedeem(coupon: CouponModel, signer: string, at: string): Plan {
    const spec = classOf(coupon.classId);
    const violations: ErrorCode[] = [];
    if (at !== spec.issuer && !spec.acceptedBy.includes(at as Org)) {
      violations.push('NOT_AUTHORIZED');
    }
    violations.push(...this.unusable(coupon, signer));
    return {
      text: `${signer} redeems ${coupon.id} at ${at}`,
      org: at,
      contract: 'coupons',
      fn: 'redeemCoupon',
      request: this.sign(signer, 'redeem-coupon', { couponId: coupon.id }),
      event: 'CouponRedeemed',
      violations,
      apply: () => {
        coupon.status = 'redeemed';
      },
    };
  }

  planOffer(maker: string, give: Give, want: Want, hours: number): Plan {
    const id = `o${++this.serial}`;
    const expiresAt = this.now + hours * HOUR;
    const violations: ErrorCode[] = [];
    if (give.kind === 'points' && want.kind === 'points' && give.symbol === want.symbol) {
      violations.push('VALIDATION');
    }
    if (hours > MAX_LISTING_HOURS) violations.push('VALIDATION');
    if (want.kind === 'coupon' && !classOf(want.classId).transferable) {
      violations.push('NOT_AUTHORIZED');
    }
    const coupon = give.kind === 'coupon' ? must(this.coupons.get(give.couponId), 'coupon') : null;
    if (give.kind === 'points') {
      if (this.lockable(maker, give.symbol, expiresAt) < give.points) {
        violations.push('INSUFFICIENT_BALANCE');
      }
    } else if (coupon) {
      if (!classOf(coupon.classId).transferable) violations.push('NOT_AUTHORIZED');
      violations.push(...this.unusable(coupon, maker));
    }
    return {
      text: `${maker} offers ${JSON.stringify(give)} for ${JSON.stringify(want)} as ${id}, for ${hours}h`,
      org: this.member(maker).homeOrg,
      contract: 'coupons',
      fn: 'createOffer',
      request: this.sign(maker, 'create-offer', {
        offerId: id,
        give,
        want,
        expiresAt: new Date(expiresAt).toISOString(),
      }),
      event: 'OfferCreated',
      violations,
      apply: () => {
        this.offers.set(id, { id, maker, give, want, status: 'open', expiresAt });
        if (coupon) coupon.lockedBy = offerLock(id);
      },
    };
  }

  planTake(offer: OfferModel, taker: string, couponId: string | undefined): Plan {
    const { give, want, maker } = offer;
    const violations: ErrorCode[] = [];
    if (offer.status !== 'open' || offer.expiresAt <= this.now) violations.push('INVALID_STATE');
    if (maker === taker) violations.push('VALIDATION');
    const paid = couponId === undefined ? undefined : must(this.coupons.get(couponId), 'coupon');
    if (want.kind === 'points') {
      if (balanceOf(this.last, taker, want.symbol).available < want.points) {
        violations.push('INSUFFICIENT_BALANCE');
      }
    } else if (!paid || paid.classId !== want.classId) {
      violations.push('VALIDATION');
    } else {
      violations.push(...this.unusable(paid, taker));
    }
    const delivered =
      give.kind === 'coupon' ? must(this.coupons.get(give.couponId), 'coupon') : null;
    // The taker pays for what the offer puts up: a coupon that has ended is not worth taking.
    if (delivered && this.until(classOf(delivered.classId)) <= this.now) {
      violations.push('INVALID_STATE');
    }
    return {
      text: `${taker} takes ${offer.id}${couponId === undefined ? '' : ` paying ${couponId}`}`,
      org: this.member(taker).homeOrg,
      contract: 'coupons',
      fn: 'takeOffer',
      request: this.sign(taker, 'take-offer', {
        offerId: offer.id,
        ...(couponId !== undefined && { couponId }),
      }),
      event: 'OfferTaken',
      violations,
      apply: () => {
        offer.status = 'taken';
        if (want.kind === 'points') {
          this.credit(taker, want.symbol, -want.points);
          this.credit(maker, want.symbol, want.points);
        } else if (paid) paid.owner = maker;
        if (give.kind === 'points') {
          this.credit(maker, give.symbol, -give.points);
          this.credit(taker, give.symbol, give.points);
        } else if (delivered) {
          delivered.owner = taker;
          delete delivered.lockedBy;
        }
      },
      verify: (pre, post) => {
        // Both legs, seen in the ledger: the maker got what it wanted, the taker what was offered.
        const delta = (memberId: string, symbol: string) =>
          totalOf(post, memberId, symbol) - totalOf(pre, memberId, symbol);
        if (want.kind === 'points') {
          expectSame(delta(maker, want.symbol), want.points, `${maker}'s ${want.symbol} received`);
          expectSame(delta(taker, want.symbol), -want.points, `${taker}'s ${want.symbol} paid`);
        } else {
          expectSame(post.coupons.get(must(couponId, 'coupon'))?.owner, maker, 'paid coupon owner');
        }
        if (give.kind === 'points') {
          expectSame(delta(taker, give.symbol), give.points, `${taker}'s ${give.symbol} received`);
          expectSame(delta(maker, give.symbol), -give.points, `${maker}'s ${give.symbol} paid`);
        } else {
          expectSame(post.coupons.get(give.couponId)?.owner, taker, 'offered coupon owner');
        }
        // Nothing created or lost: every token's points and every coupon stay where they were
        // but for the two legs.
        for (const symbol of SYMBOLS) {
          const sum = (o: Observation) => MEMBER_IDS.reduce((s, m) => s + totalOf(o, m, symbol), 0);
          expectSame(sum(post), sum(pre), `${symbol} held by members across a swap`);
        }
        const moved = new Set([couponId, give.kind === 'coupon' ? give.couponId : undefined]);
        const owners = (o: Observation) =>
          [...o.coupons.values()].filter((c) => !moved.has(c.id)).map((c) => [c.id, c.owner]);
        expectSame(owners(post), owners(pre), 'owners of the coupons not swapped');
      },
    };
  }

  planCancel(offer: OfferModel, signer: string): Plan {
    const violations: ErrorCode[] = [];
    if (offer.maker !== signer) violations.push('NOT_AUTHORIZED');
    if (offer.status !== 'open') violations.push('INVALID_STATE');
    return {
      text: `${signer} cancels ${offer.id}`,
      org: this.member(signer).homeOrg,
      contract: 'coupons',
      fn: 'cancelOffer',
      request: this.sign(signer, 'cancel-offer', { offerId: offer.id }),
      event: 'OfferCancelled',
      violations,
      apply: () => {
        offer.status = 'cancelled';
        if (offer.give.kind === 'coupon') {
          delete must(this.coupons.get(offer.give.couponId), 'coupon').lockedBy;
        }
      },
    };
  }

  planAuction(coupon: CouponModel, seller: string, symbol: string, hours: number): Plan {
    const id = `a${++this.serial}`;
    const closesAt = this.now + hours * HOUR;
    const spec = classOf(coupon.classId);
    const violations: ErrorCode[] = [];
    if (hours > MAX_LISTING_HOURS) violations.push('VALIDATION');
    if (!spec.transferable) violations.push('NOT_AUTHORIZED');
    violations.push(...this.unusable(coupon, seller));
    if (closesAt >= this.until(spec)) violations.push('VALIDATION');
    const minBid = 10;
    return {
      text: `${seller} auctions ${coupon.id} for ${symbol} as ${id}, closing in ${hours}h`,
      org: this.member(seller).homeOrg,
      contract: 'coupons',
      fn: 'openAuction',
      request: this.sign(seller, 'open-auction', {
        auctionId: id,
        couponId: coupon.id,
        symbol,
        minBid,
        closesAt: new Date(closesAt).toISOString(),
      }),
      event: 'AuctionOpened',
      violations,
      apply: () => {
        coupon.lockedBy = auctionLock(id);
        this.auctions.set(id, {
          id,
          couponId: coupon.id,
          seller: { kind: 'member', memberId: seller },
          symbol,
          minBid,
          closesAt,
          status: 'open',
        });
      },
    };
  }

  planMerchantAuction(spec: ClassSpec, by: string, minBid: number, hours: number): Plan {
    const id = `a${++this.serial}`;
    const closesAt = this.now + hours * HOUR;
    const violations: ErrorCode[] = [];
    if (hours > MAX_LISTING_HOURS) violations.push('VALIDATION');
    if (by !== spec.issuer) violations.push('NOT_AUTHORIZED');
    if (closesAt >= this.until(spec)) violations.push('VALIDATION');
    if ((this.issuedCoupons.get(spec.id) ?? 0) >= spec.cap) violations.push('CAP_EXCEEDED');
    const couponId = this.nextCouponId(spec);
    return {
      text: `${by} auctions a new ${spec.id} coupon as ${id}, from ${minBid}, closing in ${hours}h`,
      org: by,
      contract: 'coupons',
      fn: 'openMerchantAuction',
      request: {
        auctionId: id,
        classId: spec.id,
        minBid,
        closesAt: new Date(closesAt).toISOString(),
      },
      event: 'AuctionOpened',
      violations,
      apply: () => {
        const lockedBy = auctionLock(id);
        this.addCoupon({ id: couponId, classId: spec.id, status: 'active', lockedBy });
        this.auctions.set(id, {
          id,
          couponId,
          seller: { kind: 'merchant', org: spec.issuer },
          symbol: tokenOf(spec.issuer),
          minBid,
          closesAt,
          status: 'open',
        });
      },
    };
  }

  planBid(auction: AuctionModel, bidder: string, over: number): Plan {
    const floor = auction.highest ? auction.highest.points + 1 : auction.minBid;
    const amount = Math.max(1, floor + over);
    const lockId = auctionLock(auction.id);
    const raising = auction.highest?.memberId === bidder;
    const violations: ErrorCode[] = [];
    if (auction.status !== 'open' || auction.closesAt <= this.now) violations.push('INVALID_STATE');
    if (auction.seller.kind === 'member' && auction.seller.memberId === bidder) {
      violations.push('NOT_AUTHORIZED');
    }
    if (amount < floor) violations.push('VALIDATION');
    const lockable = this.lockable(
      bidder,
      auction.symbol,
      auction.closesAt,
      raising ? lockId : undefined,
    );
    if (lockable < amount) {
      violations.push('INSUFFICIENT_BALANCE');
    }
    return {
      text: `${bidder} bids ${amount} ${auction.symbol} in ${auction.id}`,
      org: this.member(bidder).homeOrg,
      contract: 'coupons',
      fn: 'bid',
      request: this.sign(bidder, 'bid', { auctionId: auction.id, points: amount }),
      event: 'BidPlaced',
      violations,
      apply: () => {
        auction.highest = { memberId: bidder, points: amount };
      },
    };
  }

  planClose(auction: AuctionModel, at: string): Plan {
    const violations: ErrorCode[] = [];
    if (auction.status !== 'open' || auction.closesAt > this.now) violations.push('INVALID_STATE');
    const coupon = must(this.coupons.get(auction.couponId), 'auctioned coupon');
    const ended = this.until(classOf(coupon.classId)) <= this.now;
    const sale = ended ? undefined : auction.highest;
    return {
      text: `${at} closes ${auction.id}`,
      org: at,
      contract: 'coupons',
      fn: 'closeAuction',
      request: { auctionId: auction.id },
      event: 'AuctionClosed',
      violations,
      apply: () => {
        auction.status = 'closed';
        delete coupon.lockedBy;
        if (!sale) {
          if (auction.seller.kind === 'merchant') coupon.status = 'withdrawn';
          return;
        }
        auction.winner = sale.memberId;
        coupon.owner = sale.memberId;
        if (auction.seller.kind === 'member') {
          this.credit(sale.memberId, auction.symbol, -sale.points);
          this.credit(auction.seller.memberId, auction.symbol, sale.points);
        } else this.burn(sale.memberId, auction.symbol, sale.points);
      },
      verify: (pre, post) => {
        // The winner's payment went to the seller, or out of circulation for a merchant.
        const { symbol, seller } = auction;
        const delta = (memberId: string) =>
          totalOf(post, memberId, symbol) - totalOf(pre, memberId, symbol);
        const price = sale?.points ?? 0;
        const burnt = must(post.supply.get(symbol), 'supply').redeemed;
        const burntBefore = must(pre.supply.get(symbol), 'supply').redeemed;
        for (const memberId of MEMBER_IDS) {
          let expected = 0;
          if (memberId === sale?.memberId) expected -= price;
          if (seller.kind === 'member' && memberId === seller.memberId) expected += price;
          expectSame(
            delta(memberId),
            expected,
            `${memberId}'s ${symbol} when ${auction.id} closed`,
          );
        }
        expectSame(
          burnt - burntBefore,
          seller.kind === 'merchant' ? price : 0,
          `${symbol} burnt when ${auction.id} closed`,
        );
        expectSame(post.auctions.get(auction.id)?.winner, sale?.memberId, 'winner');
      },
    };
  }

  planSpend(memberId: string, symbol: string, over: number): Plan {
    const available = balanceOf(this.last, memberId, symbol).available;
    const points = Math.max(1, available + over);
    const issuer = must(
      ORGS.find((candidate) => SYMBOL[candidate] === symbol),
      `issuer of ${symbol}`,
    );
    return {
      text: `${memberId} redeems ${points} ${symbol} (${available} available)`,
      org: issuer,
      contract: 'points',
      fn: 'redeem',
      request: this.sign(memberId, 'redeem', { symbol, points }),
      event: 'Redeemed',
      violations: points > available ? ['INSUFFICIENT_BALANCE'] : [],
      apply: () => this.burn(memberId, symbol, points),
    };
  }

  planTransfer(from: string, to: string, symbol: string, over: number): Plan {
    const available = balanceOf(this.last, from, symbol).available;
    const points = Math.max(1, available + over);
    const violations: ErrorCode[] = [];
    if (from === to) violations.push('VALIDATION');
    if (points > available) violations.push('INSUFFICIENT_BALANCE');
    return {
      text: `${from} transfers ${points} ${symbol} to ${to} (${available} available)`,
      org: this.member(from).homeOrg,
      contract: 'points',
      fn: 'transfer',
      request: this.sign(from, 'transfer', { symbol, to, points }),
      event: 'Transferred',
      violations,
      apply: () => {
        this.credit(from, symbol, -points);
        this.credit(to, symbol, points);
      },
    };
  }

  planExpire(memberId: string): Plan {
    const symbol = tokenOf(PARKING1);
    const { expired } = balanceOf(this.last, memberId, symbol);
    return {
      text: `${PARKING1} sweeps ${memberId}'s expired ${symbol} (${expired})`,
      org: PARKING1,
      contract: 'points',
      fn: 'expirePoints',
      request: { memberId },
      event: 'PointsExpired',
      violations: expired === 0 ? ['INVALID_STATE'] : [],
      apply: () => this.burn(memberId, symbol, expired),
    };
  }

  // -- running

  note(text: string): void {
    this.trace.push(`#${this.steps++} ${text}`);
  }

  async step(op: Op): Promise<void> {
    if (op.kind === 'advance') {
      this.alliance.net.advanceTime(op.minutes * MINUTE);
      this.note(`advance ${op.minutes} min → ${this.alliance.now.toISOString()}`);
      this.last = await this.observe();
      this.checkInvariants(this.last);
      return;
    }
    const plan = this.resolve(op);
    if (typeof plan === 'string') {
      this.note(`${op.kind}: ${plan}`);
      return;
    }
    await this.execute(plan);
  }

  /** Submits a planned transaction and checks it, the model and the invariants. */
  async execute(plan: Plan, traced = true): Promise<Outcome> {
    if (traced) this.note(plan.text);
    const pre = this.last;
    let result: unknown;
    let error: unknown;
    try {
      result = await this.alliance.submit(plan.org, plan.contract, plan.fn, plan.request);
    } catch (caught) {
      error = caught ?? new Error('refused');
    }
    const message = error instanceof Error ? error.message : String(error);
    if (traced) this.trace.push(error === undefined ? '    → ok' : `    → refused: ${message}`);
    const post = await this.observe();
    this.last = post;
    // What must hold whatever the model says, first: the properties' own failure messages.
    this.checkLedger(post);
    const outcome: Outcome = error === undefined ? 'success' : 'refused';
    tally(`${plan.fn}:${outcome}`);
    const code = outcome === 'refused' ? parseLedgerError(message)?.code : undefined;
    if (code !== undefined) tally(`${plan.fn}:${code}`);
    const predicted =
      outcome === 'success'
        ? plan.violations.length === 0
        : code !== undefined && plan.violations.includes(code);
    if (!predicted) {
      const wanted = plan.violations.length === 0 ? 'success' : plan.violations.join(' or ');
      const got = outcome === 'success' ? `success, ${JSON.stringify(result)}` : message;
      throw new Error(`${plan.text}: expected ${wanted}, got ${got}`);
    }
    if (outcome === 'refused') {
      // Nothing happened at all: not one key, not one event.
      const keys = new Set([...Object.keys(pre.state), ...Object.keys(post.state)]);
      const changed = [...keys].filter((key) => pre.state[key] !== post.state[key]);
      expectSame([changed, post.events], [[], pre.events], 'keys and events a refusal changed');
    } else {
      const emitted = this.alliance.net.events.slice(pre.events).map((event) => event.name);
      expectSame(emitted, [plan.event], 'events of the transaction');
      plan.apply();
      plan.verify?.(pre, post);
    }
    this.checkModel(post);
    return outcome;
  }

  /** Runs `work`; when a check fails, rethrows with the trace appended. */
  async traced(work: () => Promise<void>): Promise<void> {
    await work().catch((error: unknown) => {
      const what = error instanceof Error ? error.message : String(error);
      // Steps after the failing one never ran: the trace stops there.
      const steps = this.trace.join('\n');
      throw new Error(`${what}\n\ntrace up to the failing step:\n${steps}`, { cause: error });
    });
  }

  async run(ops: readonly Op[], after?: () => Promise<void>): Promise<void> {
    await this.traced(async () => {
      for (const op of ops) await this.step(op);
      await after?.();
    });
  }

  /**
   * Endorses every plan against the same state and commits them in one block, as clients racing
   * each other would: exactly one of those endorsed must be VALID, the others MVCC conflicts.
   */
  async race(plans: readonly Plan[]): Promise<Plan> {
    const pre = this.last;
    const endorsements = [];
    for (const plan of plans) {
      this.note(`in one block: ${plan.text}`);
      const endorsement = await this.alliance.net.endorse(
        { mspId: plan.org },
        TestAlliance.run({ contract: plan.contract, fn: plan.fn, args: [plan.request] }),
      );
      expectSame(endorsement.endorsed, plan.violations.length === 0, `${plan.text} endorsed`);
      if (endorsement.endorsed) endorsements.push({ plan, endorsement });
    }
    const outcomes = this.alliance.net.commitBlock(endorsements.map((e) => e.endorsement));
    const codes = outcomes.map((outcome) => outcome.validationCode);
    this.trace.push(`    → ${codes.join(', ')}`);
    const winners = endorsements.filter((_, index) => codes[index] === 'VALID');
    expectSame(winners.length, 1, 'VALID transactions among those racing for one coupon');
    expectSame(
      codes.filter((code) => code !== 'VALID'),
      Array<string>(codes.length - 1).fill('MVCC_READ_CONFLICT'),
      'the other transactions',
    );
    const winner = must(winners[0], 'winner').plan;
    tally(winner.fn === 'redeemCoupon' ? 'race:redeemed' : 'race:other');
    winner.apply();
    this.last = await this.observe();
    expectSame(
      this.alliance.net.events.slice(pre.events).map((event) => event.name),
      [winner.event],
      'events of the block',
    );
    this.checkInvariants(this.last);
    return winner;
  }

  /** Closes every open auction once its time has come and cancels every open offer. */
  async settleAll(): Promise<void> {
    const closing = [...this.auctions.values()].filter((auction) => auction.status === 'open');
    const last = Math.max(this.now, ...closing.map((auction) => auction.closesAt));
    this.alliance.net.advanceTime(last - this.now + MINUTE);
    this.note(`advance to ${this.alliance.now.toISOString()}, after every auction's close`);
    this.last = await this.observe();
    for (const auction of closing) {
      expectSame(await this.execute(this.planClose(auction, PARKING2)), 'success', 'close');
    }
    for (const offer of this.offers.values()) {
      if (offer.status !== 'open') continue;
      expectSame(await this.execute(this.planCancel(offer, offer.maker)), 'success', 'cancel');
    }
    // Nothing stays locked: no points in any balance, no coupon.
    for (const [key, { locked }] of this.last.balances) expectSame(locked, 0, `${key} locked`);
    const stillLocked = [...this.last.coupons.values()].filter((c) => c.lockedBy !== undefined);
    expectSame(stillLocked, [], 'coupons still locked');
  }

  // -- observing and checking

  private records<T>(kind: string): T[] {
    const prefix = `\u0000${kind}\u0000`;
    return this.alliance.net
      .stateKeys()
      .filter((key) => key.startsWith(prefix))
      .map((key) => JSON.parse(must(this.alliance.net.rawState(key), key).toString()) as T);
  }

  async observe(): Promise<Observation> {
    const { alliance } = this;
    const balances = new Map<string, BalanceView>();
    const held = new Map<string, { id: string; status: string }[]>();
    for (const memberId of MEMBER_IDS) {
      const views = await alliance.evaluate<BalanceView[]>(MALL2, 'points', 'getBalances', {
        memberId,
      });
      for (const view of views) balances.set(balanceKey(memberId, view.symbol), view);
      const coupons = await alliance.evaluate<Coupon[]>(MALL2, 'coupons', 'getMemberCoupons', {
        memberId,
      });
      held.set(
        memberId,
        coupons.map((coupon) => ({ id: coupon.id, status: coupon.status })),
      );
    }
    const supply = new Map<string, SupplyView>();
    for (const symbol of SYMBOLS) supply.set(symbol, await alliance.supply(symbol));
    return {
      state: { ...alliance.publicState(), ...alliance.privateState() },
      events: alliance.net.events.length,
      balances,
      held,
      coupons: new Map(this.records<Coupon>('Coupon').map((coupon) => [coupon.id, coupon])),
      offers: new Map(this.records<Offer>('Offer').map((offer) => [offer.id, offer])),
      auctions: new Map(this.records<Auction>('Auction').map((auction) => [auction.id, auction])),
      supply,
    };
  }

  /** The invariants, first those the ledger must keep on its own, then agreement with the model. */
  checkInvariants(observation: Observation): void {
    this.checkLedger(observation);
    this.checkModel(observation);
  }

  checkLedger(observation: Observation): void {
    checkRedemptions(this.alliance);
    checkHeld(observation);
    checkLocks(observation);
    checkSupply(observation);
  }

  /** Coupons, offers, auctions, totals and supply as the model has them. */
  checkModel(observation: Observation): void {
    const redeemed = countRedemptions(this.alliance);
    expectSame(sortedKeys(observation.coupons), sortedKeys(this.coupons), 'coupons');
    for (const coupon of this.coupons.values()) {
      const actual = must(observation.coupons.get(coupon.id), coupon.id);
      expectSame(
        [actual.owner, actual.status, actual.lockedBy, redeemed.get(coupon.id) ?? 0],
        [coupon.owner, coupon.status, coupon.lockedBy, coupon.status === 'redeemed' ? 1 : 0],
        `coupon ${coupon.id}: owner, status, lock, redemptions`,
      );
    }
    for (const memberId of MEMBER_IDS) {
      const owned = [...this.coupons.values()]
        .filter((coupon) => coupon.owner === memberId && coupon.status === 'active')
        .map((coupon) => coupon.id);
      const held = must(observation.held.get(memberId), memberId).map((coupon) => coupon.id);
      expectSame(held.sort(), owned.sort(), `getMemberCoupons of ${memberId}`);
      for (const symbol of SYMBOLS) {
        const key = balanceKey(memberId, symbol);
        expectSame(totalOf(observation, memberId, symbol), this.total(memberId, symbol), key);
      }
    }
    for (const symbol of SYMBOLS) {
      const { issued, redeemed: burnt } = must(observation.supply.get(symbol), symbol);
      expectSame(
        [issued, burnt],
        [this.issuedPoints.get(symbol) ?? 0, this.burned.get(symbol) ?? 0],
        `${symbol} issued and redeemed`,
      );
    }
    expectSame(sortedKeys(observation.offers), sortedKeys(this.offers), 'offers');
    for (const offer of this.offers.values()) {
      const actual = must(observation.offers.get(offer.id), offer.id);
      expectSame([actual.maker, actual.status], [offer.maker, offer.status], `offer ${offer.id}`);
    }
    expectSame(sortedKeys(observation.auctions), sortedKeys(this.auctions), 'auctions');
    for (const auction of this.auctions.values()) {
      const actual = must(observation.auctions.get(auction.id), auction.id);
      expectSame(
        [actual.status, actual.highest, actual.winner],
        [auction.status, auction.highest, auction.winner],
        `auction ${auction.id}`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Invariants the ledger must keep whatever happened, read from the ledger alone.

function countRedemptions(alliance: TestAlliance): Map<string, number> {
  const redemptions = new Map<string, number>();
  for (const event of alliance.net.events) {
    if (event.name !== 'CouponRedeemed') continue;
    const { couponId } = JSON.parse(event.payload.toString()) as { couponId: string };
    redemptions.set(couponId, (redemptions.get(couponId) ?? 0) + 1);
  }
  return redemptions;
}

/** No coupon was redeemed twice. */
function checkRedemptions(alliance: TestAlliance): void {
  for (const [couponId, count] of countRedemptions(alliance)) {
    if (count > 1) throw new Error(`coupon ${couponId} was redeemed ${count} times`);
  }
}

/** getMemberCoupons lists only active coupons the member owns: never a redeemed one. */
function checkHeld(observation: Observation): void {
  for (const [memberId, held] of observation.held) {
    for (const { id, status } of held) {
      const coupon = must(observation.coupons.get(id), id);
      if (status !== 'active' || coupon.status !== 'active' || coupon.owner !== memberId) {
        throw new Error(
          `${memberId} is listed as holding ${id}, ${coupon.status}, owned by ${coupon.owner}`,
        );
      }
    }
  }
}

/**
 * Per member and token: available + pending + expired + locked = total, and the points locked
 * under each lock are exactly the member's standing bid in that open auction or the points of
 * that open offer of theirs.
 */
function checkLocks(observation: Observation): void {
  const expected = new Map<string, [string, number][]>();
  const expect = (memberId: string, symbol: string, lockId: string, points: number) => {
    const key = balanceKey(memberId, symbol);
    expected.set(key, [...(expected.get(key) ?? []), [lockId, points]]);
  };
  for (const offer of observation.offers.values()) {
    if (offer.status === 'open' && offer.give.kind === 'points') {
      expect(offer.maker, offer.give.symbol, offerLock(offer.id), offer.give.points);
    }
  }
  for (const auction of observation.auctions.values()) {
    if (auction.status === 'open' && auction.highest) {
      const { memberId, points } = auction.highest;
      expect(memberId, auction.symbol, auctionLock(auction.id), points);
    }
  }
  for (const memberId of MEMBER_IDS) {
    for (const symbol of SYMBOLS) {
      const key = balanceKey(memberId, symbol);
      const { available, pending, expired, locked, total, lots } = balanceOf(
        observation,
        memberId,
        symbol,
      );
      expectSame(available + pending + expired + locked, total, `the parts of ${key}'s total`);
      expectSame(
        lots.filter((lot) => !(lot.amount > 0)),
        [],
        `empty or negative lots of ${key}`,
      );
      const byLock = new Map<string, number>();
      for (const { lockedBy, amount } of lots) {
        if (lockedBy !== undefined) byLock.set(lockedBy, (byLock.get(lockedBy) ?? 0) + amount);
      }
      const wanted = (expected.get(key) ?? []).sort(([a], [b]) => a.localeCompare(b));
      expectSame(
        [...byLock].sort(([a], [b]) => a.localeCompare(b)),
        wanted,
        `locks in ${key}`,
      );
      const sum = wanted.reduce((all, [, points]) => all + points, 0);
      expectSame(locked, sum, `${key}'s locked points (standing bids and open offers)`);
    }
  }
}

/** Per token: Σ members' totals = outstanding = issued − redeemed ≤ cap. */
function checkSupply(observation: Observation): void {
  for (const symbol of SYMBOLS) {
    const { issued, redeemed, outstanding, cap } = must(observation.supply.get(symbol), symbol);
    const held = MEMBER_IDS.reduce((sum, m) => sum + totalOf(observation, m, symbol), 0);
    expectSame(
      [held, issued - redeemed, outstanding <= cap],
      [outstanding, outstanding, true],
      `${symbol}: Σ totals, issued − redeemed, within the cap`,
    );
  }
}

// ---------------------------------------------------------------------------------------------

/** Runs `numRuns` sequences, each on a new market and followed by `after`, checking every step. */
async function checkSequences(
  sequence: fc.Arbitrary<Op[]>,
  numRuns: number,
  after?: (market: Market) => Promise<void>,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(sequence, async (generated) => {
      const market = await Market.create();
      await market.run(generated, after && (() => after(market)));
    }),
    { numRuns },
  );
}

describe('coupons and the members’ market under random operation sequences', () => {
  beforeEach(() => coverage.clear());

  it(
    'never redeems a coupon twice nor lists a redeemed coupon as held, whatever is issued, gifted, offered or auctioned',
    async () => {
      const sequence = ops(
        {
          issue: 3,
          buy: 2,
          gift: 3,
          redeem: 6,
          offer: 3,
          take: 3,
          cancel: 1,
          auction: 2,
          merchantAuction: 1,
          bid: 3,
          close: 3,
          spend: 1,
          advance: 3,
        },
        30,
      );
      // Then every auction closes and every offer is withdrawn: coupons go to the winners.
      await checkSequences(sequence, 30, (market) => market.settleAll());
      expectCovered([
        'redeemCoupon:success',
        'redeemCoupon:refused',
        'giftCoupon:success',
        'takeOffer:success',
        'closeAuction:success',
      ]);
    },
    60 * SECONDS,
  );

  it(
    'keeps bid and offer points locked and unspendable, then releases or pays every one of them',
    async () => {
      const sequence = ops(
        {
          auction: 2,
          merchantAuction: 2,
          bid: 8,
          close: 3,
          offer: 3,
          take: 2,
          cancel: 2,
          spend: 4,
          transfer: 3,
          expire: 1,
          redeem: 1,
          advance: 3,
        },
        30,
      );
      // Then every auction closes and every offer is cancelled: nothing may stay locked.
      await checkSequences(sequence, 30, (market) => market.settleAll());
      expectCovered([
        'bid:success',
        'bid:refused',
        'closeAuction:success',
        'redeem:success',
        'redeem:refused',
        'transfer:refused',
        'openMerchantAuction:success',
      ]);
    },
    60 * SECONDS,
  );

  it(
    'settles both legs of a swap or neither, conserving every token’s points and every coupon',
    async () => {
      const sequence = ops(
        { issue: 2, gift: 1, redeem: 1, offer: 6, take: 8, cancel: 2, spend: 1, advance: 2 },
        25,
      );
      await checkSequences(sequence, 30);
      // Takes that went through, and takes refused: late or taken, by the maker or with a coupon
      // of the wrong class or none, without the funds.
      expectCovered([
        'createOffer:success',
        'takeOffer:success',
        'takeOffer:INVALID_STATE',
        'takeOffer:VALIDATION',
        'takeOffer:INSUFFICIENT_BALANCE',
      ]);
    },
    60 * SECONDS,
  );

  it(
    'never lets a taker pay for a coupon that ended while on offer',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(1, 3, 8),
          fc.integer({ min: 0, max: 10 * 60 }),
          async (hoursOffered, minutesLater) => {
            const market = await Market.create();
            await market.traced(async () => {
              // m2's MALL coupon ends five hours into the run; m0 pays in PARK1 points.
              const coupon = must(market.coupons.get('MALL:0000001'), 'coupon');
              const give: Give = { kind: 'coupon', couponId: coupon.id };
              const price: Want = { kind: 'points', symbol: 'PARK1', points: 5 };
              await market.execute(market.planOffer('m2', give, price, hoursOffered));
              await market.step({ kind: 'advance', minutes: minutesLater });
              const offer = must([...market.offers.values()][0], 'offer');
              await market.execute(market.planTake(offer, 'm0', undefined));
            });
          },
        ),
        { numRuns: 12 },
      );
      expectCovered(['takeOffer:success', 'takeOffer:refused']);
    },
    60 * SECONDS,
  );

  it(
    'lets exactly one of several transactions racing for one coupon in one block commit',
    async () => {
      const racer = fc.oneof(
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('redeem' as const), at: org }) },
        {
          weight: 1,
          arbitrary: fc.record({
            kind: fc.constant('gift' as const),
            to: fc.constantFrom('m1', 'm2', 'm3'),
          }),
        },
        { weight: 1, arbitrary: fc.constant({ kind: 'offer' as const }) },
        { weight: 1, arbitrary: fc.constant({ kind: 'auction' as const }) },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(PARKING1, MALL1),
          fc.array(racer, { minLength: 1, maxLength: 4 }),
          fc.nat(4),
          async (first, others, position) => {
            const market = await Market.create();
            // m0's PARK coupon, redeemable at Parking1 and Mall1.
            const coupon = must(market.coupons.get('PARK:0000001'), 'coupon');
            await market.traced(async () => {
              const plans = others.map((other) => {
                switch (other.kind) {
                  case 'redeem':
                    return market.planRedeem(coupon, 'm0', other.at);
                  case 'gift':
                    return market.planGift(coupon, 'm0', other.to);
                  case 'offer':
                    return market.planOffer(
                      'm0',
                      { kind: 'coupon', couponId: coupon.id },
                      { kind: 'points', symbol: 'MALL1', points: 5 },
                      3,
                    );
                  case 'auction':
                    return market.planAuction(coupon, 'm0', 'PARK2', 3);
                }
              });
              // At least one redemption that would go through alone, anywhere in the block.
              plans.splice(
                position % (plans.length + 1),
                0,
                market.planRedeem(coupon, 'm0', first),
              );
              await market.race(plans);
              // Redeemed, given away or locked: m0 cannot redeem it any more.
              const again = market.planRedeem(coupon, 'm0', PARKING1);
              expectSame(await market.execute(again), 'refused', 'a later redemption');
            });
          },
        ),
        { numRuns: 20 },
      );
      expectCovered(['race:redeemed', 'race:other']);
    },
    60 * SECONDS,
  );
});
