'use strict';
/**
 * Exchange at an agreed rate: each worker's own agreement from `fromOrg` to `toOrg` (terms
 * stored privately, proposed, accepted), members of `fromOrg` credited with points, then each
 * round transaction one member's signed exchange, submitted by the member's home org.
 */
const { randomBytes } = require('node:crypto');
const {
  PreparedWorkload,
  earnRequest,
  idPrefix,
  inBatches,
  registerMembers,
  send,
  shardFor,
  signed,
  submit,
} = require('./ledger');

const HOUR = 3_600_000;
const CARD = {
  rateNumerator: 3,
  rateDenominator: 2,
  minimum: 10,
  step: 10,
  fee: 1,
  memberDailyCap: 1_000_000_000,
};

class ExchangeWorkload extends PreparedWorkload {
  async prepare() {
    const { fromOrg, toOrg, members } = this.roundArguments;
    this.members = await registerMembers(this, fromOrg, members);
    this.agreementId = `${idPrefix(this)}-agreement`;
    const terms = {
      pricePerThousandPointsMinor: 1000,
      currency: 'EUR',
      salt: randomBytes(16).toString('hex'),
    };
    const { termsHash } = await submit(
      this,
      fromOrg,
      'agreements:storeTerms',
      [{ agreementId: this.agreementId, counterparty: toOrg }],
      { terms },
    );
    const now = Date.now();
    await submit(this, fromOrg, 'agreements:propose', [
      {
        agreementId: this.agreementId,
        toOrg,
        ...CARD,
        validFrom: new Date(now - HOUR).toISOString(),
        validUntil: new Date(now + 24 * HOUR).toISOString(),
        termsHash,
      },
    ]);
    await submit(this, toOrg, 'agreements:accept', [{ agreementId: this.agreementId, termsHash }]);
    await inBatches(this.members, (member, n) =>
      submit(this, fromOrg, 'points:earn', [
        earnRequest(member.id, `${idPrefix(this)}-fund${n}`, 100_000, undefined),
      ]),
    );
  }

  async submitTransaction() {
    const n = this.sent++;
    const member = this.members[n % this.members.length];
    const { fromOrg, shardCount } = this.roundArguments;
    const request = signed(member, 'exchange', { agreementId: this.agreementId, amount: 10 });
    await send(this, fromOrg, 'agreements:exchange', [
      request,
      { shard: shardFor(this, n, shardCount) },
    ]);
  }
}

module.exports.createWorkloadModule = () => new ExchangeWorkload();
