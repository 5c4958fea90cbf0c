import { Context, Contract, Info, Transaction } from 'fabric-contract-api';
import * as auctions from '../operations/auctions';
import * as coupons from '../operations/coupons';
import { MemberIdRequest } from '../operations/members';
import * as swaps from '../operations/swaps';
import { handle, handleOnce, respond } from './respond';

@Info({ title: 'Coupons', description: 'Coupon classes, coupons, members’ swaps and auctions' })
export class CouponContract extends Contract {
  constructor() {
    super('coupons');
  }

  @Transaction()
  async defineClass(ctx: Context, request: string): Promise<string> {
    return handleOnce(
      ctx,
      'defineClass',
      coupons.DefineCouponClassRequest,
      request,
      coupons.defineCouponClass,
    );
  }

  @Transaction()
  async issueCoupon(ctx: Context, request: string): Promise<string> {
    return handleOnce(ctx, 'issueCoupon', coupons.IssueCouponRequest, request, coupons.issueCoupon);
  }

  @Transaction()
  async buyCoupon(ctx: Context, request: string): Promise<string> {
    return handleOnce(ctx, 'buyCoupon', coupons.BuyCouponRequest, request, coupons.buyCoupon);
  }

  @Transaction()
  async giftCoupon(ctx: Context, request: string): Promise<string> {
    return handleOnce(ctx, 'giftCoupon', coupons.GiftCouponRequest, request, coupons.giftCoupon);
  }

  @Transaction()
  async redeemCoupon(ctx: Context, request: string): Promise<string> {
    return handleOnce(
      ctx,
      'redeemCoupon',
      coupons.RedeemCouponRequest,
      request,
      coupons.redeemCoupon,
    );
  }

  @Transaction()
  async createOffer(ctx: Context, request: string): Promise<string> {
    return handleOnce(ctx, 'createOffer', swaps.CreateOfferRequest, request, swaps.createOffer);
  }

  @Transaction()
  async takeOffer(ctx: Context, request: string): Promise<string> {
    return handleOnce(ctx, 'takeOffer', swaps.TakeOfferRequest, request, swaps.takeOffer);
  }

  @Transaction()
  async cancelOffer(ctx: Context, request: string): Promise<string> {
    return handleOnce(ctx, 'cancelOffer', swaps.CancelOfferRequest, request, swaps.cancelOffer);
  }

  @Transaction()
  async openAuction(ctx: Context, request: string): Promise<string> {
    return handleOnce(
      ctx,
      'openAuction',
      auctions.OpenAuctionRequest,
      request,
      auctions.openAuction,
    );
  }

  @Transaction()
  async openMerchantAuction(ctx: Context, request: string): Promise<string> {
    return handleOnce(
      ctx,
      'openMerchantAuction',
      auctions.OpenMerchantAuctionRequest,
      request,
      auctions.openMerchantAuction,
    );
  }

  @Transaction()
  async bid(ctx: Context, request: string): Promise<string> {
    return handleOnce(ctx, 'bid', auctions.BidRequest, request, auctions.bid);
  }

  @Transaction()
  async closeAuction(ctx: Context, request: string): Promise<string> {
    return handleOnce(
      ctx,
      'closeAuction',
      auctions.AuctionIdRequest,
      request,
      auctions.closeAuction,
    );
  }

  @Transaction(false)
  async getClass(ctx: Context, request: string): Promise<string> {
    return handle(ctx, coupons.ClassIdRequest, request, async (ledger, input) =>
      coupons.couponClassView(ledger, await coupons.getCouponClass(ledger, input.classId)),
    );
  }

  @Transaction(false)
  async listClasses(ctx: Context): Promise<string> {
    return respond(ctx, coupons.listCouponClasses);
  }

  @Transaction(false)
  async getCoupon(ctx: Context, request: string): Promise<string> {
    return handle(ctx, coupons.CouponIdRequest, request, async (ledger, input) =>
      coupons.couponView(ledger, await coupons.getCoupon(ledger, input.couponId)),
    );
  }

  @Transaction(false)
  async getMemberCoupons(ctx: Context, request: string): Promise<string> {
    return handle(ctx, MemberIdRequest, request, (ledger, input) =>
      coupons.memberCoupons(ledger, input.memberId),
    );
  }

  @Transaction(false)
  async getOffer(ctx: Context, request: string): Promise<string> {
    return handle(ctx, swaps.OfferIdRequest, request, (ledger, input) =>
      swaps.getOffer(ledger, input.offerId),
    );
  }

  @Transaction(false)
  async listOffers(ctx: Context, request: string): Promise<string> {
    return handle(ctx, swaps.ListOffersRequest, request, swaps.listOffers);
  }

  @Transaction(false)
  async getAuction(ctx: Context, request: string): Promise<string> {
    return handle(ctx, auctions.AuctionIdRequest, request, (ledger, input) =>
      auctions.getAuction(ledger, input.auctionId),
    );
  }

  @Transaction(false)
  async listAuctions(ctx: Context): Promise<string> {
    return respond(ctx, auctions.listAuctions);
  }
}
