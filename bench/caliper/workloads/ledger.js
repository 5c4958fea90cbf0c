'use strict';
/**
 * What the earn and exchange workloads share: calling the points chaincode through Caliper's
 * connector (one JSON argument per parameter, as the gateways send them), registering members
 * with their P-256 keys, and crediting them. Member requests are signed with the chaincode's own
 * canonical encoding, from its build (`npm run build`).
 */
const { createHash, generateKeyPairSync, randomBytes } = require('node:crypto');
const { WorkloadModuleBase } = require('@hyperledger/caliper-core');
const {
  encodeMemberPublicKey,
  signMemberRequest,
} = require('@points-alliance/chaincode/dist/member-request');

const IDENTITY = 'User1';
/** How many setup transactions a worker keeps in flight at once. */
const SETUP_BATCH = 20;

/** Sends `contract:fn` as `org` through Caliper's connector; Caliper records the outcome. */
function send(workload, org, fn, args, transient) {
  return workload.sutAdapter.sendRequests({
    contractId: 'points',
    contractFunction: fn,
    contractArguments: args.map((arg) => JSON.stringify(arg)),
    ...(transient && {
      transientMap: Object.fromEntries(
        Object.entries(transient).map(([name, value]) => [name, JSON.stringify(value)]),
      ),
    }),
    invokerMspId: org,
    invokerIdentity: IDENTITY,
    readOnly: false,
  });
}

/** A setup transaction: sent like `send`, but it must succeed; answers its JSON result. */
async function submit(workload, org, fn, args, transient) {
  const status = await send(workload, org, fn, args, transient);
  if (status.GetStatus() !== 'success') throw new Error(`${fn} failed during setup`);
  return JSON.parse(Buffer.from(status.GetResult()).toString('utf8'));
}

/** Runs `work(item, index)` over the items, SETUP_BATCH at a time. */
async function inBatches(items, work) {
  const results = [];
  for (let i = 0; i < items.length; i += SETUP_BATCH) {
    const batch = items.slice(i, i + SETUP_BATCH).map((item, j) => work(item, i + j));
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

/** Ids unique to this run, round and worker: a network keeps what earlier runs registered. */
function idPrefix(workload) {
  return `cal-${workload.runId}-${workload.roundIndex}-${workload.workerIndex}`;
}

/** Registers `count` members at `org`: the private half, then the public half with its hash. */
async function registerMembers(workload, org, count) {
  workload.runId ??= randomBytes(4).toString('hex');
  const ids = Array.from({ length: count }, (_, n) => `${idPrefix(workload)}-m${n}`);
  return inBatches(ids, async (memberId) => {
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const publicKey = encodeMemberPublicKey(keys.publicKey);
    const personal = { name: `Member ${memberId}`, salt: randomBytes(16).toString('hex') };
    const { personalDataHash } = await submit(
      workload,
      org,
      'members:storePersonalData',
      [{ memberId }],
      { personal },
    );
    await submit(workload, org, 'members:registerMember', [
      { memberId, publicKey, personalDataHash },
    ]);
    return { id: memberId, privateKey: keys.privateKey, nonce: 0 };
  });
}

/** The body of points:earn; the hash stands for a receipt stored elsewhere. */
function earnRequest(memberId, orderRef, points, shard) {
  const receiptHash = createHash('sha256').update(orderRef).digest('hex');
  return { memberId, orderRef, points, receiptHash, shard };
}

/** A member's request signed now, valid for an hour, with a fresh nonce. */
function signed(member, op, params) {
  member.nonce += 1;
  const request = {
    op,
    memberId: member.id,
    params,
    nonce: `${member.id}-n${member.nonce}`,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  };
  return signMemberRequest(request, member.privateKey);
}

/**
 * A treasury shard for the worker's n-th mint: workers take disjoint residues (when the shard
 * count is a multiple of the worker count), as the gateway leases shards to concurrent mints.
 */
function shardFor(workload, n, shardCount) {
  return (workload.workerIndex + n * workload.totalWorkers) % shardCount;
}

/**
 * A workload that sets itself up before its round: Caliper calls initializeWorkloadModule with
 * the round's context, then `prepare` (registering members and the like) runs with it in place.
 */
class PreparedWorkload extends WorkloadModuleBase {
  async initializeWorkloadModule(...context) {
    await super.initializeWorkloadModule(...context);
    /** Transactions sent this round: the n of each order reference and shard. */
    this.sent = 0;
    await this.prepare();
  }

  async prepare() {}
}

module.exports = {
  PreparedWorkload,
  send,
  submit,
  inBatches,
  idPrefix,
  registerMembers,
  earnRequest,
  signed,
  shardFor,
};
