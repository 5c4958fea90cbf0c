import { z } from 'zod';
import { AuditableKind } from '@points-alliance/chaincode/dist/operations/alliance';
import { route, type Route } from '../http/route';
import { agreementRoutes } from './agreements';
import { auditRoutes } from './audit';
import { couponRoutes } from './coupons';
import { explorerRoutes } from './explorer';
import { memberRoutes } from './members';
import { membershipRoutes } from './membership';
import { pointRoutes } from './points';
import { settlementRoutes } from './settlements';
import { tokenRoutes } from './tokens';
import { ok, query } from './calls';

const historyRoute = route({
  method: 'get',
  path: '/history/:kind',
  tag: 'audit',
  summary: 'Every committed change of one record, with transaction ids and times',
  access: 'auditor',
  params: z.strictObject({ kind: AuditableKind }),
  // The record's key parts, separated by '/': e.g. member-7/PARK1 for a balance.
  query: z.strictObject({
    key: z
      .string()
      .max(200)
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._:-]*(\/[A-Za-z0-9][A-Za-z0-9._:-]*){0,2}$/,
        'one to three ids separated by /',
      ),
  }),
  responds: { status: 200, description: 'History, newest first' },
  handle: async (input) => {
    const key = input.query.key.split('/');
    return ok(await query(input, 'alliance', 'getHistory', { kind: input.params.kind, key }));
  },
});

export const routes: readonly Route[] = [
  ...membershipRoutes,
  ...tokenRoutes,
  ...memberRoutes,
  ...pointRoutes,
  ...agreementRoutes,
  ...settlementRoutes,
  ...couponRoutes,
  historyRoute,
  ...auditRoutes,
  ...explorerRoutes,
];
