/** Shorthands routes use to reach the ledger. */
import type { LedgerCall } from '../fabric/ledger';
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

/** Submits a private-only transaction, endorsed by the collection's members alone. */
export async function submitPrivate<T = unknown>(
  input: Input,
  call: Omit<LedgerCall, 'endorsingOrgs'> & { endorsingOrgs: string[] },
): Promise<T> {
  return (await input.ledger.submit<T>(call)).result;
}

export async function query<T = unknown>(
  input: Input,
  contract: string,
  fn: string,
  request?: object,
): Promise<T> {
  return input.ledger.evaluate<T>({ contract, fn, args: request === undefined ? [] : [request] });
}

export function ok(body: unknown): RouteOutput {
  return { status: 200, body };
}

/** The answer to a committed transaction: its result and its transaction id. */
export function committed(outcome: { result: unknown; txId: string }, status = 200): RouteOutput {
  return { status, body: { result: outcome.result, txId: outcome.txId } };
}
