/** The contract wrapper: every transaction runs its operation over a Ledger and answers JSON. */
import type { Context } from 'fabric-contract-api';
import type { z } from 'zod';
import { LedgerError } from '../domain/errors';
import { id, parseJson, parseRequest, validate } from '../domain/validation';
import { encodeRecord, Ledger, sha256Hex } from '../ledger/state';

export async function respond<T>(
  ctx: Context,
  work: (ledger: Ledger) => Promise<T>,
): Promise<string> {
  const result = await work(new Ledger(ctx));
  return encodeRecord(result ?? null).toString('utf8');
}

/** Runs `work` with the validated request argument. */
export function handle<S extends z.ZodType, T>(
  ctx: Context,
  schema: S,
  request: string,
  work: (ledger: Ledger, input: z.infer<S>) => Promise<T>,
): Promise<string> {
  return respond(ctx, (ledger) => work(ledger, parseRequest(schema, request)));
}

/**
 * Request fields that say where the work lands, not what it is: a treasury shard leased by the
 * submitting gateway. A retry after a restart may land elsewhere and is still the same request.
 */
const PLACEMENT_FIELDS = ['shard'];

function withoutPlacement(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  return Object.fromEntries(
    Object.entries(input).filter(([field]) => !PLACEMENT_FIELDS.includes(field)),
  );
}

/**
 * Like `handle`, for public mutating transactions, where the request may carry a top-level
 * `requestId` (outside any member signature). The first transaction with a given id takes
 * effect; a repeat of the same request returns the first result and changes nothing, and a
 * concurrent repeat fails its read of the id at commit. So a client that lost an answer (a
 * timeout, a gateway restart) may simply submit again.
 */
export function handleOnce<S extends z.ZodType, T>(
  ctx: Context,
  fn: string,
  schema: S,
  request: string,
  work: (ledger: Ledger, input: z.infer<S>) => Promise<T>,
): Promise<string> {
  return respond(ctx, async (ledger) => {
    const raw = parseJson(request);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !('requestId' in raw)) {
      return work(ledger, validate(schema, raw));
    }
    const { requestId: rawId, ...rest } = raw as Record<string, unknown>;
    const requestId = validate(id, rawId);
    const input = validate(schema, rest);
    const fingerprint = sha256Hex(encodeRecord({ fn, input: withoutPlacement(input) }));
    const previous = await ledger.get('Request', ledger.callerOrg, requestId);
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        throw new LedgerError(
          'DUPLICATE_REFERENCE',
          `request id ${requestId} was used for another request`,
        );
      }
      return previous.result as T;
    }
    const result = await work(ledger, input);
    await ledger.put('Request', [ledger.callerOrg, requestId], {
      fn,
      fingerprint,
      txId: ledger.txId,
      result: result ?? null,
    });
    return result;
  });
}
