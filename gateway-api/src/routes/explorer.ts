/**
 * What the explorer page reads beyond the staff routes: the alliance's public figures, member
 * sign-in and the signed-in member's own data, a merchant's activity, and the coupon market as
 * anyone may see it.
 */
import { z } from 'zod';
import { id } from '@points-alliance/chaincode/dist/domain/validation';
import { parseMemberPublicKey } from '@points-alliance/chaincode/dist/member-request';
import type { SupplySummary } from '@points-alliance/chaincode/dist/domain/supply';
import type { Auction, Offer } from '@points-alliance/chaincode/dist/domain/model';
import { LedgerRefusal } from '../fabric/ledger';
import { ApiError } from '../http/problem';
import { route, type Route, type RouteInput } from '../http/route';
import { ACTIVITY_TYPES, allianceSeries, BUCKETS, merchantActivity } from '../explorer/activity';
import { AuditCursor, auditPage } from './audit';
import { ok, query } from './calls';

/**
 * What anyone may see of an open offer: everything but its maker. Sign-in tells no stranger
 * whether a member exists, so the public market does not list member ids either.
 */
function publicOffer({ maker: _maker, takenBy: _taker, ...offer }: Offer) {
  return offer;
}

/** An open auction for anyone: the standing bid's points, but no seller's or bidder's id. */
function publicAuction({ seller, highest, winner: _winner, ...auction }: Auction) {
  return {
    ...auction,
    seller: seller.kind === 'merchant' ? seller : { kind: seller.kind },
    ...(highest !== undefined && { highest: { points: highest.points } }),
  };
}

type Read = (input: RouteInput<unknown, unknown, unknown>) => Promise<unknown>;

/**
 * A GET without parameters: for anyone (`public`, the alliance's figures), or for the signed-in
 * member, reading only their own data (`member-session`, `input.memberId`).
 */
function reading(
  access: 'public' | 'member-session',
  path: string,
  summary: string,
  description: string,
  read: Read,
): Route {
  return route({
    method: 'get',
    path,
    tag: access === 'public' ? 'explorer' : 'member sessions',
    summary,
    access,
    responds: { status: 200, description },
    handle: async (input) => ok(await read(input)),
  });
}

export const explorerRoutes = [
  reading(
    'public',
    '/alliance/tokens',
    "Every merchant's token with its public supply: cap, issued, redeemed, outstanding",
    'Tokens with supply',
    async (input) => {
      const tokens = await query<{ symbol: string; name: string; issuer: string }[]>(
        input,
        'tokens',
        'listTokens',
      );
      return Promise.all(
        tokens.map(async ({ symbol, name, issuer }) => ({
          name,
          issuer,
          ...(await query<SupplySummary>(input, 'tokens', 'getSupply', { symbol })),
        })),
      );
    },
  ),
  route({
    method: 'get',
    path: '/alliance/series',
    tag: 'explorer',
    summary: 'Outstanding supply per token and exchange volume per merchant pair, over time',
    access: 'public',
    query: z.strictObject({ bucket: z.enum(BUCKETS).optional() }),
    responds: { status: 200, description: 'Series per token and per pair' },
    handle: async (input) =>
      ok(
        allianceSeries(input.services.audit.ofTypes(ACTIVITY_TYPES), input.query.bucket ?? 'hour'),
      ),
  }),
  reading(
    'public',
    '/alliance/coupon-classes',
    "Every merchant's coupon classes with issued, redeemed, expired and outstanding counts",
    'Coupon classes with their counts',
    (input) => query(input, 'coupons', 'listClasses'),
  ),
  reading(
    'public',
    '/alliance/offers',
    "The members' open swap offers, without who made them",
    'Open offers',
    async (input) =>
      (await query<Offer[]>(input, 'coupons', 'listOffers', { status: 'open' })).map(publicOffer),
  ),
  reading(
    'public',
    '/alliance/auctions',
    'The open auctions with their standing bid and close, without member ids',
    'Open auctions',
    async (input) =>
      (await query<Auction[]>(input, 'coupons', 'listAuctions'))
        .filter((auction) => auction.status === 'open')
        .map(publicAuction),
  ),
  route({
    method: 'get',
    path: '/merchant/activity',
    tag: 'explorer',
    summary: "This merchant's members, earns and redemptions of its token",
    access: 'auditor',
    responds: { status: 200, description: 'Counts and points' },
    handle: async (input) => {
      const { org } = input.services;
      const token = await input.services.tokens.ofIssuer(org);
      return ok(merchantActivity(input.services.audit.ofTypes(ACTIVITY_TYPES), org, token?.symbol));
    },
  }),
  route({
    method: 'get',
    path: '/member-sessions/challenge',
    tag: 'member sessions',
    summary: 'A challenge for a member to sign with their key, to sign in',
    access: 'public',
    query: z.strictObject({ memberId: id }),
    responds: { status: 200, description: 'The challenge and until when it can be answered' },
    handle: async (input) => ok(input.services.memberSessions.challenge(input.query.memberId)),
  }),
  route({
    method: 'post',
    path: '/member-sessions',
    tag: 'member sessions',
    summary: "Sign in with a challenge signed by the member's key: a short-lived session token",
    access: 'public',
    body: z.strictObject({
      memberId: id,
      challenge: z.string().min(1).max(400),
      signature: z.string().min(1).max(200),
    }),
    responds: { status: 201, description: 'The session token and its expiry' },
    handle: async (input) => {
      const { memberId, challenge, signature } = input.body;
      const member = await query<{ publicKey: string }>(input, 'members', 'getMember', {
        memberId,
      }).catch((error: unknown) => {
        // An unknown member reads like a wrong signature: sign-in tells nothing about either.
        if (error instanceof LedgerRefusal && error.code === 'NOT_FOUND') return undefined;
        throw error;
      });
      if (!member) throw new ApiError(401, 'UNAUTHENTICATED', 'sign-in refused');
      const session = input.services.memberSessions.signIn(
        memberId,
        challenge,
        signature,
        parseMemberPublicKey(member.publicKey),
      );
      return { status: 201, body: session };
    },
  }),
  reading(
    'member-session',
    '/me/balances',
    "The signed-in member's balances per token, with their lots",
    'Balances',
    (input) => query(input, 'points', 'getBalances', { memberId: input.memberId }),
  ),
  reading(
    'member-session',
    '/me/coupons',
    'The coupons the signed-in member holds, each with its state now',
    'Coupons',
    (input) => query(input, 'coupons', 'getMemberCoupons', { memberId: input.memberId }),
  ),
  reading(
    'member-session',
    '/me/offers',
    "The signed-in member's open swap offers, which they may withdraw",
    'Open offers',
    async (input) =>
      (await query<Offer[]>(input, 'coupons', 'listOffers', { status: 'open' })).filter(
        (offer) => offer.maker === input.memberId,
      ),
  ),
  route({
    method: 'get',
    path: '/me/history',
    tag: 'member sessions',
    summary: "The signed-in member's transactions, newest first",
    access: 'member-session',
    query: z.strictObject({
      cursor: AuditCursor.optional(),
      limit: z.coerce.number().int().min(1).max(100).optional(),
    }),
    responds: { status: 200, description: 'A page of audit records and the cursor of the next' },
    handle: async (input) =>
      ok(auditPage(input.services.audit, { ...input.query, member: input.memberId })),
  }),
];
