import { MALL1, PARKING1, PARKING2, TestAlliance } from '../test-support/alliance';

async function setup() {
  const alliance = await TestAlliance.create();
  const ada = await alliance.registerMember(PARKING1, 'ada');
  const bob = await alliance.registerMember(PARKING2, 'bob');
  return { alliance, ada, bob };
}

const earnRequest = { memberId: 'ada', orderRef: 'o-1', points: 10, receiptHash: 'c'.repeat(64) };

describe('request ids', () => {
  it('make a repeated transfer return the first outcome instead of failing on its nonce', async () => {
    const { alliance, ada, bob } = await setup();
    await alliance.earn(PARKING1, ada.id, 100);
    const signed = ada.sign('transfer', { symbol: 'PARK1', to: bob.id, points: 30 }, alliance.now);
    const first = await alliance.submit(PARKING1, 'points', 'transfer', {
      ...signed,
      requestId: 'r-1',
    });
    const events = alliance.net.events.length;
    const again = await alliance.submit(PARKING1, 'points', 'transfer', {
      ...signed,
      requestId: 'r-1',
    });
    expect(again).toEqual(first);
    expect(alliance.net.events).toHaveLength(events);
    expect(await alliance.balance(bob.id, 'PARK1')).toMatchObject({ available: 30 });
    // Without the request id the same signed request is a replay.
    await expect(alliance.submit(PARKING1, 'points', 'transfer', signed)).rejects.toThrow(
      /REPLAYED_NONCE/,
    );
  });

  it('take a repeat placed on another treasury shard for the same request', async () => {
    // A gateway that crashed after the commit leases shards afresh when it comes back.
    const { alliance } = await setup();
    const first = await alliance.submit(PARKING1, 'points', 'earn', {
      ...earnRequest,
      shard: 1,
      requestId: 'r-1',
    });
    const events = alliance.net.events.length;
    const again = await alliance.submit(PARKING1, 'points', 'earn', {
      ...earnRequest,
      shard: 5,
      requestId: 'r-1',
    });
    expect(again).toEqual(first);
    expect(alliance.net.events).toHaveLength(events);
    expect(await alliance.supply('PARK1')).toMatchObject({ issued: 10 });
  });

  it('refuse a different request under a used id', async () => {
    const { alliance } = await setup();
    await alliance.submit(PARKING1, 'points', 'earn', { ...earnRequest, requestId: 'r-1' });
    await expect(
      alliance.submit(PARKING1, 'points', 'earn', {
        ...earnRequest,
        orderRef: 'o-2',
        requestId: 'r-1',
      }),
    ).rejects.toThrow(/DUPLICATE_REFERENCE.*request id r-1/);
    await expect(
      alliance.submit(PARKING1, 'points', 'reverseEarn', {
        orderRef: 'o-1',
        refundRef: 'f-1',
        points: 1,
        requestId: 'r-1',
      }),
    ).rejects.toThrow(/DUPLICATE_REFERENCE/);
    expect(await alliance.balance('ada', 'PARK1')).toMatchObject({ available: 10 });
  });

  it('are scoped to the calling org', async () => {
    const { alliance } = await setup();
    await alliance.submit(PARKING1, 'points', 'earn', { ...earnRequest, requestId: 'r-1' });
    await alliance.submit(MALL1, 'points', 'earn', { ...earnRequest, requestId: 'r-1' });
    expect(await alliance.balance('ada', 'MALL1')).toMatchObject({ available: 10 });
  });

  it('let only one of two concurrent repeats commit', async () => {
    const { alliance } = await setup();
    const run = TestAlliance.run({
      contract: 'points',
      fn: 'earn',
      args: [{ ...earnRequest, orderRef: 'o-9', requestId: 'r-9' }],
    });
    const endorsed = await Promise.all(
      [1, 2].map(() => alliance.net.endorse({ mspId: PARKING1 }, run)),
    );
    const outcomes = alliance.net.commitBlock(endorsed).map((outcome) => outcome.validationCode);
    expect(outcomes).toEqual(['VALID', 'MVCC_READ_CONFLICT']);
    expect(await alliance.balance('ada', 'PARK1')).toMatchObject({ available: 10 });
  });

  it('are validated like any other field', async () => {
    const { alliance } = await setup();
    await expect(
      alliance.submit(PARKING1, 'points', 'earn', { ...earnRequest, requestId: 'has spaces' }),
    ).rejects.toThrow(/VALIDATION/);
    await expect(
      alliance.submit(PARKING1, 'points', 'earn', { ...earnRequest, requestId: 7 }),
    ).rejects.toThrow(/VALIDATION/);
  });
});
