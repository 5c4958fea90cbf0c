/**
 * The member's key, in the browser only: imported as a non-extractable WebCrypto key, it signs
 * and can never be read back out, not even by this page. ECDSA P-256 over SHA-256 yields the
 * IEEE P1363 signature (r || s) the ledger verifies.
 */
import {
  canonicalMemberText,
  canonicalSignInText,
  type SignInProof,
} from '@points-alliance/chaincode/dist/member-request/canonical';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNATURE = { name: 'ECDSA', hash: 'SHA-256' } as const;

export function toBase64(bytes: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)));
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** A PKCS#8 private key, PEM (`-----BEGIN PRIVATE KEY-----`) or bare base64. */
export async function importMemberKey(pkcs8: string): Promise<CryptoKey> {
  const body = pkcs8.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, '').replace(/\s+/g, '');
  try {
    return await crypto.subtle.importKey('pkcs8', fromBase64(body), ALGORITHM, false, ['sign']);
  } catch {
    throw new Error('This is not a P-256 private key in PKCS#8 form (PEM or base64)');
  }
}

async function sign(key: CryptoKey, text: string): Promise<string> {
  return toBase64(await crypto.subtle.sign(SIGNATURE, key, new TextEncoder().encode(text)));
}

export function signSignIn(key: CryptoKey, proof: SignInProof): Promise<string> {
  return sign(key, canonicalSignInText(proof));
}

/** How long a signed request stays valid: long enough to reach the ledger, short if stolen. */
const REQUEST_LIFETIME_MS = 5 * 60_000;

export interface SignedRequest<P> {
  op: string;
  memberId: string;
  params: P;
  nonce: string;
  expiresAt: string;
  signature: string;
}

export async function signMemberRequest<P>(
  key: CryptoKey,
  memberId: string,
  op: string,
  params: P,
): Promise<SignedRequest<P>> {
  const request = {
    op,
    memberId,
    params,
    nonce: crypto.randomUUID(),
    expiresAt: new Date(Date.now() + REQUEST_LIFETIME_MS).toISOString(),
  };
  return { ...request, signature: await sign(key, canonicalMemberText(request)) };
}
