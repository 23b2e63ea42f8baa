// The newsroom pages the main walk-through (staff-browser.test.ts) does not reach, in real
// Chromium over real HTTP: the app runs in this process (src/node-hygiene.ts in front, as
// src/node.ts serves it) so that staff can be enrolled through the API at a low scrypt cost and
// handed to the browser as a session cookie; pages that decrypt ask for the passphrase (the tab
// holds no key) and open the personal key in the browser.
//
// Covered: deleting a desk label from a tip's page (after a confirmation), editing a draft's
// fields, unlinking a tip from a draft, the audit page (filters and paging with and without
// JavaScript, "verify now": intact, signatures checked, then a tampered entry named, in English
// and Korean), a tip's history for its desk's editors (not for a reporter), and the source's
// conversation opened with JavaScript, titled with the desk's name in the page's language.
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { generateSigningKeyPair, toBase64 } from '../../src/crypto/index.ts';
import { openNodeDatabase } from '../../src/db/open-node.ts';
import { appendAudit } from '../../src/domain/audit.ts';
import { writeCheckpoint } from '../../src/domain/audit-checkpoints.ts';
import { setDeskTranslations } from '../../src/domain/desk-translations.ts';
import { DEFAULT_INTAKE_LIMITS } from '../../src/http/intake-gate.ts';
import { HYGIENE_OPTIONS } from '../../src/http/page-paths.ts';
import { hygienicFetch } from '../../src/node-hygiene.ts';
import { nodeAssets } from '../../src/web/assets-node.ts';
import { t as sourceText } from '../../src/web/i18n/i18n.ts';
import { en } from '../../src/web/staff/i18n/en.ts';
import { ko } from '../../src/web/staff/i18n/ko.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { addDesk, type TestApp } from '../helpers/app.ts';
import { enrollStaff, joinDesk, type StaffClient } from '../helpers/staff.ts';
import { tempDir } from '../helpers/temp.ts';
import { sendTip } from '../helpers/triage.ts';
import { expectClean, shot, staffTab, type StaffTab } from './staff-helpers.ts';

const TIMEOUT = 120_000;
const KOREAN_DESK = '정치사회부';

let t: TestApp;
let dir: ReturnType<typeof tempDir>;
const logs: string[] = [];
let url = '';
let close: () => Promise<void>;
let browser: Browser;
let deskId = '';
let tipId = '';
let admin: StaffClient;
let editor: StaffClient;
let reporter: StaffClient;
const tabs: Partial<Record<'admin' | 'editor' | 'reporter', StaffTab>> = {};

beforeAll(async () => {
  // Not tests/helpers/app.ts testApp: that one closes its database after each test, and these
  // tests share one newsroom.
  dir = tempDir();
  const dbUrl = `file:${join(dir.path, 'tipline.db')}`;
  const db = await openNodeDatabase({ url: dbUrl });
  const clock = { now: () => new Date() };
  const app = createApp({
    db, clock, assets: nodeAssets(), log: { info: () => {}, error: (line) => logs.push(line) },
    config: { accessLog: false, intake: { ...DEFAULT_INTAKE_LIMITS, powDifficulty: 0 } },
  });
  t = { app, ctx: { db, clock }, db, dataDir: dir.path, dbUrl, logs: [] };
  const politics = await addDesk(t, 'politics');
  admin = await enrollStaff(t, 'admin', { username: 'chief' });
  editor = await enrollStaff(t, 'editor', { username: 'eddie' });
  reporter = await enrollStaff(t, 'reporter', { username: 'rita' });
  deskId = await joinDesk(t, editor, politics);
  await joinDesk(t, reporter, politics);
  await setDeskTranslations({ ctx: t.ctx, input: { slug: 'politics', locale: 'ko', name: KOREAN_DESK, actor: { kind: 'admin-cli' } } });
  tipId = (await sendTip(t, 'politics', 'The port authority falsifies inspection records for pier 4.', { conversation: 'new' })).tipId;
  expect((await editor.request('PATCH', `/api/v1/staff/tips/${tipId}`, { assigneeId: reporter.id })).status).toBe(200);

  const { serve } = await import('@hono/node-server');
  const server = serve({ fetch: hygienicFetch(t.app.fetch, HYGIENE_OPTIONS), hostname: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
  browser = await launchBrowser();
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await close?.();
  t?.db.close();
  dir?.remove();
  // Nothing went wrong on the server side.
  expect(logs).toEqual([]);
});

/** A tab signed in as `member` (their session cookie); it holds no personal key until unlocked. */
async function tabOf(name: 'admin' | 'editor' | 'reporter', member: StaffClient): Promise<StaffTab> {
  const existing = tabs[name];
  if (existing) return existing;
  const tab = await staffTab(browser);
  await tab.context.addCookies([{ name: 'tl_staff', value: member.cookie, url, httpOnly: true, sameSite: 'Strict' }]);
  tabs[name] = tab;
  return tab;
}

/** On a page that decrypts: the passphrase opens the personal key in this tab (once per tab). */
async function unlockIfAsked(page: Page, member: StaffClient): Promise<void> {
  const form = page.locator('#unlock:not([hidden])');
  if (await form.isVisible()) {
    await page.fill('#unlock-passphrase', member.passphrase);
    await page.click('#unlock-form button[type="submit"]');
  }
}

async function openTip(page: Page, member: StaffClient): Promise<void> {
  await page.goto(`${url}/staff/tips/${tipId}`);
  await page.locator('#unlock:not([hidden]), body[data-decrypted="tip"]').first().waitFor({ timeout: 30_000 });
  await unlockIfAsked(page, member);
  await page.locator('body[data-decrypted="tip"]').waitFor({ timeout: 30_000 });
}

async function deskLabels(): Promise<string[]> {
  const res = await editor.request('GET', `/api/v1/staff/desks/${deskId}/labels`);
  return ((await res.json()) as { labels: { name: string }[] }).labels.map((l) => l.name);
}

describe('newsroom pages in Chromium', () => {
  it('deletes a desk label from a tip’s page, after asking', async () => {
    const ids: Record<string, string> = {};
    for (const name of ['harbour', 'port']) {
      ids[name] = ((await (await editor.request('POST', `/api/v1/staff/desks/${deskId}/labels`, { name })).json()) as { id: string }).id;
    }
    expect((await editor.request('PATCH', `/api/v1/staff/tips/${tipId}`, { addLabels: [ids.harbour!, ids.port!] })).status).toBe(200);
    const tab = await tabOf('editor', editor);
    const { page } = tab;
    await openTip(page, editor);
    expect(await page.locator('#triage-form input[name="labels"]:checked + label').allInnerTexts()).toEqual(['harbour', 'port']);
    await page.click('#desk-labels summary');
    const remove = page.locator(`button.delete-label[data-label-id="${ids.port}"]`);
    expect(await remove.getAttribute('aria-label')).toBe('Delete the label port');

    // Dismissed: nothing happens.
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.dismiss();
    });
    await remove.click();
    expect(asked).toBe('Delete the label “port”? It is taken off every tip of the desk.');
    expect(await remove.isEnabled()).toBe(true);
    expect(await deskLabels()).toEqual(['harbour', 'port']);

    page.once('dialog', (d) => void d.accept());
    await remove.click();
    await page.locator(`li.desk-label[data-label-id="${ids.port}"]`).waitFor({ state: 'detached', timeout: 30_000 });
    await page.locator('body[data-decrypted="tip"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#triage-form input[name="labels"] + label').allInnerTexts()).toEqual(['harbour']);
    expect(await deskLabels()).toEqual(['harbour']);
    const tip = (await (await editor.request('GET', `/api/v1/staff/tips/${tipId}`)).json()) as { tip: { labels: { name: string }[] } };
    expect(tip.tip.labels.map((l) => l.name)).toEqual(['harbour']);
    await shot(page, 'pages-label-deleted');
    expectClean(tab, url);
  }, TIMEOUT);

  it('edits a draft’s fields, and unlinks a tip from it', async () => {
    const draftId = ((await (await editor.request('POST', '/api/v1/staff/drafts', { title: 'Pier 4', cmsRef: 'cms-1' })).json()) as { id: string }).id;
    expect((await editor.request('POST', `/api/v1/staff/drafts/${draftId}/links`, { tipId })).status).toBe(201);
    const tab = await tabOf('editor', editor);
    const { page } = tab;
    await page.goto(`${url}/staff/drafts/${draftId}`);
    await page.locator('#draft-edit button[type="submit"]:not([disabled])').waitFor();
    expect(await page.locator('#draft-edit-title').inputValue()).toBe('Pier 4');
    await page.fill('#draft-edit-title', 'Pier 4 inspections, falsified');
    await page.fill('#draft-edit-cms', 'https://cms.example/stories/4711');
    await page.selectOption('#draft-edit-status', 'writing');
    await page.click('#draft-edit button[type="submit"]');
    await page.locator('#staff-status', { hasText: en['js.saved'] }).waitFor({ timeout: 30_000 });
    await page.reload();
    expect(await page.locator('h1').innerText()).toBe('Draft: Pier 4 inspections, falsified');
    expect(await page.locator('#draft-edit-cms').inputValue()).toBe('https://cms.example/stories/4711');
    expect(await page.locator('#draft-edit-status').inputValue()).toBe('writing');
    await page.goto(`${url}/staff/drafts`);
    expect(await page.locator(`#draft-list li[data-draft-id="${draftId}"]`).innerText()).toContain('Pier 4 inspections, falsified · Writing · 1 tip');

    await page.goto(`${url}/staff/drafts/${draftId}`);
    const link = page.locator(`li.draft-link[data-tip-id="${tipId}"]`);
    expect(await link.count()).toBe(1);
    await link.locator('button.unlink-button:not([disabled])').click();
    await link.waitFor({ state: 'detached', timeout: 30_000 });
    await page.reload();
    expect(await page.locator('li.draft-link').count()).toBe(0);
    expect(await page.locator('main').innerText()).toContain(en['draft.none']);
    const links = (await (await editor.request('GET', `/api/v1/staff/tips/${tipId}/drafts`)).json()) as { links: unknown[] };
    expect(links.links).toEqual([]);
    // And the tip's page no longer names the draft.
    await openTip(page, editor);
    expect(await page.locator('#tip-draft-links').count()).toBe(0);
    expect(await page.locator('#drafts-title + p').innerText()).toBe(en['tip.noDraftLinks']);
    await shot(page, 'pages-draft-unlinked');
    expectClean(tab, url);
  }, TIMEOUT);

  it('shows a tip’s history to its desk’s editors, not to a reporter who reads the tip', async () => {
    const tab = await tabOf('editor', editor);
    const { page } = tab;
    await openTip(page, editor);
    const rows = page.locator('#tip-history tr.audit-row');
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.action));
    expect(shown[0]).toBe('tip.viewed');
    expect(shown).toContain('tip.label_added');
    expect(shown).toContain('tip.assigned');
    expect(await rows.first().locator('.audit-actor').innerText()).toBe('Test eddie');
    await shot(page, 'pages-tip-history');
    await page.click('#history-all');
    await page.waitForURL(`${url}/staff/tips/${tipId}/history`);
    const all = await page.locator('#tip-history tr.audit-row').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.action));
    expect(all.at(-1)).toBe('tip.received');
    expect(all.slice(0, shown.length)).toEqual(shown);
    expect(await page.locator('#tip-history tr.audit-row').last().locator('.audit-actor').innerText()).toBe('A source');
    expectClean(tab, url);

    const readerTab = await tabOf('reporter', reporter);
    await openTip(readerTab.page, reporter);
    expect(await readerTab.page.locator('#history').count()).toBe(0);
    const refused = await readerTab.page.goto(`${url}/staff/tips/${tipId}/history`);
    expect(refused!.status()).toBe(403);
    expectClean(readerTab, url);
  }, TIMEOUT);

  it('lets an admin browse the audit trail without JavaScript: filters, paging by seq', async () => {
    await t.db.write(async (tx) => {
      for (let i = 0; i < 60; i++) await appendAudit(tx, t.ctx.clock, { actor: { kind: 'staff', id: editor.id }, action: 'tips.listed', subject: deskId, details: { i } });
    });
    const context = await browser.newContext({ javaScriptEnabled: false });
    await context.addCookies([{ name: 'tl_staff', value: admin.cookie, url, httpOnly: true, sameSite: 'Strict' }]);
    const page = await context.newPage();
    await page.goto(`${url}/staff`);
    await page.click('header nav a[href="/staff/audit"]');
    await page.waitForURL(`${url}/staff/audit`);
    expect(await page.locator('#audit tr.audit-row').count()).toBe(50);
    await page.selectOption('#audit-actor', { label: 'Test eddie (eddie)' });
    await page.fill('#audit-action', 'tips.*');
    await page.click('#audit-filters button[type="submit"]');
    await page.waitForURL(/\/staff\/audit\?actor=staff%3A[0-9a-f]{32}&action=tips\.\*/);
    const seqOf = (p: Page) => p.locator('#audit tr.audit-row').evaluateAll((trs) => trs.map((tr) => Number((tr as HTMLElement).dataset.seq)));
    const first = await seqOf(page);
    expect(first).toHaveLength(50);
    expect(await page.locator('#audit tr.audit-row .audit-action code').allInnerTexts()).toEqual(Array(50).fill('tips.listed'));
    await Promise.all([page.waitForURL(/before=\d+/), page.click('#audit-older')]);
    const second = await seqOf(page);
    expect(second).toHaveLength(10);
    expect(Math.max(...second)).toBeLessThan(Math.min(...first));
    expect(page.url()).toContain('action=tips.*');
    // The desk the entries are about is named, and filters the trail when followed.
    await Promise.all([page.waitForURL(/subject=/), page.locator('#audit tr.audit-row .audit-subject a').first().click()]);
    expect(new URL(page.url()).searchParams.get('subject')).toBe(deskId);
    expect(await page.locator('#audit tr.audit-row .audit-subject a').first().innerText()).toBe('Desk politics');
    // Verifying needs the bundle: its button stays disabled.
    expect(await page.locator('#verify-form button[type="submit"]').isDisabled()).toBe(true);
    await shot(page, 'pages-audit-nojs');
    await context.close();
  }, TIMEOUT);

  it('verifies the trail from the audit page and names the first entry that does not fit', async () => {
    const tab = await tabOf('admin', admin);
    const { page } = tab;
    const verify = async (keys: string) => {
      await page.fill('#verify-keys', keys);
      await page.click('#verify-form button[type="submit"]:not([disabled])');
    };
    await page.goto(`${url}/staff/audit`);
    await verify('not-a-key');
    await page.locator('#staff-status.error', { hasText: 'Not a checkpoint public key (32 bytes in base64): not-a-key' }).waitFor();

    await verify('');
    await page.locator('#verify-result:not([hidden])').waitFor({ timeout: 30_000 });
    expect(await page.locator('#verify-result').getAttribute('class')).toContain('audit-ok');
    expect(await page.locator('#verify-verdict').innerText()).toMatch(/^The trail is intact: \d+ entries checked\. Head hash: [A-Za-z0-9+/]{43}=$/);
    expect(await page.locator('#verify-result').innerText()).toContain(en['js.auditNoCheckpoints']);

    const signer = generateSigningKeyPair();
    expect(await writeCheckpoint({ ctx: t.ctx, input: { keyPair: signer } })).not.toBeNull();
    await verify(`\n${toBase64(signer.publicKey)}\n`);
    await page.locator('#verify-result', { hasText: en['js.auditSignaturesChecked'] }).waitFor({ timeout: 30_000 });
    // A key that did not sign it: the checkpoint is named as not signed by a trusted key.
    await verify(toBase64(generateSigningKeyPair().publicKey));
    await page.locator('#verify-verdict[data-problem="bad_signature"]').waitFor({ timeout: 30_000 });

    // Someone with the database edits an entry in the middle of the trail.
    const raw = createClient({ url: t.dbUrl });
    const middle = Number((await raw.execute("SELECT seq FROM audit_log WHERE action = 'tips.listed' ORDER BY seq LIMIT 1 OFFSET 30")).rows[0]!.seq);
    await raw.execute({ sql: `UPDATE audit_log SET details = '{"i":999}' WHERE seq = ?`, args: [middle] });
    raw.close();
    await verify(toBase64(signer.publicKey));
    const verdict = page.locator(`#verify-verdict[data-seq="${middle}"][data-problem="edited"]`);
    await verdict.waitFor({ timeout: 30_000 });
    expect(await verdict.innerText()).toBe(`The trail is broken at entry No. ${middle}: ${en['js.auditProblem.edited']}`);
    expect(await page.locator('#verify-result').getAttribute('class')).toContain('audit-broken');
    await shot(page, 'pages-audit-broken');
    await page.click('#verify-entry');
    await page.waitForURL(`${url}/staff/audit?before=${middle + 1}`);
    const top = page.locator('#audit tr.audit-row').first();
    expect(await top.getAttribute('data-seq')).toBe(String(middle));
    expect(await top.locator('.audit-details').innerText()).toContain('999');

    await page.goto(`${url}/staff/audit?lang=ko`);
    expect(await page.locator('h1').innerText()).toBe(ko['audit.title']);
    await verify(toBase64(signer.publicKey));
    await page.locator('#verify-verdict').waitFor({ timeout: 30_000 });
    expect(await page.locator('#verify-verdict').innerText()).toBe(`${middle}번 기록에서 기록이 깨졌습니다: ${ko['js.auditProblem.edited']}`);
    expect(await page.locator('#verify-entry').getAttribute('href')).toBe(`/staff/audit?before=${middle + 1}&lang=ko`);
    expectClean(tab, url);
  }, TIMEOUT);
});

describe('the source’s conversation with JavaScript', () => {
  it('is titled with the desk’s name in the page’s language', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${url}/ko/submit/politics`);
    await page.fill('#message', '항만청이 4번 부두 점검 기록을 조작하고 있습니다. 3월 기록을 확인하세요.');
    await page.click('#submit-button');
    const codename = page.locator('#codename');
    await codename.waitFor({ timeout: 90_000 });
    const words = (await codename.textContent())!.trim();
    await page.goto(`${url}/ko/return`);
    await page.fill('#codename-input', words);
    await page.click('#return-form button[type="submit"]');
    await page.locator('#follow-up-form').waitFor({ timeout: 90_000 });
    const title = sourceText('ko', 'conversation.title', { desk: KOREAN_DESK });
    expect(await page.locator('main h1').innerText()).toBe(title);
    expect(await page.title()).toMatch(new RegExp(`^${title} `));
    expect(errors).toEqual([]);
    await context.close();
  }, TIMEOUT);
});
