/**
 * Member sign-in by challenge and response. The gateway hands out a challenge it can recognise
 * later without storing it (an HMAC over member, expiry and a random nonce), the member signs
 * it with the key the ledger holds, and gets a short-lived session token (again an HMAC, so a
 * restart of the gateway keeps sessions valid and nothing secret is written anywhere).
 * A session only reads the member's own data; every transaction stays signed per request.
 */
import { createHmac, randomBytes, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { canonicalSignInText } from '@points-alliance/chaincode/dist/member-request/canonical';
import { ApiError } from '../http/problem';

export const CHALLENGE_LIFETIME_MS = 2 * 60_000;
export const SESSION_LIFETIME_MS = 15 * 60_000;
const SESSION_PREFIX = 'pam';

interface Sealed {
  /** What the seal is for, so a challenge can never pass as a session token. */
  use: 'challenge' | 'session';
  memberId: string;
  expiresAt: number;
  nonce: string;
}

export interface Challenge {
  org: string;
  memberId: string;
  challenge: string;
  expiresAt: string;
}

export interface MemberSession {
  memberId: string;
  token: string;
  expiresAt: string;
}

export class MemberSessions {
  /** Challenges answered and not yet expired: each signs in once. */
  private readonly spent = new Map<string, number>();

  constructor(
    private readonly org: string,
    private readonly key: Buffer,
    private readonly now: () => number = () => Date.now(),
  ) {}

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest();
  }

  private seal(contents: Omit<Sealed, 'nonce'>): string {
    const body = Buffer.from(
      JSON.stringify({ ...contents, nonce: randomBytes(16).toString('base64url') }),
    ).toString('base64url');
    return `${body}.${this.mac(body).toString('base64url')}`;
  }

  /** The sealed contents, or undefined for anything this gateway did not seal for `use`. */
  private unseal(sealed: string, use: Sealed['use']): Sealed | undefined {
    const [body, mac, ...rest] = sealed.split('.');
    if (body === undefined || mac === undefined || rest.length > 0) return undefined;
    const given = Buffer.from(mac, 'base64url');
    const expected = this.mac(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const contents = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Sealed;
    if (contents.use !== use || contents.expiresAt <= this.now()) return undefined;
    return contents;
  }

  challenge(memberId: string): Challenge {
    const expiresAt = this.now() + CHALLENGE_LIFETIME_MS;
    return {
      org: this.org,
      memberId,
      challenge: this.seal({ use: 'challenge', memberId, expiresAt }),
      expiresAt: new Date(expiresAt).toISOString(),
    };
  }

  /**
   * A session for a member who signed a challenge of this gateway with `publicKey`, the key the
   * ledger holds for them. Every failure reads the same, so a caller learns nothing about which.
   */
  signIn(
    memberId: string,
    challenge: string,
    signature: string,
    publicKey: KeyObject,
  ): MemberSession {
    const refused = new ApiError(
      401,
      'UNAUTHENTICATED',
      'sign-in refused: the challenge is unknown, expired or used, or the signature does not match the member key',
    );
    const sealed = this.unseal(challenge, 'challenge');
    if (!sealed || sealed.memberId !== memberId || this.spent.has(sealed.nonce)) throw refused;
    const proof = Buffer.from(canonicalSignInText({ org: this.org, memberId, challenge }), 'utf8');
    const bytes = Buffer.from(signature, 'base64');
    const valid =
      bytes.length === 64 &&
      verify('sha256', proof, { key: publicKey, dsaEncoding: 'ieee-p1363' }, bytes);
    if (!valid) throw refused;
    this.spend(sealed);
    const expiresAt = this.now() + SESSION_LIFETIME_MS;
    return {
      memberId,
      token: `${SESSION_PREFIX}.${this.seal({ use: 'session', memberId, expiresAt })}`,
      expiresAt: new Date(expiresAt).toISOString(),
    };
  }

  /** The member a session token was issued to, or a 401 saying to sign in again. */
  memberOf(token: string | undefined): string {
    const sealed =
      token?.startsWith(`${SESSION_PREFIX}.`) === true
        ? this.unseal(token.slice(SESSION_PREFIX.length + 1), 'session')
        : undefined;
    if (!sealed) {
      throw new ApiError(
        401,
        'UNAUTHENTICATED',
        'a member session is required (or it expired): sign in with the member key again',
      );
    }
    return sealed.memberId;
  }

  private spend(sealed: Sealed): void {
    const now = this.now();
    for (const [nonce, expiresAt] of this.spent) if (expiresAt <= now) this.spent.delete(nonce);
    this.spent.set(sealed.nonce, sealed.expiresAt);
  }
}
