/** Who is in the alliance, and the majority votes that admit, suspend or reinstate a merchant. */
import { z } from 'zod';
import * as alliance from '@points-alliance/chaincode/dist/operations/alliance';
import { route } from '../http/route';
import { submittingRoute } from './submitting';
import { committed, ok, query, submit } from './calls';

export const membershipRoutes = [
  route({
    method: 'get',
    path: '/alliance/members',
    tag: 'alliance',
    summary: 'The merchants of the alliance: the active ones, and the suspended',
    access: 'public',
    responds: { status: 200, description: 'Active and suspended merchants' },
    handle: async (input) => ok(await query(input, 'alliance', 'getAlliance')),
  }),
  submittingRoute({
    path: '/membership-proposals',
    tag: 'alliance',
    summary: 'Propose to admit, suspend or reinstate a merchant; our approval counts',
    access: 'admin',
    body: alliance.ProposeMembershipChangeRequest,
    responds: { status: 201, description: 'The proposal, applied if our vote was the majority' },
    contract: 'alliance',
    fn: 'proposeMembershipChange',
  }),
  route({
    method: 'post',
    path: '/membership-proposals/:proposalId/approvals',
    tag: 'alliance',
    summary: 'Approve a membership change; the approval that makes a majority applies it',
    access: 'admin',
    params: alliance.MembershipProposalRequest,
    body: z.strictObject({}).optional(),
    responds: { status: 200, description: 'The proposal with our approval' },
    handle: async (input) =>
      committed(await submit(input, 'alliance', 'approveMembershipChange', input.params)),
  }),
  route({
    method: 'get',
    path: '/membership-proposals/:proposalId',
    tag: 'alliance',
    summary: 'A membership proposal and who has approved it',
    access: 'auditor',
    params: alliance.MembershipProposalRequest,
    responds: { status: 200, description: 'The proposal' },
    handle: async (input) =>
      ok(await query(input, 'alliance', 'getMembershipProposal', input.params)),
  }),
];
