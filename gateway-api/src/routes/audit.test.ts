import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { peer } from '@hyperledger/fabric-protos';
import { PARKING1, TestAlliance } from '@points-alliance/chaincode/dist/test-support/alliance';
import { parseBlock } from '../audit/block-parser';
import { CredentialStore } from '../auth/credentials';
import { assembleGateway } from '../gateway';
import { testBlock, type TestTransaction } from '../test-support/blocks';
import { SimulatedLedger } from '../test-support/simulated-ledger';
import { testGateway, type TestGateway } from '../test-support/test-gateway';

const start = Date.parse('2026-03-02T10:00:00.000Z');

function tx(n: number, extra: Partial<TestTransaction> = {}): TestTransaction {
  return {
    txId: `tx-${n}`,
    mspId: n % 2 === 0 ? 'Parking1MSP' : 'Mall1MSP',
    at: new Date(start + n * 60_000),
    eventName: n % 3 === 0 ? 'Transferred' : 'Earned',
    payload:
      n % 3 === 0
        ? { from: 'ada', to: 'bob', symbol: 'PARK1', points: n }
        : { memberId: 'cy', symbol: 'MALL1', points: n },
    ...extra,
  };
}

const chain = Array.from({ length: 12 }, (_, n) =>
  testBlock(n, [
    tx(n),
    ...(n === 5 ? [tx(100, { validationCode: peer.TxValidationCode.MVCC_READ_CONFLICT })] : []),
  ]),
);

describe('GET /audit', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = testGateway(await TestAlliance.create(), PARKING1);
    for (const block of chain)
      gateway.services.audit.recordBlock(Number(block.getHeader()?.getNumber()), parseBlock(block));
  });
  afterAll(() => gateway.dispose());

  it('lists transactions newest first, with transaction id and block number', async () => {
    const response = await gateway.get('/audit?limit=3').expect(200);
    expect(
      response.body.records.map((r: { txId: string; blockNumber: number }) => [
        r.txId,
        r.blockNumber,
      ]),
    ).toEqual([
      ['tx-11', 11],
      ['tx-10', 10],
      ['tx-9', 9],
    ]);
    const next = await gateway.get(`/audit?limit=3&cursor=${response.body.nextCursor}`).expect(200);
    expect(next.body.records.map((r: { blockNumber: number }) => r.blockNumber)).toEqual([8, 7, 6]);
  });

  it('filters by member, token, org, type and time', async () => {
    const ids = async (query: string) =>
      (await gateway.get(`/audit?${query}`).expect(200)).body.records.map(
        (r: { txId: string }) => r.txId,
      );
    expect(await ids('member=bob')).toEqual(['tx-9', 'tx-6', 'tx-3', 'tx-0']);
    expect(await ids('token=MALL1&org=Mall1MSP')).toEqual(['tx-11', 'tx-7', 'tx-5', 'tx-1']);
    expect(await ids('type=Transferred&org=Parking1MSP')).toEqual(['tx-6', 'tx-0']);
    expect(await ids('from=2026-03-02T10:02:00Z&to=2026-03-02T11:04:00%2B01:00')).toEqual([
      'tx-4',
      'tx-3',
      'tx-2',
    ]);
    expect(
      await ids('includeInvalid=true&from=2026-03-02T10:05:00Z&to=2026-03-02T10:05:00Z'),
    ).toEqual(['tx-5']);
  });

  it('shows invalidated transactions only when asked', async () => {
    const response = await gateway.get('/audit?includeInvalid=true&limit=500').expect(200);
    const invalid = response.body.records.filter(
      (r: { validationCode: string }) => r.validationCode !== 'VALID',
    );
    expect(invalid).toEqual([
      expect.objectContaining({
        txId: 'tx-100',
        blockNumber: 5,
        validationCode: 'MVCC_READ_CONFLICT',
      }),
    ]);
    expect((await gateway.get('/audit?limit=500').expect(200)).body.records).toHaveLength(12);
  });

  it('refuses bad filters and foreign cursors with 400, and callers without a staff key', async () => {
    for (const query of [
      'limit=0',
      'limit=abc',
      'from=yesterday',
      'member=a%20b',
      'cursor=AAAA',
      'colour=red',
    ]) {
      const response = await gateway.get(`/audit?${query}`).expect(400);
      expect(response.body.code).toBe('VALIDATION');
    }
    await gateway.get('/audit', 'nobody').expect(401);
  });
});

describe('the gateway follows blocks into its index', () => {
  it('indexes what the block source delivers and resumes after a restart without duplicates', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pa-audit-'));
    const key = CredentialStore.open(join(dataDir, 'credentials.json'), PARKING1).issue(
      'Aude',
      'auditor',
    ).key;
    const ledger = new SimulatedLedger(await TestAlliance.create(), PARKING1);
    const starts: number[] = [];
    const upTo = (last: number) => async (startBlock: number) => {
      starts.push(startBlock);
      const blocks = chain.slice(startBlock, last + 1);
      // Like a live stream: delivers what there is, then waits for more until closed.
      let closed: () => void = () => undefined;
      const whenClosed = new Promise<void>((resolve) => (closed = resolve));
      return Object.assign(
        (async function* () {
          yield* blocks;
          await whenClosed;
        })(),
        { close: () => closed() },
      );
    };
    const logger = pino({ level: 'silent' });
    const records = async (app: ReturnType<typeof assembleGateway>['app']) =>
      (
        await request(app).get('/audit?limit=500').set('Authorization', `Bearer ${key}`).expect(200)
      ).body.records.map((r: { blockNumber: number }) => r.blockNumber);

    const first = assembleGateway({ org: PARKING1, dataDir, ledger, logger, blocks: upTo(6) });
    while (first.services.audit.checkpoint() < 6)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await records(first.app)).toEqual([6, 5, 4, 3, 2, 1, 0]);
    await first.close();

    const second = assembleGateway({ org: PARKING1, dataDir, ledger, logger, blocks: upTo(11) });
    while (second.services.audit.checkpoint() < 11)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await records(second.app)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    await second.close();
    expect(starts).toEqual([0, 7]);
  });
});
