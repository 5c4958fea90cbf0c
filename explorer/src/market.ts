/** How coupons, offers and auctions read on the page, and the rules the forms follow. */
import { formatMoney, formatPoints } from './format';
import type {
  CouponClassView,
  CouponView,
  MarketAuction,
  OfferedAsset,
  WantedAsset,
} from './types';

/** "40 MALL1", "coupon TWO-HOURS:0000001", "any TWO-HOURS coupon". */
export function describeAsset(asset: OfferedAsset | WantedAsset): string {
  if (asset.kind === 'points') return `${formatPoints(asset.points)} ${asset.symbol}`;
  return 'couponId' in asset ? `coupon ${asset.couponId}` : `any ${asset.classId} coupon`;
}

/** The benefit in words, with its face value when it has one. */
export function describeBenefit(couponClass: CouponClassView): string {
  const value = couponClass.faceValue;
  return value
    ? `${couponClass.benefit} (${formatMoney(value.amountMinor, value.currency)})`
    : couponClass.benefit;
}

/** Where a class's coupons are taken: the issuer always, and the merchants it names. */
export function acceptedAt(couponClass: CouponClassView, org: string): boolean {
  return couponClass.issuer === org || couponClass.acceptedBy.includes(org);
}

/** The least a new bid must be: one more than the standing bid, or the minimum. */
export function minimumBid(auction: MarketAuction): number {
  return auction.highest ? auction.highest.points + 1 : auction.minBid;
}

/** After its deadline an auction takes no bid, and may be closed. */
export function pastClose(auction: MarketAuction, now: number): boolean {
  return Date.parse(auction.closesAt) <= now;
}

/** Coupons that can change hands (gift, offer) now: held, usable, of a transferable class. */
export function movableCoupons(
  coupons: readonly CouponView[],
  classes: readonly CouponClassView[],
): CouponView[] {
  const transferable = new Set(classes.filter((c) => c.transferable).map((c) => c.id));
  return coupons.filter((c) => c.state === 'active' && transferable.has(c.classId));
}

/** A coupon as a select option: its id and what it is for. */
export function couponOption(
  coupon: CouponView,
  classes: readonly CouponClassView[],
): readonly [string, string] {
  const name = classes.find((c) => c.id === coupon.classId)?.name;
  return [coupon.id, name ? `${coupon.id} (${name})` : coupon.id];
}

/** An instant `hours` from now, for an offer's end. */
export function hoursFromNow(hours: number): string {
  return new Date(Date.now() + hours * 3_600_000).toISOString();
}
