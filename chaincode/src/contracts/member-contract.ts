import { Context, Contract, Info, Transaction } from 'fabric-contract-api';
import * as members from '../operations/members';
import { getMember } from '../operations/member-auth';
import { handle } from './respond';

@Info({ title: 'Members', description: 'Member accounts, keys and status' })
export class MemberContract extends Contract {
  constructor() {
    super('members');
  }

  /** Private-only: transient `personal` into the caller's implicit collection. */
  @Transaction()
  async storePersonalData(ctx: Context, request: string): Promise<string> {
    return handle(ctx, members.StorePersonalDataRequest, request, members.storePersonalData);
  }

  @Transaction()
  async registerMember(ctx: Context, request: string): Promise<string> {
    return handle(ctx, members.RegisterMemberRequest, request, members.registerMember);
  }

  @Transaction()
  async setMemberStatus(ctx: Context, request: string): Promise<string> {
    return handle(ctx, members.SetMemberStatusRequest, request, members.setMemberStatus);
  }

  @Transaction()
  async rotateKey(ctx: Context, request: string): Promise<string> {
    return handle(ctx, members.RotateKeyRequest, request, members.rotateMemberKey);
  }

  @Transaction(false)
  async getMember(ctx: Context, request: string): Promise<string> {
    return handle(ctx, members.MemberIdRequest, request, (ledger, input) =>
      getMember(ledger, input.memberId),
    );
  }

  @Transaction(false)
  async readPersonalData(ctx: Context, request: string): Promise<string> {
    return handle(ctx, members.MemberIdRequest, request, members.readPersonalData);
  }
}
