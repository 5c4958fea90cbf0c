import { MALL1, MALL2, PARKING1, PARKING2, TestAlliance } from '../test-support/alliance';
import { couponOf, defineCouponClass, issueCoupon, memberCall } from '../test-support/coupons';

const DAY = 86_400_000;

async function setup() {
  const alliance = await TestAlliance.create();
  const ada = await alliance.registerMember(PARKING1, 'ada');
  const bob = await alliance.registerMember(MALL1, 'bob');
  const cyd = await alliance.registerMember(PARKING2, 'cyd');
  const parking = await defineCouponClass(alliance, PARKING1, { acceptedBy: [MALL1] });
  return { alliance, ada, bob, cyd, parking };
}

describe('coupon classes', () => {
  it('are defined by their issuer once, with a valid window and alliance members accepting', async () => {
    const { alliance, parking } = await setup();
    expect(parking).toMatchObject({
      id: 'TWO-HOURS',
      issuer: PARKING1,
      acceptedBy: [MALL1],
      issued: 0,
    });
    const again = await alliance.refusal(() => defineCouponClass(alliance, PARKING2));
    expect(again).toMatchObject({ code: 'ALREADY_EXISTS', changed: [] });
    const backwards = await alliance.refusal(() =>
      defineCouponClass(alliance, MALL1, {
        classId: 'BACK',
        validUntil: new Date(alliance.now.getTime() - 2 * DAY).toISOString(),
      }),
    );
    expect(backwards).toMatchObject({ code: 'VALIDATION', changed: [] });
    const stranger = await alliance.refusal(() =>
      defineCouponClass(alliance, MALL1, { classId: 'X', acceptedBy: ['StrangerMSP'] }),
    );
    expect(stranger).toMatchObject({ code: 'NOT_AUTHORIZED', changed: [] });
    // Free text refuses what corrupts logs and terminals or reverses how text reads.
    for (const benefit of ['two\u0000hours', '\u001b[31mfree', '\u202eruoh owt']) {
      const bad = await alliance.refusal(() =>
        defineCouponClass(alliance, MALL1, { classId: 'TEXT', benefit }),
      );
      expect(bad).toMatchObject({ code: 'VALIDATION', changed: [] });
    }
    expect(
      await defineCouponClass(alliance, MALL1, { classId: 'TEXT', benefit: 'Café ☕ – 2 h 🅿️' }),
    ).toMatchObject({ benefit: 'Café ☕ – 2 h 🅿️' });
    for (const classId of ['has:colon', '', 'x'.repeat(41)]) {
      const bad = await alliance.refusal(() => defineCouponClass(alliance, MALL1, { classId }));
      expect(bad.code).toBe('VALIDATION');
    }
  });

  it('issue numbered coupons up to the cap, by the issuer only, to registered members', async () => {
    const { alliance, ada } = await setup();
    await defineCouponClass(alliance, MALL1, { classId: 'CASH-5', quantityCap: 2 });
    const first = await issueCoupon(alliance, MALL1, 'CASH-5', ada);
    const second = await issueCoupon(alliance, MALL1, 'CASH-5', ada);
    expect([first.id, second.id]).toEqual(['CASH-5:0000001', 'CASH-5:0000002']);
    const full = await alliance.refusal(() => issueCoupon(alliance, MALL1, 'CASH-5', ada));
    expect(full).toMatchObject({ code: 'CAP_EXCEEDED', changed: [] });
    await defineCouponClass(alliance, MALL1, { classId: 'CASH-10' });
    const other = await alliance.refusal(() => issueCoupon(alliance, PARKING1, 'CASH-10', ada));
    expect(other).toMatchObject({ code: 'NOT_AUTHORIZED', changed: [] });
    const nobody = await alliance.refusal(() =>
      alliance.submit(MALL1, 'coupons', 'issueCoupon', { classId: 'CASH-10', memberId: 'zed' }),
    );
    expect(nobody.code).toBe('NOT_FOUND');
    const held = await alliance.evaluate<{ id: string }[]>(MALL2, 'coupons', 'getMemberCoupons', {
      memberId: ada.id,
    });
    expect(held.map((c) => c.id)).toEqual(['CASH-5:0000001', 'CASH-5:0000002']);
  });

  it('report issued, redeemed, expired and outstanding like a token’s supply', async () => {
    const { alliance, ada } = await setup();
    const [a, b] = [
      await issueCoupon(alliance, PARKING1, 'TWO-HOURS', ada),
      await issueCoupon(alliance, PARKING1, 'TWO-HOURS', ada),
      await issueCoupon(alliance, PARKING1, 'TWO-HOURS', ada),
    ];
    await memberCall(alliance, ada, 'redeemCoupon', 'redeem-coupon', { couponId: a?.id });
    const view = await alliance.evaluate(MALL2, 'coupons', 'getClass', { classId: 'TWO-HOURS' });
    expect(view).toMatchObject({ issued: 3, redeemed: 1, expired: 0, outstanding: 2 });
    alliance.net.advanceTime(31 * DAY);
    const later = await alliance.evaluate(MALL2, 'coupons', 'getClass', { classId: 'TWO-HOURS' });
    expect(later).toMatchObject({ issued: 3, redeemed: 1, expired: 2, outstanding: 0 });
    expect((await couponOf(alliance, b?.id ?? '')).state).toBe('expired');
  });
});

describe('buying a coupon', () => {
  it('burns the price in the issuer’s points and issues the coupon to the signer', async () => {
    const { alliance, ada } = await setup();
    await alliance.earn(PARKING1, ada.id, 120);
    const bought = await memberCall<{ coupon: { id: string; owner: string } }>(
      alliance,
      ada,
      'buyCoupon',
      'buy-coupon',
      { classId: 'TWO-HOURS' },
    );
    expect(bought.coupon).toMatchObject({ id: 'TWO-HOURS:0000001', owner: ada.id });
    expect(await alliance.balance(ada.id, 'PARK1')).toMatchObject({ available: 70 });
    expect(await alliance.supply('PARK1')).toMatchObject({ issued: 120, redeemed: 50 });
  });

  it('changes nothing when the member cannot pay or the class is not for sale', async () => {
    const { alliance, ada } = await setup();
    await alliance.earn(PARKING1, ada.id, 49);
    const short = await alliance.refusal(() =>
      memberCall(alliance, ada, 'buyCoupon', 'buy-coupon', { classId: 'TWO-HOURS' }),
    );
    expect(short).toMatchObject({ code: 'INSUFFICIENT_BALANCE', changed: [] });
    await defineCouponClass(alliance, PARKING1, { classId: 'GIFT', pricePoints: undefined });
    const notForSale = await alliance.refusal(() =>
      memberCall(alliance, ada, 'buyCoupon', 'buy-coupon', { classId: 'GIFT' }),
    );
    expect(notForSale).toMatchObject({ code: 'INVALID_STATE', changed: [] });
    // Sold at the issuer's counter only.
    const elsewhere = await alliance.refusal(() =>
      memberCall(alliance, ada, 'buyCoupon', 'buy-coupon', { classId: 'TWO-HOURS' }, MALL1),
    );
    expect(elsewhere).toMatchObject({ code: 'NOT_AUTHORIZED', changed: [] });
  });
});

describe('gifting and redeeming', () => {
  it('gifts a transferable coupon member to member, signed by the holder', async () => {
    const { alliance, ada, bob } = await setup();
    const coupon = await issueCoupon(alliance, PARKING1, 'TWO-HOURS', ada);
    await memberCall(alliance, ada, 'giftCoupon', 'gift-coupon', {
      couponId: coupon.id,
      to: bob.id,
    });
    expect(await couponOf(alliance, coupon.id)).toMatchObject({ owner: bob.id, state: 'active' });
    const notHers = await alliance.refusal(() =>
      memberCall(alliance, ada, 'giftCoupon', 'gift-coupon', { couponId: coupon.id, to: ada.id }),
    );
    expect(notHers.code).toBe('VALIDATION');
    const stolen = await alliance.refusal(() =>
      memberCall(alliance, ada, 'giftCoupon', 'gift-coupon', {
        couponId: coupon.id,
        to: 'cyd',
      }),
    );
    expect(stolen).toMatchObject({ code: 'NOT_AUTHORIZED', changed: [] });
    const held = await alliance.evaluate<unknown[]>(MALL2, 'coupons', 'getMemberCoupons', {
      memberId: ada.id,
    });
    expect(held).toEqual([]);
  });

  it('refuses to gift a coupon of a class that is not transferable', async () => {
    const { alliance, ada, bob } = await setup();
    await defineCouponClass(alliance, PARKING1, { classId: 'PERSONAL', transferable: false });
    const coupon = await issueCoupon(alliance, PARKING1, 'PERSONAL', ada);
    const refused = await alliance.refusal(() =>
      memberCall(alliance, ada, 'giftCoupon', 'gift-coupon', { couponId: coupon.id, to: bob.id }),
    );
    expect(refused).toMatchObject({ code: 'NOT_AUTHORIZED', changed: [] });
  });

  it('redeems at the issuer or an accepting merchant, never at another, never twice', async () => {
    const { alliance, ada } = await setup();
    const coupon = await issueCoupon(alliance, PARKING1, 'TWO-HOURS', ada);
    const wrongCounter = await alliance.refusal(() =>
      memberCall(alliance, ada, 'redeemCoupon', 'redeem-coupon', { couponId: coupon.id }, MALL2),
    );
    expect(wrongCounter).toMatchObject({ code: 'NOT_AUTHORIZED', changed: [] });
    const redeemed = await memberCall(
      alliance,
      ada,
      'redeemCoupon',
      'redeem-coupon',
      { couponId: coupon.id, reference: 'till-7' },
      MALL1,
    );
    expect(redeemed).toMatchObject({ status: 'redeemed', redeemedBy: MALL1 });
    const twice = await alliance.refusal(() =>
      memberCall(alliance, ada, 'redeemCoupon', 'redeem-coupon', { couponId: coupon.id }),
    );
    expect(twice).toMatchObject({ code: 'INVALID_STATE', changed: [] });
    expect(alliance.net.events.at(-1)).toMatchObject({ name: 'CouponRedeemed' });
  });

  it('keeps every owner and state of a coupon in its auditable history', async () => {
    const { alliance, ada, bob } = await setup();
    const coupon = await issueCoupon(alliance, PARKING1, 'TWO-HOURS', ada);
    await memberCall(alliance, ada, 'giftCoupon', 'gift-coupon', {
      couponId: coupon.id,
      to: bob.id,
    });
    await memberCall(alliance, bob, 'redeemCoupon', 'redeem-coupon', { couponId: coupon.id });
    const history = await alliance.evaluate<{ value?: { owner?: string; status: string } }[]>(
      MALL2,
      'alliance',
      'getHistory',
      { kind: 'Coupon', key: ['TWO-HOURS', coupon.serial] },
    );
    expect(history.map((entry) => [entry.value?.owner, entry.value?.status])).toEqual([
      [bob.id, 'redeemed'],
      [bob.id, 'active'],
      [ada.id, 'active'],
    ]);
  });

  it('lets only one of two concurrent redemptions of a coupon commit', async () => {
    const { alliance, ada } = await setup();
    const coupon = await issueCoupon(alliance, PARKING1, 'TWO-HOURS', ada);
    const attempt = (org: string) =>
      alliance.net.endorse(
        { mspId: org },
        TestAlliance.run({
          contract: 'coupons',
          fn: 'redeemCoupon',
          args: [ada.sign('redeem-coupon', { couponId: coupon.id }, alliance.now)],
        }),
      );
    const outcomes = alliance.net.commitBlock([await attempt(PARKING1), await attempt(MALL1)]);
    expect(outcomes.map((o) => o.validationCode)).toEqual(['VALID', 'MVCC_READ_CONFLICT']);
    expect(await couponOf(alliance, coupon.id)).toMatchObject({ redeemedBy: PARKING1 });
  });

  it('refuses expired and not-yet-valid coupons', async () => {
    const { alliance, ada } = await setup();
    await defineCouponClass(alliance, PARKING1, {
      classId: 'LATER',
      validFrom: new Date(alliance.now.getTime() + DAY).toISOString(),
    });
    const later = await issueCoupon(alliance, PARKING1, 'LATER', ada);
    const early = await alliance.refusal(() =>
      memberCall(alliance, ada, 'redeemCoupon', 'redeem-coupon', { couponId: later.id }),
    );
    expect(early).toMatchObject({ code: 'INVALID_STATE', changed: [] });
    const coupon = await issueCoupon(alliance, PARKING1, 'TWO-HOURS', ada);
    alliance.net.advanceTime(30 * DAY);
    const late = await alliance.refusal(() =>
      memberCall(alliance, ada, 'redeemCoupon', 'redeem-coupon', { couponId: coupon.id }),
    );
    expect(late).toMatchObject({ code: 'INVALID_STATE', changed: [] });
    const ended = await alliance.refusal(() => issueCoupon(alliance, PARKING1, 'TWO-HOURS', ada));
    expect(ended.code).toBe('INVALID_STATE');
  });
});
