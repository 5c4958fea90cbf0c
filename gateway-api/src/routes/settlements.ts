import { z } from 'zod';
import * as settlements from '@points-alliance/chaincode/dist/operations/settlements';
import { id } from '@points-alliance/chaincode/dist/domain/validation';
import { route } from '../http/route';
import { committed, ok, query, submit, submitTwoPart } from './calls';

const SettlementParams = z.strictObject({ settlementId: id });

export const settlementRoutes = [
  route({
    method: 'post',
    path: '/settlements',
    tag: 'settlements',
    summary:
      'Post a payment for obligations we owe one creditor; amount and bank reference stay private',
    access: 'admin',
    body: settlements.PostSettlementRequest.omit({ detailsHash: true }).extend({
      details: settlements.SettlementDetails.omit({ salt: true }),
    }),
    responds: { status: 201, description: 'The settlement' },
    handle: async (input) => {
      const { details, ...settlement } = input.body;
      const salt = input.services.saltFor(`settlement:${settlement.settlementId}`, input.requestId);
      const outcome = await submitTwoPart(input, {
        contract: 'settlements',
        privateHalf: {
          fn: 'storeDetails',
          request: { settlementId: settlement.settlementId, creditor: settlement.creditor },
          field: 'details',
          record: { ...details, salt },
          endorsingOrgs: [input.services.org, settlement.creditor],
        },
        publicHalf: { fn: 'post', request: (detailsHash) => ({ ...settlement, detailsHash }) },
        published: { fn: 'get', request: { settlementId: settlement.settlementId } },
      });
      return committed(outcome, 201);
    },
  }),
  route({
    method: 'post',
    path: '/settlements/:settlementId/confirmation',
    tag: 'settlements',
    summary: 'Confirm a settlement posted to us: its obligations become settled',
    access: 'admin',
    params: SettlementParams,
    body: z.strictObject({}).optional(),
    responds: { status: 200, description: 'The settlement' },
    handle: async (input) => committed(await submit(input, 'settlements', 'confirm', input.params)),
  }),
  route({
    method: 'post',
    path: '/settlements/:settlementId/dispute',
    tag: 'settlements',
    summary: 'Dispute a settlement posted to us: its obligations reopen',
    access: 'admin',
    params: SettlementParams,
    body: settlements.DisputeRequest.omit({ settlementId: true }),
    responds: { status: 200, description: 'The settlement' },
    handle: async (input) =>
      committed(await submit(input, 'settlements', 'dispute', { ...input.params, ...input.body })),
  }),
  route({
    method: 'get',
    path: '/settlements',
    tag: 'settlements',
    summary: 'Our settlements, as debtor or creditor',
    access: 'auditor',
    query: settlements.ListSettlementsRequest,
    responds: { status: 200, description: 'Settlements' },
    handle: async (input) => ok(await query(input, 'settlements', 'listSettlements', input.query)),
  }),
  route({
    method: 'get',
    path: '/settlements/:settlementId',
    tag: 'settlements',
    summary: 'One settlement (public part)',
    access: 'auditor',
    params: SettlementParams,
    responds: { status: 200, description: 'The settlement' },
    handle: async (input) => ok(await query(input, 'settlements', 'get', input.params)),
  }),
  route({
    method: 'get',
    path: '/settlements/:settlementId/details',
    tag: 'settlements',
    summary: 'Amount paid and bank reference, for the two parties only',
    access: 'auditor',
    params: SettlementParams,
    responds: { status: 200, description: 'The details' },
    handle: async (input) => {
      const { salt: _salt, ...details } = await query<Record<string, unknown>>(
        input,
        'settlements',
        'readDetails',
        input.params,
      );
      return ok(details);
    },
  }),
  route({
    method: 'get',
    path: '/obligations',
    tag: 'settlements',
    summary: 'Our obligations, as debtor or creditor',
    access: 'auditor',
    query: settlements.ListObligationsRequest,
    responds: { status: 200, description: 'Obligations' },
    handle: async (input) => ok(await query(input, 'settlements', 'listObligations', input.query)),
  }),
  route({
    method: 'get',
    path: '/net-positions',
    tag: 'settlements',
    summary: 'Our net position per counterparty and currency, optionally for one month',
    access: 'auditor',
    query: settlements.NetPositionsRequest,
    responds: { status: 200, description: 'Positions' },
    handle: async (input) => ok(await query(input, 'settlements', 'netPositions', input.query)),
  }),
];
