/** Coupons and the members' market: classes, issue, sale, gifts, redemption, swaps, auctions. */
import { z } from 'zod';
import * as auctions from '@points-alliance/chaincode/dist/operations/auctions';
import * as coupons from '@points-alliance/chaincode/dist/operations/coupons';
import * as swaps from '@points-alliance/chaincode/dist/operations/swaps';
import { id } from '@points-alliance/chaincode/dist/domain/validation';
import { route, type Access, type Route } from '../http/route';
import { committed, ok, query, submit } from './calls';
import { submittingRoute } from './submitting';

/** A POST that submits its body as the one argument of a coupons transaction. */
function submitting(
  path: string,
  fn: string,
  access: Access,
  body: z.ZodType,
  summary: string,
  status = 201,
): Route {
  return submittingRoute({
    path,
    tag: 'coupons',
    summary,
    access,
    body,
    responds: { status, description: 'The record after the change, and the transaction id' },
    contract: 'coupons',
    fn,
  });
}

/** A GET answered by a coupons query, with the path parameters (and query) as its request. */
function querying(
  path: string,
  fn: string,
  summary: string,
  schemas: { params?: z.ZodType; query?: z.ZodType } = {},
): Route {
  return route({
    method: 'get',
    path,
    tag: 'coupons',
    summary,
    access: 'auditor',
    ...schemas,
    responds: { status: 200, description: summary },
    handle: async (input) => {
      const request = { ...(input.params as object), ...(input.query as object) };
      const hasRequest = schemas.params !== undefined || schemas.query !== undefined;
      return ok(await query(input, 'coupons', fn, hasRequest ? request : undefined));
    },
  });
}

export const couponRoutes: readonly Route[] = [
  submitting(
    '/coupon-classes',
    'defineClass',
    'admin',
    coupons.DefineCouponClassRequest,
    'Define a class of coupons this merchant issues',
  ),
  querying(
    '/coupon-classes',
    'listClasses',
    'Every coupon class with its issued and redeemed counts',
  ),
  querying('/coupon-classes/:classId', 'getClass', 'A coupon class with its counts', {
    params: coupons.ClassIdRequest,
  }),
  submitting(
    '/coupon-issuances',
    'issueCoupon',
    'operator',
    coupons.IssueCouponRequest,
    'Issue one of our coupons to a member',
  ),
  submitting(
    '/coupon-purchases',
    'buyCoupon',
    'member',
    coupons.BuyCouponRequest,
    'Sell one of our coupons to a member for our points, signed by the member',
  ),
  submitting(
    '/coupon-gifts',
    'giftCoupon',
    'member',
    coupons.GiftCouponRequest,
    'Give a coupon to another member, signed by its holder',
  ),
  submitting(
    '/coupon-redemptions',
    'redeemCoupon',
    'member',
    coupons.RedeemCouponRequest,
    'Use a coupon at our counter, signed by its holder',
  ),
  querying('/coupons/:couponId', 'getCoupon', 'A coupon and its state now', {
    params: coupons.CouponIdRequest,
  }),
  querying('/members/:memberId/coupons', 'getMemberCoupons', 'The coupons a member holds', {
    params: z.strictObject({ memberId: id }),
  }),
  submitting(
    '/offers',
    'createOffer',
    'member',
    swaps.CreateOfferRequest,
    "Offer points or a coupon for another token's points or a coupon, signed by the maker",
  ),
  submitting(
    '/offer-acceptances',
    'takeOffer',
    'member',
    swaps.TakeOfferRequest,
    'Take an offer: both sides change hands in one transaction, signed by the taker',
  ),
  submitting(
    '/offer-cancellations',
    'cancelOffer',
    'member',
    swaps.CancelOfferRequest,
    'Withdraw an open offer and unlock what it put up, signed by the maker',
    200,
  ),
  querying('/offers', 'listOffers', 'Swap offers, by status', { query: swaps.ListOffersRequest }),
  querying('/offers/:offerId', 'getOffer', 'A swap offer', { params: swaps.OfferIdRequest }),
  submitting(
    '/auctions',
    'openAuction',
    'member',
    auctions.OpenAuctionRequest,
    "Auction a member's coupon for points, signed by the seller",
  ),
  submitting(
    '/merchant-auctions',
    'openMerchantAuction',
    'operator',
    auctions.OpenMerchantAuctionRequest,
    'Auction a new coupon of ours for our points',
  ),
  submitting(
    '/bids',
    'bid',
    'member',
    auctions.BidRequest,
    'Bid in an auction; the points stay locked until outbid or the close, signed by the bidder',
  ),
  route({
    method: 'post',
    path: '/auctions/:auctionId/closing',
    tag: 'coupons',
    summary: 'Close an auction after its deadline: the highest bid pays, the coupon moves',
    access: 'operator',
    params: auctions.AuctionIdRequest,
    body: z.strictObject({}).optional(),
    responds: { status: 200, description: 'The closed auction' },
    handle: async (input) =>
      committed(await submit(input, 'coupons', 'closeAuction', input.params)),
  }),
  querying('/auctions', 'listAuctions', 'Every auction'),
  querying('/auctions/:auctionId', 'getAuction', 'An auction and its standing bid', {
    params: auctions.AuctionIdRequest,
  }),
];
