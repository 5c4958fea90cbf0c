import { generateKeyPairSync } from 'node:crypto';
import {
  canonicalMemberRequest,
  encodeMemberPublicKey,
  parseMemberPublicKey,
  signMemberRequest,
  verifyMemberRequest,
  type MemberRequest,
} from '.';

const alice = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const bob = generateKeyPairSync('ec', { namedCurve: 'P-256' });

const request: MemberRequest<{ symbol: string; to: string; points: number }> = {
  op: 'transfer',
  memberId: 'alice',
  params: { symbol: 'PARK1', to: 'bob', points: 25 },
  nonce: 'n-1',
  expiresAt: '2026-01-01T01:00:00.000Z',
};

describe('member request signing', () => {
  it('encodes canonically: key order does not change the bytes', () => {
    const reordered = {
      expiresAt: request.expiresAt,
      nonce: request.nonce,
      params: { points: 25, to: 'bob', symbol: 'PARK1' },
      memberId: 'alice',
      op: 'transfer' as const,
    };
    expect(canonicalMemberRequest(reordered).equals(canonicalMemberRequest(request))).toBe(true);
    expect(canonicalMemberRequest(request).toString()).toBe(
      '{"domain":"points-alliance/member-request/v1","expiresAt":"2026-01-01T01:00:00.000Z",' +
        '"memberId":"alice","nonce":"n-1","op":"transfer","params":{"points":25,"symbol":"PARK1","to":"bob"}}',
    );
  });

  it('verifies a signature by the member key and refuses another key', () => {
    const signed = signMemberRequest(request, alice.privateKey);
    expect(verifyMemberRequest(signed, alice.publicKey)).toBe(true);
    expect(verifyMemberRequest(signed, bob.publicKey)).toBe(false);
  });

  it('refuses a request tampered with after signing', () => {
    const signed = signMemberRequest(request, alice.privateKey);
    expect(
      verifyMemberRequest(
        { ...signed, params: { ...signed.params, points: 2500 } },
        alice.publicKey,
      ),
    ).toBe(false);
    expect(verifyMemberRequest({ ...signed, nonce: 'n-2' }, alice.publicKey)).toBe(false);
    expect(verifyMemberRequest({ ...signed, op: 'redeem' }, alice.publicKey)).toBe(false);
  });

  it('refuses malformed signatures without throwing', () => {
    const signed = signMemberRequest(request, alice.privateKey);
    expect(verifyMemberRequest({ ...signed, signature: 'AAAA' }, alice.publicKey)).toBe(false);
    expect(verifyMemberRequest({ ...signed, signature: '' }, alice.publicKey)).toBe(false);
  });

  it('accepts only P-256 public keys in SPKI form', () => {
    const encoded = encodeMemberPublicKey(alice.publicKey);
    expect(parseMemberPublicKey(encoded).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    expect(() => parseMemberPublicKey(encodeMemberPublicKey(p384.publicKey))).toThrow(/P-256/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => parseMemberPublicKey(encodeMemberPublicKey(rsa.publicKey))).toThrow(/P-256/);
  });

  it('verifies a signature made with WebCrypto (the browser signer)', async () => {
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ]);
    const spki = Buffer.from(await crypto.subtle.exportKey('spki', keys.publicKey)).toString(
      'base64',
    );
    const signature = await crypto.subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      keys.privateKey,
      canonicalMemberRequest(request),
    );
    const signed = { ...request, signature: Buffer.from(signature).toString('base64') };
    expect(verifyMemberRequest(signed, parseMemberPublicKey(spki))).toBe(true);
  });
});
