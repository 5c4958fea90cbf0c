/** Member authorisation: a member's own signature over the request, once, before it expires. */
import { z } from 'zod';
import { LedgerError } from '../domain/errors';
import type { Member } from '../domain/model';
import { id, instant } from '../domain/validation';
import { addHours } from '../domain/time';
import {
  parseMemberPublicKey,
  verifyMemberRequest,
  type MemberOperation,
  type SignedMemberRequest,
} from '../member-request';
import type { Ledger } from '../ledger/state';

/** A signed request may not be valid for longer than this, so stolen requests go stale. */
export const MAX_REQUEST_LIFETIME_HOURS = 24;

/** Schema of a signed request whose params follow `params`. */
export function signedRequest<P extends z.ZodType>(op: MemberOperation, params: P) {
  return z.strictObject({
    op: z.literal(op),
    memberId: id,
    params,
    nonce: id,
    expiresAt: instant,
    signature: z.string().min(1).max(200),
  });
}

export async function getMember(ledger: Ledger, memberId: string): Promise<Member> {
  return ledger.getOrFail('Member', memberId);
}

export function requireActive(member: Member): void {
  if (member.status !== 'active') {
    throw new LedgerError('MEMBER_FROZEN', `member ${member.id} is frozen`);
  }
}

/**
 * Checks a member-signed request and spends its nonce. Returns the member.
 * Order matters: the signature first, so nobody learns anything about a nonce without the key.
 */
export async function authorizeMember(
  ledger: Ledger,
  request: SignedMemberRequest<unknown>,
): Promise<Member> {
  const member = await getMember(ledger, request.memberId);
  if (!verifyMemberRequest(request, parseMemberPublicKey(member.publicKey))) {
    throw new LedgerError('BAD_SIGNATURE', `signature does not match member ${member.id}'s key`);
  }
  const expiresAt = Date.parse(request.expiresAt);
  if (expiresAt <= ledger.now.getTime()) {
    throw new LedgerError('EXPIRED_REQUEST', `request expired at ${request.expiresAt}`);
  }
  if (expiresAt > addHours(ledger.now, MAX_REQUEST_LIFETIME_HOURS).getTime()) {
    throw new LedgerError(
      'VALIDATION',
      `expiresAt may be at most ${MAX_REQUEST_LIFETIME_HOURS} hours after the request`,
    );
  }
  if (await ledger.get('Nonce', member.id, request.nonce)) {
    throw new LedgerError('REPLAYED_NONCE', `nonce ${request.nonce} was already used`);
  }
  requireActive(member);
  await ledger.put('Nonce', [member.id, request.nonce], { txId: ledger.txId });
  return member;
}
