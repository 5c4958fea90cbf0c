import { Context, Contract, Info, Transaction } from 'fabric-contract-api';
import * as tokens from '../operations/tokens';
import { handle, handleOnce, respond } from './respond';

@Info({ title: 'Tokens', description: "Each merchant's points token, its cap and its supply" })
export class TokenContract extends Contract {
  constructor() {
    super('tokens');
  }

  @Transaction()
  async registerToken(ctx: Context, request: string): Promise<string> {
    return handleOnce(
      ctx,
      'registerToken',
      tokens.RegisterTokenRequest,
      request,
      tokens.registerToken,
    );
  }

  @Transaction()
  async proposeCapRaise(ctx: Context, request: string): Promise<string> {
    return handleOnce(
      ctx,
      'proposeCapRaise',
      tokens.ProposeCapRaiseRequest,
      request,
      tokens.proposeCapRaise,
    );
  }

  @Transaction()
  async approveCapRaise(ctx: Context, request: string): Promise<string> {
    return handleOnce(
      ctx,
      'approveCapRaise',
      tokens.ApproveCapRaiseRequest,
      request,
      tokens.approveCapRaise,
    );
  }

  @Transaction()
  async lowerCap(ctx: Context, request: string): Promise<string> {
    return handleOnce(ctx, 'lowerCap', tokens.LowerCapRequest, request, tokens.lowerCap);
  }

  @Transaction()
  async consolidateSupply(ctx: Context, request: string): Promise<string> {
    return handleOnce(
      ctx,
      'consolidateSupply',
      tokens.ConsolidateRequest,
      request,
      tokens.consolidateSupply,
    );
  }

  @Transaction()
  async rebalanceTreasury(ctx: Context, request: string): Promise<string> {
    return handleOnce(
      ctx,
      'rebalanceTreasury',
      tokens.RebalanceRequest,
      request,
      tokens.rebalanceTreasury,
    );
  }

  @Transaction(false)
  async getToken(ctx: Context, request: string): Promise<string> {
    return handle(ctx, tokens.SymbolRequest, request, (ledger, input) =>
      tokens.getToken(ledger, input.symbol),
    );
  }

  @Transaction(false)
  async getSupply(ctx: Context, request: string): Promise<string> {
    return handle(ctx, tokens.SymbolRequest, request, (ledger, input) =>
      tokens.tokenSupply(ledger, input.symbol),
    );
  }

  @Transaction(false)
  async listTokens(ctx: Context): Promise<string> {
    return respond(ctx, tokens.listTokens);
  }

  @Transaction(false)
  async getCapProposal(ctx: Context, request: string): Promise<string> {
    return handle(ctx, tokens.ApproveCapRaiseRequest, request, (ledger, input) =>
      ledger.getOrFail('CapProposal', input.symbol, input.proposalId),
    );
  }
}
