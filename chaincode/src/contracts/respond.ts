/** The contract wrapper: every transaction runs its operation over a Ledger and answers JSON. */
import type { Context } from 'fabric-contract-api';
import type { z } from 'zod';
import { parseRequest } from '../domain/validation';
import { encodeRecord, Ledger } from '../ledger/state';

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
