/**
 * Who is using the page. A staff key is kept for this tab only (sessionStorage); a member's
 * session holds the member's non-extractable key in memory, so a reload signs the member out.
 */
export interface MemberSession {
  memberId: string;
  /** The merchant whose gateway served the page: the counter where coupons are bought or used. */
  org: string;
  token: string;
  expiresAt: string;
  key: CryptoKey;
}

const STAFF_KEY = 'points-alliance.staff-key';

export function savedStaffKey(): string {
  return sessionStorage.getItem(STAFF_KEY) ?? '';
}

export function saveStaffKey(key: string): void {
  if (key === '') sessionStorage.removeItem(STAFF_KEY);
  else sessionStorage.setItem(STAFF_KEY, key);
}

/** The org a staff key belongs to: keys read `pa.<org>.<keyId>.<secret>`. */
export function orgOfStaffKey(key: string): string | undefined {
  return /^pa\.([A-Za-z][A-Za-z0-9.-]*)\.[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/.exec(key)?.[1];
}
