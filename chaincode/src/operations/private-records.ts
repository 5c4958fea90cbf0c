/**
 * The private half of two-part operations. A transaction that carries transient data writes
 * only private data (the gateway endorses it on the collection's members alone); the public
 * half, a second transaction, names the record's key and hash and checks it against the hash
 * every peer holds.
 */
import type { z } from 'zod';
import { LedgerError } from '../domain/errors';
import { parseRequest } from '../domain/validation';
import { encodeRecord, sha256Hex, type Ledger } from '../ledger/state';

/** Reads and validates one transient field as JSON. */
export function transientJson<S extends z.ZodType>(
  ledger: Ledger,
  field: string,
  schema: S,
): z.infer<S> {
  const raw = ledger.transient(field);
  if (!raw) throw new LedgerError('VALIDATION', `transient field "${field}" is required`);
  return parseRequest(schema, raw.toString('utf8'));
}

/** Stores a record canonically, so its hash is a function of its content alone. */
export async function putPrivateRecord(
  ledger: Ledger,
  collection: string,
  key: string,
  record: unknown,
): Promise<string> {
  const bytes = encodeRecord(record);
  await ledger.putPrivate(collection, key, bytes);
  return sha256Hex(bytes);
}

/**
 * Refuses the public half unless the private record exists with exactly this hash. Public
 * halves call it after every other check, so a client may run the public half first as a query:
 * PRIVATE_RECORD_MISSING then means "all else is in order", and any other refusal can be
 * answered before anything private is written.
 */
export async function requirePrivateHash(
  ledger: Ledger,
  collection: string,
  key: string,
  expected: string,
): Promise<void> {
  const actual = await ledger.privateHash(collection, key);
  if (actual === undefined) {
    throw new LedgerError(
      'PRIVATE_RECORD_MISSING',
      `no private record ${key} in ${collection}; store it first`,
    );
  }
  if (actual !== expected) {
    throw new LedgerError('HASH_MISMATCH', `private record ${key} does not match the given hash`);
  }
}

export async function getPrivateRecord<T>(
  ledger: Ledger,
  collection: string,
  key: string,
): Promise<T> {
  const bytes = await ledger.getPrivate(collection, key);
  if (!bytes) throw new LedgerError('NOT_FOUND', `no private record ${key} on this peer`);
  return JSON.parse(bytes.toString('utf8')) as T;
}
