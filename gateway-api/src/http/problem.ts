/**
 * RFC 7807 problem details with a stable `code`. Every failure the gateway answers goes through
 * here, so clients see one shape and one vocabulary.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { ErrorCode } from '@points-alliance/chaincode/dist/domain/errors';
import { LedgerCommitFailure, LedgerRefusal, LedgerUnavailable } from '../fabric/ledger';

export type GatewayCode =
  | ErrorCode
  | 'MALFORMED_JSON'
  | 'MALFORMED_REQUEST'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'ROUTE_NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'WRONG_ORG'
  | 'ROLE_TOO_LOW'
  | 'IDEMPOTENCY_KEY_REQUIRED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'REQUEST_IN_PROGRESS'
  | 'LEDGER_UNAVAILABLE'
  | 'COMMIT_FAILED'
  | 'INTERNAL';

/** HTTP status of each ledger refusal: the caller's mistake (4xx), never a server fault. */
const LEDGER_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  NOT_AUTHORIZED: 403,
  ALREADY_EXISTS: 409,
  INSUFFICIENT_BALANCE: 422,
  CAP_EXCEEDED: 422,
  AGREEMENT_INACTIVE: 422,
  LIMIT_EXCEEDED: 422,
  MEMBER_FROZEN: 403,
  BAD_SIGNATURE: 403,
  REPLAYED_NONCE: 409,
  EXPIRED_REQUEST: 422,
  DUPLICATE_REFERENCE: 409,
  HASH_MISMATCH: 409,
  PRIVATE_RECORD_MISSING: 409,
  INVALID_STATE: 409,
};

/** Seconds a client should wait before retrying when the network is unavailable. */
export const RETRY_AFTER_SECONDS = 2;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: GatewayCode,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: GatewayCode;
  detail: string;
  [extra: string]: unknown;
}

function title(code: string): string {
  return code.charAt(0) + code.slice(1).toLowerCase().replace(/_/g, ' ');
}

export function problem(error: ApiError): Problem {
  return {
    type: `urn:points-alliance:problem:${error.code}`,
    title: title(error.code),
    status: error.status,
    code: error.code,
    detail: error.detail,
    ...error.extra,
  };
}

interface HttpError {
  type?: unknown;
  message?: string;
  status?: unknown;
  expose?: unknown;
}

/**
 * Body-parser failures carry a `type`; map them to the client's mistake they are. Other errors
 * of the HTTP layer (a path that cannot be decoded, an aborted body) carry a 4xx `status`.
 */
function httpError(error: HttpError): ApiError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new ApiError(400, 'MALFORMED_JSON', 'the request body is not valid JSON');
    case 'entity.too.large':
      return new ApiError(413, 'PAYLOAD_TOO_LARGE', 'the request body is too large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', error.message ?? 'unsupported encoding');
  }
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    // A 4xx message is written for the client unless the error says otherwise.
    const detail = error.expose !== false && error.message ? error.message : 'malformed request';
    return new ApiError(error.status, 'MALFORMED_REQUEST', detail);
  }
  return undefined;
}

/** Any thrown value to the ApiError the client sees. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof LedgerRefusal)
    return new ApiError(LEDGER_STATUS[error.code], error.code, error.detail);
  if (error instanceof LedgerUnavailable) {
    return new ApiError(
      503,
      'LEDGER_UNAVAILABLE',
      'the ledger network cannot be reached; retry later',
    );
  }
  if (error instanceof LedgerCommitFailure) {
    return new ApiError(503, 'COMMIT_FAILED', error.message, {
      txId: error.txId,
      validationCode: error.validationCode,
    });
  }
  if (typeof error === 'object' && error !== null) {
    const parsed = httpError(error as HttpError);
    if (parsed) return parsed;
  }
  return new ApiError(500, 'INTERNAL', 'internal error');
}

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const apiError = toApiError(error);
    if (apiError.status >= 500) logger.error({ err: error, code: apiError.code }, 'request failed');
    if (apiError.status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    if (apiError.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="staff"');
    res.status(apiError.status).type('application/problem+json').json(problem(apiError));
  };
}

export const routeNotFound: RequestHandler = (req, _res, next) => {
  next(new ApiError(404, 'ROUTE_NOT_FOUND', `no route ${req.method} ${req.path}`));
};
