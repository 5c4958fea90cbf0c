import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { PARKING1, TestAlliance } from '@points-alliance/chaincode/dist/test-support/alliance';
import {
  LedgerRefusal,
  LedgerUnavailable,
  type LedgerCall,
  type LedgerClient,
} from './fabric/ledger';
import { ReceiptBatcher, ShardLeases, type Receipt } from './services';
import { barrier } from './test-support/simulated-ledger';
import { earnBody, expectProblem, expectStatus, testGateway } from './test-support/test-gateway';

describe('treasury shard leases through one gateway', () => {
  const SHARDS = 8;

  async function concurrentEarns(replaceLeases?: ShardLeases) {
    const alliance = await TestAlliance.create({ shardCount: SHARDS });
    const gateway = testGateway(alliance, PARKING1);
    if (replaceLeases) gateway.services.shards = replaceLeases;
    const members = Array.from({ length: SHARDS }, (_, i) => `m-${i}`);
    for (const member of members) await alliance.registerMember(PARKING1, member);
    // All earns are endorsed before any commits: each reads its shard as the others do.
    gateway.ledger.beforeCommit = barrier(SHARDS);

    const submit = gateway.ledger.submit.bind(gateway.ledger);
    let inFlight = 0;
    let mostInFlight = 0;
    jest.spyOn(gateway.ledger, 'submit').mockImplementation(async (call: LedgerCall) => {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      try {
        return await submit(call);
      } finally {
        inFlight -= 1;
      }
    });
    const responses = await Promise.all(
      members.map((memberId, i) => gateway.post('/earns', earnBody(memberId, `o-${i}`, 10 + i))),
    );
    const shards = gateway.ledger
      .submitted('earn')
      .map((call) => (call.args[0] as { shard: number }).shard);
    await gateway.dispose();
    return { alliance, responses, shards, mostInFlight };
  }

  it('concurrent earns draw on distinct shards, so none conflicts', async () => {
    const { alliance, responses, shards, mostInFlight } = await concurrentEarns();
    expect(mostInFlight).toBe(SHARDS);
    for (const res of responses) expectStatus(res, 201);
    expect(new Set(shards).size).toBe(SHARDS);
    expect(await alliance.supply('PARK1')).toMatchObject({ issued: 8 * 10 + 28 });
  });

  it('more concurrent earns than shards wait for a shard, and still none conflicts', async () => {
    const alliance = await TestAlliance.create({ shardCount: SHARDS });
    const gateway = testGateway(alliance, PARKING1);
    const members = Array.from({ length: 3 * SHARDS }, (_, i) => `w-${i}`);
    for (const member of members) await alliance.registerMember(PARKING1, member);
    const blocksBefore = alliance.net.blocks.length;
    // Ordering takes a while, as on a busy network: requests keep arriving while earns are in
    // flight, more of them than there are shards.
    gateway.ledger.beforeCommit = (call) =>
      new Promise<void>((resolve) => setTimeout(resolve, call.fn === 'earn' ? 200 : 0));
    const responses = await Promise.all(
      members.map((memberId, i) => gateway.post('/earns', earnBody(memberId, `o-${i}`, 1))),
    );
    for (const res of responses) expectStatus(res, 201);
    const codes = alliance.net.blocks
      .slice(blocksBefore)
      .flatMap((block) => block.transactions.map((tx) => tx.validationCode));
    expect(codes.filter((code) => code !== 'VALID')).toEqual([]);
    await gateway.dispose();
  });

  it('(control) on one shared shard the same earns conflict at commit', async () => {
    const oneShard = { with: (_symbol, _count, work) => work(0) } as ShardLeases;
    const { responses, shards } = await concurrentEarns(oneShard);
    expect(new Set(shards)).toEqual(new Set([0]));
    // One commits; every other read a treasury shard the first one changed.
    expect(responses.filter((res) => res.status === 201)).toHaveLength(1);
    for (const res of responses.filter((r) => r.status !== 201)) {
      expectProblem(res, 503, 'COMMIT_FAILED');
    }
  });
});

describe('ShardLeases', () => {
  it('leases a free shard to each holder and takes it back when the work ends, even by throwing', async () => {
    const leases = new ShardLeases();
    const held: number[] = [];
    let release: () => void = () => undefined;
    const blocker = new Promise<void>((resolve) => (release = resolve));
    const holders = [0, 1, 2].map(() =>
      leases.with('PARK1', 3, async (shard) => {
        held.push(shard);
        await blocker;
      }),
    );
    // Every shard is busy: a fourth waits for one to come back rather than sharing it.
    let waited: number | undefined;
    const fourth = leases.with('PARK1', 3, async (shard) => (waited = shard));
    await new Promise((resolve) => setImmediate(resolve));
    expect(held.sort()).toEqual([0, 1, 2]);
    expect(waited).toBeUndefined();
    release();
    await Promise.all(holders);
    expect([0, 1, 2]).toContain(await fourth);

    await expect(
      leases.with('PARK1', 3, async () => {
        throw new Error('failed');
      }),
    ).rejects.toThrow('failed');
    const after = await Promise.all([0, 1, 2].map(() => leases.with('PARK1', 3, async (s) => s)));
    // All three free again: the one whose work threw was released too.
    expect(new Set(after).size).toBe(3);
    // Another token's shards are leased on their own.
    expect(await leases.with('MALL1', 1, async (s) => s)).toBe(0);
  });
});

describe('ReceiptBatcher', () => {
  const logger = pino({ level: 'silent' });
  const receipt = (orderRef: string): Receipt => ({
    orderRef,
    purchaseAmountMinor: 100,
    currency: 'EUR',
    store: 'Lot A',
    salt: `salt-${orderRef}-0123456789`,
  });

  function fakeLedger(fail: (batch: number) => Error | undefined = () => undefined) {
    const batches: string[][] = [];
    const ledger: LedgerClient = {
      submit: async <T>(call: LedgerCall) => {
        const receipts = (call.transient?.receipts ?? []) as Receipt[];
        const error = fail(batches.length);
        batches.push(receipts.map((r) => r.orderRef));
        if (error) throw error;
        return { result: { stored: [], rejected: [] } as T, txId: `tx-${batches.length}` };
      },
      evaluate: async () => {
        throw new Error('not used');
      },
      ready: async () => true,
    };
    return { ledger, batches };
  }

  it('writes a receipt queued twice (a request run again) once', async () => {
    const { ledger, batches } = fakeLedger();
    const batcher = new ReceiptBatcher(ledger, PARKING1, logger);
    batcher.add(receipt('o-1'));
    batcher.add(receipt('o-2'));
    batcher.add(receipt('o-1'));
    expect(batcher.pending).toBe(2);
    await batcher.close();
    expect(batches).toEqual([['o-1', 'o-2']]);
  });

  it('flushes everything queued, a batch at a time, on its own after the delay', async () => {
    const { ledger, batches } = fakeLedger();
    const batcher = new ReceiptBatcher(ledger, PARKING1, logger, { maxBatch: 2, maxDelayMs: 5 });
    batcher.add(receipt('o-1'));
    await sleep(30);
    expect(batches).toEqual([['o-1']]);
    for (const ref of ['o-2', 'o-3', 'o-4', 'o-5', 'o-6']) batcher.add(receipt(ref));
    await batcher.close();
    expect(batches.flat()).toEqual(['o-1', 'o-2', 'o-3', 'o-4', 'o-5', 'o-6']);
    expect(batches.every((batch) => batch.length <= 2)).toBe(true);
    expect(batcher.pending).toBe(0);
  });

  it('keeps a batch the network did not take, and writes it later', async () => {
    const { ledger, batches } = fakeLedger((n) =>
      n === 0 ? new LedgerUnavailable('down') : undefined,
    );
    const batcher = new ReceiptBatcher(ledger, PARKING1, logger);
    batcher.add(receipt('o-1'));
    await batcher.flush();
    expect(batcher.pending).toBe(1);
    batcher.add(receipt('o-2'));
    await batcher.close();
    expect(batches).toEqual([['o-1'], ['o-1', 'o-2']]);
    expect(batcher.pending).toBe(0);
  });

  it('drops a batch the chaincode refuses instead of retrying it forever', async () => {
    const { ledger, batches } = fakeLedger((n) =>
      n === 0 ? new LedgerRefusal('VALIDATION', 'bad receipt') : undefined,
    );
    const batcher = new ReceiptBatcher(ledger, PARKING1, logger, { maxBatch: 1, maxDelayMs: 500 });
    batcher.add(receipt('o-1'));
    batcher.add(receipt('o-2'));
    await batcher.close();
    expect(batches).toEqual([['o-1'], ['o-2']]);
    expect(batcher.pending).toBe(0);
  });
});
