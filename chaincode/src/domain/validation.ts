/** Input rules shared by every operation; a request that breaks one is refused as VALIDATION. */
import { z } from 'zod';
import { LedgerError } from './errors';

/** Far above any loyalty programme, far below 2^53, so sums of points stay exact integers. */
export const MAX_POINTS = 1_000_000_000_000;
export const MAX_SHARDS = 1024;

export const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - only');
export const symbol = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{1,11}$/, '2-12 upper-case letters or digits, starting with a letter');
export const org = z.string().regex(/^[A-Za-z][A-Za-z0-9.-]{0,63}$/, 'an MSP id');
export const points = z.number().int().positive().max(MAX_POINTS);
export const pointsOrZero = z.number().int().nonnegative().max(MAX_POINTS);
export const instant = z.iso.datetime({ offset: true });
export const hashHex = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256');
/**
 * Free text people read (names, benefits, notes): no control characters (they corrupt logs and
 * terminals) and no bidirectional overrides (they make text read other than it is). Spelled as
 * ranges rather than \p{Cc}: the OpenAPI document carries the pattern to clients and fuzzers
 * whose regular expressions know no Unicode properties.
 */
export const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(
      // eslint-disable-next-line no-control-regex -- refusing control characters is the point
      /^[^\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$/,
      'no control or direction-override characters',
    );

/** Parses a transaction argument's JSON text. */
export function parseJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw new LedgerError('VALIDATION', 'request is not valid JSON');
  }
}

/** Validates strictly (unknown fields refused); a failure names every problem. */
export function validate<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new LedgerError('VALIDATION', z.prettifyError(result.error).replace(/\n/g, '; '));
  }
  return result.data;
}

export function parseRequest<S extends z.ZodType>(schema: S, json: string): z.infer<S> {
  return validate(schema, parseJson(json));
}
