/**
 * The shapes the gateway answers, taken from the chaincode and gateway sources themselves
 * (types only: nothing of them is bundled), so the page cannot drift from what is served.
 */
import type { ExchangeQuote } from '@points-alliance/chaincode/dist/domain/exchange';
import type { BalanceSummary } from '@points-alliance/chaincode/dist/domain/lots';
import type {
  CouponClassSummary,
  CouponState,
} from '@points-alliance/chaincode/dist/domain/coupons';
import type {
  Auction,
  Coupon,
  CouponClass,
  Lot,
  Offer,
} from '@points-alliance/chaincode/dist/domain/model';
import type { SupplySummary } from '@points-alliance/chaincode/dist/domain/supply';

export type {
  Agreement,
  Lot,
  Obligation,
  Offer,
  OfferedAsset,
  Settlement,
  WantedAsset,
} from '@points-alliance/chaincode/dist/domain/model';
export type { NetPosition } from '@points-alliance/chaincode/dist/domain/positions';
export type { AuditPage, AuditRecord } from '@points-alliance/gateway-api/audit/audit-record';
export type {
  AllianceSeries,
  MerchantActivity,
  SeriesPoint,
} from '@points-alliance/gateway-api/explorer/activity';

/** GET /alliance/tokens: each token with its supply. */
export type TokenSupply = SupplySummary & { name: string; issuer: string };

/** GET /me/balances: a member's balance of one token. */
export type Balance = BalanceSummary & { memberId: string; symbol: string; lots: Lot[] };

/** GET /exchange-quotes */
export type Quote = ExchangeQuote & {
  agreementId: string;
  fromSymbol: string;
  toSymbol: string;
  available: number;
  sufficient: boolean;
};

/** The answer to a committed transaction. */
export interface Committed<T> {
  result: T;
  txId: string;
}

/** GET /alliance/coupon-classes: each class with its counts, like a token's supply. */
export type CouponClassView = CouponClass & CouponClassSummary;

/** GET /me/coupons: a coupon the member holds, with its state now. */
export type CouponView = Coupon & { state: CouponState };

/** GET /alliance/offers: an open offer as anyone sees it, without its maker. */
export type MarketOffer = Omit<Offer, 'maker' | 'takenBy'>;

/** GET /alliance/auctions: an open auction as anyone sees it, without member ids. */
export type MarketAuction = Omit<Auction, 'seller' | 'highest' | 'winner'> & {
  seller: { kind: 'member' } | { kind: 'merchant'; org: string };
  highest?: { points: number };
};
