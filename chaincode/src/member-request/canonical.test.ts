/**
 * A request signed the way the explorer signs in the browser (WebCrypto ECDSA P-256 over the
 * canonical text from ./canonical) verifies with the ledger's own verifier, and only as signed.
 */
import { webcrypto } from 'node:crypto';
import { canonicalMemberText, canonicalSignInText } from './canonical';
import { parseMemberPublicKey, verifyMemberRequest } from '.';

const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;

async function browserKeys() {
  const pair = await webcrypto.subtle.generateKey(ECDSA, true, ['sign', 'verify']);
  const spki = await webcrypto.subtle.exportKey('spki', pair.publicKey);
  return { privateKey: pair.privateKey, publicKey: Buffer.from(spki).toString('base64') };
}

async function browserSign(key: webcrypto.CryptoKey, text: string): Promise<string> {
  const signature = await webcrypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    new TextEncoder().encode(text),
  );
  return Buffer.from(signature).toString('base64');
}

const request = {
  op: 'exchange' as const,
  memberId: 'ada',
  params: { amount: 200, agreementId: 'p1-m1' },
  nonce: '6f1c2a4e-0d7b-4f7e-9f55-0b7a3c1d2e9f',
  expiresAt: '2026-03-02T10:05:00.000Z',
};

test('a browser-signed member request verifies with the ledger verifier and its public key', async () => {
  const keys = await browserKeys();
  const signature = await browserSign(keys.privateKey, canonicalMemberText(request));
  const publicKey = parseMemberPublicKey(keys.publicKey);
  expect(verifyMemberRequest({ ...request, signature }, publicKey)).toBe(true);
  expect(
    verifyMemberRequest(
      { ...request, params: { ...request.params, amount: 300 }, signature },
      publicKey,
    ),
  ).toBe(false);
});

test('the canonical text does not depend on the order fields were written in', () => {
  const reordered = { ...request, params: { agreementId: 'p1-m1', amount: 200 } };
  expect(canonicalMemberText(reordered)).toBe(canonicalMemberText(request));
});

test('a sign-in proof can never pass as a member request', async () => {
  const keys = await browserKeys();
  const proof = { org: 'Parking1MSP', memberId: 'ada', challenge: 'c' };
  const signature = await browserSign(keys.privateKey, canonicalSignInText(proof));
  expect(canonicalSignInText(proof)).toContain('points-alliance/member-sign-in/v1');
  expect(verifyMemberRequest({ ...request, signature }, parseMemberPublicKey(keys.publicKey))).toBe(
    false,
  );
});
