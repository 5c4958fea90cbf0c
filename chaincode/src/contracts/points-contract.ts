import { Context, Contract, Info, Transaction } from 'fabric-contract-api';
import * as points from '../operations/points';
import { MemberIdRequest } from '../operations/members';
import { handle, handleOnce, respond } from './respond';

@Info({ title: 'Points', description: 'Earn, refund, redeem, transfer, expiry and legacy points' })
export class PointsContract extends Contract {
  constructor() {
    super('points');
  }

  @Transaction()
  async earn(ctx: Context, request: string): Promise<string> {
    return handleOnce(ctx, 'earn', points.EarnRequest, request, points.earn);
  }

  /** Private-only: transient `receipts` into the caller's implicit collection. */
  @Transaction()
  async storeReceipts(ctx: Context): Promise<string> {
    return respond(ctx, points.storeReceipts);
  }

  @Transaction()
  async reverseEarn(ctx: Context, request: string): Promise<string> {
    return handleOnce(ctx, 'reverseEarn', points.ReverseEarnRequest, request, points.reverseEarn);
  }

  @Transaction()
  async redeem(ctx: Context, request: string): Promise<string> {
    return handleOnce(ctx, 'redeem', points.RedeemRequest, request, points.redeem);
  }

  @Transaction()
  async transfer(ctx: Context, request: string): Promise<string> {
    return handleOnce(ctx, 'transfer', points.TransferRequest, request, points.transfer);
  }

  @Transaction()
  async expirePoints(ctx: Context, request: string): Promise<string> {
    return handleOnce(ctx, 'expirePoints', points.ExpireRequest, request, points.expirePoints);
  }

  @Transaction()
  async importLegacy(ctx: Context, request: string): Promise<string> {
    return handleOnce(
      ctx,
      'importLegacy',
      points.ImportLegacyRequest,
      request,
      points.importLegacy,
    );
  }

  @Transaction()
  async exportLegacy(ctx: Context, request: string): Promise<string> {
    return handleOnce(
      ctx,
      'exportLegacy',
      points.ExportLegacyRequest,
      request,
      points.exportLegacy,
    );
  }

  @Transaction(false)
  async getBalance(ctx: Context, request: string): Promise<string> {
    return handle(ctx, points.BalanceRequest, request, points.getBalance);
  }

  @Transaction(false)
  async getBalances(ctx: Context, request: string): Promise<string> {
    return handle(ctx, MemberIdRequest, request, (ledger, input) =>
      points.getBalances(ledger, input.memberId),
    );
  }

  @Transaction(false)
  async getEarn(ctx: Context, request: string): Promise<string> {
    return handle(ctx, points.OrderRefRequest, request, (ledger, input) =>
      ledger.getOrFail('Earn', input.symbol, input.orderRef),
    );
  }

  @Transaction(false)
  async verifyReceipt(ctx: Context, request: string): Promise<string> {
    return handle(ctx, points.OrderRefRequest, request, points.verifyReceipt);
  }
}
