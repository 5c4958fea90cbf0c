import { Context, Contract, Info, Transaction } from 'fabric-contract-api';
import * as settlements from '../operations/settlements';
import { handle, handleOnce } from './respond';

@Info({ title: 'Settlements', description: 'Obligations between merchants and their settlement' })
export class SettlementContract extends Contract {
  constructor() {
    super('settlements');
  }

  /** Private-only: transient `details` into the two merchants' pair collection. */
  @Transaction()
  async storeDetails(ctx: Context, request: string): Promise<string> {
    return handle(
      ctx,
      settlements.StoreDetailsRequest,
      request,
      settlements.storeSettlementDetails,
    );
  }

  @Transaction()
  async post(ctx: Context, request: string): Promise<string> {
    return handleOnce(
      ctx,
      'post',
      settlements.PostSettlementRequest,
      request,
      settlements.postSettlement,
    );
  }

  @Transaction()
  async confirm(ctx: Context, request: string): Promise<string> {
    return handleOnce(
      ctx,
      'confirm',
      settlements.SettlementIdRequest,
      request,
      settlements.confirmSettlement,
    );
  }

  @Transaction()
  async dispute(ctx: Context, request: string): Promise<string> {
    return handleOnce(
      ctx,
      'dispute',
      settlements.DisputeRequest,
      request,
      settlements.disputeSettlement,
    );
  }

  @Transaction(false)
  async get(ctx: Context, request: string): Promise<string> {
    return handle(ctx, settlements.SettlementIdRequest, request, (ledger, input) =>
      settlements.getSettlement(ledger, input.settlementId),
    );
  }

  @Transaction(false)
  async readDetails(ctx: Context, request: string): Promise<string> {
    return handle(ctx, settlements.SettlementIdRequest, request, settlements.readSettlementDetails);
  }

  @Transaction(false)
  async listSettlements(ctx: Context, request: string): Promise<string> {
    return handle(ctx, settlements.ListSettlementsRequest, request, settlements.listSettlements);
  }

  @Transaction(false)
  async listObligations(ctx: Context, request: string): Promise<string> {
    return handle(ctx, settlements.ListObligationsRequest, request, settlements.listObligations);
  }

  @Transaction(false)
  async netPositions(ctx: Context, request: string): Promise<string> {
    return handle(ctx, settlements.NetPositionsRequest, request, settlements.myNetPositions);
  }
}
