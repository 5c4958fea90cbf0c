/**
 * The chaincode's error vocabulary. Every refusal carries one of these codes so that a
 * gateway can map it to an HTTP status without parsing prose.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'NOT_AUTHORIZED',
  'ALREADY_EXISTS',
  'INSUFFICIENT_BALANCE',
  'CAP_EXCEEDED',
  'AGREEMENT_INACTIVE',
  'LIMIT_EXCEEDED',
  'MEMBER_FROZEN',
  'BAD_SIGNATURE',
  'REPLAYED_NONCE',
  'EXPIRED_REQUEST',
  'DUPLICATE_REFERENCE',
  'HASH_MISMATCH',
  /** The public half of a two-part operation came before its private half. */
  'PRIVATE_RECORD_MISSING',
  'INVALID_STATE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class LedgerError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
  ) {
    // The message is what crosses the wire; its fixed shape lets any client recover the code.
    super(`[${code}] ${detail}`);
    this.name = 'LedgerError';
  }
}

export interface ParsedLedgerError {
  code: ErrorCode;
  message: string;
}

const WIRE_FORM = new RegExp(`\\[(${ERROR_CODES.join('|')})\\] ([^\\n]*)`);

/** Finds a ledger error in any text (Fabric wraps chaincode messages in its own prose). */
export function parseLedgerError(text: string): ParsedLedgerError | undefined {
  const match = WIRE_FORM.exec(text);
  if (!match) return undefined;
  return { code: match[1] as ErrorCode, message: match[2] ?? '' };
}
