/** Shorthands routes use to reach the ledger. */
import { encodeRecord, sha256Hex } from '@points-alliance/chaincode/dist/ledger/state';
import { LedgerRefusal } from '../fabric/ledger';
import type { RouteInput, RouteOutput } from '../http/route';

type Input = Pick<RouteInput<unknown, unknown, unknown>, 'ledger' | 'requestId'>;

/** Submits a public transaction; its one JSON argument carries the request id, if any. */
export async function submit<T = unknown>(
  input: Input,
  contract: string,
  fn: string,
  request: object,
  ...more: unknown[]
): Promise<{ result: T; txId: string }> {
  const withId =
    input.requestId === undefined ? request : { ...request, requestId: input.requestId };
  return input.ledger.submit<T>({ contract, fn, args: [withId, ...more] });
}

/** The private half of a two-part operation, and where its public half would be found. */
export interface PrivateHalf {
  contract: string;
  fn: string;
  request: object;
  /** The transient field that carries the record. */
  field: string;
  record: object;
  /** The collection's members: the private-only transaction is endorsed by them alone. */
  endorsingOrgs: string[];
  /** The query that finds the public half, in the same contract. */
  published: { fn: string; request: object };
}

/**
 * Stores a private record and returns its hash, which the public half then names. Once the
 * public half exists the record is sealed and not written again: the public half, carrying the
 * request id, answers instead, with its first outcome when this is a request run again (the
 * record, salted from the request id, is the same) and with a refusal when it is another.
 */
export async function storePrivateHalf(input: Input, half: PrivateHalf): Promise<string> {
  const hash = sha256Hex(encodeRecord(half.record));
  if (await exists(input, half.contract, half.published.fn, half.published.request)) return hash;
  await input.ledger.submit({
    contract: half.contract,
    fn: half.fn,
    args: [half.request],
    transient: { [half.field]: half.record },
    endorsingOrgs: half.endorsingOrgs,
  });
  return hash;
}

export async function query<T = unknown>(
  input: Input,
  contract: string,
  fn: string,
  request?: object,
): Promise<T> {
  return input.ledger.evaluate<T>({ contract, fn, args: request === undefined ? [] : [request] });
}

/** Whether a query finds its record (the ledger answers NOT_FOUND when it does not). */
export async function exists(
  input: Input,
  contract: string,
  fn: string,
  request: object,
): Promise<boolean> {
  try {
    await query(input, contract, fn, request);
    return true;
  } catch (error) {
    if (error instanceof LedgerRefusal && error.code === 'NOT_FOUND') return false;
    throw error;
  }
}

export function ok(body: unknown): RouteOutput {
  return { status: 200, body };
}

/** The answer to a committed transaction: its result and its transaction id. */
export function committed(outcome: { result: unknown; txId: string }, status = 200): RouteOutput {
  return { status, body: { result: outcome.result, txId: outcome.txId } };
}
