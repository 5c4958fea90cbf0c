/**
 * The explorer in a real browser (Debian's headless Chromium, driven by playwright-core), served
 * by each merchant's gateway in the sandbox: the real gateways and chaincode on the in-memory
 * Fabric stand-in, not yet the real network. Screenshots of each view go to
 * .run/test-results/explorer/.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { MALL1, PARKING1 } from '@points-alliance/chaincode/dist/test-support/alliance';
import type { Sandbox } from '@points-alliance/gateway-api/test-support/sandbox';
import { expectStatus } from '@points-alliance/gateway-api/test-support/test-gateway';
import { earn, gatewayOf, makeAgreement } from '../support/alliance-setup';
import { eventually } from '../support/eventually';
import {
  fitsPhoneWidth,
  foreignOrigins,
  memberSignIn,
  openPage as open,
  pem,
  PHONE,
  screenshot,
  staffSignIn,
  startBrowsing,
  stopBrowsing,
  type Browsing,
} from './browser';

// A browser is slower than a request: each step drives a page through several round trips.
jest.setTimeout(60_000);

let browsing: Browsing;
let sandbox: Sandbox;

const gateway = (org: string) => gatewayOf(sandbox, org);
const openPage = (org: string, view: string, viewport?: { width: number; height: number }) =>
  open(browsing, org, view, viewport);

beforeAll(async () => {
  browsing = await startBrowsing();
  sandbox = browsing.sandbox;
  await makeAgreement(sandbox, PARKING1, MALL1, 'park-to-mall', {
    pricePerThousandPointsMinor: 4250,
    currency: 'EUR',
  });
}, 60_000);

afterAll(async () => {
  await stopBrowsing(browsing);
});

describe('the explorer served by a merchant gateway', () => {
  let memberKey: KeyObject;
  let exchangeTxId = '';

  it('serves the page at / with hashed assets cached for long', async () => {
    const page = await fetch(`${gateway(PARKING1).url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const asset = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(`${gateway(PARKING1).url}/${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');
  });

  it('alliance view: every token with its supply, the rate cards, the charts', async () => {
    const member = await gateway(PARKING1).gateway.registerMember('ada');
    memberKey = member.privateKey;
    await earn(gateway(PARKING1), 'ada', 1000);
    const page = await openPage(PARKING1, 'alliance');
    await page.waitForSelector('#tokens tr[data-symbol=PARK1]');
    expect(await page.locator('#tokens tbody tr').count()).toBe(4);
    expect(await page.locator('#tokens tr[data-symbol=PARK1] .outstanding').textContent()).toBe(
      '1,000',
    );
    expect(await page.locator('#rate-cards').textContent()).toContain('park-to-mall');
    // The chart follows the audit index, which follows the committed blocks.
    await eventually(async () => {
      await page.reload();
      await page.locator('.chart .legend').first().waitFor();
      expect(await page.locator('.chart').first().textContent()).toContain('PARK1: 1,000');
    }, 10_000);
    await screenshot(page, 'alliance');
    await page.close();
  });

  it('member view: a wrong key is refused with a readable message', async () => {
    const page = await openPage(PARKING1, 'member');
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    await memberSignIn(page, 'ada', pem(stranger));
    const alert = page.locator('#member-sign-in [role=alert]');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^Unauthenticated: sign-in refused/);
    await page.fill('#member-sign-in textarea[name=memberKey]', 'not a key');
    await page.click('#member-sign-in button[type=submit]');
    await alert.filter({ hasText: 'This is not a P-256 private key' }).waitFor();
    await page.close();
  });

  it('member view: a member signs in with the key in the browser and exchanges points', async () => {
    const page = await openPage(PARKING1, 'member', PHONE);
    await memberSignIn(page, 'ada', pem(memberKey));
    await page.waitForSelector('#balances tr[data-symbol=PARK1]');
    expect(await page.locator('#signed-in-member').textContent()).toBe('ada');
    expect(await page.locator('#balances tr[data-symbol=PARK1] .available').textContent()).toBe(
      '1,000',
    );

    await page.waitForSelector('#exchange select option[value=park-to-mall]', {
      state: 'attached',
    });
    await page.fill('#exchange input[name=amount]', '200');
    await page.click('#exchange button[type=submit]');
    await page.locator('#quote').waitFor();
    expect(await page.locator('#quote').textContent()).toMatch(
      /give 205 PARK1 \(fee 5\) and receive 300 MALL1/,
    );
    await page.click('#confirm-exchange');
    await page.waitForSelector('#exchange-done');
    exchangeTxId = (await page.locator('#exchange-done .txid').textContent()) ?? '';
    expect(exchangeTxId).toMatch(/^[0-9a-f]{64}$/);

    // The ledger agrees: the exchange was committed, with the member's balances moved.
    const balances = await gateway(PARKING1).gateway.get('/members/ada/balances');
    const available = Object.fromEntries(
      (balances.body as { symbol: string; available: number }[]).map((b) => [
        b.symbol,
        b.available,
      ]),
    );
    expect(available).toEqual({ PARK1: 795, MALL1: 300 });
    await page
      .locator('#balances tr[data-symbol=MALL1] .available', { hasText: /^300$/ })
      .waitFor();
    const historyRow = page.locator(`#member-history tr[data-txid="${exchangeTxId}"]`);
    await eventually(async () => {
      await page.click('#member-history .paging button');
      await historyRow.waitFor({ timeout: 500 });
    }, 10_000);
    expect(await historyRow.textContent()).toContain('Exchanged');
    expect(await fitsPhoneWidth(page)).toBe(true);
    await screenshot(page, 'member');
    await page.close();
  });

  it('audit view: the exchange is there, with its transaction id and block number', async () => {
    const page = await openPage(PARKING1, 'audit');
    await staffSignIn(page, gateway(PARKING1).gateway.keys.auditor);
    await page.fill('#audit-filters input[name=member]', 'ada');
    await page.fill('#audit-filters input[name=type]', 'Exchanged');
    const row = page.locator(`table.audit tr[data-txid="${exchangeTxId}"]`);
    await eventually(async () => {
      await page.click('#audit-filters button[type=submit]');
      await row.waitFor({ timeout: 500 });
    }, 10_000);
    const block = sandbox.alliance.net.blocks.find((b) =>
      b.transactions.some((tx) => tx.txId === exchangeTxId),
    );
    expect(block).toBeDefined();
    expect(await row.locator('.block').textContent()).toBe(String(block?.number));
    expect(await page.locator('table.audit tbody tr').count()).toBe(1);
    await screenshot(page, 'audit');
    await page.close();
  });

  it('merchant view: the creditor confirms a settlement posted to it', async () => {
    expectStatus(
      await gateway(PARKING1).gateway.post('/settlements', {
        settlementId: 'settle-1',
        creditor: MALL1,
        obligationIds: [exchangeTxId],
        details: { paidAmountMinor: 1275, currency: 'EUR', bankReference: 'SEPA-0001' },
      }),
      201,
    );
    const page = await openPage(MALL1, 'merchant');
    await staffSignIn(page, gateway(MALL1).gateway.keys.admin);
    const settlement = page.locator('#settlements tr[data-settlement=settle-1]');
    await settlement.locator('button.confirm').click();
    await settlement.locator('.status', { hasText: /^confirmed$/ }).waitFor();
    await page.waitForSelector(`#settled-obligations tr[data-obligation="${exchangeTxId}"]`);
    const confirmed = await gateway(MALL1).gateway.get('/settlements/settle-1');
    expect(confirmed.body).toMatchObject({ status: 'confirmed' });

    // Private terms are shown to the two parties.
    await page.locator('#agreements tr[data-agreement=park-to-mall] button').first().click();
    await page.locator('#agreements .terms', { hasText: 'pricePerThousandPointsMinor' }).waitFor();
    expect(await page.locator('#agreements .terms').textContent()).toContain('4250');
    await screenshot(page, 'merchant');
    await page.close();
  });

  it('loaded nothing from anywhere but the gateways, and threw no error', () => {
    expect(browsing.pageErrors).toEqual([]);
    expect(foreignOrigins(browsing)).toEqual([]);
  });
});
