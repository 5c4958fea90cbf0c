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

/**
 * An operation in two transactions: a private-only one that stores a record in a collection
 * (endorsed by the collection's members alone), then the public one that names its hash.
 */
export interface TwoPartOperation {
  contract: string;
  privateHalf: {
    fn: string;
    request: object;
    /** The transient field that carries the record. */
    field: string;
    record: object;
    endorsingOrgs: string[];
  };
  /** The public transaction, given the private record's hash. */
  publicHalf: { fn: string; request: (hash: string) => object };
  /** The query that finds the public half's record once it is committed. */
  published: { fn: string; request: object };
}

/**
 * Submits both halves, writing nothing when the public half would be refused: the public half
 * runs first as a query, where the chaincode checks everything else before the private hash.
 * Once the public half exists the record is sealed and not written again: the public half,
 * carrying the request id, answers instead, with its first outcome when this is a request run
 * again (the record, salted from the request id, is the same) and with a refusal when it is
 * another.
 */
export async function submitTwoPart<T = unknown>(
  input: Input,
  operation: TwoPartOperation,
): Promise<{ result: T; txId: string }> {
  const { contract, privateHalf, publicHalf, published } = operation;
  const publicRequest = publicHalf.request(sha256Hex(encodeRecord(privateHalf.record)));
  const sealed = await exists(input, contract, published.fn, published.request);
  // Running the public half as a query: refused only for want of the private record means all
  // else is in order; a success means an earlier attempt stored it and stopped there.
  const missing =
    !sealed &&
    (await refusedWith(input, 'PRIVATE_RECORD_MISSING', contract, publicHalf.fn, publicRequest));
  if (missing) {
    await input.ledger.submit({
      contract,
      fn: privateHalf.fn,
      args: [privateHalf.request],
      transient: { [privateHalf.field]: privateHalf.record },
      endorsingOrgs: privateHalf.endorsingOrgs,
    });
  }
  return submit<T>(input, contract, publicHalf.fn, publicRequest);
}

/** Runs a query: true if the ledger refuses it with `code`, false if it answers; else throws. */
async function refusedWith(
  input: Input,
  code: string,
  contract: string,
  fn: string,
  request: object,
): Promise<boolean> {
  try {
    await query(input, contract, fn, request);
    return false;
  } catch (error) {
    if (error instanceof LedgerRefusal && error.code === code) return true;
    throw error;
  }
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
  return !(await refusedWith(input, 'NOT_FOUND', contract, fn, request));
}

export function ok(body: unknown): RouteOutput {
  return { status: 200, body };
}

/** The answer to a committed transaction: its result and its transaction id. */
export function committed(outcome: { result: unknown; txId: string }, status = 200): RouteOutput {
  return { status, body: { result: outcome.result, txId: outcome.txId } };
}
