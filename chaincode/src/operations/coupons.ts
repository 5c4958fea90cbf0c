/** Coupon classes and coupons: define, issue, sell for points, gift, redeem at the counter. */
import { z } from 'zod';
import {
  acceptsAt,
  couponId,
  couponState,
  MAX_COUPONS_PER_CLASS,
  parseCouponId,
  requireHeldAndUsable,
  requireTransferable,
  serialOf,
  summarizeClass,
} from '../domain/coupons';
import { LedgerError } from '../domain/errors';
import type { Coupon, CouponClass } from '../domain/model';
import { id, instant, org, points, text } from '../domain/validation';
import type { Ledger } from '../ledger/state';
import { policyRequiring, requireAllianceMember } from './alliance';
import { debitMember } from './balances';
import { authorizeMember, getMember, requireActive, signedRequest } from './member-auth';
import { burn } from './supply';
import { callerToken } from './tokens';

/** No ':' so that `<classId>:<serial>` splits one way only. */
export const classId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, '1-40 letters, digits and . _ - only');
export const couponIdField = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}:\d{7}$/, 'a coupon id, <classId>:<7-digit serial>');

export const DefineCouponClassRequest = z
  .strictObject({
    classId,
    name: text(80),
    benefit: text(200),
    faceValue: z
      .strictObject({
        amountMinor: z.number().int().positive().max(1_000_000_000),
        currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code'),
      })
      .optional(),
    quantityCap: z.number().int().positive().max(MAX_COUPONS_PER_CLASS),
    validFrom: instant,
    validUntil: instant,
    transferable: z.boolean(),
    acceptedBy: z.array(org).max(64).optional(),
    pricePoints: points.optional(),
  })
  .refine((r) => Date.parse(r.validUntil) > Date.parse(r.validFrom), {
    message: 'validUntil must be after validFrom',
  });
export const IssueCouponRequest = z.strictObject({ classId, memberId: id });
export const BuyCouponRequest = signedRequest('buy-coupon', z.strictObject({ classId }));
export const GiftCouponRequest = signedRequest(
  'gift-coupon',
  z.strictObject({ couponId: couponIdField, to: id }),
);
export const RedeemCouponRequest = signedRequest(
  'redeem-coupon',
  z.strictObject({ couponId: couponIdField, reference: id.optional() }),
);
export const ClassIdRequest = z.strictObject({ classId });
export const CouponIdRequest = z.strictObject({ couponId: couponIdField });

export async function getCouponClass(ledger: Ledger, id: string): Promise<CouponClass> {
  return ledger.getOrFail('CouponClass', id);
}

export async function getCoupon(ledger: Ledger, id: string): Promise<Coupon> {
  const { classId, serial } = parseCouponId(id);
  return ledger.getOrFail('Coupon', classId, serial);
}

/** Writes a coupon; `previousOwner` is who held it before, to keep the holdings index true. */
export async function writeCoupon(
  ledger: Ledger,
  coupon: Coupon,
  previousOwner: string | undefined,
): Promise<void> {
  await ledger.put('Coupon', [coupon.classId, coupon.serial], coupon);
  const holds = coupon.status === 'active' ? coupon.owner : undefined;
  if (previousOwner !== undefined && previousOwner !== holds) {
    await ledger.delete('Holding', previousOwner, coupon.classId, coupon.serial);
  }
  if (holds !== undefined && holds !== previousOwner) {
    await ledger.put('Holding', [holds, coupon.classId, coupon.serial], { couponId: coupon.id });
  }
}

/** Hands a coupon to `to`, releasing any lock on it. */
export async function moveCoupon(ledger: Ledger, coupon: Coupon, to: string): Promise<Coupon> {
  const { lockedBy: _released, ...rest } = coupon;
  const moved = { ...rest, owner: to };
  await writeCoupon(ledger, moved, coupon.owner);
  return moved;
}

/** Holds a coupon for an offer or auction, after checking its holder may put it up. */
export async function lockCoupon(
  ledger: Ledger,
  coupon: Coupon,
  memberId: string,
  lockId: string,
): Promise<CouponClass> {
  const couponClass = await getCouponClass(ledger, coupon.classId);
  requireTransferable(couponClass);
  requireHeldAndUsable(coupon, couponClass, memberId, ledger.now);
  await writeCoupon(ledger, { ...coupon, lockedBy: lockId }, coupon.owner);
  return couponClass;
}

export async function unlockCoupon(ledger: Ledger, coupon: Coupon): Promise<void> {
  const { lockedBy: _released, ...rest } = coupon;
  await writeCoupon(ledger, rest, coupon.owner);
}

/** Creates the class's next coupon, within its cap and before it ends. */
export async function issueNext(
  ledger: Ledger,
  couponClass: CouponClass,
  holder: { owner?: string; lockedBy?: string },
): Promise<Coupon> {
  if (couponClass.issued >= couponClass.quantityCap) {
    throw new LedgerError(
      'CAP_EXCEEDED',
      `all ${couponClass.quantityCap} coupons of ${couponClass.id} are issued`,
    );
  }
  if (Date.parse(couponClass.validUntil) <= ledger.now.getTime()) {
    throw new LedgerError(
      'INVALID_STATE',
      `coupons of ${couponClass.id} ended ${couponClass.validUntil}`,
    );
  }
  const issued = couponClass.issued + 1;
  await ledger.put('CouponClass', [couponClass.id], { ...couponClass, issued });
  const serial = serialOf(issued);
  const coupon: Coupon = {
    id: couponId(couponClass.id, serial),
    classId: couponClass.id,
    serial,
    issuer: couponClass.issuer,
    ...holder,
    status: 'active',
    issuedAt: ledger.now.toISOString(),
  };
  await writeCoupon(ledger, coupon, undefined);
  // Like a balance, a coupon is its issuer's promise: no coalition without the issuer moves it.
  await ledger.setKeyPolicy(
    'Coupon',
    [couponClass.id, serial],
    await policyRequiring(ledger, couponClass.issuer),
  );
  return coupon;
}

function requireIssuer(ledger: Ledger, couponClass: CouponClass): void {
  if (couponClass.issuer !== ledger.callerOrg) {
    throw new LedgerError(
      'NOT_AUTHORIZED',
      `coupons of ${couponClass.id} are issued by ${couponClass.issuer}`,
    );
  }
}

export async function defineCouponClass(
  ledger: Ledger,
  request: z.infer<typeof DefineCouponClassRequest>,
): Promise<CouponClass> {
  const issuer = ledger.callerOrg;
  await requireAllianceMember(ledger, issuer);
  if (await ledger.get('CouponClass', request.classId)) {
    throw new LedgerError('ALREADY_EXISTS', `coupon class ${request.classId} exists`);
  }
  const acceptedBy = [...new Set(request.acceptedBy ?? [])].filter((o) => o !== issuer).sort();
  for (const other of acceptedBy) await requireAllianceMember(ledger, other);
  // A price is in the issuer's own points, so the issuer needs a token to sell for points.
  if (request.pricePoints !== undefined) await callerToken(ledger);
  const { classId: newId, acceptedBy: _listed, ...definition } = request;
  const couponClass: CouponClass = {
    id: newId,
    issuer,
    ...definition,
    acceptedBy,
    issued: 0,
    createdAt: ledger.now.toISOString(),
  };
  await ledger.put('CouponClass', [couponClass.id], couponClass);
  await ledger.setKeyPolicy('CouponClass', [couponClass.id], await policyRequiring(ledger, issuer));
  ledger.emit('CouponClassDefined', {
    classId: couponClass.id,
    issuer,
    quantityCap: couponClass.quantityCap,
    validUntil: couponClass.validUntil,
  });
  return couponClass;
}

export async function issueCoupon(
  ledger: Ledger,
  request: z.infer<typeof IssueCouponRequest>,
): Promise<Coupon> {
  const couponClass = await getCouponClass(ledger, request.classId);
  requireIssuer(ledger, couponClass);
  requireActive(await getMember(ledger, request.memberId));
  const coupon = await issueNext(ledger, couponClass, { owner: request.memberId });
  ledger.emit('CouponIssued', {
    couponId: coupon.id,
    classId: couponClass.id,
    issuer: couponClass.issuer,
    memberId: request.memberId,
  });
  return coupon;
}

/** Member-signed purchase at the issuer's counter: the price in the issuer's points is burnt. */
export async function buyCoupon(
  ledger: Ledger,
  request: z.infer<typeof BuyCouponRequest>,
): Promise<{ coupon: Coupon; symbol: string; points: number }> {
  const couponClass = await getCouponClass(ledger, request.params.classId);
  requireIssuer(ledger, couponClass);
  if (couponClass.pricePoints === undefined) {
    throw new LedgerError('INVALID_STATE', `coupons of ${couponClass.id} are not for sale`);
  }
  const member = await authorizeMember(ledger, request);
  const token = await callerToken(ledger);
  await debitMember(ledger, token, member.id, couponClass.pricePoints);
  await burn(ledger, token.symbol, couponClass.pricePoints, 'coupon');
  const coupon = await issueNext(ledger, couponClass, { owner: member.id });
  const result = { coupon, symbol: token.symbol, points: couponClass.pricePoints };
  ledger.emit('CouponBought', {
    couponId: coupon.id,
    classId: couponClass.id,
    issuer: couponClass.issuer,
    memberId: member.id,
    symbol: token.symbol,
    points: couponClass.pricePoints,
  });
  return result;
}

export async function giftCoupon(
  ledger: Ledger,
  request: z.infer<typeof GiftCouponRequest>,
): Promise<Coupon> {
  const { couponId: giftId, to } = request.params;
  if (to === request.memberId) throw new LedgerError('VALIDATION', 'cannot gift to oneself');
  const member = await authorizeMember(ledger, request);
  const coupon = await getCoupon(ledger, giftId);
  const couponClass = await getCouponClass(ledger, coupon.classId);
  requireTransferable(couponClass);
  requireHeldAndUsable(coupon, couponClass, member.id, ledger.now);
  requireActive(await getMember(ledger, to));
  const moved = await moveCoupon(ledger, coupon, to);
  ledger.emit('CouponGifted', {
    couponId: coupon.id,
    classId: coupon.classId,
    issuer: coupon.issuer,
    from: member.id,
    to,
  });
  return moved;
}

/** Member-signed use of a coupon at the counter of a merchant that accepts it. */
export async function redeemCoupon(
  ledger: Ledger,
  request: z.infer<typeof RedeemCouponRequest>,
): Promise<Coupon> {
  const coupon = await getCoupon(ledger, request.params.couponId);
  const couponClass = await getCouponClass(ledger, coupon.classId);
  if (!acceptsAt(couponClass, ledger.callerOrg)) {
    throw new LedgerError(
      'NOT_AUTHORIZED',
      `coupons of ${couponClass.id} are not accepted by ${ledger.callerOrg}`,
    );
  }
  const member = await authorizeMember(ledger, request);
  requireHeldAndUsable(coupon, couponClass, member.id, ledger.now);
  const redeemed: Coupon = {
    ...coupon,
    status: 'redeemed',
    redeemedAt: ledger.now.toISOString(),
    redeemedBy: ledger.callerOrg,
  };
  await writeCoupon(ledger, redeemed, coupon.owner);
  ledger.emit('CouponRedeemed', {
    couponId: coupon.id,
    classId: coupon.classId,
    issuer: coupon.issuer,
    memberId: member.id,
    org: ledger.callerOrg,
    ...(request.params.reference !== undefined && { reference: request.params.reference }),
  });
  return redeemed;
}

export type CouponView = Coupon & { state: ReturnType<typeof couponState> };

export async function couponView(ledger: Ledger, coupon: Coupon): Promise<CouponView> {
  const couponClass = await getCouponClass(ledger, coupon.classId);
  return { ...coupon, state: couponState(coupon, couponClass, ledger.now) };
}

export async function couponClassView(ledger: Ledger, couponClass: CouponClass) {
  const coupons = await ledger.list('Coupon', couponClass.id);
  return { ...couponClass, ...summarizeClass(couponClass, coupons, ledger.now) };
}

export async function listCouponClasses(ledger: Ledger) {
  const classes = await ledger.list('CouponClass');
  return Promise.all(classes.map((couponClass) => couponClassView(ledger, couponClass)));
}

export async function memberCoupons(ledger: Ledger, memberId: string): Promise<CouponView[]> {
  const held = await ledger.list('Holding', memberId);
  return Promise.all(
    held.map(async ({ couponId: heldId }) => couponView(ledger, await getCoupon(ledger, heldId))),
  );
}
