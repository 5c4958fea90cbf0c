/** Members: pseudonymous accounts with a P-256 key; personal data only in the home org's collection. */
import { z } from 'zod';
import { LedgerError } from '../domain/errors';
import type { Member } from '../domain/model';
import { hashHex, id, text } from '../domain/validation';
import { implicitCollection, type Ledger } from '../ledger/state';
import { parseMemberPublicKey } from '../member-request';
import { policyRequiring, requireAllianceMember } from './alliance';
import { authorizeMember, getMember, signedRequest } from './member-auth';
import {
  getPrivateRecord,
  putPrivateRecord,
  requirePrivateHash,
  transientJson,
} from './private-records';

const publicKey = z.string().min(1).max(400);

export const PersonalData = z.strictObject({
  name: text(120).optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9 ()-]{4,24}$/, 'a phone number')
    .optional(),
  email: z.email().max(254).optional(),
  plates: z.array(text(16)).max(10).optional(),
  /** Random salt chosen by the gateway: personal data is guessable, its hash must not be. */
  salt: z.string().min(16).max(128),
});
export const StorePersonalDataRequest = z.strictObject({ memberId: id });
export const RegisterMemberRequest = z.strictObject({
  memberId: id,
  publicKey,
  personalDataHash: hashHex,
});
export const SetMemberStatusRequest = z.strictObject({
  memberId: id,
  status: z.enum(['active', 'frozen']),
});
export const RotateKeyRequest = signedRequest(
  'rotate-key',
  z.strictObject({ newPublicKey: publicKey }),
);
export const MemberIdRequest = z.strictObject({ memberId: id });

export function personalDataKey(memberId: string): string {
  return `member:${memberId}`;
}

function checkPublicKey(key: string): void {
  try {
    parseMemberPublicKey(key);
  } catch {
    throw new LedgerError('VALIDATION', 'publicKey must be a base64 SPKI ECDSA P-256 public key');
  }
}

/** Private half of registration: run by the home org, with the data as transient `personal`. */
export async function storePersonalData(
  ledger: Ledger,
  request: z.infer<typeof StorePersonalDataRequest>,
): Promise<{ memberId: string; personalDataHash: string }> {
  await requireAllianceMember(ledger, ledger.callerOrg);
  // Once the account exists its public hash pins this record; overwriting would break the link.
  if (await ledger.get('Member', request.memberId)) {
    throw new LedgerError('ALREADY_EXISTS', `member ${request.memberId} is already registered`);
  }
  const personal = transientJson(ledger, 'personal', PersonalData);
  const personalDataHash = await putPrivateRecord(
    ledger,
    implicitCollection(ledger.callerOrg),
    personalDataKey(request.memberId),
    personal,
  );
  ledger.emit('PersonalDataStored', { memberId: request.memberId, org: ledger.callerOrg });
  return { memberId: request.memberId, personalDataHash };
}

/** Public half: the member account, tied to the private record by its hash. */
export async function registerMember(
  ledger: Ledger,
  request: z.infer<typeof RegisterMemberRequest>,
): Promise<Member> {
  const homeOrg = ledger.callerOrg;
  await requireAllianceMember(ledger, homeOrg);
  if (await ledger.get('Member', request.memberId)) {
    throw new LedgerError('ALREADY_EXISTS', `member ${request.memberId} already exists`);
  }
  checkPublicKey(request.publicKey);
  await requirePrivateHash(
    ledger,
    implicitCollection(homeOrg),
    personalDataKey(request.memberId),
    request.personalDataHash,
  );
  const member: Member = {
    id: request.memberId,
    homeOrg,
    publicKey: request.publicKey,
    keyVersion: 1,
    status: 'active',
    personalDataHash: request.personalDataHash,
    registeredAt: ledger.now.toISOString(),
  };
  await ledger.put('Member', [member.id], member);
  await ledger.setKeyPolicy('Member', [member.id], await policyRequiring(ledger, homeOrg));
  ledger.emit('MemberRegistered', { memberId: member.id, homeOrg });
  return member;
}

export async function setMemberStatus(
  ledger: Ledger,
  request: z.infer<typeof SetMemberStatusRequest>,
): Promise<Member> {
  const member = await getMember(ledger, request.memberId);
  if (member.homeOrg !== ledger.callerOrg) {
    throw new LedgerError(
      'NOT_AUTHORIZED',
      `only ${member.homeOrg} may freeze or unfreeze ${member.id}`,
    );
  }
  if (member.status === request.status) {
    throw new LedgerError('INVALID_STATE', `member ${member.id} is already ${request.status}`);
  }
  const updated = { ...member, status: request.status };
  await ledger.put('Member', [member.id], updated);
  ledger.emit(request.status === 'frozen' ? 'MemberFrozen' : 'MemberUnfrozen', {
    memberId: member.id,
  });
  return updated;
}

/** The member replaces its key, signing with the current one. */
export async function rotateMemberKey(
  ledger: Ledger,
  request: z.infer<typeof RotateKeyRequest>,
): Promise<Member> {
  const member = await authorizeMember(ledger, request);
  checkPublicKey(request.params.newPublicKey);
  const updated: Member = {
    ...member,
    publicKey: request.params.newPublicKey,
    keyVersion: member.keyVersion + 1,
  };
  await ledger.put('Member', [member.id], updated);
  ledger.emit('MemberKeyRotated', { memberId: member.id, keyVersion: updated.keyVersion });
  return updated;
}

/** Personal data, for the home org only (the collection's sole member). */
export async function readPersonalData(
  ledger: Ledger,
  request: z.infer<typeof MemberIdRequest>,
): Promise<z.infer<typeof PersonalData>> {
  const member = await getMember(ledger, request.memberId);
  if (member.homeOrg !== ledger.callerOrg) {
    throw new LedgerError(
      'NOT_AUTHORIZED',
      `only ${member.homeOrg} may read ${member.id}'s personal data`,
    );
  }
  return getPrivateRecord(ledger, implicitCollection(member.homeOrg), personalDataKey(member.id));
}
