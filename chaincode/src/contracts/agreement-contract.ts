import { Context, Contract, Info, Transaction } from 'fabric-contract-api';
import * as agreements from '../operations/agreements';
import * as exchange from '../operations/exchange';
import { handle, handleOnce, respond } from './respond';
import { parseRequest } from '../domain/validation';

@Info({
  title: 'Agreements',
  description: 'Negotiated exchange rates between merchants, and exchanges',
})
export class AgreementContract extends Contract {
  constructor() {
    super('agreements');
  }

  /** Private-only: transient `terms` into the two merchants' pair collection. */
  @Transaction()
  async storeTerms(ctx: Context, request: string): Promise<string> {
    return handle(ctx, agreements.StoreTermsRequest, request, agreements.storeAgreementTerms);
  }

  @Transaction()
  async propose(ctx: Context, request: string): Promise<string> {
    return handleOnce(
      ctx,
      'propose',
      agreements.ProposeAgreementRequest,
      request,
      agreements.proposeAgreement,
    );
  }

  @Transaction()
  async accept(ctx: Context, request: string): Promise<string> {
    return handleOnce(
      ctx,
      'accept',
      agreements.AcceptAgreementRequest,
      request,
      agreements.acceptAgreement,
    );
  }

  @Transaction()
  async revoke(ctx: Context, request: string): Promise<string> {
    return handleOnce(
      ctx,
      'revoke',
      agreements.AgreementIdRequest,
      request,
      agreements.revokeAgreement,
    );
  }

  @Transaction(false)
  async get(ctx: Context, request: string): Promise<string> {
    return handle(ctx, agreements.AgreementIdRequest, request, (ledger, input) =>
      agreements.getAgreement(ledger, input.agreementId),
    );
  }

  @Transaction(false)
  async list(ctx: Context, request: string): Promise<string> {
    return handle(ctx, agreements.ListAgreementsRequest, request, agreements.listAgreements);
  }

  @Transaction(false)
  async rateCards(ctx: Context): Promise<string> {
    return respond(ctx, agreements.rateCards);
  }

  @Transaction(false)
  async readTerms(ctx: Context, request: string): Promise<string> {
    return handle(ctx, agreements.AgreementIdRequest, request, agreements.readAgreementTerms);
  }

  @Transaction(false)
  async quote(ctx: Context, request: string): Promise<string> {
    return handle(ctx, exchange.QuoteRequest, request, exchange.quote);
  }

  /** Member-signed; `options` carries submission details outside the signature (the leased shard). */
  @Transaction()
  async exchange(ctx: Context, request: string, options: string): Promise<string> {
    return handleOnce(ctx, 'exchange', exchange.ExchangeRequest, request, (ledger, input) =>
      exchange.exchange(ledger, input, parseRequest(exchange.ExchangeOptions, options)),
    );
  }
}
