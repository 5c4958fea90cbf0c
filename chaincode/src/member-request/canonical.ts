/**
 * The bytes a member signs, and nothing else: no Node.js built-ins here, so the browser bundles
 * this very module and signs exactly what the ledger and the gateway verify.
 */
import canonicalize from 'canonicalize';

export const SIGNING_DOMAIN = 'points-alliance/member-request/v1';
/** Sign-in proofs live under their own domain, so one can never pass as a ledger request. */
export const SIGN_IN_DOMAIN = 'points-alliance/member-sign-in/v1';

export interface SignedFields {
  op: string;
  memberId: string;
  params: unknown;
  nonce: string;
  expiresAt: string;
}

function canonicalText(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('member request cannot be encoded');
  return text;
}

/** RFC 8785 JSON of a member request under the signing domain. */
export function canonicalMemberText(request: SignedFields): string {
  return canonicalText({
    domain: SIGNING_DOMAIN,
    op: request.op,
    memberId: request.memberId,
    params: request.params,
    nonce: request.nonce,
    expiresAt: request.expiresAt,
  });
}

export interface SignInProof {
  /** The gateway's org: a proof for one merchant's gateway is worthless at another's. */
  org: string;
  memberId: string;
  /** The challenge the gateway handed out. */
  challenge: string;
}

/** RFC 8785 JSON a member signs to sign in at a gateway. */
export function canonicalSignInText(proof: SignInProof): string {
  return canonicalText({
    domain: SIGN_IN_DOMAIN,
    org: proof.org,
    memberId: proof.memberId,
    challenge: proof.challenge,
  });
}
