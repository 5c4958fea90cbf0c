/**
 * Coupons and the members' market in the explorer, in a real browser against the sandbox: a
 * merchant defines a class, issues a coupon and auctions one; members gift, buy, offer, withdraw,
 * auction their own, take, redeem and bid, each signed in the page; an auction is closed after its deadline; the public
 * alliance view and the audit view show it all. Screenshots: coupons-*.png.
 */
import type { Page } from 'playwright-core';
import {
  MALL1,
  PARKING1,
  type TestMember,
} from '@points-alliance/chaincode/dist/test-support/alliance';
import { expectStatus } from '@points-alliance/gateway-api/test-support/test-gateway';
import { earn, gatewayOf } from '../support/alliance-setup';
import { eventually } from '../support/eventually';
import {
  fitsPhoneWidth,
  foreignOrigins,
  memberSignIn,
  openPage,
  pem,
  PHONE,
  screenshot,
  staffSignIn,
  startBrowsing,
  stopBrowsing,
  type Browsing,
} from './browser';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
/** A datetime-local value, read by the page as UTC, `offsetMs` from now. */
const utcLocal = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString().slice(0, 16);

let browsing: Browsing;
let cleo: TestMember;
let dev: TestMember;
const park = () => gatewayOf(browsing.sandbox, PARKING1).gateway;

beforeAll(async () => {
  browsing = await startBrowsing();
  cleo = await park().registerMember('cleo');
  dev = await gatewayOf(browsing.sandbox, MALL1).gateway.registerMember('dev');
  // Points to buy a coupon and to bid with.
  await earn(gatewayOf(browsing.sandbox, PARKING1), 'cleo', 500);
}, 60_000);

afterAll(async () => {
  await stopBrowsing(browsing);
});

async function coupons(memberId: string): Promise<{ id: string; state: string }[]> {
  const res = await park().get(`/members/${memberId}/coupons`);
  expectStatus(res, 200);
  return res.body;
}

/** Submits a form and answers the transaction id its success shows. */
async function commit(page: Page, form: string): Promise<string> {
  await page.click(`${form} button[type=submit]`);
  const txId = (await page.locator(`${form} .done .txid`).textContent()) ?? '';
  expect(txId).toMatch(/^[0-9a-f]{64}$/);
  return txId;
}

describe('coupons in the explorer', () => {
  let giftTxId = '';

  it('merchant view: defines a class, issues a coupon to a member, opens an auction', async () => {
    const page = await openPage(browsing, PARKING1, 'merchant');
    await staffSignIn(page, park().keys.admin);
    const define = '#define-class';
    await page.fill(`${define} input[name=classId]`, 'WASH');
    await page.fill(`${define} input[name=name]`, 'Car wash');
    await page.fill(`${define} input[name=benefit]`, 'One car wash at any Parking1 lot');
    await page.fill(`${define} input[name=quantityCap]`, '10');
    await page.fill(`${define} input[name=validFrom]`, utcLocal(-HOUR));
    await page.fill(`${define} input[name=validUntil]`, utcLocal(30 * 24 * HOUR));
    await page.fill(`${define} input[name=pricePoints]`, '50');
    await page.fill(`${define} input[name=acceptedBy]`, MALL1);
    await commit(page, define);
    await page.waitForSelector('#our-coupon-classes tr[data-class=WASH]');

    await page.selectOption('#issue-coupon select[name=classId]', 'WASH');
    await page.fill('#issue-coupon input[name=memberId]', 'cleo');
    await commit(page, '#issue-coupon');
    expect(await coupons('cleo')).toEqual([
      expect.objectContaining({ id: 'WASH:0000001', state: 'active' }),
    ]);
    await page
      .locator('#our-coupon-classes tr[data-class=WASH] .issued', { hasText: /^1$/ })
      .waitFor();

    await page.fill('#open-auction input[name=auctionId]', 'wash-auction');
    await page.selectOption('#open-auction select[name=classId]', 'WASH');
    await page.fill('#open-auction input[name=minBid]', '20');
    await page.fill('#open-auction input[name=closesAt]', utcLocal(2 * HOUR));
    await commit(page, '#open-auction');
    const row = page.locator('#merchant-auctions tr[data-auction=wash-auction]');
    await row.waitFor();
    // Before its deadline the auction cannot be closed.
    expect(await row.locator('button.close-auction').isDisabled()).toBe(true);

    // A mistake reads as the gateway's sentence, not a stack trace.
    await page.selectOption('#issue-coupon select[name=classId]', 'WASH');
    await page.fill('#issue-coupon input[name=memberId]', 'nobody-here');
    await page.click('#issue-coupon button[type=submit]');
    const alert = page.locator('#issue-coupon [role=alert]');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/nobody-here/);
    await screenshot(page, 'coupons-merchant');
    await page.close();
  });

  it('member view: gifts a coupon to another member, who then holds it', async () => {
    const page = await openPage(browsing, PARKING1, 'member', PHONE);
    await memberSignIn(page, 'cleo', pem(cleo.privateKey));
    const held = page.locator('#my-coupons tr[data-coupon="WASH:0000001"]');
    expect(await held.locator('.state').textContent()).toBe('active');
    await page.selectOption('#gift-coupon select[name=couponId]', 'WASH:0000001');
    await page.fill('#gift-coupon input[name=to]', 'dev');
    giftTxId = await commit(page, '#gift-coupon');
    await held.waitFor({ state: 'detached' });
    expect(await coupons('dev')).toEqual([expect.objectContaining({ id: 'WASH:0000001' })]);
    expect(await coupons('cleo')).toEqual([]);

    // Dev sees it in his own list, at the mall that also takes it.
    const devs = await openPage(browsing, MALL1, 'member', PHONE);
    await memberSignIn(devs, 'dev', pem(dev.privateKey));
    await devs.locator('#my-coupons tr[data-coupon="WASH:0000001"]').waitFor();
    await devs
      .locator('#redeem-coupon option[value="WASH:0000001"]')
      .waitFor({ state: 'attached' });
    await devs.close();
    await page.close();
  });

  it('member view: buys a coupon, offers it, withdraws the offer, and bids', async () => {
    const page = await openPage(browsing, PARKING1, 'member', PHONE);
    await memberSignIn(page, 'cleo', pem(cleo.privateKey));
    await page.locator('#buy-coupon option[value=WASH]').waitFor({ state: 'attached' });
    await page.selectOption('#buy-coupon select[name=classId]', 'WASH');
    await commit(page, '#buy-coupon');
    // The auction issued the second coupon, so this one is the third.
    const bought = 'WASH:0000003';
    await page.locator(`#my-coupons tr[data-coupon="${bought}"]`).waitFor();

    await page.selectOption('#make-offer select[name="give.kind"]', 'coupon');
    await page.selectOption('#make-offer select[name="give.coupon"]', bought);
    await page.fill('#make-offer input[name="want.symbol"]', 'MALL1');
    await page.fill('#make-offer input[name="want.points"]', '40');
    await page.fill('#make-offer input[name=offerId]', 'cleo-wash');
    await commit(page, '#make-offer');
    await page.locator('#my-offers tr[data-offer=cleo-wash]').waitFor();
    await page.locator('#market-offers tr[data-offer=cleo-wash]', { hasText: 'yours' }).waitFor();
    expect(await page.locator(`#my-coupons tr[data-coupon="${bought}"] .state`).textContent()).toBe(
      'locked',
    );
    await page.click('#my-offers tr[data-offer=cleo-wash] button');
    await page.locator('#my-offers tr[data-offer=cleo-wash]').waitFor({ state: 'detached' });
    const offer = await park().get('/offers/cleo-wash');
    expect(offer.body).toMatchObject({ status: 'cancelled' });

    // Back in hand, the coupon goes up for auction instead, for the mall's points.
    await page.selectOption('#auction-coupon select[name=couponId]', bought);
    await page.fill('#auction-coupon input[name=auctionId]', 'wash-resale');
    await page.fill('#auction-coupon input[name=symbol]', 'MALL1');
    await page.fill('#auction-coupon input[name=minBid]', '30');
    await commit(page, '#auction-coupon');
    const resale = await park().get('/auctions/wash-resale');
    expect(resale.body).toMatchObject({
      status: 'open',
      couponId: bought,
      seller: { kind: 'member', memberId: 'cleo' },
      symbol: 'MALL1',
      minBid: 30,
    });
    await page
      .locator(`#my-coupons tr[data-coupon="${bought}"] .state`, { hasText: 'locked' })
      .waitFor();

    await page.selectOption('#bid select[name=auctionId]', 'wash-auction');
    await page.fill('#bid input[name=points]', '25');
    await commit(page, '#bid');
    await page
      .locator('#market-auctions tr[data-auction=wash-auction] .standing', { hasText: '25 PARK1' })
      .waitFor();
    const auction = await park().get('/auctions/wash-auction');
    expect(auction.body).toMatchObject({ highest: { memberId: 'cleo', points: 25 }, bids: 1 });
    // 500 earned, 50 paid for the coupon, 25 locked under the bid.
    const balance = await park().get('/members/cleo/balances/PARK1');
    expect(balance.body).toMatchObject({ available: 425, locked: 25 });
    expect(await fitsPhoneWidth(page)).toBe(true);
    await screenshot(page, 'coupons-member');
    await page.close();
  });

  it('member view: takes an offer with a coupon of the class it wants; a coupon is redeemed', async () => {
    const expiresAt = new Date(Date.now() + HOUR).toISOString();
    const offer = cleo.sign(
      'create-offer',
      {
        offerId: 'want-wash',
        give: { kind: 'points', symbol: 'PARK1', points: 10 },
        want: { kind: 'coupon', classId: 'WASH' },
        expiresAt,
      },
      new Date(),
    );
    expectStatus(await park().post('/offers', offer, { as: 'nobody' }), 201);
    const devs = await openPage(browsing, MALL1, 'member', PHONE);
    await memberSignIn(devs, 'dev', pem(dev.privateKey));
    await devs.locator('#my-coupons tr[data-coupon="WASH:0000001"]').waitFor();
    await devs.click('#market-offers tr[data-offer=want-wash] button.take');
    await devs.locator('#member-market .done', { hasText: 'Taken.' }).waitFor();
    await devs.locator('#my-coupons tr[data-coupon="WASH:0000001"]').waitFor({ state: 'detached' });
    const paid = await park().get('/members/dev/balances/PARK1');
    expect(paid.body).toMatchObject({ available: 10 });
    await devs.close();

    const page = await openPage(browsing, PARKING1, 'member', PHONE);
    await memberSignIn(page, 'cleo', pem(cleo.privateKey));
    await page
      .locator('#redeem-coupon option[value="WASH:0000001"]')
      .waitFor({ state: 'attached' });
    await page.selectOption('#redeem-coupon select[name=couponId]', 'WASH:0000001');
    await page.fill('#redeem-coupon input[name=reference]', 'lot-7');
    await commit(page, '#redeem-coupon');
    const used = await park().get('/coupons/WASH:0000001');
    expect(used.body).toMatchObject({ state: 'redeemed', redeemedBy: PARKING1 });
    await page.close();
  });

  it('merchant view: closes an auction once its deadline has passed', async () => {
    const closesAt = new Date(Date.now() + 3000).toISOString();
    expectStatus(
      await park().post(
        '/merchant-auctions',
        { auctionId: 'quick', classId: 'WASH', minBid: 5, closesAt },
        { as: 'operator' },
      ),
      201,
    );
    const bid = cleo.sign('bid', { auctionId: 'quick', points: 7 }, new Date());
    expectStatus(await park().post('/bids', bid, { as: 'nobody' }), 201);
    const page = await openPage(browsing, PARKING1, 'merchant');
    await staffSignIn(page, park().keys.operator);
    const close = page.locator('#merchant-auctions tr[data-auction=quick] button.close-auction');
    // The button wakes up by itself when the deadline passes.
    await close.click({ timeout: 15_000 });
    await page.locator('#merchant-coupons .done', { hasText: 'Closed.' }).waitFor();
    await page.locator('#merchant-auctions tr[data-auction=quick]').waitFor({ state: 'detached' });
    const auction = await park().get('/auctions/quick');
    expect(auction.body).toMatchObject({ status: 'closed', winner: 'cleo' });
    const won = await park().get(`/coupons/${auction.body.couponId as string}`);
    expect(won.body).toMatchObject({ owner: 'cleo', state: 'active' });
    await page.close();
  });

  it('alliance view: anyone sees the classes with their counts and the open auctions', async () => {
    const page = await openPage(browsing, MALL1, 'alliance', PHONE);
    const wash = page.locator('#coupon-classes tr[data-class=WASH]');
    // Issued: one by hand, one bought, one for each auction; the one by hand was used.
    await wash.locator('.issued', { hasText: /^4$/ }).waitFor();
    expect(await wash.locator('.redeemed').textContent()).toBe('1');
    expect(await wash.locator('.outstanding').textContent()).toBe('3');
    const auction = page.locator('#open-auctions tr[data-auction=wash-auction]');
    expect(await auction.locator('.standing').textContent()).toBe('25 PARK1');
    expect(await page.locator('#open-auctions').textContent()).not.toContain('cleo');
    expect(await page.locator('#open-auctions tr[data-auction=quick]').count()).toBe(0);
    expect(await fitsPhoneWidth(page)).toBe(true);
    await screenshot(page, 'coupons-alliance');
    await page.close();
  });

  it('audit view: the gift is there, with its transaction id', async () => {
    const page = await openPage(browsing, PARKING1, 'audit');
    await staffSignIn(page, park().keys.auditor);
    await page.fill('#audit-filters input[name=member]', 'dev');
    await page.fill('#audit-filters input[name=type]', 'CouponGifted');
    const row = page.locator(`table.audit tr[data-txid="${giftTxId}"]`);
    await eventually(async () => {
      await page.click('#audit-filters button[type=submit]');
      await row.waitFor({ timeout: 500 });
    }, 10_000);
    expect(await row.textContent()).toContain('couponId WASH:0000001');
    expect(await page.locator('table.audit tbody tr').count()).toBe(1);
    await screenshot(page, 'coupons-audit');
    await page.close();
  });

  it('loaded nothing from anywhere but the gateways, and threw no error', () => {
    expect(browsing.pageErrors).toEqual([]);
    expect(foreignOrigins(browsing)).toEqual([]);
  });
});
