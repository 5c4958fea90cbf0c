import { z } from 'zod';
import * as agreements from '@points-alliance/chaincode/dist/operations/agreements';
import * as exchange from '@points-alliance/chaincode/dist/operations/exchange';
import { id } from '@points-alliance/chaincode/dist/domain/validation';
import { encodeRecord, sha256Hex } from '@points-alliance/chaincode/dist/ledger/state';
import { ApiError } from '../http/problem';
import { route } from '../http/route';
import { committed, ok, query, submit, submitTwoPart } from './calls';

const AgreementParams = z.strictObject({ agreementId: id });

export const agreementRoutes = [
  route({
    method: 'post',
    path: '/agreements',
    tag: 'agreements',
    summary:
      'Propose an exchange rate from our points to another merchant’s; terms stay private to the pair',
    access: 'admin',
    body: agreements.ProposeAgreementRequest.omit({ termsHash: true }).extend({
      terms: agreements.AgreementTerms.omit({ salt: true }),
    }),
    responds: { status: 201, description: 'The proposed agreement' },
    handle: async (input) => {
      const { terms, ...card } = input.body;
      const salt = input.services.saltFor(`agreement:${card.agreementId}`, input.requestId);
      const outcome = await submitTwoPart(input, {
        contract: 'agreements',
        privateHalf: {
          fn: 'storeTerms',
          request: { agreementId: card.agreementId, counterparty: card.toOrg },
          field: 'terms',
          record: { ...terms, salt },
          endorsingOrgs: [input.services.org, card.toOrg],
        },
        publicHalf: { fn: 'propose', request: (termsHash) => ({ ...card, termsHash }) },
        published: { fn: 'get', request: { agreementId: card.agreementId } },
      });
      return committed(outcome, 201);
    },
  }),
  route({
    method: 'post',
    path: '/agreements/:agreementId/acceptance',
    tag: 'agreements',
    summary: 'Accept an agreement proposed to us, after checking its private terms',
    access: 'admin',
    params: AgreementParams,
    body: z.strictObject({}).optional(),
    responds: { status: 200, description: 'The active agreement' },
    handle: async (input) => {
      // Our own peer holds the pair's copy of the terms: accept exactly what we can read.
      const terms = await query(input, 'agreements', 'readTerms', input.params);
      const termsHash = sha256Hex(encodeRecord(terms));
      return committed(await submit(input, 'agreements', 'accept', { ...input.params, termsHash }));
    },
  }),
  route({
    method: 'post',
    path: '/agreements/:agreementId/revocation',
    tag: 'agreements',
    summary: 'Revoke an agreement we are party to',
    access: 'admin',
    params: AgreementParams,
    body: z.strictObject({}).optional(),
    responds: { status: 200, description: 'The revoked agreement' },
    handle: async (input) => committed(await submit(input, 'agreements', 'revoke', input.params)),
  }),
  route({
    method: 'get',
    path: '/agreements',
    tag: 'agreements',
    summary: 'Agreements, optionally of one org or in one state',
    access: 'auditor',
    query: agreements.ListAgreementsRequest,
    responds: { status: 200, description: 'Agreements' },
    handle: async (input) => ok(await query(input, 'agreements', 'list', input.query)),
  }),
  route({
    method: 'get',
    path: '/agreements/:agreementId',
    tag: 'agreements',
    summary: 'One agreement (public rate card and status)',
    access: 'auditor',
    params: AgreementParams,
    responds: { status: 200, description: 'The agreement' },
    handle: async (input) => ok(await query(input, 'agreements', 'get', input.params)),
  }),
  route({
    method: 'get',
    path: '/agreements/:agreementId/terms',
    tag: 'agreements',
    summary: 'The private commercial terms, for the two parties only',
    access: 'auditor',
    params: AgreementParams,
    responds: { status: 200, description: 'The terms' },
    handle: async (input) => {
      const { salt: _salt, ...terms } = await query<Record<string, unknown>>(
        input,
        'agreements',
        'readTerms',
        input.params,
      );
      return ok(terms);
    },
  }),
  route({
    method: 'get',
    path: '/rate-cards',
    tag: 'agreements',
    summary: 'The rate cards in force now, for members to see',
    access: 'member',
    responds: { status: 200, description: 'Rate cards' },
    handle: async (input) => ok(await query(input, 'agreements', 'rateCards')),
  }),
  route({
    method: 'get',
    path: '/exchange-quotes',
    tag: 'exchange',
    summary: 'What an exchange would give now, without doing it',
    access: 'member',
    query: z.strictObject({
      agreementId: id,
      memberId: id,
      amount: z.coerce.number().pipe(exchange.QuoteRequest.shape.amount),
    }),
    responds: { status: 200, description: 'The quote' },
    handle: async (input) => ok(await query(input, 'agreements', 'quote', input.query)),
  }),
  route({
    method: 'post',
    path: '/exchanges',
    tag: 'exchange',
    summary:
      "Exchange a member's points for another merchant's at an agreed rate, signed by the member",
    access: 'member',
    body: exchange.ExchangeRequest,
    responds: { status: 201, description: 'The obligation it created and the amounts' },
    handle: async (input) => {
      const agreement = await query<{ toSymbol: string }>(input, 'agreements', 'get', {
        agreementId: input.body.params.agreementId,
      });
      const token = await input.services.tokens.bySymbolOrUndefined(agreement.toSymbol);
      if (!token) throw new ApiError(404, 'NOT_FOUND', `token ${agreement.toSymbol} not found`);
      const outcome = await input.services.shards.with(token.symbol, token.shardCount, (shard) =>
        submit(input, 'agreements', 'exchange', input.body, { shard }),
      );
      return committed(outcome, 201);
    },
  }),
];
