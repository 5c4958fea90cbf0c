import { MALL1, MALL2, PARKING1, PARKING2, TestAlliance } from '../test-support/alliance';
import { couponOf, defineCouponClass, issueCoupon, memberCall } from '../test-support/coupons';

const HOUR = 3_600_000;

async function setup() {
  const alliance = await TestAlliance.create();
  const [ada, bob, cyd, dan] = await Promise.all([
    alliance.registerMember(PARKING1, 'ada'),
    alliance.registerMember(MALL1, 'bob'),
    alliance.registerMember(PARKING2, 'cyd'),
    alliance.registerMember(MALL2, 'dan'),
  ]);
  for (const bidder of [bob, cyd, dan]) await alliance.earn(MALL1, bidder.id, 100);
  await defineCouponClass(alliance, PARKING1);
  const closesAt = new Date(alliance.now.getTime() + 2 * HOUR).toISOString();
  const bid = (member: typeof ada, points: number) =>
    memberCall(alliance, member, 'bid', 'bid', { auctionId: 'a1', points });
  const close = () => alliance.submit(MALL2, 'coupons', 'closeAuction', { auctionId: 'a1' });
  /** Ada auctions her coupon as a1, from 10 points of `symbol`, closing in two hours. */
  const sell = (couponId: string, symbol = 'MALL1') =>
    memberCall(alliance, ada, 'openAuction', 'open-auction', {
      auctionId: 'a1',
      couponId,
      symbol,
      minBid: 10,
      closesAt,
    });
  return { alliance, ada, bob, cyd, dan, closesAt, bid, close, sell };
}

describe('a member’s auction', () => {
  it('with three bidders: the highest wins, the seller is paid, every other bid is released', async () => {
    const { alliance, ada, bob, cyd, dan, bid, close, sell } = await setup();
    const coupon = await issueCoupon(alliance, PARKING1, 'TWO-HOURS', ada);
    await sell(coupon.id);
    expect(await couponOf(alliance, coupon.id)).toMatchObject({ state: 'locked' });
    const low = await alliance.refusal(() => bid(bob, 9));
    expect(low).toMatchObject({ code: 'VALIDATION', changed: [] });
    await bid(bob, 10);
    expect(await alliance.balance(bob.id, 'MALL1')).toMatchObject({ available: 90, locked: 10 });
    await bid(cyd, 25);
    expect(await alliance.balance(bob.id, 'MALL1')).toMatchObject({ available: 100, locked: 0 });
    const same = await alliance.refusal(() => bid(dan, 25));
    expect(same.code).toBe('VALIDATION');
    await bid(dan, 40);
    await bid(cyd, 45);
    expect(await alliance.balance(cyd.id, 'MALL1')).toMatchObject({ available: 55, locked: 45 });
    expect(await alliance.balance(dan.id, 'MALL1')).toMatchObject({ locked: 0 });
    const own = await alliance.refusal(() => bid(ada, 50));
    expect(own).toMatchObject({ code: 'NOT_AUTHORIZED', changed: [] });

    const early = await alliance.refusal(close);
    expect(early).toMatchObject({ code: 'INVALID_STATE', changed: [] });
    alliance.net.advanceTime(2 * HOUR);
    const late = await alliance.refusal(() => bid(dan, 60));
    expect(late).toMatchObject({ code: 'INVALID_STATE', changed: [] });
    const closed = await close();
    expect(closed).toMatchObject({ status: 'closed', winner: cyd.id, bids: 4 });
    expect(await couponOf(alliance, coupon.id)).toMatchObject({ owner: cyd.id, state: 'active' });
    expect(await alliance.balance(ada.id, 'MALL1')).toMatchObject({ available: 45 });
    expect(await alliance.balance(cyd.id, 'MALL1')).toMatchObject({ total: 55, locked: 0 });
    for (const loser of [bob, dan]) {
      expect(await alliance.balance(loser.id, 'MALL1')).toMatchObject({ available: 100 });
    }
    expect(await alliance.supply('MALL1')).toMatchObject({ issued: 300, outstanding: 300 });
    expect((await alliance.refusal(close)).code).toBe('INVALID_STATE');
  });

  it('a bidder raising its own bid locks only the new amount', async () => {
    const { alliance, ada, bob, bid, sell } = await setup();
    const coupon = await issueCoupon(alliance, PARKING1, 'TWO-HOURS', ada);
    await sell(coupon.id);
    await bid(bob, 30);
    await bid(bob, 70);
    expect(await alliance.balance(bob.id, 'MALL1')).toMatchObject({ available: 30, locked: 70 });
    const tooMuch = await alliance.refusal(() => bid(bob, 101));
    expect(tooMuch).toMatchObject({ code: 'INSUFFICIENT_BALANCE', changed: [] });
  });

  it('without bids gives the coupon back to its seller', async () => {
    const { alliance, ada, close, sell } = await setup();
    const coupon = await issueCoupon(alliance, PARKING1, 'TWO-HOURS', ada);
    await sell(coupon.id, 'PARK1');
    alliance.net.advanceTime(3 * HOUR);
    expect(await close()).not.toHaveProperty('winner');
    expect(await couponOf(alliance, coupon.id)).toMatchObject({ owner: ada.id, state: 'active' });
  });

  it('refuses a coupon that ends before the auction, or is not the seller’s', async () => {
    const { alliance, ada, bob } = await setup();
    await defineCouponClass(alliance, PARKING1, {
      classId: 'SHORT',
      validUntil: new Date(alliance.now.getTime() + HOUR).toISOString(),
    });
    const short = await issueCoupon(alliance, PARKING1, 'SHORT', ada);
    const open = (member: typeof ada, couponId: string) =>
      memberCall(alliance, member, 'openAuction', 'open-auction', {
        auctionId: 'a1',
        couponId,
        symbol: 'MALL1',
        minBid: 1,
        closesAt: new Date(alliance.now.getTime() + 2 * HOUR).toISOString(),
      });
    expect(await alliance.refusal(() => open(ada, short.id))).toMatchObject({
      code: 'VALIDATION',
      changed: [],
    });
    const coupon = await issueCoupon(alliance, PARKING1, 'TWO-HOURS', ada);
    expect(await alliance.refusal(() => open(bob, coupon.id))).toMatchObject({
      code: 'NOT_AUTHORIZED',
      changed: [],
    });
  });
});

describe('points promised for later', () => {
  it('a bid locks only points that are still good at the close', async () => {
    const { alliance, ada, sell } = await setup();
    const eve = await alliance.registerMember(MALL1, 'eve');
    await alliance.earn(MALL1, eve.id, 30, {
      expiresAt: new Date(alliance.now.getTime() + HOUR).toISOString(),
    });
    await alliance.earn(MALL1, eve.id, 20);
    const coupon = await issueCoupon(alliance, PARKING1, 'TWO-HOURS', ada);
    await sell(coupon.id);
    const bid = (points: number) =>
      memberCall(alliance, eve, 'bid', 'bid', { auctionId: 'a1', points });
    // 50 available, but only 20 of them outlive the auction.
    expect(await alliance.refusal(() => bid(21))).toMatchObject({
      code: 'INSUFFICIENT_BALANCE',
      changed: [],
    });
    await bid(20);
    alliance.net.advanceTime(2 * HOUR);
    await alliance.submit(MALL2, 'coupons', 'closeAuction', { auctionId: 'a1' });
    expect(await alliance.balance(ada.id, 'MALL1')).toMatchObject({ available: 20, expired: 0 });
    expect(await alliance.balance(eve.id, 'MALL1')).toMatchObject({ expired: 30, locked: 0 });
  });
});

describe('a merchant’s auction', () => {
  it('issues a new coupon to the winner and burns the winning bid in the merchant’s points', async () => {
    const { alliance, bob, cyd, close, closesAt, bid } = await setup();
    await defineCouponClass(alliance, MALL1, { classId: 'VIP' });
    const opened = await alliance.submit<{ couponId: string; symbol: string }>(
      MALL1,
      'coupons',
      'openMerchantAuction',
      { auctionId: 'a1', classId: 'VIP', minBid: 20, closesAt },
    );
    expect(opened.symbol).toBe('MALL1');
    expect(await couponOf(alliance, opened.couponId)).toMatchObject({ state: 'locked' });
    const notIssuer = await alliance.refusal(() =>
      alliance.submit(PARKING1, 'coupons', 'openMerchantAuction', {
        auctionId: 'a2',
        classId: 'VIP',
        minBid: 20,
        closesAt,
      }),
    );
    expect(notIssuer).toMatchObject({ code: 'NOT_AUTHORIZED', changed: [] });
    await bid(bob, 20);
    await bid(cyd, 30);
    alliance.net.advanceTime(2 * HOUR);
    await close();
    expect(await couponOf(alliance, opened.couponId)).toMatchObject({ owner: cyd.id });
    expect(await alliance.supply('MALL1')).toMatchObject({ issued: 300, redeemed: 30 });
    expect(await alliance.balance(bob.id, 'MALL1')).toMatchObject({ available: 100 });
  });

  it('withdraws the coupon when nobody bid', async () => {
    const { alliance, close, closesAt } = await setup();
    await defineCouponClass(alliance, MALL1, { classId: 'VIP' });
    const opened = await alliance.submit<{ couponId: string }>(
      MALL1,
      'coupons',
      'openMerchantAuction',
      { auctionId: 'a1', classId: 'VIP', minBid: 20, closesAt },
    );
    alliance.net.advanceTime(2 * HOUR);
    await close();
    expect(await couponOf(alliance, opened.couponId)).toMatchObject({ status: 'withdrawn' });
    expect(
      await alliance.evaluate(PARKING2, 'coupons', 'getClass', { classId: 'VIP' }),
    ).toMatchObject({ issued: 1, withdrawn: 1, outstanding: 0 });
  });
});

describe('closing late', () => {
  it('sells nothing and releases the bid when the coupon has ended by the close', async () => {
    const { alliance, ada, bob, bid, close, sell } = await setup();
    await defineCouponClass(alliance, PARKING1, {
      classId: 'SOON',
      validUntil: new Date(alliance.now.getTime() + 3 * HOUR).toISOString(),
    });
    const coupon = await issueCoupon(alliance, PARKING1, 'SOON', ada);
    await sell(coupon.id);
    await bid(bob, 10);
    alliance.net.advanceTime(4 * HOUR);
    expect(await close()).not.toHaveProperty('winner');
    expect(await alliance.balance(bob.id, 'MALL1')).toMatchObject({ available: 100, locked: 0 });
    expect(await couponOf(alliance, coupon.id)).toMatchObject({ owner: ada.id, state: 'expired' });
  });
});
