import { z } from 'zod';
import * as members from '@points-alliance/chaincode/dist/operations/members';
import { BalanceRequest } from '@points-alliance/chaincode/dist/operations/points';
import { id } from '@points-alliance/chaincode/dist/domain/validation';
import { parseMemberPublicKey } from '@points-alliance/chaincode/dist/member-request';
import { route } from '../http/route';
import { submittingRoute } from './submitting';
import { committed, ok, query, submit, submitTwoPart } from './calls';

const MemberParams = z.strictObject({ memberId: id });
const PersonalInput = members.PersonalData.omit({ salt: true });

function isMemberKey(key: string): boolean {
  try {
    parseMemberPublicKey(key);
    return true;
  } catch {
    return false;
  }
}
/** Checked here as well as by the chaincode, so a bad key stores no personal data first. */
const MemberPublicKey = z
  .string()
  .min(1)
  .max(400)
  .refine(isMemberKey, 'a base64 SPKI ECDSA P-256 public key');

export const memberRoutes = [
  route({
    method: 'post',
    path: '/members',
    tag: 'members',
    summary: 'Register a member: personal data privately in this org, the account publicly',
    access: 'operator',
    body: z.strictObject({
      memberId: id,
      publicKey: MemberPublicKey,
      personal: PersonalInput,
    }),
    responds: { status: 201, description: 'The member account' },
    handle: async (input) => {
      const { memberId, publicKey, personal } = input.body;
      const salt = input.services.saltFor(`member:${memberId}`, input.requestId);
      const outcome = await submitTwoPart(input, {
        contract: 'members',
        privateHalf: {
          fn: 'storePersonalData',
          request: { memberId },
          field: 'personal',
          record: { ...personal, salt },
          endorsingOrgs: [input.services.org],
        },
        publicHalf: {
          fn: 'registerMember',
          request: (personalDataHash) => ({ memberId, publicKey, personalDataHash }),
        },
        published: { fn: 'getMember', request: { memberId } },
      });
      return committed(outcome, 201);
    },
  }),
  route({
    method: 'get',
    path: '/members/:memberId',
    tag: 'members',
    summary: 'A member account (public part)',
    access: 'auditor',
    params: MemberParams,
    responds: { status: 200, description: 'The member' },
    handle: async (input) => ok(await query(input, 'members', 'getMember', input.params)),
  }),
  route({
    method: 'get',
    path: '/members/:memberId/personal-data',
    tag: 'members',
    summary: "A member's personal data, for the home org only",
    access: 'operator',
    params: MemberParams,
    responds: { status: 200, description: 'Personal data' },
    handle: async (input) => {
      const { salt: _salt, ...personal } = await query<Record<string, unknown>>(
        input,
        'members',
        'readPersonalData',
        input.params,
      );
      return ok(personal);
    },
  }),
  route({
    method: 'post',
    path: '/members/:memberId/status',
    tag: 'members',
    summary: 'Freeze or unfreeze a member of this org',
    access: 'operator',
    params: MemberParams,
    body: z.strictObject({ status: z.enum(['active', 'frozen']) }),
    responds: { status: 200, description: 'The member' },
    handle: async (input) =>
      committed(
        await submit(input, 'members', 'setMemberStatus', { ...input.params, ...input.body }),
      ),
  }),
  submittingRoute({
    path: '/members/key-rotations',
    tag: 'members',
    summary: "Replace a member's key, signed with the current one",
    access: 'member',
    body: members.RotateKeyRequest,
    responds: { status: 200, description: 'The member' },
    contract: 'members',
    fn: 'rotateKey',
  }),
  route({
    method: 'get',
    path: '/members/:memberId/balances',
    tag: 'members',
    summary: "A member's balances per token: available, pending, expired",
    access: 'auditor',
    params: MemberParams,
    responds: { status: 200, description: 'Balances' },
    handle: async (input) => ok(await query(input, 'points', 'getBalances', input.params)),
  }),
  route({
    method: 'get',
    path: '/members/:memberId/balances/:symbol',
    tag: 'members',
    summary: "A member's balance of one token",
    access: 'auditor',
    params: BalanceRequest,
    responds: { status: 200, description: 'Balance' },
    handle: async (input) => ok(await query(input, 'points', 'getBalance', input.params)),
  }),
];
