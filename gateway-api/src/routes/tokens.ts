import { z } from 'zod';
import * as tokens from '@points-alliance/chaincode/dist/operations/tokens';
import { id, symbol } from '@points-alliance/chaincode/dist/domain/validation';
import { route } from '../http/route';
import { submittingRoute } from './submitting';
import { committed, ok, query, submit } from './calls';

const SymbolParams = z.strictObject({ symbol });
const ProposalParams = z.strictObject({ symbol, proposalId: id });

export const tokenRoutes = [
  submittingRoute({
    path: '/tokens',
    tag: 'tokens',
    summary: "Register this merchant's points token",
    access: 'admin',
    body: tokens.RegisterTokenRequest,
    responds: { status: 201, description: 'The token' },
    contract: 'tokens',
    fn: 'registerToken',
  }),
  route({
    method: 'get',
    path: '/tokens',
    tag: 'tokens',
    summary: "Every merchant's token",
    access: 'auditor',
    responds: { status: 200, description: 'Tokens' },
    handle: async (input) => ok(await query(input, 'tokens', 'listTokens')),
  }),
  route({
    method: 'get',
    path: '/tokens/:symbol',
    tag: 'tokens',
    summary: 'A token with its public supply: cap, issued, redeemed, outstanding',
    access: 'auditor',
    params: SymbolParams,
    responds: { status: 200, description: 'Supply' },
    handle: async (input) => ok(await query(input, 'tokens', 'getSupply', input.params)),
  }),
  submittingRoute({
    path: '/tokens/cap-proposals',
    tag: 'tokens',
    summary: "Propose raising this merchant's cap (takes effect at a majority of approvals)",
    access: 'admin',
    body: tokens.ProposeCapRaiseRequest,
    responds: { status: 201, description: 'The proposal' },
    contract: 'tokens',
    fn: 'proposeCapRaise',
  }),
  route({
    method: 'get',
    path: '/tokens/:symbol/cap-proposals/:proposalId',
    tag: 'tokens',
    summary: 'A cap raise proposal and its approvals',
    access: 'auditor',
    params: ProposalParams,
    responds: { status: 200, description: 'The proposal' },
    handle: async (input) => ok(await query(input, 'tokens', 'getCapProposal', input.params)),
  }),
  route({
    method: 'post',
    path: '/tokens/:symbol/cap-proposals/:proposalId/approvals',
    tag: 'tokens',
    summary: "Approve another merchant's cap raise, as this org",
    access: 'admin',
    params: ProposalParams,
    body: z.strictObject({}).optional(),
    responds: { status: 200, description: 'The proposal after this approval' },
    handle: async (input) =>
      committed(await submit(input, 'tokens', 'approveCapRaise', input.params)),
  }),
  submittingRoute({
    path: '/tokens/cap-reductions',
    tag: 'tokens',
    summary: "Lower this merchant's cap (never below the outstanding points)",
    access: 'admin',
    body: tokens.LowerCapRequest,
    responds: { status: 200, description: 'Supply after the change' },
    contract: 'tokens',
    fn: 'lowerCap',
  }),
  submittingRoute({
    path: '/treasury/consolidations',
    tag: 'tokens',
    summary: 'Fold returned points back into a treasury shard',
    access: 'operator',
    body: tokens.ConsolidateRequest,
    responds: { status: 200, description: 'Points folded' },
    contract: 'tokens',
    fn: 'consolidateSupply',
  }),
  submittingRoute({
    path: '/treasury/rebalances',
    tag: 'tokens',
    summary: 'Move unissued allowance between two treasury shards',
    access: 'admin',
    body: tokens.RebalanceRequest,
    responds: { status: 200, description: 'The move' },
    contract: 'tokens',
    fn: 'rebalanceTreasury',
  }),
];
