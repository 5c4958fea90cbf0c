import { Context, Contract, Info, Transaction } from 'fabric-contract-api';
import { z } from 'zod';
import { id } from '../domain/validation';
import * as alliance from '../operations/alliance';
import { handle, handleOnce, respond } from './respond';

/** Record kinds whose history anyone may audit, and how many key parts each takes. */
const AUDITABLE = {
  Token: 1,
  Treasury: 2,
  Member: 1,
  Balance: 2,
  Earn: 2,
  Agreement: 1,
  Obligation: 3,
  Settlement: 1,
} as const;

const HistoryRequest = z
  .strictObject({
    kind: z.enum(Object.keys(AUDITABLE) as [keyof typeof AUDITABLE, ...(keyof typeof AUDITABLE)[]]),
    key: z.array(id).min(1).max(3),
  })
  .refine(
    (request) => request.key.length === AUDITABLE[request.kind],
    'key has the wrong number of parts',
  );

@Info({ title: 'Alliance', description: 'Alliance membership and the audit history of any record' })
export class AllianceContract extends Contract {
  constructor() {
    super('alliance');
  }

  @Transaction()
  async initAlliance(ctx: Context, request: string): Promise<string> {
    return handleOnce(
      ctx,
      'initAlliance',
      alliance.InitAllianceRequest,
      request,
      alliance.initAlliance,
    );
  }

  @Transaction(false)
  async getAlliance(ctx: Context): Promise<string> {
    return respond(ctx, async (ledger) => ({ orgs: await alliance.allianceOrgs(ledger) }));
  }

  /** Every committed change of one record, newest first, with transaction ids and times. */
  @Transaction(false)
  async getHistory(ctx: Context, request: string): Promise<string> {
    return handle(ctx, HistoryRequest, request, (ledger, input) =>
      // The schema has checked the key's arity for its kind.
      ledger.history(input.kind, ...(input.key as [string])),
    );
  }
}
