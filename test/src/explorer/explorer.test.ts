/**
 * The explorer in a real browser (Debian's headless Chromium, driven by playwright-core), served
 * by each merchant's gateway in the sandbox: the real gateways and chaincode on the in-memory
 * Fabric stand-in, not yet the real network. Screenshots of each view go to
 * .run/test-results/explorer/.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { MALL1, PARKING1 } from '@points-alliance/chaincode/dist/test-support/alliance';
import { DEFAULT_EXPLORER_DIR } from '@points-alliance/gateway-api/http/explorer-site';
import { startSandbox, type Sandbox } from '@points-alliance/gateway-api/test-support/sandbox';
import { expectStatus } from '@points-alliance/gateway-api/test-support/test-gateway';
import { earn, gatewayOf, makeAgreement } from '../support/alliance-setup';
import { eventually } from '../support/eventually';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', '..', '..', '.run', 'test-results', 'explorer');
const PHONE = { width: 390, height: 844 };

// A browser is slower than a request: each step drives a page through several round trips.
jest.setTimeout(60_000);

let sandbox: Sandbox;
let browser: Browser;
/** Errors thrown in the pages: none is expected. */
const pageErrors: string[] = [];
/** Every URL the pages asked for: the explorer must load nothing from anywhere else. */
const requested: string[] = [];

const gateway = (org: string) => gatewayOf(sandbox, org);

function pem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

async function openPage(org: string, view: string, viewport = { width: 1280, height: 900 }) {
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(10_000);
  page.on('request', (request) => requested.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${gateway(org).url}/#/${view}`);
  return page;
}

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** No sideways scrolling of the page itself at phone width (wide tables scroll in their box). */
async function fitsPhoneWidth(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
}

async function staffSignIn(page: Page, key: string) {
  await page.fill('#staff-sign-in input[name=staffKey]', key);
  await page.click('#staff-sign-in button[type=submit]');
}

beforeAll(async () => {
  if (!existsSync(join(DEFAULT_EXPLORER_DIR, 'index.html'))) {
    throw new Error('build the explorer first: npm run build -w explorer (npm test does)');
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  sandbox = await startSandbox();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Root in a container: Chromium's own sandbox needs user namespaces it may not have.
    args: ['--no-sandbox'],
  });
  await makeAgreement(sandbox, PARKING1, MALL1, 'park-to-mall', {
    pricePerThousandPointsMinor: 4250,
    currency: 'EUR',
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
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
    await page.fill('#member-sign-in input[name=memberId]', 'ada');
    await page.fill('#member-sign-in textarea[name=memberKey]', pem(stranger));
    await page.click('#member-sign-in button[type=submit]');
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
    await page.fill('#member-sign-in input[name=memberId]', 'ada');
    await page.fill('#member-sign-in textarea[name=memberKey]', pem(memberKey));
    await page.click('#member-sign-in button[type=submit]');
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
    expect(pageErrors).toEqual([]);
    const origins = new Set(requested.map((url) => new URL(url).origin));
    const gateways = new Set(Object.values(sandbox.gateways).map((g) => g.url));
    expect([...origins].filter((origin) => !gateways.has(origin))).toEqual([]);
  });
});
