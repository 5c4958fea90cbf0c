import { createHash } from 'node:crypto';
import type { Context } from 'fabric-contract-api';
import type { Iterators } from 'fabric-shim-api';
import { CommitError, FakeFabric, implicitCollectionName } from './fake-fabric';

const PAIR = 'pair_Mall1MSP_Parking1MSP';
const parking1 = { mspId: 'Parking1MSP' };
const parking2 = { mspId: 'Parking2MSP' };
const mall1 = { mspId: 'Mall1MSP' };
const mall2 = { mspId: 'Mall2MSP' };

function network(): FakeFabric {
  return new FakeFabric({
    orgs: ['Parking1MSP', 'Parking2MSP', 'Mall1MSP', 'Mall2MSP'],
    collections: [{ name: PAIR, members: ['Mall1MSP', 'Parking1MSP'], memberOnlyRead: true }],
  });
}

const bytes = (text: string): Buffer => Buffer.from(text);
const text = (value: Uint8Array | undefined): string | undefined =>
  value && Buffer.from(value).toString();

function put(key: string, value: string) {
  return async ({ stub }: Context) => stub.putState(key, bytes(value));
}

async function collect(iterable: AsyncIterable<Iterators.KV>): Promise<string[]> {
  const keys: string[] = [];
  for await (const { key } of iterable) {
    keys.push(key);
  }
  return keys;
}

/** Reads a counter and writes it back incremented: the shape of an earn or redeem. */
function increment(key: string) {
  return async ({ stub }: Context) => {
    const current = Number(text(await stub.getState(key)) || '0');
    await stub.putState(key, bytes(String(current + 1)));
    return current + 1;
  };
}

describe('FakeFabric transaction context', () => {
  it('gives each transaction a unique, deterministic 64-hex txId', async () => {
    const ids = async (net: FakeFabric) => [
      await net.submit(parking1, ({ stub }) => stub.getTxID()),
      await net.evaluate(parking1, ({ stub }) => stub.getTxID()),
    ];
    const first = await ids(network());
    expect(first[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(first[0]).not.toBe(first[1]);
    expect(await ids(network())).toEqual(first);
    const supplied = await network().evaluate({ ...parking1, txId: 'tx-1' }, ({ stub }) =>
      stub.getTxID(),
    );
    expect(supplied).toBe('tx-1');
  });

  it('stamps transactions from the network clock unless the caller supplies a time', async () => {
    const net = network();
    net.setTime(new Date('2026-03-01T10:00:00.250Z'));
    const stamp = ({ stub }: Context) => {
      const { seconds, nanos } = stub.getTxTimestamp();
      return { seconds: seconds.toNumber(), nanos, date: stub.getDateTimestamp().toISOString() };
    };
    expect(await net.evaluate(mall1, stamp)).toEqual({
      seconds: Date.parse('2026-03-01T10:00:00Z') / 1000,
      nanos: 250_000_000,
      date: '2026-03-01T10:00:00.250Z',
    });
    net.advanceTime(60_000);
    expect((await net.evaluate(mall1, stamp)).date).toBe('2026-03-01T10:01:00.250Z');
    const timestamp = new Date('2027-01-01T00:00:00Z');
    expect((await net.evaluate({ ...mall1, timestamp }, stamp)).date).toBe(timestamp.toISOString());
  });

  it('exposes channel, peer org (overridable), transient data and client identity', async () => {
    const net = network();
    const caller = {
      mspId: 'Parking1MSP',
      commonName: 'operator7',
      attributes: { role: 'operator' },
      transient: { personal: bytes('secret') },
    };
    const view = await net.evaluate(caller, ({ stub, clientIdentity: id }) => ({
      channel: stub.getChannelID(),
      peer: stub.getMspID(),
      transient: text(stub.getTransient().get('personal')),
      msp: id.getMSPID(),
      id: id.getID(),
      idBytes: text(id.getIDBytes()),
      role: id.getAttributeValue('role'),
      missing: id.getAttributeValue('nope'),
      isOperator: id.assertAttributeValue('role', 'operator'),
      isAdmin: id.assertAttributeValue('role', 'admin'),
    }));
    expect(view).toEqual({
      channel: 'mychannel',
      peer: 'Parking1MSP',
      transient: 'secret',
      msp: 'Parking1MSP',
      id: expect.stringMatching(/^x509::.*CN=operator7::.*Parking1MSP/),
      idBytes: view.id,
      role: 'operator',
      missing: null,
      isOperator: true,
      isAdmin: false,
    });
    const peer = await net.evaluate({ ...caller, peerMspId: 'Mall1MSP' }, ({ stub }) =>
      stub.getMspID(),
    );
    expect(peer).toBe('Mall1MSP');
  });

  it('rejects orgs outside the network and unsupported stub methods', async () => {
    const net = network();
    await expect(net.submit({ mspId: 'EvilMSP' }, () => 1)).rejects.toThrow(/not an org/);
    await expect(net.evaluate(parking1, ({ stub }) => stub.getArgs())).rejects.toThrow(
      'getArgs is not supported by FakeFabric',
    );
  });
});

describe('reads never see the transaction’s own writes', () => {
  it('returns the committed value, or an empty buffer, after putState and deleteState', async () => {
    const net = network();
    await net.submit(parking1, put('a', 'committed'));
    const seen = await net.submit(parking1, async ({ stub }) => {
      await stub.putState('a', bytes('mine'));
      await stub.putState('b', bytes('mine'));
      await stub.deleteState('a');
      return { a: text(await stub.getState('a')), b: await stub.getState('b') };
    });
    expect(seen.a).toBe('committed');
    expect(seen.b).toBeInstanceOf(Uint8Array);
    expect(seen.b).toHaveLength(0);
    expect(net.rawState('a')).toBeUndefined();
    expect(text(net.rawState('b'))).toBe('mine');
  });

  it('does not include the transaction’s own writes in range or private queries', async () => {
    const net = network();
    const seen = await net.submit(mall1, async ({ stub }) => {
      await stub.putState('k1', bytes('x'));
      await stub.putPrivateData(PAIR, 'p1', bytes('x'));
      return {
        range: await collect(stub.getStateByRange('', '')),
        private: await stub.getPrivateData(PAIR, 'p1'),
      };
    });
    expect(seen).toEqual({ range: [], private: Buffer.alloc(0) });
    expect(text(net.rawPrivateState(PAIR, 'p1'))).toBe('x');
  });
});

describe('commit and rollback', () => {
  it('applies nothing from a transaction that throws, and rethrows its error', async () => {
    const net = network();
    await net.submit(parking1, put('a', 'before'));
    const failure = new Error('insufficient points');
    const attempt = net.submit(parking1, async ({ stub }) => {
      await stub.putState('a', bytes('after'));
      await stub.putState('b', bytes('new'));
      await stub.putPrivateData(PAIR, 'p', bytes('new'));
      stub.setEvent('Changed', bytes('{}'));
      throw failure;
    });
    await expect(attempt).rejects.toBe(failure);
    expect(net.stateKeys()).toEqual(['a']);
    expect(text(net.rawState('a'))).toBe('before');
    expect(net.privateKeys(PAIR)).toEqual([]);
    expect(net.events).toEqual([]);
  });

  it('never commits an evaluated transaction', async () => {
    const net = network();
    const result = await net.evaluate(parking1, async ({ stub }) => {
      await stub.putState('a', bytes('x'));
      stub.setEvent('Changed', bytes('{}'));
      return 'done';
    });
    expect(result).toBe('done');
    expect(net.stateKeys()).toEqual([]);
    expect(net.events).toEqual([]);
    expect(net.blockHeight).toBe(0);
  });

  it('treats putState of an empty value as a delete, as Fabric does', async () => {
    const net = network();
    await net.submit(parking1, put('a', 'x'));
    await net.submit(parking1, ({ stub }) => stub.putState('a', new Uint8Array()));
    expect(net.stateKeys()).toEqual([]);
  });

  it('keeps one event per transaction, the last set, and only from valid ones', async () => {
    const net = network();
    const txId = await net.submit(parking1, ({ stub }) => {
      stub.setEvent('First', bytes('1'));
      stub.setEvent('Second', bytes('2'));
      return stub.getTxID();
    });
    expect(net.events).toEqual([{ txId, name: 'Second', payload: bytes('2') }]);
    await expect(
      net.evaluate(parking1, ({ stub }) => stub.setEvent('', bytes(''))),
    ).rejects.toThrow('Event name must be a non-empty string');
  });
});

describe('MVCC validation of a block', () => {
  it('invalidates the second of two transactions that read and write the same key', async () => {
    const net = network();
    await net.submit(parking1, put('balance', '10'));
    const endorsed = await Promise.all([
      net.endorse(parking1, increment('balance')),
      net.endorse(parking1, increment('balance')),
    ]);
    const [first, second] = net.commitBlock(endorsed);
    expect(first).toMatchObject({ validationCode: 'VALID', result: 11 });
    expect(second).toEqual({ txId: endorsed[1]?.txId, validationCode: 'MVCC_READ_CONFLICT' });
    expect(text(net.rawState('balance'))).toBe('11');
  });

  it('records each block with its transactions, invalid ones included, and announces it', async () => {
    const net = network();
    const announced: number[] = [];
    net.onBlock((block) => announced.push(block.number));
    await net.submit(mall1, async ({ stub }) => {
      await stub.putState('balance', bytes('1'));
      stub.setEvent('Seeded', bytes('{"n":1}'));
    });
    const endorsed = await Promise.all([
      net.endorse(parking1, increment('balance')),
      net.endorse(parking2, increment('balance')),
      net.endorse(parking2, () => Promise.reject(new Error('refused'))),
    ]);
    net.commitBlock(endorsed);
    expect(announced).toEqual([1, 2]);
    const [seeded, contested] = net.blocks;
    expect(seeded?.transactions).toEqual([
      expect.objectContaining({
        creatorMspId: 'Mall1MSP',
        validationCode: 'VALID',
        event: { name: 'Seeded', payload: bytes('{"n":1}') },
      }),
    ]);
    // An endorsement failure is never submitted, so it is in no block.
    expect(contested?.transactions.map((tx) => [tx.creatorMspId, tx.validationCode])).toEqual([
      ['Parking1MSP', 'VALID'],
      ['Parking2MSP', 'MVCC_READ_CONFLICT'],
    ]);
  });

  it('validates transactions on disjoint keys independently', async () => {
    const net = network();
    const endorsed = await Promise.all(
      ['m1', 'm2', 'm3'].map((key) => net.endorse(parking1, increment(key))),
    );
    const outcomes = net.commitBlock(endorsed);
    expect(outcomes.map((outcome) => outcome.validationCode)).toEqual(['VALID', 'VALID', 'VALID']);
    expect(net.stateKeys()).toEqual(['m1', 'm2', 'm3']);
  });

  it('detects a conflict on a key that was absent when read', async () => {
    const net = network();
    const reader = await net.endorse(parking1, async ({ stub }) => {
      if ((await stub.getState('member')).length === 0) {
        await stub.putState('member', bytes('created by reader'));
      }
    });
    const creator = await net.endorse(parking1, put('member', 'created by creator'));
    const outcomes = net.commitBlock([creator, reader]);
    expect(outcomes.map((outcome) => outcome.validationCode)).toEqual([
      'VALID',
      'MVCC_READ_CONFLICT',
    ]);
    expect(text(net.rawState('member'))).toBe('created by creator');
  });

  it('detects a conflict when an earlier transaction in the block deleted a key already absent', async () => {
    const net = network();
    const reader = await net.endorse(parking1, increment('member'));
    const deleter = await net.endorse(parking1, ({ stub }) => stub.deleteState('member'));
    const outcomes = net.commitBlock([deleter, reader]);
    expect(outcomes.map((outcome) => outcome.validationCode)).toEqual([
      'VALID',
      'MVCC_READ_CONFLICT',
    ]);
  });

  it('checks endorsements against blocks committed after them', async () => {
    const net = network();
    const stale = await net.endorse(parking1, increment('balance'));
    await net.submit(parking2, increment('balance'));
    expect(net.commitBlock([stale])[0]?.validationCode).toBe('MVCC_READ_CONFLICT');
  });

  it('makes concurrent submits on one key fail with a CommitError', async () => {
    const net = network();
    const results = await Promise.allSettled([
      net.submit(parking1, increment('balance')),
      net.submit(parking1, increment('balance')),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((result) => result.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(CommitError);
    expect(rejected?.reason).toMatchObject({ validationCode: 'MVCC_READ_CONFLICT' });
  });

  it('flags a range whose results changed as a phantom read', async () => {
    const net = network();
    await net.submit(parking1, put('tx:1', 'a'));
    const total = async ({ stub }: Context) => {
      const keys = await collect(stub.getStateByRange('tx:', 'tx;'));
      await stub.putState('summary', bytes(String(keys.length)));
    };
    const insertInRange = [
      await net.endorse(mall1, put('tx:2', 'b')),
      await net.endorse(mall1, total),
    ];
    expect(net.commitBlock(insertInRange).map((o) => o.validationCode)).toEqual([
      'VALID',
      'PHANTOM_READ_CONFLICT',
    ]);
    const deleteInRange = [
      await net.endorse(mall1, ({ stub }) => stub.deleteState('tx:1')),
      await net.endorse(mall1, total),
    ];
    expect(net.commitBlock(deleteInRange).map((o) => o.validationCode)).toEqual([
      'VALID',
      'PHANTOM_READ_CONFLICT',
    ]);
    const writeOutsideRange = [
      await net.endorse(mall1, put('ty:1', 'c')),
      await net.endorse(mall1, total),
    ];
    expect(net.commitBlock(writeOutsideRange).map((o) => o.validationCode)).toEqual([
      'VALID',
      'VALID',
    ]);
    expect(net.rawState('summary')?.toString()).toBe('1');
  });

  it('flags a partial composite key query whose object type gained a key', async () => {
    const net = network();
    const count = async ({ stub }: Context) => {
      const keys = await collect(stub.getStateByPartialCompositeKey('member', ['Parking1MSP']));
      await stub.putState('count', bytes(String(keys.length)));
    };
    const addMember = ({ stub }: Context) =>
      stub.putState(stub.createCompositeKey('member', ['Parking1MSP', 'alice']), bytes('{}'));
    const addOther = ({ stub }: Context) =>
      stub.putState(stub.createCompositeKey('member', ['Parking2MSP', 'bob']), bytes('{}'));
    const unrelated = [await net.endorse(parking2, addOther), await net.endorse(parking1, count)];
    expect(net.commitBlock(unrelated).map((o) => o.validationCode)).toEqual(['VALID', 'VALID']);
    const related = [await net.endorse(parking1, addMember), await net.endorse(parking1, count)];
    expect(net.commitBlock(related).map((o) => o.validationCode)).toEqual([
      'VALID',
      'PHANTOM_READ_CONFLICT',
    ]);
  });

  it('applies nothing from an invalid transaction and reports failed endorsements', async () => {
    const net = network();
    const reader = await net.endorse(mall1, async ({ stub }) => {
      await stub.getState('balance');
      await stub.putState('other', bytes('x'));
      await stub.putPrivateData(PAIR, 'p', bytes('x'));
      stub.setEvent('Read', bytes(''));
    });
    const failure = new Error('boom');
    const failing = await net.endorse(mall1, () => {
      throw failure;
    });
    const writer = await net.endorse(mall1, put('balance', '1'));
    const outcomes = net.commitBlock([writer, failing, reader]);
    expect(outcomes.map((o) => o.validationCode)).toEqual([
      'VALID',
      'ENDORSEMENT_ERROR',
      'MVCC_READ_CONFLICT',
    ]);
    expect(outcomes[1]?.error).toBe(failure);
    expect(net.stateKeys()).toEqual(['balance']);
    expect(net.privateKeys(PAIR)).toEqual([]);
    expect(net.events).toEqual([]);
  });

  it('rejects a transaction committed twice as a duplicate', async () => {
    const net = network();
    const endorsement = await net.endorse(parking1, put('a', '1'));
    expect(net.commitBlock([endorsement])[0]?.validationCode).toBe('VALID');
    expect(net.commitBlock([endorsement])[0]?.validationCode).toBe('DUPLICATE_TXID');
  });
});

describe('range queries and composite keys', () => {
  it('builds and splits composite keys in Fabric’s exact format', async () => {
    const net = network();
    const result = await net.evaluate(parking1, ({ stub }) => {
      const key = stub.createCompositeKey('member', ['Parking1MSP', 'alice']);
      return { key, split: stub.splitCompositeKey(key), simple: stub.splitCompositeKey('plain') };
    });
    expect(result).toEqual({
      key: '\u0000member\u0000Parking1MSP\u0000alice\u0000',
      split: { objectType: 'member', attributes: ['Parking1MSP', 'alice'] },
      simple: { objectType: null, attributes: [] },
    });
    await expect(
      net.evaluate(parking1, ({ stub }) => stub.createCompositeKey('member', ['a', ''])),
    ).rejects.toThrow('object type or attribute not a non-zero length string');
  });

  it('excludes composite keys from getStateByRange and other types from partial key queries', async () => {
    const net = network();
    await net.submit(parking1, async ({ stub }) => {
      for (const key of ['b', 'a', 'c']) {
        await stub.putState(key, bytes(key));
      }
      await stub.putState(stub.createCompositeKey('member', ['x']), bytes('m'));
      await stub.putState(stub.createCompositeKey('members', ['x']), bytes('ms'));
      await stub.putState(stub.createCompositeKey('memberX', ['x']), bytes('mx'));
    });
    const seen = await net.evaluate(parking1, async ({ stub }) => ({
      all: await collect(stub.getStateByRange('', '')),
      bounded: await collect(stub.getStateByRange('a', 'c')),
      members: await collect(stub.getStateByPartialCompositeKey('member', [])),
    }));
    expect(seen).toEqual({
      all: ['a', 'b', 'c'],
      bounded: ['a', 'b'],
      members: ['\u0000member\u0000x\u0000'],
    });
    await expect(
      net.evaluate(parking1, ({ stub }) => stub.getStateByRange('\u0000member', '')),
    ).rejects.toThrow('contains a null character');
  });

  it('supports both the next()/close() and the for-await style of iteration', async () => {
    const net = network();
    await net.submit(parking1, async ({ stub }) => {
      await stub.putState('a', bytes('1'));
      await stub.putState('b', bytes('2'));
    });
    const manual = await net.evaluate(parking1, async ({ stub }) => {
      const iterator = await stub.getStateByRange('', '');
      const results: Iterators.KV[] = [];
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        results.push(next.value);
      }
      await iterator.close();
      return results;
    });
    expect(manual).toEqual([
      { namespace: 'points', key: 'a', value: bytes('1') },
      { namespace: 'points', key: 'b', value: bytes('2') },
    ]);
    const looped = await net.evaluate(parking1, async ({ stub }) => {
      const results: Iterators.KV[] = [];
      for await (const kv of stub.getStateByRange('', '')) {
        results.push(kv);
      }
      return results;
    });
    expect(looped).toEqual(manual);
  });
});

describe('private data', () => {
  const store =
    (collection: string, key: string, value: string) =>
    async ({ stub }: Context) =>
      stub.putPrivateData(collection, key, bytes(value));
  const read =
    (collection: string, key: string) =>
    async ({ stub }: Context) =>
      text(await stub.getPrivateData(collection, key));
  const hash =
    (collection: string, key: string) =>
    async ({ stub }: Context) =>
      Buffer.from(await stub.getPrivateDataHash(collection, key)).toString('hex');

  it('declares an implicit collection for every org, readable on that org’s peer', async () => {
    const net = network();
    for (const mspId of ['Parking1MSP', 'Parking2MSP', 'Mall1MSP', 'Mall2MSP']) {
      const collection = implicitCollectionName(mspId);
      await net.submit({ mspId }, store(collection, 'k', mspId));
      expect(await net.evaluate({ mspId }, read(collection, 'k'))).toBe(mspId);
    }
    expect(implicitCollectionName('Mall1MSP')).toBe('_implicit_org_Mall1MSP');
  });

  it('serves the sha256 of a value to every org', async () => {
    const net = network();
    await net.submit(mall1, store(PAIR, 'deal', 'secret terms'));
    const expected = createHash('sha256').update('secret terms').digest('hex');
    expect(await net.evaluate(mall2, hash(PAIR, 'deal'))).toBe(expected);
    expect(await net.evaluate(parking2, hash(implicitCollectionName('Mall1MSP'), 'none'))).toBe('');
  });

  it('refuses reads by clients of non-member orgs when memberOnlyRead is set', async () => {
    const net = network();
    await net.submit(mall1, store(PAIR, 'deal', 'x'));
    await expect(net.evaluate(mall2, read(PAIR, 'deal'))).rejects.toThrow(
      `tx creator does not have read access permission on privatedata in chaincodeName:points collectionName: ${PAIR}`,
    );
    expect(await net.evaluate(parking1, read(PAIR, 'deal'))).toBe('x');
  });

  it('has no private values on a non-member peer', async () => {
    const net = network();
    const mall1Data = implicitCollectionName('Mall1MSP');
    await net.submit(mall1, store(mall1Data, 'present', 'x'));
    const onParkingPeer = { ...mall1, peerMspId: 'Parking1MSP' };
    expect(await net.evaluate(onParkingPeer, read(mall1Data, 'absent'))).toBe('');
    await expect(net.evaluate(onParkingPeer, read(mall1Data, 'present'))).rejects.toThrow(
      'private data matching public hash version is not available',
    );
    const listed = await net.evaluate(onParkingPeer, ({ stub }) =>
      collect(stub.getPrivateDataByRange(mall1Data, '', '')),
    );
    expect(listed).toEqual([]);
    // Writing from a non-member peer is allowed: the data goes to the members' peers.
    await net.submit(onParkingPeer, store(mall1Data, 'written', 'y'));
    expect(await net.evaluate(mall1, read(mall1Data, 'written'))).toBe('y');
  });

  it('refuses writes by non-members when memberOnlyWrite is set', async () => {
    const net = new FakeFabric({
      orgs: ['Mall1MSP', 'Mall2MSP'],
      collections: [{ name: 'strict', members: ['Mall1MSP'], memberOnlyWrite: true }],
    });
    await expect(net.submit(mall2, store('strict', 'k', 'v'))).rejects.toThrow(
      'tx creator does not have write access permission',
    );
    await net.submit(mall1, store('strict', 'k', 'v'));
    expect(net.privateKeys('strict')).toEqual(['k']);
  });

  it('conflicts on private reads like on public ones', async () => {
    const net = network();
    const bump = async ({ stub }: Context) => {
      const current = Number(text(await stub.getPrivateData(PAIR, 'n')) || '0');
      await stub.putPrivateData(PAIR, 'n', bytes(String(current + 1)));
    };
    const endorsed = [await net.endorse(mall1, bump), await net.endorse(parking1, bump)];
    expect(net.commitBlock(endorsed).map((o) => o.validationCode)).toEqual([
      'VALID',
      'MVCC_READ_CONFLICT',
    ]);
    expect(text(net.rawPrivateState(PAIR, 'n'))).toBe('1');
  });

  it('allows private range queries only in read-only transactions', async () => {
    const net = network();
    await net.submit(mall1, async ({ stub }) => {
      await stub.putPrivateData(PAIR, stub.createCompositeKey('deal', ['1']), bytes('a'));
      await stub.putPrivateData(PAIR, stub.createCompositeKey('other', ['1']), bytes('b'));
      await stub.putPrivateData(PAIR, 'plain', bytes('c'));
    });
    const listed = await net.evaluate(mall1, async ({ stub }) => ({
      deals: await collect(stub.getPrivateDataByPartialCompositeKey(PAIR, 'deal', [])),
      plain: await collect(stub.getPrivateDataByRange(PAIR, '', '')),
    }));
    expect(listed).toEqual({ deals: ['\u0000deal\u00001\u0000'], plain: ['plain'] });
    await expect(
      net.submit(mall1, async ({ stub }) => {
        await stub.putState('x', bytes('1'));
        await collect(stub.getPrivateDataByRange(PAIR, '', ''));
      }),
    ).rejects.toThrow('Queries on pvt data is supported only in a read-only transaction');
    await expect(
      net.submit(mall1, async ({ stub }) => {
        await collect(stub.getPrivateDataByRange(PAIR, '', ''));
        await stub.putState('x', bytes('1'));
      }),
    ).rejects.toThrow('Transaction has already performed queries on pvt data');
  });

  it('rejects undeclared collections and never stores transient data', async () => {
    const net = network();
    await expect(net.evaluate(mall1, read('nope', 'k'))).rejects.toThrow(
      'collection [nope] not defined',
    );
    await net.submit({ ...mall1, transient: { personal: bytes('phone') } }, ({ stub }) =>
      stub.putPrivateData(PAIR, 'k', stub.getTransient().get('personal') ?? bytes('')),
    );
    expect(await net.evaluate(mall1, ({ stub }) => stub.getTransient().size)).toBe(0);
    expect(net.stateKeys()).toEqual([]);
    expect(net.privateKeys(PAIR)).toEqual(['k']);
  });
});

describe('history', () => {
  it('returns every committed modification, newest first, with txId, time and deletes', async () => {
    const net = network();
    const start = Date.parse('2026-01-01T00:00:00Z') / 1000;
    net.setTime(new Date(start * 1000));
    const write =
      (value: string | null) =>
      async ({ stub }: Context) => {
        await (value === null ? stub.deleteState('a') : stub.putState('a', bytes(value)));
        return stub.getTxID();
      };
    const created = await net.submit(parking1, write('v1'));
    net.advanceTime(1500);
    const updated = await net.submit(parking1, write('v2'));
    await expect(
      net.submit(parking1, async (ctx) => {
        await write('lost')(ctx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    net.advanceTime(1500);
    const deleted = await net.submit(parking1, write(null));
    const history = await net.evaluate(parking1, async ({ stub }) => {
      const entries = [];
      for await (const entry of stub.getHistoryForKey('a')) {
        entries.push({ ...entry, value: text(entry.value) });
      }
      return entries;
    });
    expect(history).toEqual([
      { txId: deleted, isDelete: true, value: '', timestamp: { seconds: start + 3, nanos: 0 } },
      {
        txId: updated,
        isDelete: false,
        value: 'v2',
        timestamp: { seconds: start + 1, nanos: 5e8 },
      },
      { txId: created, isDelete: false, value: 'v1', timestamp: { seconds: start, nanos: 0 } },
    ]);
  });
});

describe('key-level endorsement', () => {
  const policy = bytes('OR(Mall1MSP.peer)');
  const setPolicy =
    (key: string) =>
    async ({ stub }: Context) =>
      stub.setStateValidationParameter(key, policy);
  const readPolicy =
    (key: string) =>
    async ({ stub }: Context) =>
      text(await stub.getStateValidationParameter(key));

  it('stores the validation parameter per key at commit and keeps it across value writes', async () => {
    const net = network();
    await net.submit(mall1, put('k', 'v'));
    const inSameTx = await net.submit(mall1, async (ctx) => {
      await setPolicy('k')(ctx);
      return readPolicy('k')(ctx);
    });
    expect(inSameTx).toBeUndefined();
    expect(net.validationParameter('k')).toEqual(policy);
    expect(await net.evaluate(mall1, readPolicy('k'))).toBe(policy.toString());
    await net.submit(mall1, put('k', 'v2'));
    expect(net.validationParameter('k')).toEqual(policy);
    await net.submit(mall1, ({ stub }) => stub.deleteState('k'));
    expect(net.validationParameter('k')).toBeUndefined();
  });

  it('drops a parameter set on an absent key and re-versions an existing one', async () => {
    const net = network();
    await net.submit(mall1, setPolicy('absent'));
    expect(net.stateKeys()).toEqual([]);
    await net.submit(mall1, put('k', 'v'));
    const reader = await net.endorse(mall1, async ({ stub }) => {
      await stub.putState('copy', await stub.getState('k'));
    });
    const setter = await net.endorse(mall1, setPolicy('k'));
    expect(net.commitBlock([setter, reader]).map((o) => o.validationCode)).toEqual([
      'VALID',
      'MVCC_READ_CONFLICT',
    ]);
    expect(text(net.rawState('k'))).toBe('v');
  });
});
