import { MALL1, PARKING1, PARKING2, TestAlliance } from '../test-support/alliance';
import { couponOf, defineCouponClass, issueCoupon, memberCall } from '../test-support/coupons';

const HOUR = 3_600_000;

async function setup() {
  const alliance = await TestAlliance.create();
  const ada = await alliance.registerMember(PARKING1, 'ada');
  const bob = await alliance.registerMember(MALL1, 'bob');
  await defineCouponClass(alliance, PARKING1);
  await defineCouponClass(alliance, MALL1, { classId: 'CASH-5', benefit: '5 EUR off' });
  const inAWeek = () => new Date(alliance.now.getTime() + 7 * 24 * HOUR).toISOString();
  const offer = (member: typeof ada, params: Record<string, unknown>) =>
    memberCall(alliance, member, 'createOffer', 'create-offer', {
      expiresAt: inAWeek(),
      ...params,
    });
  return { alliance, ada, bob, offer };
}

describe('swap offers', () => {
  it('swaps a coupon for points in one transaction, the coupon locked until then', async () => {
    const { alliance, ada, bob, offer } = await setup();
    const coupon = await issueCoupon(alliance, PARKING1, 'TWO-HOURS', ada);
    await offer(ada, {
      offerId: 'o1',
      give: { kind: 'coupon', couponId: coupon.id },
      want: { kind: 'points', symbol: 'MALL1', points: 30 },
    });
    expect(await couponOf(alliance, coupon.id)).toMatchObject({ state: 'locked' });
    const gift = await alliance.refusal(() =>
      memberCall(alliance, ada, 'giftCoupon', 'gift-coupon', { couponId: coupon.id, to: bob.id }),
    );
    expect(gift).toMatchObject({ code: 'INVALID_STATE', changed: [] });
    await alliance.earn(MALL1, bob.id, 40);
    const taken = await memberCall(alliance, bob, 'takeOffer', 'take-offer', { offerId: 'o1' });
    expect(taken).toMatchObject({ status: 'taken', takenBy: bob.id });
    expect(await couponOf(alliance, coupon.id)).toMatchObject({ owner: bob.id, state: 'active' });
    expect(await alliance.balance(ada.id, 'MALL1')).toMatchObject({ available: 30 });
    expect(await alliance.balance(bob.id, 'MALL1')).toMatchObject({ available: 10 });
    const again = await alliance.refusal(() =>
      memberCall(alliance, bob, 'takeOffer', 'take-offer', { offerId: 'o1' }),
    );
    expect(again.code).toBe('INVALID_STATE');
  });

  it('swaps points of one token for points of another, both legs or neither', async () => {
    const { alliance, ada, bob, offer } = await setup();
    await alliance.earn(PARKING1, ada.id, 100);
    await offer(ada, {
      offerId: 'o2',
      give: { kind: 'points', symbol: 'PARK1', points: 80 },
      want: { kind: 'points', symbol: 'MALL1', points: 60 },
    });
    expect(await alliance.balance(ada.id, 'PARK1')).toMatchObject({ available: 20, locked: 80 });
    // Locked points cannot be spent twice.
    const spend = await alliance.refusal(() =>
      alliance.submit(
        PARKING1,
        'points',
        'redeem',
        ada.sign('redeem', { symbol: 'PARK1', points: 21 }, alliance.now),
      ),
    );
    expect(spend).toMatchObject({ code: 'INSUFFICIENT_BALANCE', changed: [] });
    await alliance.earn(MALL1, bob.id, 59);
    const short = await alliance.refusal(() =>
      memberCall(alliance, bob, 'takeOffer', 'take-offer', { offerId: 'o2' }),
    );
    expect(short).toMatchObject({ code: 'INSUFFICIENT_BALANCE', changed: [] });
    await alliance.earn(MALL1, bob.id, 1);
    await memberCall(alliance, bob, 'takeOffer', 'take-offer', { offerId: 'o2' });
    expect(await alliance.balance(ada.id, 'PARK1')).toMatchObject({ locked: 0, total: 20 });
    expect(await alliance.balance(ada.id, 'MALL1')).toMatchObject({ available: 60 });
    expect(await alliance.balance(bob.id, 'PARK1')).toMatchObject({ available: 80 });
    expect(await alliance.balance(bob.id, 'MALL1')).toMatchObject({ total: 0 });
    expect(await alliance.supply('PARK1')).toMatchObject({ issued: 100, outstanding: 100 });
  });

  it('swaps a coupon for any coupon of the wanted class', async () => {
    const { alliance, ada, bob, offer } = await setup();
    const parking = await issueCoupon(alliance, PARKING1, 'TWO-HOURS', ada);
    const cash = await issueCoupon(alliance, MALL1, 'CASH-5', bob);
    await offer(ada, {
      offerId: 'o3',
      give: { kind: 'coupon', couponId: parking.id },
      want: { kind: 'coupon', classId: 'CASH-5' },
    });
    const without = await alliance.refusal(() =>
      memberCall(alliance, bob, 'takeOffer', 'take-offer', { offerId: 'o3' }),
    );
    expect(without.code).toBe('VALIDATION');
    await memberCall(alliance, bob, 'takeOffer', 'take-offer', {
      offerId: 'o3',
      couponId: cash.id,
    });
    expect(await couponOf(alliance, parking.id)).toMatchObject({ owner: bob.id });
    expect(await couponOf(alliance, cash.id)).toMatchObject({ owner: ada.id });
  });

  it('gives the locked asset back on cancellation, by the maker only', async () => {
    const { alliance, ada, bob, offer } = await setup();
    await alliance.earn(PARKING1, ada.id, 100);
    await offer(ada, {
      offerId: 'o4',
      give: { kind: 'points', symbol: 'PARK1', points: 100 },
      want: { kind: 'coupon', classId: 'CASH-5' },
    });
    const notHers = await alliance.refusal(() =>
      memberCall(alliance, bob, 'cancelOffer', 'cancel-offer', { offerId: 'o4' }),
    );
    expect(notHers).toMatchObject({ code: 'NOT_AUTHORIZED', changed: [] });
    await memberCall(alliance, ada, 'cancelOffer', 'cancel-offer', { offerId: 'o4' });
    expect(await alliance.balance(ada.id, 'PARK1')).toMatchObject({ available: 100, locked: 0 });
    const taken = await alliance.refusal(() =>
      memberCall(alliance, bob, 'takeOffer', 'take-offer', { offerId: 'o4' }),
    );
    expect(taken.code).toBe('INVALID_STATE');
  });

  it('refuses bad offers and takes after expiry, changing nothing', async () => {
    const { alliance, ada, bob, offer } = await setup();
    await alliance.earn(PARKING1, ada.id, 100);
    const cases: [Record<string, unknown>, string][] = [
      [
        {
          offerId: 'same',
          give: { kind: 'points', symbol: 'PARK1', points: 1 },
          want: { kind: 'points', symbol: 'PARK1', points: 2 },
        },
        'VALIDATION',
      ],
      [
        {
          offerId: 'much',
          give: { kind: 'points', symbol: 'PARK1', points: 101 },
          want: { kind: 'points', symbol: 'MALL1', points: 2 },
        },
        'INSUFFICIENT_BALANCE',
      ],
      [
        {
          offerId: 'nope',
          give: { kind: 'coupon', couponId: 'TWO-HOURS:0000009' },
          want: { kind: 'points', symbol: 'MALL1', points: 2 },
        },
        'NOT_FOUND',
      ],
      [
        {
          offerId: 'ghost',
          give: { kind: 'points', symbol: 'PARK1', points: 1 },
          want: { kind: 'points', symbol: 'NOPE', points: 2 },
        },
        'NOT_FOUND',
      ],
    ];
    for (const [params, code] of cases) {
      expect(await alliance.refusal(() => offer(ada, params))).toMatchObject({ code, changed: [] });
    }
    await offer(ada, {
      offerId: 'short',
      give: { kind: 'points', symbol: 'PARK1', points: 10 },
      want: { kind: 'points', symbol: 'MALL1', points: 5 },
      expiresAt: new Date(alliance.now.getTime() + HOUR).toISOString(),
    });
    await alliance.earn(MALL1, bob.id, 5);
    alliance.net.advanceTime(2 * HOUR);
    const late = await alliance.refusal(() =>
      memberCall(alliance, bob, 'takeOffer', 'take-offer', { offerId: 'short' }),
    );
    expect(late).toMatchObject({ code: 'INVALID_STATE', changed: [] });
    // Expired, the offer still holds the points until its maker takes them back.
    expect(await alliance.balance(ada.id, 'PARK1')).toMatchObject({ locked: 10 });
    await memberCall(alliance, ada, 'cancelOffer', 'cancel-offer', { offerId: 'short' });
    expect(await alliance.balance(ada.id, 'PARK1')).toMatchObject({ available: 100 });
  });

  it('never lets a merchant move a member’s assets without the member’s signature', async () => {
    const { alliance, ada } = await setup();
    await alliance.earn(PARKING1, ada.id, 100);
    const unsigned = await alliance.refusal(() =>
      alliance.submit(PARKING1, 'coupons', 'createOffer', {
        op: 'create-offer',
        memberId: ada.id,
        params: {
          offerId: 'forged',
          give: { kind: 'points', symbol: 'PARK1', points: 100 },
          want: { kind: 'points', symbol: 'MALL1', points: 1 },
          expiresAt: new Date(alliance.now.getTime() + HOUR).toISOString(),
        },
        nonce: 'n-1',
        expiresAt: new Date(alliance.now.getTime() + HOUR).toISOString(),
        signature: 'AAAA',
      }),
    );
    expect(unsigned).toMatchObject({ code: 'BAD_SIGNATURE', changed: [] });
  });
});

describe('a swap between members of different home merchants', () => {
  it('settles through either home merchant', async () => {
    const { alliance, ada, offer } = await setup();
    const cyd = await alliance.registerMember(PARKING2, 'cyd');
    await alliance.earn(PARKING2, cyd.id, 10);
    const coupon = await issueCoupon(alliance, PARKING1, 'TWO-HOURS', ada);
    await offer(ada, {
      offerId: 'o5',
      give: { kind: 'coupon', couponId: coupon.id },
      want: { kind: 'points', symbol: 'PARK2', points: 10 },
    });
    await memberCall(alliance, cyd, 'takeOffer', 'take-offer', { offerId: 'o5' });
    expect(await couponOf(alliance, coupon.id)).toMatchObject({ owner: cyd.id });
    expect(await alliance.balance(ada.id, 'PARK2')).toMatchObject({ available: 10 });
  });
});
