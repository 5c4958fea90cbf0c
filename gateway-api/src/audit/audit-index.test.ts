import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { peer } from '@hyperledger/fabric-protos';
import { testBlock, type TestTransaction } from '../test-support/blocks';
import { AuditIndex } from './audit-index';
import { followBlocks, type BlockSource } from './block-follower';
import { parseBlock } from './block-parser';

const at = new Date('2026-03-02T10:00:00.000Z');
const silent = pino({ level: 'silent' });

function tx(n: number, extra: Partial<TestTransaction> = {}): TestTransaction {
  return {
    txId: `tx-${n}`,
    mspId: 'Parking1MSP',
    at: new Date(at.getTime() + n * 1000),
    eventName: 'Earned',
    payload: { memberId: `m-${n % 3}`, symbol: 'PARK1', points: n },
    ...extra,
  };
}

function tempIndex(): { path: string; index: AuditIndex } {
  const path = join(mkdtempSync(join(tmpdir(), 'audit-')), 'audit.sqlite');
  return { path, index: new AuditIndex(path) };
}

/** A block source over a fixed chain, that can fail after a number of blocks, like a dropped stream. */
function chainSource(
  chain: ReturnType<typeof testBlock>[],
  failAfter = Infinity,
): BlockSource & { starts: number[] } {
  const starts: number[] = [];
  const source = async (start: number) => {
    starts.push(start);
    let closed = false;
    return {
      close: () => {
        closed = true;
      },
      async *[Symbol.asyncIterator]() {
        let sent = 0;
        for (const block of chain.slice(start)) {
          if (closed) return;
          if (sent++ >= failAfter) throw new Error('stream reset');
          yield block;
        }
      },
    };
  };
  return Object.assign(source, { starts });
}

describe('block parser', () => {
  it('reads id, time, org, validation code and event of each endorser transaction', () => {
    const block = testBlock(7, [
      tx(1),
      tx(2, { validationCode: peer.TxValidationCode.MVCC_READ_CONFLICT }),
      tx(3, { config: true }),
      tx(4, { eventName: undefined }),
    ]);
    expect(parseBlock(block)).toEqual([
      {
        blockNumber: 7,
        txIndex: 0,
        txId: 'tx-1',
        timestamp: '2026-03-02T10:00:01.000Z',
        creatorMsp: 'Parking1MSP',
        validationCode: 'VALID',
        chaincode: 'points',
        eventName: 'Earned',
        payload: { memberId: 'm-1', symbol: 'PARK1', points: 1 },
      },
      expect.objectContaining({ txIndex: 1, txId: 'tx-2', validationCode: 'MVCC_READ_CONFLICT' }),
      {
        blockNumber: 7,
        txIndex: 3,
        txId: 'tx-4',
        timestamp: '2026-03-02T10:00:04.000Z',
        creatorMsp: 'Parking1MSP',
        validationCode: 'VALID',
        chaincode: 'points',
      },
    ]);
  });
});

describe('audit index', () => {
  it('accepts blocks only in order: a replay is ignored, a gap refused', () => {
    const { index } = tempIndex();
    expect(index.checkpoint()).toBe(-1);
    index.recordBlock(0, parseBlock(testBlock(0, [tx(0)])));
    index.recordBlock(0, parseBlock(testBlock(0, [tx(0)])));
    expect(() => index.recordBlock(2, parseBlock(testBlock(2, [tx(2)])))).toThrow(/gap/);
    expect(index.checkpoint()).toBe(0);
    expect(index.query({}).records).toHaveLength(1);
  });

  it('filters by member, token, org, type and time, and pages with a cursor', () => {
    const { index } = tempIndex();
    for (let n = 0; n < 12; n++) {
      const extra =
        n % 4 === 0
          ? {
              eventName: 'Transferred',
              payload: { from: 'm-0', to: 'm-9', symbol: 'MALL1', points: n },
              mspId: 'Mall1MSP',
            }
          : {};
      index.recordBlock(n, parseBlock(testBlock(n, [tx(n, extra)])));
    }
    expect(index.query({ member: 'm-9' }).records.map((r) => r.txId)).toEqual([
      'tx-8',
      'tx-4',
      'tx-0',
    ]);
    expect(index.query({ token: 'MALL1', type: 'Transferred' }).records).toHaveLength(3);
    expect(index.query({ org: 'Mall1MSP' }).records.map((r) => r.blockNumber)).toEqual([8, 4, 0]);
    expect(
      index
        .query({ from: '2026-03-02T10:00:05.000Z', to: '2026-03-02T10:00:07.000Z' })
        .records.map((r) => r.txId),
    ).toEqual(['tx-7', 'tx-6', 'tx-5']);

    const first = index.query({ limit: 5 });
    expect(first.records.map((r) => r.blockNumber)).toEqual([11, 10, 9, 8, 7]);
    const second = index.query({ limit: 5, cursor: first.nextCursor });
    expect(second.records.map((r) => r.blockNumber)).toEqual([6, 5, 4, 3, 2]);
    const last = index.query({ limit: 5, cursor: second.nextCursor });
    expect(last.records.map((r) => r.blockNumber)).toEqual([1, 0]);
    expect(last.nextCursor).toBeUndefined();
    expect(() => index.query({ cursor: 'not-a-cursor' })).toThrow(RangeError);
  });

  it('hides invalidated transactions unless asked', () => {
    const { index } = tempIndex();
    index.recordBlock(
      0,
      parseBlock(
        testBlock(0, [tx(0), tx(1, { validationCode: peer.TxValidationCode.MVCC_READ_CONFLICT })]),
      ),
    );
    expect(index.query({}).records.map((r) => r.txId)).toEqual(['tx-0']);
    expect(index.query({ includeInvalid: true }).records.map((r) => r.validationCode)).toEqual([
      'MVCC_READ_CONFLICT',
      'VALID',
    ]);
  });
});

describe('following blocks', () => {
  const chain = Array.from({ length: 20 }, (_, n) => testBlock(n, [tx(n)]));

  it('resumes after a dropped stream and after a restart with no gap and no duplicate', async () => {
    const { path, index } = tempIndex();
    const source = chainSource(chain, 7);
    const controller = new AbortController();
    const following = followBlocks(source, index, silent, {
      signal: controller.signal,
      retryDelayMs: 1,
    });
    while (index.checkpoint() < 12) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await following;
    index.close();

    // A new process over the same file starts after its checkpoint.
    const reopened = new AuditIndex(path);
    const resumedFrom = reopened.checkpoint();
    const restarted = chainSource(chain);
    const again = new AbortController();
    const resumed = followBlocks(restarted, reopened, silent, {
      signal: again.signal,
      retryDelayMs: 1,
    });
    while (reopened.checkpoint() < 19) await new Promise((resolve) => setTimeout(resolve, 5));
    again.abort();
    await resumed;

    // Each reconnection starts right after the last block indexed: 7 blocks per stream here.
    expect(source.starts.slice(0, 2)).toEqual([0, 7]);
    expect(resumedFrom).toBeGreaterThanOrEqual(12);
    expect(restarted.starts[0]).toBe(resumedFrom + 1);
    const blocks = reopened.query({ limit: 500 }).records.map((r) => r.blockNumber);
    expect(blocks).toEqual(Array.from({ length: 20 }, (_, n) => 19 - n));
  });
});
