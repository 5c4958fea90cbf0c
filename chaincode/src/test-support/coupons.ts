/** Coupon fixtures shared by the chaincode's and the gateway's tests. */
import type { Coupon, CouponClass } from '../domain/model';
import { PARKING1, type TestAlliance, type TestMember } from './alliance';

const DAY = 86_400_000;

/** A class definition valid from a day before `now` for thirty days, transferable, for sale. */
export function couponClassDefinition(now: Date, overrides: Record<string, unknown> = {}) {
  return {
    classId: 'TWO-HOURS',
    name: 'Two free hours',
    benefit: 'Two hours of parking at any Parking1 lot',
    quantityCap: 100,
    validFrom: new Date(now.getTime() - DAY).toISOString(),
    validUntil: new Date(now.getTime() + 30 * DAY).toISOString(),
    transferable: true,
    pricePoints: 50,
    ...overrides,
  };
}

export function defineCouponClass(
  alliance: TestAlliance,
  issuer: string,
  overrides: Record<string, unknown> = {},
): Promise<CouponClass> {
  return alliance.submit<CouponClass>(
    issuer,
    'coupons',
    'defineClass',
    couponClassDefinition(alliance.now, overrides),
  );
}

export function issueCoupon(
  alliance: TestAlliance,
  issuer: string,
  classId: string,
  member: TestMember,
): Promise<Coupon> {
  return alliance.submit<Coupon>(issuer, 'coupons', 'issueCoupon', {
    classId,
    memberId: member.id,
  });
}

/** A member signs a coupon operation now; `org` (default the member's home) submits it. */
export function memberCall<T = Record<string, unknown>>(
  alliance: TestAlliance,
  member: TestMember,
  fn: string,
  op: Parameters<TestMember['sign']>[0],
  params: Record<string, unknown>,
  org: string = member.homeOrg,
): Promise<T> {
  return alliance.submit<T>(org, 'coupons', fn, member.sign(op, params, alliance.now));
}

export function couponOf(alliance: TestAlliance, couponId: string) {
  return alliance.evaluate<Coupon & { state: string }>(PARKING1, 'coupons', 'getCoupon', {
    couponId,
  });
}
