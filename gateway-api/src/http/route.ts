/**
 * The gateway's routes are data: method, path, who may call, the shapes of the input, and what
 * it does. Express wiring, validation, idempotency and the OpenAPI document are all derived
 * from the same table, so the document cannot drift from the implementation.
 */
import type { z } from 'zod';
import type { Role, Staff } from '../auth/credentials';
import type { LedgerClient } from '../fabric/ledger';
import type { Services } from '../services';

/**
 * Who may call: a staff role; a member whose own signature in the body authorises it
 * (`member`); a member signed in with a session token, reading only their own data
 * (`member-session`); or anyone, for the alliance's public figures (`public`).
 */
export type Access = Role | 'member' | 'member-session' | 'public';

/** Access levels that take a staff API key. */
export function isStaffAccess(access: Access): access is Role {
  return access !== 'member' && access !== 'member-session' && access !== 'public';
}

export interface RouteInput<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  /** The authenticated staff member, on staff routes only. */
  staff?: Staff;
  /** The signed-in member, on member-session routes only. */
  memberId?: string;
  /** Derived from the Idempotency-Key on mutating routes: the ledger applies it at most once. */
  requestId?: string;
  ledger: LedgerClient;
  services: Services;
}

export interface RouteOutput {
  status: number;
  body: unknown;
}

export interface Route<
  B extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  P extends z.ZodType = z.ZodType,
> {
  method: 'get' | 'post';
  /** Express path, `:name` for parameters. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  body?: B;
  query?: Q;
  params?: P;
  /** Success status and what the body holds, for the document. */
  responds: { status: number; description: string };
  handle(input: RouteInput<z.infer<B>, z.infer<Q>, z.infer<P>>): Promise<RouteOutput>;
}

/** Keeps each route's handler typed by its own schemas inside a heterogeneous table. */
export function route<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType>(
  definition: Route<B, Q, P>,
): Route {
  return definition as unknown as Route;
}
