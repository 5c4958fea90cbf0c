/**
 * Coupon auctions for points. A bid locks its points in the bidder's balance; a higher bid
 * releases the one it beats at once, so only the standing bid is ever locked. After the
 * deadline (by transaction time) anyone may close: the standing bid pays, the coupon moves.
 */
import { z } from 'zod';
import { checkBid } from '../domain/coupons';
import { LedgerError } from '../domain/errors';
import type { Auction, Coupon } from '../domain/model';
import { id, instant, points, symbol } from '../domain/validation';
import type { Ledger } from '../ledger/state';
import { creditMember, lockPoints, releasePoints, takeLockedPoints } from './balances';
import {
  classId,
  couponIdField,
  getCoupon,
  getCouponClass,
  issueNext,
  lockCoupon,
  moveCoupon,
  unlockCoupon,
  writeCoupon,
} from './coupons';
import { authorizeMember, signedRequest } from './member-auth';
import { burn } from './supply';
import { checkListingEnd } from './swaps';
import { callerToken, getToken } from './tokens';

const listing = { auctionId: id, minBid: points, closesAt: instant };
export const OpenAuctionRequest = signedRequest(
  'open-auction',
  z.strictObject({ ...listing, couponId: couponIdField, symbol }),
);
export const OpenMerchantAuctionRequest = z.strictObject({ ...listing, classId });
export const BidRequest = signedRequest('bid', z.strictObject({ auctionId: id, points }));
export const AuctionIdRequest = z.strictObject({ auctionId: id });

export function auctionLock(auctionId: string): string {
  return `auction:${auctionId}`;
}

export async function getAuction(ledger: Ledger, auctionId: string): Promise<Auction> {
  return ledger.getOrFail('Auction', auctionId);
}

async function requireNewAuction(ledger: Ledger, auctionId: string, closesAt: string) {
  checkListingEnd(ledger, closesAt);
  if (await ledger.get('Auction', auctionId)) {
    throw new LedgerError('ALREADY_EXISTS', `auction ${auctionId} exists`);
  }
}

/** The coupon must still be usable when the auction ends, or the winner would buy nothing. */
function requireValidAtClose(validUntil: string, closesAt: string): void {
  if (Date.parse(closesAt) >= Date.parse(validUntil)) {
    throw new LedgerError('VALIDATION', `the coupon ends ${validUntil}, before the auction closes`);
  }
}

/** What every auction event says: which auction, which coupon, who sells, for which points. */
function auctionFacts(auction: Omit<Auction, 'status' | 'bids' | 'createdAt'>) {
  return {
    auctionId: auction.id,
    couponId: auction.couponId,
    ...(auction.seller.kind === 'member'
      ? { seller: auction.seller.memberId }
      : { org: auction.seller.org }),
    symbol: auction.symbol,
  };
}

async function openWith(
  ledger: Ledger,
  auction: Omit<Auction, 'status' | 'bids' | 'createdAt'>,
): Promise<Auction> {
  const opened: Auction = {
    ...auction,
    bids: 0,
    status: 'open',
    createdAt: ledger.now.toISOString(),
  };
  await ledger.put('Auction', [auction.id], opened);
  ledger.emit('AuctionOpened', {
    ...auctionFacts(auction),
    minBid: auction.minBid,
    closesAt: auction.closesAt,
  });
  return opened;
}

/** A member auctions a coupon it holds, for points of any token. */
export async function openAuction(
  ledger: Ledger,
  request: z.infer<typeof OpenAuctionRequest>,
): Promise<Auction> {
  const { auctionId, couponId, symbol: bidSymbol, minBid, closesAt } = request.params;
  await requireNewAuction(ledger, auctionId, closesAt);
  const seller = await authorizeMember(ledger, request);
  await getToken(ledger, bidSymbol);
  const coupon = await getCoupon(ledger, couponId);
  const couponClass = await lockCoupon(ledger, coupon, seller.id, auctionLock(auctionId));
  requireValidAtClose(couponClass.validUntil, closesAt);
  return openWith(ledger, {
    id: auctionId,
    couponId,
    seller: { kind: 'member', memberId: seller.id },
    symbol: bidSymbol,
    minBid,
    closesAt,
  });
}

/** A merchant auctions a new coupon of its own class, for its own points. */
export async function openMerchantAuction(
  ledger: Ledger,
  request: z.infer<typeof OpenMerchantAuctionRequest>,
): Promise<Auction> {
  const { auctionId, classId: auctioned, minBid, closesAt } = request;
  await requireNewAuction(ledger, auctionId, closesAt);
  const couponClass = await getCouponClass(ledger, auctioned);
  if (couponClass.issuer !== ledger.callerOrg) {
    throw new LedgerError('NOT_AUTHORIZED', `coupons of ${auctioned} are ${couponClass.issuer}'s`);
  }
  requireValidAtClose(couponClass.validUntil, closesAt);
  // Bids are burnt at close, and only the issuer's own points can be.
  const token = await callerToken(ledger);
  const coupon = await issueNext(ledger, couponClass, { lockedBy: auctionLock(auctionId) });
  return openWith(ledger, {
    id: auctionId,
    couponId: coupon.id,
    seller: { kind: 'merchant', org: couponClass.issuer },
    symbol: token.symbol,
    minBid,
    closesAt,
  });
}

export async function bid(ledger: Ledger, request: z.infer<typeof BidRequest>): Promise<Auction> {
  const bidder = await authorizeMember(ledger, request);
  const auction = await getAuction(ledger, request.params.auctionId);
  const amount = request.params.points;
  checkBid(auction, bidder.id, amount, ledger.now);
  const token = await getToken(ledger, auction.symbol);
  const lockId = auctionLock(auction.id);
  const previous = auction.highest;
  if (previous?.memberId === bidder.id) {
    await lockPoints(ledger, token, bidder.id, amount, lockId, {
      until: auction.closesAt,
      replacing: lockId,
    });
  } else {
    await lockPoints(ledger, token, bidder.id, amount, lockId, { until: auction.closesAt });
    if (previous) await releasePoints(ledger, token, previous.memberId, lockId);
  }
  const updated: Auction = {
    ...auction,
    highest: { memberId: bidder.id, points: amount },
    bids: auction.bids + 1,
  };
  await ledger.put('Auction', [auction.id], updated);
  ledger.emit('BidPlaced', {
    auctionId: auction.id,
    bidder: bidder.id,
    symbol: auction.symbol,
    points: amount,
    ...(previous && previous.memberId !== bidder.id && { outbid: previous.memberId }),
  });
  return updated;
}

/**
 * Pays the standing bid to the seller (a merchant's is burnt) and hands over the coupon. If the
 * coupon has ended by the time the auction is closed, nothing is sold and the bid goes back.
 */
async function settle(
  ledger: Ledger,
  auction: Auction,
  coupon: Coupon,
): Promise<string | undefined> {
  const couponClass = await getCouponClass(ledger, coupon.classId);
  const ended = Date.parse(couponClass.validUntil) <= ledger.now.getTime();
  if (!auction.highest || ended) {
    if (auction.highest) {
      const token = await getToken(ledger, auction.symbol);
      await releasePoints(ledger, token, auction.highest.memberId, auctionLock(auction.id));
    }
    if (auction.seller.kind === 'member') await unlockCoupon(ledger, coupon);
    else {
      const { lockedBy: _released, ...rest } = coupon;
      await writeCoupon(ledger, { ...rest, status: 'withdrawn' }, coupon.owner);
    }
    return undefined;
  }
  const { memberId: winner, points: price } = auction.highest;
  const token = await getToken(ledger, auction.symbol);
  const paid = await takeLockedPoints(ledger, token, winner, auctionLock(auction.id));
  if (auction.seller.kind === 'member')
    await creditMember(ledger, token, auction.seller.memberId, paid);
  else await burn(ledger, token.symbol, price, 'coupon');
  await moveCoupon(ledger, coupon, winner);
  return winner;
}

export async function closeAuction(
  ledger: Ledger,
  request: z.infer<typeof AuctionIdRequest>,
): Promise<Auction> {
  const auction = await getAuction(ledger, request.auctionId);
  if (auction.status !== 'open') {
    throw new LedgerError('INVALID_STATE', `auction ${auction.id} is already closed`);
  }
  if (Date.parse(auction.closesAt) > ledger.now.getTime()) {
    throw new LedgerError('INVALID_STATE', `auction ${auction.id} closes at ${auction.closesAt}`);
  }
  const winner = await settle(ledger, auction, await getCoupon(ledger, auction.couponId));
  const closed: Auction = {
    ...auction,
    status: 'closed',
    ...(winner !== undefined && { winner }),
    closedAt: ledger.now.toISOString(),
  };
  await ledger.put('Auction', [auction.id], closed);
  ledger.emit('AuctionClosed', {
    ...auctionFacts(auction),
    ...(winner !== undefined && { winner, points: auction.highest?.points }),
  });
  return closed;
}

export async function listAuctions(ledger: Ledger): Promise<Auction[]> {
  return ledger.list('Auction');
}
