import { z } from 'zod';
import { id, instant, org, symbol } from '@points-alliance/chaincode/dist/domain/validation';
import type { AuditFilter, AuditIndex, AuditPage } from '../audit/audit-index';
import { ApiError } from '../http/problem';
import { route } from '../http/route';
import { ok } from './calls';

/** A page of the audit index; a cursor it never gave is the caller's mistake. */
export function auditPage(audit: AuditIndex, filter: AuditFilter): AuditPage {
  try {
    return audit.query(filter);
  } catch (error) {
    if (error instanceof RangeError)
      throw new ApiError(400, 'VALIDATION', 'query: cursor is not one this index gave');
    throw error;
  }
}

/** An opaque cursor as the index gives them. */
export const AuditCursor = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const auditRoutes = [
  route({
    method: 'get',
    path: '/audit',
    tag: 'audit',
    summary: "The channel's transactions, newest first, each with its transaction id and block",
    access: 'auditor',
    query: z.strictObject({
      member: id.optional(),
      token: symbol.optional(),
      org: org.optional(),
      type: z
        .string()
        .regex(/^[A-Za-z]{1,64}$/)
        .optional(),
      from: instant.optional(),
      to: instant.optional(),
      includeInvalid: z.enum(['true', 'false']).optional(),
      cursor: AuditCursor.optional(),
      limit: z.coerce.number().int().min(1).max(500).optional(),
    }),
    responds: { status: 200, description: 'A page of audit records and the cursor of the next' },
    handle: async (input) => {
      const { includeInvalid, from, to, ...filter } = input.query;
      return ok(
        auditPage(input.services.audit, {
          ...filter,
          // Stored times are UTC ISO strings; compare like with like.
          ...(from !== undefined && { from: new Date(from).toISOString() }),
          ...(to !== undefined && { to: new Date(to).toISOString() }),
          includeInvalid: includeInvalid === 'true',
        }),
      );
    },
  }),
];
