import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { implicitCollection } from '../ledger/collections';
import { MALL1, PARKING1, PARKING2, TestAlliance } from '../test-support/alliance';

const HOUR = 3_600_000;

function receipt(orderRef: string) {
  return {
    orderRef,
    purchaseAmountMinor: 1250,
    currency: 'EUR',
    store: 'Lot A',
    plate: 'AB-123-CD',
    salt: `salt-${orderRef}-0123456789`,
  };
}

function hashOf(value: unknown): string {
  return createHash('sha256')
    .update(canonicalize(value) as string)
    .digest('hex');
}

async function setup() {
  const alliance = await TestAlliance.create();
  const ada = await alliance.registerMember(PARKING1, 'ada');
  const bob = await alliance.registerMember(PARKING2, 'bob');
  return { alliance, ada, bob };
}

describe('earn', () => {
  it('credits the member and is idempotent on the order reference', async () => {
    const { alliance, ada } = await setup();
    const request = {
      memberId: ada.id,
      orderRef: 'order-1',
      points: 40,
      receiptHash: 'b'.repeat(64),
    };
    const first = await alliance.submit(PARKING1, 'points', 'earn', request);
    const events = alliance.net.events.length;
    const again = await alliance.submit(PARKING1, 'points', 'earn', request);
    expect(again).toEqual(first);
    expect(alliance.net.events).toHaveLength(events);
    expect(await alliance.balance(ada.id, 'PARK1')).toMatchObject({ available: 40, total: 40 });
    expect(await alliance.supply('PARK1')).toMatchObject({ issued: 40, outstanding: 40 });
    await expect(
      alliance.submit(PARKING1, 'points', 'earn', { ...request, points: 41 }),
    ).rejects.toThrow(/DUPLICATE_REFERENCE/);
  });

  it('credits only the caller’s own token, to registered members, in whole positive points', async () => {
    const { alliance, ada } = await setup();
    const earn = (points: unknown) =>
      alliance.submit(PARKING1, 'points', 'earn', {
        memberId: ada.id,
        orderRef: 'o',
        points,
        receiptHash: 'b'.repeat(64),
      });
    for (const bad of [0, -5, 1.5, 1e13, '10', null])
      await expect(earn(bad)).rejects.toThrow(/VALIDATION/);
    await expect(alliance.earn(PARKING1, 'nobody', 5)).rejects.toThrow(/NOT_FOUND/);
    await expect(
      alliance.submit(PARKING1, 'points', 'earn', {
        memberId: ada.id,
        orderRef: 'o',
        points: 5,
        receiptHash: 'b'.repeat(64),
        extra: true,
      }),
    ).rejects.toThrow(/VALIDATION.*extra/);
    expect(await alliance.supply('PARK1')).toMatchObject({ issued: 0 });
  });

  it('keeps pending points unspendable until their date and expired points unspendable after', async () => {
    const { alliance, ada, bob } = await setup();
    const now = alliance.now.getTime();
    await alliance.earn(PARKING1, ada.id, 30, {
      pendingUntil: new Date(now + 2 * HOUR).toISOString(),
    });
    await alliance.earn(PARKING1, ada.id, 20, {
      expiresAt: new Date(now + 4 * HOUR).toISOString(),
    });
    expect(await alliance.balance(ada.id, 'PARK1')).toMatchObject({
      available: 20,
      pending: 30,
      expired: 0,
    });
    const tooMuch = ada.sign('transfer', { symbol: 'PARK1', to: bob.id, points: 21 }, alliance.now);
    await expect(alliance.submit(PARKING1, 'points', 'transfer', tooMuch)).rejects.toThrow(
      /INSUFFICIENT_BALANCE/,
    );

    alliance.net.advanceTime(3 * HOUR);
    expect(await alliance.balance(ada.id, 'PARK1')).toMatchObject({ available: 50, pending: 0 });
    alliance.net.advanceTime(2 * HOUR);
    expect(await alliance.balance(ada.id, 'PARK1')).toMatchObject({
      available: 30,
      expired: 20,
      total: 50,
    });

    const expired = await alliance.submit(PARKING1, 'points', 'expirePoints', { memberId: ada.id });
    expect(expired).toMatchObject({ expired: 20 });
    expect(await alliance.balance(ada.id, 'PARK1')).toMatchObject({
      available: 30,
      expired: 0,
      total: 30,
    });
    expect(await alliance.supply('PARK1')).toMatchObject({
      issued: 50,
      redeemed: 20,
      outstanding: 30,
    });
    await expect(
      alliance.submit(PARKING1, 'points', 'expirePoints', { memberId: ada.id }),
    ).rejects.toThrow(/INVALID_STATE/);
  });

  it('refuses dates that make no sense', async () => {
    const { alliance, ada } = await setup();
    const past = new Date(alliance.now.getTime() - HOUR).toISOString();
    await expect(alliance.earn(PARKING1, ada.id, 5, { expiresAt: past })).rejects.toThrow(
      /VALIDATION.*future/,
    );
    const later = new Date(alliance.now.getTime() + 2 * HOUR).toISOString();
    const sooner = new Date(alliance.now.getTime() + HOUR).toISOString();
    await expect(
      alliance.earn(PARKING1, ada.id, 5, { pendingUntil: later, expiresAt: sooner }),
    ).rejects.toThrow(/pendingUntil must be before expiresAt/);
    await expect(alliance.earn(PARKING1, ada.id, 5, { expiresAt: 'tomorrow' })).rejects.toThrow(
      /VALIDATION/,
    );
  });
});

describe('receipts', () => {
  it('stores a batch privately and matches each earn’s public hash', async () => {
    const { alliance, ada } = await setup();
    const receipts = [receipt('order-1'), receipt('order-2')];
    for (const r of receipts) {
      await alliance.submit(PARKING1, 'points', 'earn', {
        memberId: ada.id,
        orderRef: r.orderRef,
        points: 10,
        receiptHash: hashOf(r),
      });
    }
    const publicBefore = alliance.net.stateKeys();
    const { stored, rejected } = await alliance.submit<{
      stored: { orderRef: string; receiptHash: string }[];
      rejected: unknown[];
    }>(PARKING1, 'points', 'storeReceipts', undefined, { transient: { receipts } });
    expect(stored.map((s) => s.receiptHash)).toEqual(receipts.map(hashOf));
    expect(rejected).toEqual([]);
    expect(alliance.net.stateKeys()).toEqual(publicBefore);
    expect(alliance.net.privateKeys(implicitCollection(PARKING1))).toEqual(
      expect.arrayContaining(['receipt:order-1', 'receipt:order-2']),
    );
    const verify = (orderRef: string) =>
      alliance.evaluate(MALL1, 'points', 'verifyReceipt', { symbol: 'PARK1', orderRef });
    expect(await verify('order-1')).toEqual({ orderRef: 'order-1', stored: true, matches: true });
  });

  it('stores only receipts that match their earn, and reports the others', async () => {
    const { alliance, ada } = await setup();
    await alliance.submit(PARKING1, 'points', 'earn', {
      memberId: ada.id,
      orderRef: 'order-1',
      points: 10,
      receiptHash: hashOf(receipt('order-1')),
    });
    const verify = () =>
      alliance.evaluate(MALL1, 'points', 'verifyReceipt', { symbol: 'PARK1', orderRef: 'order-1' });
    expect(await verify()).toEqual({ orderRef: 'order-1', stored: false, matches: false });
    const altered = { ...receipt('order-1'), purchaseAmountMinor: 99 };
    const outcome = await alliance.submit(PARKING1, 'points', 'storeReceipts', undefined, {
      transient: { receipts: [altered, receipt('order-404')] },
    });
    expect(outcome).toEqual({
      stored: [],
      rejected: [
        { orderRef: 'order-1', reason: "does not match the earn's receipt hash" },
        { orderRef: 'order-404', reason: 'no earn with this orderRef' },
      ],
    });
    expect(await verify()).toEqual({ orderRef: 'order-1', stored: false, matches: false });
    await alliance.submit(PARKING1, 'points', 'storeReceipts', undefined, {
      transient: { receipts: [receipt('order-1')] },
    });
    expect(await verify()).toEqual({ orderRef: 'order-1', stored: true, matches: true });
  });

  it('refuses a malformed batch without writing any of it', async () => {
    const { alliance } = await setup();
    const batch = [receipt('order-1'), { ...receipt('order-2'), currency: 'euros' }];
    await expect(
      alliance.submit(PARKING1, 'points', 'storeReceipts', undefined, {
        transient: { receipts: batch },
      }),
    ).rejects.toThrow(/VALIDATION/);
    await expect(alliance.submit(PARKING1, 'points', 'storeReceipts')).rejects.toThrow(
      /transient field "receipts"/,
    );
    expect(alliance.net.privateKeys(implicitCollection(PARKING1))).not.toContain('receipt:order-1');
  });
});

describe('reverse an earn', () => {
  it('takes back up to what the earn credited, once per refund reference', async () => {
    const { alliance, ada } = await setup();
    await alliance.submit(PARKING1, 'points', 'earn', {
      memberId: ada.id,
      orderRef: 'order-1',
      points: 50,
      receiptHash: 'b'.repeat(64),
    });
    const refund = { orderRef: 'order-1', refundRef: 'refund-1', points: 30 };
    const first = await alliance.submit(PARKING1, 'points', 'reverseEarn', refund);
    expect(await alliance.submit(PARKING1, 'points', 'reverseEarn', refund)).toEqual(first);
    expect(await alliance.balance(ada.id, 'PARK1')).toMatchObject({ available: 20 });
    await expect(
      alliance.submit(PARKING1, 'points', 'reverseEarn', {
        ...refund,
        refundRef: 'refund-2',
        points: 21,
      }),
    ).rejects.toThrow(/VALIDATION.*only 20 points/);
    await expect(
      alliance.submit(PARKING1, 'points', 'reverseEarn', { ...refund, points: 10 }),
    ).rejects.toThrow(/DUPLICATE_REFERENCE/);
    expect(
      await alliance.evaluate(MALL1, 'points', 'getEarn', { symbol: 'PARK1', orderRef: 'order-1' }),
    ).toMatchObject({ reversed: 30 });
    expect(await alliance.supply('PARK1')).toMatchObject({
      issued: 50,
      redeemed: 30,
      outstanding: 20,
    });
  });

  it('is refused when the member no longer holds the points, and by other merchants', async () => {
    const { alliance, ada, bob } = await setup();
    await alliance.submit(PARKING1, 'points', 'earn', {
      memberId: ada.id,
      orderRef: 'order-1',
      points: 50,
      receiptHash: 'b'.repeat(64),
    });
    await alliance.submit(
      PARKING1,
      'points',
      'transfer',
      ada.sign('transfer', { symbol: 'PARK1', to: bob.id, points: 45 }, alliance.now),
    );
    const refund = { orderRef: 'order-1', refundRef: 'refund-1', points: 10 };
    await expect(alliance.submit(PARKING1, 'points', 'reverseEarn', refund)).rejects.toThrow(
      /INSUFFICIENT_BALANCE.*holds 5/,
    );
    await expect(alliance.submit(PARKING2, 'points', 'reverseEarn', refund)).rejects.toThrow(
      /NOT_FOUND/,
    );
  });
});

describe('redeem and transfer', () => {
  it('redeems at the issuer with the member’s signature, once', async () => {
    const { alliance, ada } = await setup();
    await alliance.earn(PARKING1, ada.id, 100);
    const request = ada.sign(
      'redeem',
      { symbol: 'PARK1', points: 60, reference: 'till-7' },
      alliance.now,
    );
    await expect(alliance.submit(MALL1, 'points', 'redeem', request)).rejects.toThrow(
      /NOT_AUTHORIZED/,
    );
    const result = await alliance.submit(PARKING1, 'points', 'redeem', request);
    expect(result).toMatchObject({ available: 40, redeemed: 60 });
    await expect(alliance.submit(PARKING1, 'points', 'redeem', request)).rejects.toThrow(
      /REPLAYED_NONCE/,
    );
    expect(await alliance.supply('PARK1')).toMatchObject({
      issued: 100,
      redeemed: 60,
      outstanding: 40,
    });
  });

  it('refuses forged, tampered and expired requests and changes nothing', async () => {
    const { alliance, ada, bob } = await setup();
    await alliance.earn(PARKING1, ada.id, 100);
    const params = { symbol: 'PARK1', points: 10 };
    const byBob = { ...bob.sign('redeem', params, alliance.now), memberId: ada.id };
    await expect(alliance.submit(PARKING1, 'points', 'redeem', byBob)).rejects.toThrow(
      /BAD_SIGNATURE/,
    );
    const tampered = {
      ...ada.sign('redeem', params, alliance.now),
      params: { symbol: 'PARK1', points: 90 },
    };
    await expect(alliance.submit(PARKING1, 'points', 'redeem', tampered)).rejects.toThrow(
      /BAD_SIGNATURE/,
    );
    const expiring = ada.sign('redeem', params, alliance.now, {
      expiresAt: new Date(alliance.now.getTime() + 1000).toISOString(),
    });
    alliance.net.advanceTime(2000);
    await expect(alliance.submit(PARKING1, 'points', 'redeem', expiring)).rejects.toThrow(
      /EXPIRED_REQUEST/,
    );
    const tooLong = ada.sign('redeem', params, alliance.now, {
      expiresAt: new Date(alliance.now.getTime() + 48 * HOUR).toISOString(),
    });
    await expect(alliance.submit(PARKING1, 'points', 'redeem', tooLong)).rejects.toThrow(
      /VALIDATION.*24 hours/,
    );
    expect(await alliance.balance(ada.id, 'PARK1')).toMatchObject({ available: 100 });
    expect(await alliance.supply('PARK1')).toMatchObject({ redeemed: 0 });
  });

  it('transfers between members, keeping the points’ expiry', async () => {
    const { alliance, ada, bob } = await setup();
    const expiresAt = new Date(alliance.now.getTime() + 5 * HOUR).toISOString();
    await alliance.earn(PARKING1, ada.id, 10, { expiresAt });
    await alliance.earn(PARKING1, ada.id, 10);
    await alliance.submit(
      MALL1,
      'points',
      'transfer',
      ada.sign('transfer', { symbol: 'PARK1', to: bob.id, points: 15 }, alliance.now),
    );
    expect(await alliance.balance(ada.id, 'PARK1')).toMatchObject({ available: 5 });
    expect(await alliance.balance(bob.id, 'PARK1')).toMatchObject({ available: 15 });
    alliance.net.advanceTime(6 * HOUR);
    expect(await alliance.balance(bob.id, 'PARK1')).toMatchObject({ available: 5, expired: 10 });
    expect(await alliance.supply('PARK1')).toMatchObject({ outstanding: 20 });
  });

  it('refuses a transfer to oneself or to an unknown member', async () => {
    const { alliance, ada } = await setup();
    await alliance.earn(PARKING1, ada.id, 10);
    const toSelf = ada.sign('transfer', { symbol: 'PARK1', to: ada.id, points: 1 }, alliance.now);
    await expect(alliance.submit(PARKING1, 'points', 'transfer', toSelf)).rejects.toThrow(
      /VALIDATION.*oneself/,
    );
    const toNobody = ada.sign(
      'transfer',
      { symbol: 'PARK1', to: 'nobody', points: 1 },
      alliance.now,
    );
    await expect(alliance.submit(PARKING1, 'points', 'transfer', toNobody)).rejects.toThrow(
      /NOT_FOUND/,
    );
    expect(await alliance.balance(ada.id, 'PARK1')).toMatchObject({ available: 10 });
  });
});

describe('legacy points', () => {
  it('imports and exports idempotently on the app reference', async () => {
    const { alliance, ada } = await setup();
    const importing = { memberId: ada.id, appRef: 'app-1', points: 70 };
    const first = await alliance.submit(PARKING1, 'points', 'importLegacy', importing);
    expect(await alliance.submit(PARKING1, 'points', 'importLegacy', importing)).toEqual(first);
    await expect(
      alliance.submit(PARKING1, 'points', 'importLegacy', { ...importing, points: 71 }),
    ).rejects.toThrow(/DUPLICATE_REFERENCE/);
    expect(await alliance.balance(ada.id, 'PARK1')).toMatchObject({ available: 70 });

    const exporting = ada.sign(
      'export-legacy',
      { symbol: 'PARK1', appRef: 'app-2', points: 25 },
      alliance.now,
    );
    const exported = await alliance.submit(PARKING1, 'points', 'exportLegacy', exporting);
    expect(await alliance.submit(PARKING1, 'points', 'exportLegacy', exporting)).toEqual(exported);
    expect(await alliance.balance(ada.id, 'PARK1')).toMatchObject({ available: 45 });
    expect(await alliance.supply('PARK1')).toMatchObject({
      issued: 70,
      redeemed: 25,
      outstanding: 45,
    });
    await expect(alliance.submit(PARKING2, 'points', 'exportLegacy', exporting)).rejects.toThrow(
      /NOT_AUTHORIZED/,
    );
  });
});

describe('queries and audit', () => {
  it('lists a member’s balances and each balance’s history with transaction ids', async () => {
    const { alliance, ada } = await setup();
    await alliance.earn(PARKING1, ada.id, 10);
    await alliance.earn(PARKING2, ada.id, 5);
    await alliance.earn(PARKING1, ada.id, 1);
    const balances = await alliance.evaluate<{ symbol: string; available: number }[]>(
      MALL1,
      'points',
      'getBalances',
      { memberId: ada.id },
    );
    expect(balances.map((b) => [b.symbol, b.available])).toEqual([
      ['PARK1', 11],
      ['PARK2', 5],
    ]);
    const history = await alliance.evaluate<
      { txId: string; timestamp: string; value: { lots: unknown[] } }[]
    >(MALL1, 'alliance', 'getHistory', { kind: 'Balance', key: [ada.id, 'PARK1'] });
    expect(history).toHaveLength(2);
    for (const entry of history) expect(entry.txId).toMatch(/^[0-9a-f]{64}$/);
    await expect(
      alliance.evaluate(MALL1, 'alliance', 'getHistory', { kind: 'Balance', key: [ada.id] }),
    ).rejects.toThrow(/VALIDATION.*wrong number of parts/);
    await expect(
      alliance.evaluate(MALL1, 'alliance', 'getHistory', { kind: 'Nonce', key: [ada.id, 'x'] }),
    ).rejects.toThrow(/VALIDATION/);
  });

  it('emits exactly one event per mutating transaction', async () => {
    const { alliance, ada } = await setup();
    const before = alliance.net.events.length;
    await alliance.earn(PARKING1, ada.id, 10);
    await alliance.submit(
      PARKING1,
      'points',
      'redeem',
      ada.sign('redeem', { symbol: 'PARK1', points: 3 }, alliance.now),
    );
    expect(alliance.net.events.slice(before).map((e) => e.name)).toEqual(['Earned', 'Redeemed']);
  });
});
