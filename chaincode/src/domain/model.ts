/** The ledger's records, as stored (public state unless said otherwise). */

export interface Alliance {
  /** Every merchant ever admitted, suspended ones included. */
  orgs: string[];
  /** Admitted merchants that may no longer act: their points stay on the ledger, frozen. */
  suspended?: string[];
}

export type MembershipChange = 'admit' | 'suspend' | 'reinstate';

/** A change to who is in the alliance, applied once a majority of the active merchants agree. */
export interface MembershipProposal {
  id: string;
  change: MembershipChange;
  org: string;
  proposedBy: string;
  approvals: string[];
  status: 'open' | 'applied';
  createdAt: string;
  appliedAt?: string;
}

export interface Token {
  symbol: string;
  name: string;
  issuer: string;
  cap: number;
  shardCount: number;
  createdAt: string;
}

/** One slice of a token's unissued allowance; mints draw from one shard, never a shared key. */
export interface TreasuryShard {
  symbol: string;
  shard: number;
  allowance: number;
  issued: number;
  redeemed: number;
}

export const DELTA_REASONS = [
  'redeem',
  'reversal',
  'exchange',
  'fee',
  'expired',
  'export',
  'coupon',
] as const;
export type DeltaReason = (typeof DELTA_REASONS)[number];

/** Points that left circulation, written once under a fresh key and folded into a shard later. */
export interface SupplyDelta {
  symbol: string;
  amount: number;
  reason: DeltaReason;
}

export interface CapProposal {
  id: string;
  symbol: string;
  newCap: number;
  proposedBy: string;
  approvals: string[];
  status: 'open' | 'applied';
  createdAt: string;
  appliedAt?: string;
}

export interface Member {
  id: string;
  homeOrg: string;
  publicKey: string;
  keyVersion: number;
  status: 'active' | 'frozen';
  personalDataHash: string;
  registeredAt: string;
}

/** Points of one origin in a balance; dates are ISO instants, judged by the transaction time. */
export interface Lot {
  id: string;
  amount: number;
  availableFrom?: string;
  expiresAt?: string;
  /**
   * Set while the points back a promise (an auction bid, a swap offer): neither spendable nor
   * swept as expired until the promise is paid or released.
   */
  lockedBy?: string;
}

export interface Balance {
  memberId: string;
  symbol: string;
  lots: Lot[];
}

export interface EarnRecord {
  symbol: string;
  orderRef: string;
  memberId: string;
  points: number;
  reversed: number;
  receiptHash: string;
  pendingUntil?: string;
  expiresAt?: string;
  txId: string;
  at: string;
}

export interface ReversalRecord {
  symbol: string;
  refundRef: string;
  orderRef: string;
  memberId: string;
  points: number;
  txId: string;
  at: string;
}

export interface LegacyRecord {
  symbol: string;
  appRef: string;
  direction: 'import' | 'export';
  memberId: string;
  points: number;
  txId: string;
  at: string;
}

export interface RateCard {
  /** B-points credited per `rateDenominator` A-points. */
  rateNumerator: number;
  rateDenominator: number;
  /** Smallest A amount accepted. */
  minimum: number;
  /** A amounts must be multiples of this. */
  step: number;
  /** A-points charged on top of the amount exchanged. */
  fee: number;
  /** Most B-points one member may receive under this agreement per UTC day. */
  memberDailyCap: number;
  validFrom: string;
  validUntil: string;
}

export interface Agreement extends RateCard {
  id: string;
  fromOrg: string;
  toOrg: string;
  fromSymbol: string;
  toSymbol: string;
  termsHash: string;
  status: 'proposed' | 'active' | 'revoked';
  proposedAt: string;
  acceptedAt?: string;
  revokedAt?: string;
  revokedBy?: string;
}

export interface ExchangeDay {
  agreementId: string;
  memberId: string;
  day: string;
  received: number;
}

/** What the exchange's source merchant (debtor) owes its target merchant (creditor). */
export interface Obligation {
  id: string;
  debtor: string;
  creditor: string;
  agreementId: string;
  memberId: string;
  pointsGiven: number;
  pointsReceived: number;
  fee: number;
  status: 'open' | 'pending' | 'settled';
  settlementId?: string;
  createdAt: string;
  period: string;
}

export interface Settlement {
  id: string;
  debtor: string;
  creditor: string;
  obligationIds: string[];
  points: number;
  detailsHash: string;
  status: 'posted' | 'confirmed' | 'disputed';
  postedAt: string;
  confirmedAt?: string;
  disputedAt?: string;
  disputeReason?: string;
}

/** The first outcome of a client's request id, returned again to any repeat of the request. */
export interface RequestRecord {
  fn: string;
  fingerprint: string;
  txId: string;
  result: unknown;
}

/** A kind of coupon a merchant issues: supply capped, valid in a window, maybe accepted by others. */
export interface CouponClass {
  id: string;
  issuer: string;
  name: string;
  /** What the coupon gives, in words ("2 free hours"). */
  benefit: string;
  /** Money off, when the coupon is worth a fixed amount. */
  faceValue?: { amountMinor: number; currency: string };
  quantityCap: number;
  /** Coupons issued so far; each one's serial is its issue number. */
  issued: number;
  validFrom: string;
  validUntil: string;
  transferable: boolean;
  /** Other merchants that take this coupon at their counter (the issuer always does). */
  acceptedBy: string[];
  /** Price in points of the issuer's token, when members may buy it. */
  pricePoints?: number;
  createdAt: string;
}

export interface Coupon {
  /** `<classId>:<serial>` */
  id: string;
  classId: string;
  serial: string;
  issuer: string;
  /** The member holding it; absent while a merchant auctions a coupon nobody holds yet. */
  owner?: string;
  status: 'active' | 'redeemed' | 'withdrawn';
  /** Set while an offer or auction holds the coupon: it cannot be gifted, redeemed or sold twice. */
  lockedBy?: string;
  issuedAt: string;
  redeemedAt?: string;
  redeemedBy?: string;
}

/** What a swap offer puts up: points it locks, or a coupon it holds. */
export type OfferedAsset =
  { kind: 'points'; symbol: string; points: number } | { kind: 'coupon'; couponId: string };

/** What the offer's maker asks for: points, or any coupon of a class. */
export type WantedAsset =
  { kind: 'points'; symbol: string; points: number } | { kind: 'coupon'; classId: string };

export interface Offer {
  id: string;
  maker: string;
  give: OfferedAsset;
  want: WantedAsset;
  status: 'open' | 'taken' | 'cancelled';
  createdAt: string;
  expiresAt: string;
  takenBy?: string;
  /** The coupon the taker handed over, when the offer wanted one. */
  takenCouponId?: string;
  closedAt?: string;
}

export type AuctionSeller =
  { kind: 'member'; memberId: string } | { kind: 'merchant'; org: string };

export interface Auction {
  id: string;
  couponId: string;
  seller: AuctionSeller;
  /** Bids are in points of this token. */
  symbol: string;
  minBid: number;
  closesAt: string;
  /** The highest bid so far; its points are locked in the bidder's balance. */
  highest?: { memberId: string; points: number };
  bids: number;
  status: 'open' | 'closed';
  winner?: string;
  createdAt: string;
  closedAt?: string;
}
