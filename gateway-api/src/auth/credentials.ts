/**
 * Staff credentials: API keys of the form `pa.<org>.<keyId>.<secret>`, kept only as scrypt
 * hashes in the gateway's credentials file. A key names its org, so a key of another org is
 * refused as such rather than merely unknown.
 */
import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { z } from 'zod';
import { ApiError } from '../http/problem';

export const ROLES = ['auditor', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Staff {
  org: string;
  keyId: string;
  name: string;
  role: Role;
}

const StoredKey = z.strictObject({
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  name: z.string().min(1).max(80),
  role: z.enum(ROLES),
  salt: z.string().regex(/^[0-9a-f]{32}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
const CredentialsFile = z.strictObject({ org: z.string().min(1), keys: z.array(StoredKey) });
type CredentialsFile = z.infer<typeof CredentialsFile>;

const KEY_FORM = /^pa\.([A-Za-z][A-Za-z0-9.-]{0,63})\.([0-9a-f]{16})\.([A-Za-z0-9_-]{43})$/;

function hashSecret(secret: string, salt: string): string {
  return scryptSync(secret, Buffer.from(salt, 'hex'), 32).toString('hex');
}

const scryptAsync = promisify(scrypt) as (
  secret: string,
  salt: Buffer,
  length: number,
) => Promise<Buffer>;

/** True when `role` may do what `needed` allows. */
export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export class CredentialStore {
  /**
   * Keys already verified, by their SHA-256: scrypt costs tens of milliseconds by design, too
   * much to pay on every request. Only a holder of the key can produce a hit.
   */
  private readonly verified = new Map<string, Staff>();

  private constructor(
    private readonly path: string,
    private data: CredentialsFile,
  ) {}

  /** Opens the org's credentials file, creating an empty one if there is none. */
  static open(path: string, org: string): CredentialStore {
    if (!existsSync(path)) return new CredentialStore(path, { org, keys: [] });
    const data = CredentialsFile.parse(JSON.parse(readFileSync(path, 'utf8')));
    if (data.org !== org) throw new Error(`${path} holds credentials of ${data.org}, not ${org}`);
    return new CredentialStore(path, data);
  }

  get org(): string {
    return this.data.org;
  }

  /** Creates a key and returns it: the only time its secret exists outside the holder's hands. */
  issue(name: string, role: Role): { key: string; staff: Staff } {
    const keyId = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const salt = randomBytes(16).toString('hex');
    this.data = {
      ...this.data,
      keys: [...this.data.keys, { keyId, name, role, salt, hash: hashSecret(secret, salt) }],
    };
    writeFileSync(this.path, JSON.stringify(this.data, null, 2), { mode: 0o600 });
    return {
      key: `pa.${this.data.org}.${keyId}.${secret}`,
      staff: { org: this.data.org, keyId, name, role },
    };
  }

  /** The staff member a presented key belongs to, or an ApiError saying why not. */
  async authenticate(presented: string | undefined): Promise<Staff> {
    const match = presented === undefined ? null : KEY_FORM.exec(presented);
    if (!match) {
      throw new ApiError(
        401,
        'UNAUTHENTICATED',
        'a staff API key is required: Authorization: Bearer pa.<org>.<id>.<secret>',
      );
    }
    const [key, org, keyId, secret] = match as unknown as [string, string, string, string];
    if (org !== this.data.org) {
      throw new ApiError(
        403,
        'WRONG_ORG',
        `this gateway acts for ${this.data.org}; the key belongs to ${org}`,
      );
    }
    const digest = createHash('sha256').update(key).digest('hex');
    const known = this.verified.get(digest);
    if (known) return known;
    const stored = this.data.keys.find((entry) => entry.keyId === keyId);
    const expected = Buffer.from(stored?.hash ?? '0'.repeat(64), 'hex');
    // Off the event loop, and as slow for an unknown key id as for a wrong secret.
    const actual = await scryptAsync(
      secret,
      Buffer.from(stored?.salt ?? '0'.repeat(32), 'hex'),
      32,
    );
    if (!stored || !timingSafeEqual(expected, actual)) {
      throw new ApiError(401, 'UNAUTHENTICATED', 'unknown or revoked API key');
    }
    const staff: Staff = { org, keyId, name: stored.name, role: stored.role };
    this.verified.set(digest, staff);
    return staff;
  }
}
