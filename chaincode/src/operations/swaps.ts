/**
 * Members' swap market: a member puts up points or a coupon (locked while the offer is open)
 * for points or a coupon of another kind; a taker pays and receives in the same transaction, so
 * both legs settle or neither does. Only the member who signs moves the member's assets.
 */
import { z } from 'zod';
import { requireHeldAndUsable, requireTransferable } from '../domain/coupons';
import { LedgerError } from '../domain/errors';
import type { Offer, OfferedAsset, WantedAsset } from '../domain/model';
import { addHours } from '../domain/time';
import { id, instant, points, symbol } from '../domain/validation';
import type { Ledger } from '../ledger/state';
import { creditMember, debitMember, lockPoints, releasePoints, takeLockedPoints } from './balances';
import {
  classId,
  couponIdField,
  getCoupon,
  getCouponClass,
  lockCoupon,
  moveCoupon,
  unlockCoupon,
} from './coupons';
import { authorizeMember, getMember, requireActive, signedRequest } from './member-auth';
import { getToken } from './tokens';

/** Offers and auctions run at most this long, so locked assets never stay locked for good. */
export const MAX_LISTING_HOURS = 30 * 24;

const pointsAsset = z.strictObject({ kind: z.literal('points'), symbol, points });
export const OfferedAssetSchema = z.discriminatedUnion('kind', [
  pointsAsset,
  z.strictObject({ kind: z.literal('coupon'), couponId: couponIdField }),
]);
export const WantedAssetSchema = z.discriminatedUnion('kind', [
  pointsAsset,
  z.strictObject({ kind: z.literal('coupon'), classId }),
]);

export const CreateOfferRequest = signedRequest(
  'create-offer',
  z.strictObject({
    offerId: id,
    give: OfferedAssetSchema,
    want: WantedAssetSchema,
    expiresAt: instant,
  }),
);
export const TakeOfferRequest = signedRequest(
  'take-offer',
  z.strictObject({ offerId: id, couponId: couponIdField.optional() }),
);
export const CancelOfferRequest = signedRequest('cancel-offer', z.strictObject({ offerId: id }));
export const OfferIdRequest = z.strictObject({ offerId: id });
export const ListOffersRequest = z.strictObject({
  status: z.enum(['open', 'taken', 'cancelled']).optional(),
});

export function offerLock(offerId: string): string {
  return `offer:${offerId}`;
}

/** Refuses a listing end in the past or too far ahead. */
export function checkListingEnd(ledger: Ledger, end: string): void {
  const t = Date.parse(end);
  if (t <= ledger.now.getTime()) throw new LedgerError('VALIDATION', `${end} is in the past`);
  if (t > addHours(ledger.now, MAX_LISTING_HOURS).getTime()) {
    throw new LedgerError('VALIDATION', `a listing may run at most ${MAX_LISTING_HOURS} hours`);
  }
}

/** The same member's two balances of one token would be written twice in one transaction. */
function checkDistinct(give: OfferedAsset, want: WantedAsset): void {
  if (give.kind === 'points' && want.kind === 'points' && give.symbol === want.symbol) {
    throw new LedgerError('VALIDATION', 'an offer swaps points of two different tokens');
  }
}

function requireOpen(offer: Offer): void {
  if (offer.status !== 'open') {
    throw new LedgerError('INVALID_STATE', `offer ${offer.id} is ${offer.status}`);
  }
}

export async function getOffer(ledger: Ledger, offerId: string): Promise<Offer> {
  return ledger.getOrFail('Offer', offerId);
}

export async function createOffer(
  ledger: Ledger,
  request: z.infer<typeof CreateOfferRequest>,
): Promise<Offer> {
  const { offerId, give, want, expiresAt } = request.params;
  checkDistinct(give, want);
  checkListingEnd(ledger, expiresAt);
  const maker = await authorizeMember(ledger, request);
  if (await ledger.get('Offer', offerId)) {
    throw new LedgerError('ALREADY_EXISTS', `offer ${offerId} exists`);
  }
  if (want.kind === 'points') await getToken(ledger, want.symbol);
  else requireTransferable(await getCouponClass(ledger, want.classId));
  const lockId = offerLock(offerId);
  if (give.kind === 'points') {
    await lockPoints(ledger, await getToken(ledger, give.symbol), maker.id, give.points, lockId, {
      until: expiresAt,
    });
  } else {
    await lockCoupon(ledger, await getCoupon(ledger, give.couponId), maker.id, lockId);
  }
  const offer: Offer = {
    id: offerId,
    maker: maker.id,
    give,
    want,
    status: 'open',
    createdAt: ledger.now.toISOString(),
    expiresAt,
  };
  await ledger.put('Offer', [offerId], offer);
  ledger.emit('OfferCreated', { offerId, maker: maker.id, give, want, expiresAt });
  return offer;
}

/** A coupon that ended while on offer is worth nothing: the taker must not pay for it. */
async function requireNotEnded(ledger: Ledger, couponId: string): Promise<void> {
  const coupon = await getCoupon(ledger, couponId);
  const { validUntil } = await getCouponClass(ledger, coupon.classId);
  if (Date.parse(validUntil) <= ledger.now.getTime()) {
    throw new LedgerError('INVALID_STATE', `coupon ${coupon.id} ended ${validUntil}`);
  }
}

/** The taker's leg: what the maker asked for, from the taker to the maker. */
async function payMaker(
  ledger: Ledger,
  offer: Offer,
  taker: string,
  couponId: string | undefined,
): Promise<string | undefined> {
  const { want } = offer;
  if (want.kind === 'points') {
    const token = await getToken(ledger, want.symbol);
    const { taken } = await debitMember(ledger, token, taker, want.points);
    await creditMember(ledger, token, offer.maker, taken);
    return undefined;
  }
  if (couponId === undefined) {
    throw new LedgerError('VALIDATION', `offer ${offer.id} wants a coupon of ${want.classId}`);
  }
  const coupon = await getCoupon(ledger, couponId);
  if (coupon.classId !== want.classId) {
    throw new LedgerError('VALIDATION', `offer ${offer.id} wants a coupon of ${want.classId}`);
  }
  const couponClass = await getCouponClass(ledger, coupon.classId);
  requireTransferable(couponClass);
  requireHeldAndUsable(coupon, couponClass, taker, ledger.now);
  await moveCoupon(ledger, coupon, offer.maker);
  return coupon.id;
}

/** The maker's leg: what the offer locked, to the taker. */
async function deliverToTaker(ledger: Ledger, offer: Offer, taker: string): Promise<void> {
  const { give } = offer;
  if (give.kind === 'points') {
    const token = await getToken(ledger, give.symbol);
    const lots = await takeLockedPoints(ledger, token, offer.maker, offerLock(offer.id));
    await creditMember(ledger, token, taker, lots);
  } else {
    await moveCoupon(ledger, await getCoupon(ledger, give.couponId), taker);
  }
}

export async function takeOffer(
  ledger: Ledger,
  request: z.infer<typeof TakeOfferRequest>,
): Promise<Offer> {
  const taker = await authorizeMember(ledger, request);
  const offer = await getOffer(ledger, request.params.offerId);
  requireOpen(offer);
  if (Date.parse(offer.expiresAt) <= ledger.now.getTime()) {
    throw new LedgerError('INVALID_STATE', `offer ${offer.id} expired at ${offer.expiresAt}`);
  }
  if (offer.maker === taker.id) {
    throw new LedgerError('VALIDATION', 'a member cannot take its own offer');
  }
  requireActive(await getMember(ledger, offer.maker));
  if (offer.give.kind === 'coupon') await requireNotEnded(ledger, offer.give.couponId);
  const takenCouponId = await payMaker(ledger, offer, taker.id, request.params.couponId);
  await deliverToTaker(ledger, offer, taker.id);
  const taken: Offer = {
    ...offer,
    status: 'taken',
    takenBy: taker.id,
    ...(takenCouponId !== undefined && { takenCouponId }),
    closedAt: ledger.now.toISOString(),
  };
  await ledger.put('Offer', [offer.id], taken);
  ledger.emit('OfferTaken', {
    offerId: offer.id,
    maker: offer.maker,
    taker: taker.id,
    give: offer.give,
    want: offer.want,
    ...(takenCouponId !== undefined && { takenCouponId }),
  });
  return taken;
}

/** The maker withdraws an open offer (expired ones too) and gets the locked asset back. */
export async function cancelOffer(
  ledger: Ledger,
  request: z.infer<typeof CancelOfferRequest>,
): Promise<Offer> {
  const maker = await authorizeMember(ledger, request);
  const offer = await getOffer(ledger, request.params.offerId);
  if (offer.maker !== maker.id) {
    throw new LedgerError('NOT_AUTHORIZED', `offer ${offer.id} is not ${maker.id}'s`);
  }
  requireOpen(offer);
  const { give } = offer;
  if (give.kind === 'points') {
    const token = await getToken(ledger, give.symbol);
    await releasePoints(ledger, token, maker.id, offerLock(offer.id));
  } else {
    await unlockCoupon(ledger, await getCoupon(ledger, give.couponId));
  }
  const cancelled: Offer = { ...offer, status: 'cancelled', closedAt: ledger.now.toISOString() };
  await ledger.put('Offer', [offer.id], cancelled);
  ledger.emit('OfferCancelled', { offerId: offer.id, maker: maker.id });
  return cancelled;
}

export async function listOffers(
  ledger: Ledger,
  request: z.infer<typeof ListOffersRequest>,
): Promise<Offer[]> {
  const offers = await ledger.list('Offer');
  return request.status === undefined
    ? offers
    : offers.filter((offer) => offer.status === request.status);
}
