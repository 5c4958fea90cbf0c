/**
 * The explorer's end-to-end tests share this: a sandbox (every merchant's real gateway and the
 * real chaincode on the in-memory Fabric stand-in) and Debian's headless Chromium, pages opened
 * at a gateway, sign-ins as staff and as a member, and screenshots in .run/test-results/explorer/.
 */
import type { KeyObject } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEFAULT_EXPLORER_DIR } from '@points-alliance/gateway-api/http/explorer-site';
import { startSandbox, type Sandbox } from '@points-alliance/gateway-api/test-support/sandbox';
import { gatewayOf } from '../support/alliance-setup';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', '..', '..', '.run', 'test-results', 'explorer');
export const PHONE = { width: 390, height: 844 };

export interface Browsing {
  sandbox: Sandbox;
  browser: Browser;
  /** Errors thrown in the pages: none is expected. */
  pageErrors: string[];
  /** Every URL the pages asked for: the explorer must load nothing from anywhere else. */
  requested: string[];
}

export async function startBrowsing(): Promise<Browsing> {
  if (!existsSync(join(DEFAULT_EXPLORER_DIR, 'index.html'))) {
    throw new Error('build the explorer first: npm run build -w explorer (npm test does)');
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const sandbox = await startSandbox();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Root in a container: Chromium's own sandbox needs user namespaces it may not have.
    args: ['--no-sandbox'],
  });
  return { sandbox, browser, pageErrors: [], requested: [] };
}

export async function stopBrowsing(browsing: Browsing | undefined): Promise<void> {
  await browsing?.browser.close();
  await browsing?.sandbox.close();
}

export async function openPage(
  browsing: Browsing,
  org: string,
  view: string,
  viewport = { width: 1280, height: 900 },
): Promise<Page> {
  const page = await browsing.browser.newPage({ viewport });
  page.setDefaultTimeout(10_000);
  page.on('request', (request) => browsing.requested.push(request.url()));
  page.on('pageerror', (error) => browsing.pageErrors.push(error.message));
  await page.goto(`${gatewayOf(browsing.sandbox, org).url}/#/${view}`);
  return page;
}

/** Origins the pages loaded from that are not one of the sandbox's gateways. */
export function foreignOrigins(browsing: Browsing): string[] {
  const origins = new Set(browsing.requested.map((url) => new URL(url).origin));
  const gateways = new Set(Object.values(browsing.sandbox.gateways).map((g) => g.url));
  return [...origins].filter((origin) => !gateways.has(origin));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** No sideways scrolling of the page itself at phone width (wide tables scroll in their box). */
export async function fitsPhoneWidth(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
}

export function pem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export async function staffSignIn(page: Page, key: string): Promise<void> {
  await page.fill('#staff-sign-in input[name=staffKey]', key);
  await page.click('#staff-sign-in button[type=submit]');
}

/** Fills the member sign-in form; the caller waits for what it expects to follow. */
export async function memberSignIn(page: Page, memberId: string, key: string): Promise<void> {
  await page.fill('#member-sign-in input[name=memberId]', memberId);
  await page.fill('#member-sign-in textarea[name=memberKey]', key);
  await page.click('#member-sign-in button[type=submit]');
}
