/** Coupon rules: ids, what state a coupon is in at an instant, who may use it where, bids. */
import { LedgerError } from './errors';
import type { Auction, Coupon, CouponClass } from './model';

/** Issue numbers are zero-padded so a class's coupons list in issue order. */
const SERIAL_DIGITS = 7;
export const MAX_COUPONS_PER_CLASS = 10 ** SERIAL_DIGITS - 1;

export function couponId(classId: string, serial: string): string {
  return `${classId}:${serial}`;
}

export function serialOf(issueNumber: number): string {
  return String(issueNumber).padStart(SERIAL_DIGITS, '0');
}

/** Splits `<classId>:<serial>`; class ids hold no ':' so the split is unambiguous. */
export function parseCouponId(id: string): { classId: string; serial: string } {
  const match = new RegExp(`^([^:]+):(\\d{${SERIAL_DIGITS}})$`).exec(id);
  if (!match?.[1] || !match[2]) {
    throw new LedgerError('VALIDATION', `${id} is not a coupon id (<classId>:<serial>)`);
  }
  return { classId: match[1], serial: match[2] };
}

export type CouponState =
  'active' | 'locked' | 'redeemed' | 'withdrawn' | 'expired' | 'not-yet-valid';

export function couponState(coupon: Coupon, couponClass: CouponClass, now: Date): CouponState {
  if (coupon.status !== 'active') return coupon.status;
  if (coupon.lockedBy !== undefined) return 'locked';
  const t = now.getTime();
  if (Date.parse(couponClass.validUntil) <= t) return 'expired';
  if (Date.parse(couponClass.validFrom) > t) return 'not-yet-valid';
  return 'active';
}

/** Refuses unless `memberId` holds the coupon and it is usable now. */
export function requireHeldAndUsable(
  coupon: Coupon,
  couponClass: CouponClass,
  memberId: string,
  now: Date,
): void {
  if (coupon.owner !== memberId) {
    throw new LedgerError('NOT_AUTHORIZED', `coupon ${coupon.id} is not held by ${memberId}`);
  }
  const state = couponState(coupon, couponClass, now);
  if (state !== 'active') {
    throw new LedgerError('INVALID_STATE', `coupon ${coupon.id} is ${state}`);
  }
}

/** Refuses a coupon that may not change hands. */
export function requireTransferable(couponClass: CouponClass): void {
  if (!couponClass.transferable) {
    throw new LedgerError('NOT_AUTHORIZED', `coupons of ${couponClass.id} are not transferable`);
  }
}

export function acceptsAt(couponClass: CouponClass, org: string): boolean {
  return org === couponClass.issuer || couponClass.acceptedBy.includes(org);
}

export interface CouponClassSummary {
  issued: number;
  redeemed: number;
  expired: number;
  withdrawn: number;
  /** Issued and neither redeemed, withdrawn nor expired: what the issuer still owes. */
  outstanding: number;
}

export function summarizeClass(
  couponClass: CouponClass,
  coupons: readonly Coupon[],
  now: Date,
): CouponClassSummary {
  const summary = { issued: couponClass.issued, redeemed: 0, expired: 0, withdrawn: 0 };
  for (const coupon of coupons) {
    const state = couponState(coupon, couponClass, now);
    if (state === 'redeemed' || state === 'withdrawn' || state === 'expired') summary[state] += 1;
  }
  return {
    ...summary,
    outstanding: summary.issued - summary.redeemed - summary.expired - summary.withdrawn,
  };
}

/** Refuses a bid that does not beat the auction's standing bid before its close. */
export function checkBid(auction: Auction, bidder: string, points: number, now: Date): void {
  if (auction.status !== 'open' || Date.parse(auction.closesAt) <= now.getTime()) {
    throw new LedgerError('INVALID_STATE', `auction ${auction.id} is closed to bids`);
  }
  if (auction.seller.kind === 'member' && auction.seller.memberId === bidder) {
    throw new LedgerError('NOT_AUTHORIZED', 'a seller cannot bid in its own auction');
  }
  const floor = auction.highest ? auction.highest.points + 1 : auction.minBid;
  if (points < floor) {
    throw new LedgerError('VALIDATION', `a bid in auction ${auction.id} must be at least ${floor}`);
  }
}
