/**
 * The one definition of what a member signs. Chaincode, gateway client library and browser all
 * build the same bytes from here: RFC 8785 canonical JSON of the request under a fixed domain
 * tag, signed with ECDSA P-256 / SHA-256 in IEEE P1363 form (r || s), the form WebCrypto emits.
 */
import { createPublicKey, createPrivateKey, sign, verify, KeyObject } from 'node:crypto';
import { canonicalMemberText } from './canonical';

export { SIGNING_DOMAIN } from './canonical';

export const MEMBER_OPERATIONS = [
  'redeem',
  'transfer',
  'exchange',
  'export-legacy',
  'rotate-key',
  'buy-coupon',
  'gift-coupon',
  'redeem-coupon',
  'create-offer',
  'take-offer',
  'cancel-offer',
  'open-auction',
  'bid',
] as const;
export type MemberOperation = (typeof MEMBER_OPERATIONS)[number];

export interface MemberRequest<P = Record<string, unknown>> {
  op: MemberOperation;
  memberId: string;
  params: P;
  /** Unique per member; the ledger refuses a nonce it has seen. */
  nonce: string;
  /** ISO-8601 instant after which the ledger refuses the request. */
  expiresAt: string;
}

export interface SignedMemberRequest<P = Record<string, unknown>> extends MemberRequest<P> {
  /** base64 of the IEEE P1363 ECDSA signature over canonicalMemberRequest(request). */
  signature: string;
}

/** The exact bytes a member signs. */
export function canonicalMemberRequest(request: MemberRequest<unknown>): Buffer {
  return Buffer.from(canonicalMemberText(request), 'utf8');
}

/** Parses a member's public key (base64 SPKI DER) and insists on P-256. */
export function parseMemberPublicKey(spkiBase64: string): KeyObject {
  const key = createPublicKey({
    key: Buffer.from(spkiBase64, 'base64'),
    format: 'der',
    type: 'spki',
  });
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('member key must be an ECDSA P-256 public key');
  }
  return key;
}

export function signMemberRequest<P>(
  request: MemberRequest<P>,
  privateKey: KeyObject | string,
): SignedMemberRequest<P> {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  const signature = sign('sha256', canonicalMemberRequest(request), {
    key,
    dsaEncoding: 'ieee-p1363',
  });
  return { ...request, signature: signature.toString('base64') };
}

/** True when the signature is the given key's over exactly this request. */
export function verifyMemberRequest(
  request: SignedMemberRequest<unknown>,
  publicKey: KeyObject,
): boolean {
  const signature = Buffer.from(request.signature, 'base64');
  // A P-256 P1363 signature is exactly 64 bytes; anything else is malformed, not merely wrong.
  if (signature.length !== 64) return false;
  return verify(
    'sha256',
    canonicalMemberRequest(request),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    signature,
  );
}

/** Exports a public key in the form the ledger registers (base64 SPKI DER). */
export function encodeMemberPublicKey(publicKey: KeyObject): string {
  return publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
}
