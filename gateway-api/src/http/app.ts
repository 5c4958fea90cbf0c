/** The Express application: routes from the table, auth, validation, idempotency, problems. */
import { createHash } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { encodeRecord } from '@points-alliance/chaincode/dist/ledger/state';
import { roleAllows, type CredentialStore, type Staff } from '../auth/credentials';
import type { LedgerClient } from '../fabric/ledger';
import type { IdempotencyStore } from '../idempotency/store';
import type { Services } from '../services';
import { explorerSite } from './explorer-site';
import { ApiError, problem, problemHandler, routeNotFound, toApiError } from './problem';
import { isStaffAccess, type Route } from './route';
import type { Metrics } from './metrics';

export const MAX_BODY = '64kb';
/** What an Idempotency-Key may be: 1-200 visible ASCII characters (the document states it too). */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export interface AppDeps {
  routes: readonly Route[];
  ledger: LedgerClient;
  credentials: CredentialStore;
  idempotency: IdempotencyStore;
  services: Services;
  logger: Logger;
  metrics: Metrics;
  /** Extra documents served as they are (OpenAPI). */
  documents?: Record<string, unknown>;
  /** The built explorer, served at `/`. */
  explorerDir: string;
}

function check<S extends z.ZodType>(
  schema: S | undefined,
  value: unknown,
  where: string,
): z.infer<S> {
  if (!schema) return undefined as z.infer<S>;
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    throw new ApiError(
      400,
      'VALIDATION',
      `${where}: ${z.prettifyError(result.error).replace(/\n/g, '; ')}`,
    );
  }
  return result.data;
}

function bearer(req: Request): string | undefined {
  // The scheme name is case-insensitive (RFC 9110 §11.1).
  return /^Bearer +(\S+) *$/i.exec(req.get('authorization') ?? '')?.[1];
}

/** The ledger request id for an Idempotency-Key: stable, short, within the chaincode's id rules. */
export function requestIdFor(key: string): string {
  return `idem:${createHash('sha256').update(key).digest('hex').slice(0, 48)}`;
}

function fingerprint(req: Request): string {
  return createHash('sha256')
    .update(encodeRecord({ method: req.method, path: req.path, body: req.body ?? null }))
    .digest('hex');
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(express.json({ limit: MAX_BODY, strict: true }));
  app.use(deps.metrics.middleware);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await deps.ledger.ready();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
  });
  app.get('/metrics', deps.metrics.handler);
  for (const [path, document] of Object.entries(deps.documents ?? {})) {
    app.get(path, (_req, res) => {
      res.json(document);
    });
  }

  // Idempotency-Keys whose request this process is running now.
  const inFlight = new Set<string>();
  for (const route of deps.routes) {
    app[route.method](route.path, handler(route, deps, inFlight));
  }
  app.use(explorerSite(deps.explorerDir));

  app.use(routeNotFound);
  app.use(problemHandler(deps.logger));
  return app;
}

type Caller = { staff?: Staff; memberId?: string };

async function authorize(route: Route, deps: AppDeps, req: Request): Promise<Caller> {
  if (route.access === 'member-session')
    return { memberId: deps.services.memberSessions.memberOf(bearer(req)) };
  if (!isStaffAccess(route.access)) return {};
  const staff = await deps.credentials.authenticate(bearer(req));
  if (!roleAllows(staff.role, route.access)) {
    throw new ApiError(
      403,
      'ROLE_TOO_LOW',
      `${route.method.toUpperCase()} ${route.path} needs the ${route.access} role`,
    );
  }
  return { staff };
}

function handler(route: Route, deps: AppDeps, inFlight: Set<string>): RequestHandler {
  return async (req: Request, res: Response) => {
    const caller = await authorize(route, deps, req);
    // req.is answers false for a body of another type, null for no body at all; an empty body
    // (Content-Length: 0, as many clients send on a bare POST) has no type to check.
    if (req.get('content-length') !== '0' && req.is('application/json') === false) {
      throw new ApiError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'send the request body as application/json',
      );
    }
    const body = check(route.body, req.body, 'body');
    const query = check(route.query, req.query, 'query');
    const params = check(route.params, req.params, 'path');
    const input = {
      body,
      query,
      params,
      ledger: deps.ledger,
      services: deps.services,
      ...caller,
    };

    if (route.method === 'get') {
      const output = await route.handle(input);
      res.status(output.status).json(output.body);
      return;
    }

    const key = req.get('idempotency-key');
    if (key === undefined || !IDEMPOTENCY_KEY.test(key)) {
      throw new ApiError(
        400,
        'IDEMPOTENCY_KEY_REQUIRED',
        'mutating requests need an Idempotency-Key header (1-200 visible characters)',
      );
    }
    const claim = deps.idempotency.claim(key, fingerprint(req));
    if (claim.state === 'mismatch') {
      throw new ApiError(
        422,
        'IDEMPOTENCY_KEY_REUSED',
        'this Idempotency-Key was used for a different request',
      );
    }
    if (claim.state === 'done') {
      res.status(claim.status).set('Idempotent-Replayed', 'true');
      if (claim.status >= 400) res.type('application/problem+json');
      res.json(claim.body);
      return;
    }
    // 'unfinished' is an attempt that died with an earlier process (run it again: the ledger
    // applies the request id once), or one this process is still running: wait for its answer.
    if (inFlight.has(key)) {
      throw new ApiError(
        409,
        'REQUEST_IN_PROGRESS',
        'a request with this Idempotency-Key is still running; retry later for its answer',
      );
    }
    inFlight.add(key);
    try {
      const output = await route.handle({ ...input, requestId: requestIdFor(key) });
      deps.idempotency.complete(key, output.status, output.body);
      res.status(output.status).json(output.body);
    } catch (error) {
      const apiError = toApiError(error);
      // A refusal is this request's outcome; a server-side failure may not be, so allow a retry.
      if (apiError.status < 500) deps.idempotency.complete(key, apiError.status, problem(apiError));
      else deps.idempotency.release(key);
      throw apiError;
    } finally {
      inFlight.delete(key);
    }
  };
}
