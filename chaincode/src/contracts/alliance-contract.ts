import { Context, Contract, Info, Transaction } from 'fabric-contract-api';
import { z } from 'zod';
import { id } from '../domain/validation';
import * as alliance from '../operations/alliance';
import { handle, handleOnce, respond } from './respond';

/** Which record, by kind and key parts, whose history is asked for. */
const HistoryRequest = z
  .strictObject({
    kind: alliance.AuditableKind,
    key: z.array(id).min(1).max(3),
  })
  .refine(
    (request) => request.key.length === alliance.AUDITABLE[request.kind],
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

  @Transaction()
  async proposeMembershipChange(ctx: Context, request: string): Promise<string> {
    return handleOnce(
      ctx,
      'proposeMembershipChange',
      alliance.ProposeMembershipChangeRequest,
      request,
      alliance.proposeMembershipChange,
    );
  }

  @Transaction()
  async approveMembershipChange(ctx: Context, request: string): Promise<string> {
    return handleOnce(
      ctx,
      'approveMembershipChange',
      alliance.MembershipProposalRequest,
      request,
      alliance.approveMembershipChange,
    );
  }

  @Transaction(false)
  async getMembershipProposal(ctx: Context, request: string): Promise<string> {
    return handle(ctx, alliance.MembershipProposalRequest, request, (ledger, input) =>
      ledger.getOrFail('MembershipProposal', input.proposalId),
    );
  }

  /** Who is in the alliance: `orgs` are the active merchants, `suspended` the others. */
  @Transaction(false)
  async getAlliance(ctx: Context): Promise<string> {
    return respond(ctx, async (ledger) => {
      const record = await alliance.allianceRecord(ledger);
      return { orgs: await alliance.allianceOrgs(ledger), suspended: record.suspended ?? [] };
    });
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
