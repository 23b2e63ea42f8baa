// Driving the newsroom pages in Chromium as staff would: enrollment with an authenticator (the
// code computed here from the secret the page shows, as a phone app would), checks that every
// page is free of CSP violations and script errors, screenshots for the artifacts.
import { mkdirSync } from 'node:fs';
import { base32nopad } from '@scure/base';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { totpCode } from '../../src/domain/staff/totp.ts';

export const ARTIFACTS = 'test-artifacts/staff-browser';

export interface StaffTab {
  context: BrowserContext;
  page: Page;
  /** Page errors and CSP violations seen so far (must stay empty). */
  errors: string[];
  /** Origins the page asked anything of. */
  origins: Set<string>;
}

export async function staffTab(browser: Browser): Promise<StaffTab> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  const origins = new Set<string>();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text()); });
  page.on('request', (r) => origins.add(new URL(r.url()).origin));
  return { context, page, errors, origins };
}

export function shot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

export interface Enrolled {
  username: string;
  passphrase: string;
  totpSecret: Uint8Array;
  recoveryCodes: string[];
}

/** Fills the enrollment page at `link` and returns what the new member would keep. */
export async function enrollInBrowser(tab: StaffTab, link: string, username: string, displayName: string): Promise<Enrolled> {
  const { page } = tab;
  const passphrase = `correct horse battery staple ${username}`;
  await page.goto(link);
  await page.locator('#enroll-form button[type="submit"]:not([disabled])').waitFor();
  const shown = (await page.locator('#totp-secret').textContent())!.replace(/\s+/g, '');
  const totpSecret = base32nopad.decode(shown);
  expect(totpSecret).toHaveLength(20);
  await page.fill('#enroll-username', username);
  await page.fill('#enroll-display', displayName);
  await page.fill('#enroll-passphrase', passphrase);
  await page.fill('#enroll-confirm', passphrase);
  await page.fill('#enroll-code', totpCode(totpSecret, new Date()));
  await shot(page, `enroll-${username}`);
  await page.click('#enroll-form button[type="submit"]');
  await page.locator('#recovery-codes li').first().waitFor({ timeout: 60_000 });
  const recoveryCodes = await page.locator('#recovery-codes li').allTextContents();
  expect(recoveryCodes).toHaveLength(10);
  await shot(page, `enroll-${username}-recovery-codes`);
  return { username, passphrase, totpSecret, recoveryCodes };
}

/** Asserts that no page of this tab hit a CSP violation or a script error, and none asked another origin. */
export function expectClean(tab: StaffTab, serverUrl: string) {
  expect(tab.errors).toEqual([]);
  expect([...tab.origins].filter((o) => o !== serverUrl && o !== 'null' && !o.startsWith('blob:'))).toEqual([]);
}
