/** A member's operation, signed here with the member's key and posted to the gateway. */
import { call } from './api';
import { signMemberRequest } from './member-key';
import type { MemberSession } from './session';
import type { Committed } from './types';

export async function submitSigned<T = unknown>(
  session: MemberSession,
  op: string,
  path: string,
  params: object,
): Promise<Committed<T>> {
  const request = await signMemberRequest(session.key, session.memberId, op, params);
  // The nonce names the request, so a retry of this same signed request replays, never repeats.
  return call<Committed<T>>('POST', path, {
    body: request,
    idempotencyKey: `member:${request.memberId}:${request.nonce}`,
  });
}
