import { z } from 'zod';
import * as points from '@points-alliance/chaincode/dist/operations/points';
import { id, instant, points as amount } from '@points-alliance/chaincode/dist/domain/validation';
import { encodeRecord, sha256Hex } from '@points-alliance/chaincode/dist/ledger/state';
import { ApiError } from '../http/problem';
import { route } from '../http/route';
import { submittingRoute } from './submitting';
import type { Services } from '../services';
import { committed, ok, query, submit } from './calls';

const ReceiptInput = points.Receipt.omit({ orderRef: true, salt: true });
const OrderParams = z.strictObject({ orderRef: id });

async function ownToken(services: Services) {
  const token = await services.tokens.ofIssuer(services.org);
  if (!token)
    throw new ApiError(409, 'INVALID_STATE', `${services.org} has not registered its token yet`);
  return token;
}

export const pointRoutes = [
  route({
    method: 'post',
    path: '/earns',
    tag: 'points',
    summary: "Credit a member with this merchant's points for a purchase",
    access: 'operator',
    body: z.strictObject({
      memberId: id,
      orderRef: id,
      points: amount,
      receipt: ReceiptInput,
      pendingUntil: instant.optional(),
      expiresAt: instant.optional(),
    }),
    responds: { status: 201, description: 'The earn' },
    handle: async (input) => {
      const { receipt: details, ...earn } = input.body;
      const receipt = {
        ...details,
        orderRef: earn.orderRef,
        // Salted by the order, not the request: the same purchase has the same receipt hash
        // under any Idempotency-Key, so the ledger answers a repeated order with its first earn.
        salt: input.services.saltFor('receipt', `order:${earn.orderRef}`),
      };
      const token = await ownToken(input.services);
      const outcome = await input.services.shards.with(token.symbol, token.shardCount, (shard) =>
        submit(input, 'points', 'earn', {
          ...earn,
          receiptHash: sha256Hex(encodeRecord(receipt)),
          shard,
        }),
      );
      // The receipt follows in a batched private-only transaction, off this request's path.
      input.services.receipts.add(receipt);
      return committed(outcome, 201);
    },
  }),
  route({
    method: 'get',
    path: '/earns/:orderRef',
    tag: 'points',
    summary: "An earn of this merchant's token",
    access: 'auditor',
    params: OrderParams,
    responds: { status: 200, description: 'The earn' },
    handle: async (input) => {
      const token = await ownToken(input.services);
      return ok(await query(input, 'points', 'getEarn', { symbol: token.symbol, ...input.params }));
    },
  }),
  route({
    method: 'get',
    path: '/earns/:orderRef/receipt-check',
    tag: 'points',
    summary: "Whether the earn's receipt is stored and matches its public hash",
    access: 'auditor',
    params: OrderParams,
    responds: { status: 200, description: 'The check' },
    handle: async (input) => {
      const token = await ownToken(input.services);
      return ok(
        await query(input, 'points', 'verifyReceipt', { symbol: token.symbol, ...input.params }),
      );
    },
  }),
  route({
    method: 'post',
    path: '/earns/:orderRef/reversals',
    tag: 'points',
    summary: 'Reverse (refund) part or all of an earn',
    access: 'operator',
    params: OrderParams,
    body: points.ReverseEarnRequest.omit({ orderRef: true }),
    responds: { status: 201, description: 'The reversal' },
    handle: async (input) =>
      committed(
        await submit(input, 'points', 'reverseEarn', { ...input.params, ...input.body }),
        201,
      ),
  }),
  submittingRoute({
    path: '/redemptions',
    tag: 'points',
    summary: "Burn a member's points at this merchant, signed by the member",
    access: 'member',
    body: points.RedeemRequest,
    responds: { status: 201, description: 'The balance after redemption' },
    contract: 'points',
    fn: 'redeem',
  }),
  submittingRoute({
    path: '/transfers',
    tag: 'points',
    summary: 'Move points between members, signed by the sender',
    access: 'member',
    body: points.TransferRequest,
    responds: { status: 201, description: 'The transfer' },
    contract: 'points',
    fn: 'transfer',
  }),
  submittingRoute({
    path: '/expiries',
    tag: 'points',
    summary: "Remove a member's expired points of this merchant from circulation",
    access: 'operator',
    body: points.ExpireRequest,
    responds: { status: 200, description: 'Points removed' },
    contract: 'points',
    fn: 'expirePoints',
  }),
  route({
    method: 'post',
    path: '/legacy/imports',
    tag: 'points',
    summary: "Bring points from this merchant's existing app onto a member's balance",
    access: 'operator',
    body: points.ImportLegacyRequest.omit({ shard: true }),
    responds: { status: 201, description: 'The import' },
    handle: async (input) => {
      const token = await ownToken(input.services);
      const outcome = await input.services.shards.with(token.symbol, token.shardCount, (shard) =>
        submit(input, 'points', 'importLegacy', { ...input.body, shard }),
      );
      return committed(outcome, 201);
    },
  }),
  submittingRoute({
    path: '/legacy/exports',
    tag: 'points',
    summary: "Move a member's points back to this merchant's app, signed by the member",
    access: 'member',
    body: points.ExportLegacyRequest,
    responds: { status: 201, description: 'The export' },
    contract: 'points',
    fn: 'exportLegacy',
  }),
];
