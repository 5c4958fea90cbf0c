'use strict';
/** Earn to distinct members: the issuer credits each of its members in turn. */
const {
  PreparedWorkload,
  earnRequest,
  idPrefix,
  registerMembers,
  send,
  shardFor,
} = require('./ledger');

class EarnWorkload extends PreparedWorkload {
  async prepare() {
    this.members = await registerMembers(
      this,
      this.roundArguments.org,
      this.roundArguments.members,
    );
  }

  async submitTransaction() {
    const n = this.sent++;
    // Round robin over more members than are ever in flight: no two concurrent earns share one.
    const member = this.members[n % this.members.length];
    const { org, shardCount } = this.roundArguments;
    const shard = shardFor(this, n, shardCount);
    await send(this, org, 'points:earn', [
      earnRequest(member.id, `${idPrefix(this)}-o${n}`, 5, shard),
    ]);
  }
}

module.exports.createWorkloadModule = () => new EarnWorkload();
