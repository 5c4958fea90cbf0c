import { Context, Contract, Info, Transaction } from 'fabric-contract-api';
import * as members from '../operations/members';
import { getMember } from '../operations/member-auth';
import { handle, handleOnce } from './respond';

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
    return handleOnce(
      ctx,
      'registerMember',
      members.RegisterMemberRequest,
      request,
      members.registerMember,
    );
  }

  @Transaction()
  async setMemberStatus(ctx: Context, request: string): Promise<string> {
    return handleOnce(
      ctx,
      'setMemberStatus',
      members.SetMemberStatusRequest,
      request,
      members.setMemberStatus,
    );
  }

  @Transaction()
  async rotateKey(ctx: Context, request: string): Promise<string> {
    return handleOnce(ctx, 'rotateKey', members.RotateKeyRequest, request, members.rotateMemberKey);
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
