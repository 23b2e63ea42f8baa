// The newsroom's side in real Chromium against the real Node server (src/node.ts, as `npm
// start` runs it), with the real scrypt cost (2^15) in the browser: the first admin enrolls from
// the link `tipline admin create` prints, with an authenticator code computed from the secret
// the page shows; creates a desk (its key pair made in the browser), invites an editor and a
// reporter who enroll in their own browsers, and grants them the desk key. A source sends a tip
// with a photo through the source pages; the editor reads it decrypted, opens the photo, labels,
// assigns and replies to it; the source reads the reply with their codename; the reporter finds
// it assigned, links it to a draft with a note. Also: a tab that lost the key unlocks with the
// passphrase, logout wipes it, login with a recovery code. Screenshots in
// test-artifacts/staff-browser/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { runCli, startServer, type RunningServer } from '../helpers/processes.ts';
import { tempDir } from '../helpers/temp.ts';
import { enrollInBrowser, expectClean, shot, staffTab, type Enrolled, type StaffTab } from './staff-helpers.ts';

const PHOTO = 'tests/fixtures/strip/images/phone.jpg';
const MESSAGE = 'The port authority falsifies inspection records for pier 4.\nAsk for the March logs.';
const REPLY = 'Thank you. Which inspector signs them?';
const NOTE = 'Source seems to work in the harbour office.';
const TIMEOUT = 240_000;

let dir: ReturnType<typeof tempDir>;
let env: Record<string, string>;
let server: RunningServer;
let browser: Browser;
const tabs: StaffTab[] = [];
const people: Record<'admin' | 'editor' | 'reporter', Enrolled | null> = { admin: null, editor: null, reporter: null };
let admin: StaffTab;
let editor: StaffTab;
let reporter: StaffTab;
let codename = '';
let recoveryKeyFile = '';

beforeAll(async () => {
  dir = tempDir();
  recoveryKeyFile = join(dir.path, 'politics-recovery.txt');
  env = { DATABASE_URL: `file:${join(dir.path, 'tipline.db')}`, TIPLINE_POW_DIFFICULTY: '0', TIPLINE_NEWSROOM_NAME: 'Harbour Gazette' };
  const migrated = await runCli(['db', 'migrate'], env);
  expect(migrated.code, migrated.stderr).toBe(0);
  server = await startServer(env);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop('SIGKILL');
  dir?.remove();
});

async function newTab() {
  const tab = await staffTab(browser);
  tabs.push(tab);
  return tab;
}

/** Invites through the admin page; returns the link shown once. */
async function invite(role: 'editor' | 'reporter'): Promise<string> {
  const { page } = admin;
  await page.goto(`${server.url}/staff/admin`);
  await page.selectOption('#invite-role', role);
  await page.locator('#invite-form label', { hasText: 'Politics' }).click();
  await page.locator('#invite-form button[type="submit"]:not([disabled])').click();
  await page.locator('#invite-result:not([hidden])').waitFor();
  const link = (await page.locator('#invite-link').textContent())!;
  expect(link).toMatch(new RegExp(`^${server.url}/staff/enroll/[0-9a-f]{64}$`));
  return link;
}

describe('the newsroom in Chromium', () => {
  it('sets up the first admin from the CLI link, with TOTP and recovery codes', async () => {
    const created = await runCli(['admin', 'create', '--base-url', server.url], env);
    expect(created.code, created.stderr).toBe(0);
    const link = /(http:\/\/\S+\/staff\/enroll\/[0-9a-f]{64})/.exec(created.stdout)![1]!;
    admin = await newTab();
    people.admin = await enrollInBrowser(admin, link, 'chief', 'Chief Editor');
    await admin.page.click('#enroll-continue');
    await admin.page.waitForURL(`${server.url}/staff`);
    // The invitation is single use.
    const again = await admin.context.newPage();
    expect((await again.goto(link))!.status()).toBe(410);
    await again.close();
  }, TIMEOUT);

  it('creates a desk whose key is made in the browser, and invites an editor and a reporter', async () => {
    const { page } = admin;
    await page.goto(`${server.url}/staff/admin`);
    await page.fill('#desk-slug', 'politics');
    await page.fill('#desk-name', 'Politics');
    await page.fill('#desk-description', 'Corruption, elections, public money.');
    expect(await page.locator('#desk-form input[name="members"]:checked').count()).toBe(1);
    await page.click('#desk-form button[type="submit"]');
    // The desk's recovery key, shown once: 24 words, and the same as a file the CLI reads.
    await page.locator('#desk-recovery:not([hidden])').waitFor({ timeout: 30_000 });
    expect(await page.locator('#recovery-words li').count()).toBe(24);
    await shot(page, 'admin-desk-recovery-key');
    const download = page.waitForEvent('download');
    await page.click('#recovery-download');
    await (await download).saveAs(recoveryKeyFile);
    await page.click('#recovery-done');
    await page.locator('section.desk[data-desk-slug="politics"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('section.desk[data-desk-slug="politics"] .desk-members').innerText()).toContain('Chief Editor: holds the key');
    await shot(page, 'admin-desk-created');

    editor = await newTab();
    people.editor = await enrollInBrowser(editor, await invite('editor'), 'eddie', 'Eddie Editor');
    reporter = await newTab();
    people.reporter = await enrollInBrowser(reporter, await invite('reporter'), 'rita', 'Rita Reporter');

    // Both joined the desk through their invitations and wait for its key; the admin's browser grants it.
    await page.goto(`${server.url}/staff/admin`);
    const grants = page.locator('section.desk[data-desk-slug="politics"] button.grant-button');
    expect(await grants.count()).toBe(2);
    await shot(page, 'admin-pending-grants');
    for (let i = 0; i < 2; i++) {
      await grants.first().click();
      await page.locator('#staff-status', { hasText: 'Key granted.' }).waitFor();
      await page.locator('#staff-status').evaluate((e) => (e.textContent = ''));
    }
    await page.reload();
    const members = await page.locator('section.desk[data-desk-slug="politics"] .desk-members').innerText();
    expect(members).toContain('Eddie Editor: holds the key');
    expect(members).toContain('Rita Reporter: holds the key');
    expectClean(admin, server.url);
  }, TIMEOUT);

  it('takes a tip with a photo from a source, through the source pages', async () => {
    const source = await browser.newContext({ javaScriptEnabled: false });
    const page = await source.newPage();
    await page.goto(`${server.url}/submit/politics`);
    await page.fill('#message', MESSAGE);
    await page.setInputFiles('#files', { name: 'pier4.jpg', mimeType: 'image/jpeg', buffer: readFileSync(PHOTO) });
    await page.click('#submit-button');
    await page.locator('#codename').waitFor({ timeout: 120_000 });
    codename = (await page.locator('#codename').textContent())!.trim();
    await source.close();
    // The recovery key the admin's browser showed opens the desk's tips offline.
    const out = join(dir.path, 'export');
    const exported = await runCli(['tips', 'export', '--desk', 'politics', '--recovery-key', recoveryKeyFile, '--out', out], env);
    expect(exported.code, exported.stderr).toBe(0);
    const [tipDir] = readdirSync(out);
    // (A form sends line breaks as CRLF.)
    expect(readFileSync(join(out, tipDir!, 'message.txt'), 'utf8').replace(/\r\n/g, '\n')).toBe(MESSAGE);
  }, TIMEOUT);

  it('lets the editor read it decrypted in the inbox and on its page, photo included', async () => {
    const { page } = editor;
    await page.goto(`${server.url}/staff`);
    await page.locator('body[data-decrypted]').waitFor({ timeout: 30_000 });
    const row = page.locator('#inbox tr.tip-row');
    expect(await row.count()).toBe(1);
    expect(await row.getAttribute('class')).toContain('unread');
    expect(await row.locator('.preview').innerText()).toBe(MESSAGE.replace(/\s+/g, ' '));
    expect(await row.innerText()).toContain('files');
    await shot(page, 'editor-inbox');

    // Keyboard: j moves to the row (visibly), Enter opens it.
    await page.locator('body').press('j');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('current'))).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/staff\/tips\/[0-9a-f]{32}$/);
    await page.locator('body[data-decrypted="tip"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#tip-message').innerText()).toBe(MESSAGE);
    expect(await page.locator('li.tip-file').getAttribute('data-metadata')).toBe('cleaned');
    await page.click('li.tip-file button.open-file');
    const image = page.locator('li.tip-file .file-preview img');
    await image.waitFor({ timeout: 30_000 });
    expect(await image.getAttribute('src')).toMatch(/^blob:/);
    expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    expect(await page.locator('li.tip-file .file-name').innerText()).toBe('pier4.jpg');
    await shot(page, 'editor-tip');
    expectClean(editor, server.url);
  }, TIMEOUT);

  it('lets the editor label, assign and answer it; the source reads the answer with their codename', async () => {
    const { page } = editor;
    await page.fill('#triage-new-label', 'port authority');
    await page.selectOption('#triage-assignee', { label: 'Rita Reporter' });
    await page.selectOption('#triage-status', 'in_review');
    await page.click('#triage-form button[type="submit"]');
    await page.waitForLoadState('load');
    await page.locator('body[data-decrypted="tip"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#triage-status').inputValue()).toBe('in_review');
    expect(await page.locator('#triage-assignee option:checked').innerText()).toBe('Rita Reporter');
    expect(await page.locator('#triage-form input[name="labels"]:checked + label').innerText()).toBe('port authority');

    await page.fill('#note-text', NOTE);
    await page.click('#note-form button[type="submit"]');
    await page.locator('#notes li.note .note-text', { hasText: NOTE }).waitFor();
    await page.fill('#reply-text', REPLY);
    await page.click('#reply-form button[type="submit"]');
    await page.locator('#staff-status', { hasText: 'Sent.' }).waitFor({ timeout: 30_000 });
    // After a reload, everything comes back from ciphertext: the note and the reply decrypt again.
    await page.reload();
    await page.locator('body[data-decrypted="tip"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#notes .note-text').innerText()).toBe(NOTE);
    expect(await page.locator('#conversation li.conversation-reply .reply-text').innerText()).toBe(REPLY);
    await shot(page, 'editor-triaged');

    // The inbox shows the triage, filtered by label (a link), newest first.
    await page.goto(`${server.url}/staff`);
    await page.selectOption('#filter-label', { label: 'port authority (Politics)' });
    await page.click('form.filters button[type="submit"]');
    await page.locator('body[data-decrypted]').waitFor();
    expect(page.url()).toMatch(/label=[0-9a-f]{32}/);
    const row = page.locator('#inbox tr.tip-row');
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain('In review');
    expect(await row.innerText()).toContain('Rita Reporter');
    expect(await row.getAttribute('class')).not.toContain('unread');
    // Bulk: x selects the current row, the bar sets a status for the selection.
    await page.locator('body').press('j');
    await page.keyboard.press('x');
    expect(await page.locator('#bulk-count').innerText()).toBe('1 selected');
    await page.selectOption('#bulk-status', 'verified');
    await page.click('#bulk-form button[type="submit"]');
    // The bar posts, then reloads the page: wait for the reloaded row rather than the old page's load state.
    await page.locator('#inbox tr.tip-row', { hasText: 'Verified' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('#inbox tr.tip-row').innerText()).toContain('Verified');
    await shot(page, 'editor-inbox-filtered');
    expectClean(editor, server.url);

    const source = await browser.newContext({ javaScriptEnabled: false });
    const sourcePage = await source.newPage();
    await sourcePage.goto(`${server.url}/return`);
    await sourcePage.fill('#codename-input', codename);
    await sourcePage.keyboard.press('Enter');
    await sourcePage.locator('#replies li.reply').waitFor({ timeout: 60_000 });
    expect(await sourcePage.locator('#replies li.reply .reply-text').innerText()).toBe(REPLY);
    await source.close();
  }, TIMEOUT);

  it('shows the reporter the tip assigned to them, which they link to a draft with a sealed note', async () => {
    const { page } = reporter;
    await page.goto(`${server.url}/staff/assigned`);
    await page.locator('body[data-decrypted="1"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#inbox tr.tip-row .preview').innerText()).toBe(MESSAGE.replace(/\s+/g, ' '));
    await shot(page, 'reporter-assigned');

    await page.goto(`${server.url}/staff/drafts`);
    await page.fill('#draft-form-title', 'Pier 4 inspections');
    await page.fill('#draft-form-cms', 'cms-4711');
    await page.click('#draft-form button[type="submit"]');
    await page.waitForURL(/\/staff\/drafts\/[0-9a-f]{32}$/);

    await page.goto(`${server.url}/staff/assigned`);
    await page.locator('#inbox tr.tip-row a').first().click();
    await page.locator('body[data-decrypted="tip"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#tip-message').innerText()).toBe(MESSAGE);
    expect(await page.locator('#triage-form').count()).toBe(0);
    await page.selectOption('#link-draft', { label: 'Pier 4 inspections' });
    await page.fill('#link-note', 'Lead for the pier 4 story');
    await page.click('#link-form button[type="submit"]');
    await page.locator('li.tip-draft-link .link-note', { hasText: 'Lead for the pier 4 story' }).waitFor({ timeout: 30_000 });

    await page.locator('li.tip-draft-link a').click();
    await page.waitForURL(/\/staff\/drafts\/[0-9a-f]{32}$/);
    await page.locator('li.draft-link .link-note', { hasText: 'Lead for the pier 4 story' }).waitFor({ timeout: 30_000 });
    await shot(page, 'reporter-draft');
    expectClean(reporter, server.url);
  }, TIMEOUT);

  it('asks a tab without the key for the passphrase; logout wipes it; a recovery code logs in', async () => {
    // A second tab of the editor: same cookie, no key in its sessionStorage.
    const page = await editor.context.newPage();
    await page.goto(`${server.url}/staff`);
    await page.locator('#unlock:not([hidden])').waitFor();
    await shot(page, 'editor-unlock');
    await page.fill('#unlock-passphrase', people.editor!.passphrase);
    await page.click('#unlock-form button[type="submit"]');
    await page.locator('body[data-decrypted="1"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('#inbox tr.tip-row .preview').innerText()).toBe(MESSAGE.replace(/\s+/g, ' '));
    expect(await page.evaluate(() => Object.keys(localStorage).length)).toBe(0);

    await page.click('#logout');
    await page.waitForURL(/\/staff\/login\?loggedOut=1/);
    expect(await page.evaluate(() => Object.keys(sessionStorage).length)).toBe(0);
    expect((await page.goto(`${server.url}/staff`))!.url()).toContain('/staff/login?next=%2Fstaff');

    await page.fill('#login-username', 'eddie');
    await page.fill('#login-passphrase', people.editor!.passphrase);
    await page.locator('details summary').click();
    await page.fill('#login-recovery', people.editor!.recoveryCodes[0]!);
    await page.click('#login-form button[type="submit"]');
    await page.waitForURL(`${server.url}/staff`);
    await page.locator('body[data-decrypted="1"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#inbox tr.tip-row .preview').innerText()).toBe(MESSAGE.replace(/\s+/g, ' '));
    await page.close();
  }, TIMEOUT);

  it('moves the tip, re-sealed in the editor’s browser, to a second desk; routing rules save', async () => {
    const { page } = admin;
    await page.goto(`${server.url}/staff/admin`);
    await page.fill('#desk-slug', 'business');
    await page.fill('#desk-name', 'Business');
    await page.locator('#desk-form label', { hasText: 'Eddie Editor' }).click();
    await page.click('#desk-form button[type="submit"]');
    await page.locator('#desk-recovery:not([hidden])').waitFor({ timeout: 30_000 });
    await page.click('#recovery-done');
    // A rule: tips on the topic "harbour" go to Business.
    await page.click('#routing-add');
    const rule = page.locator('#routing-rows tr.routing-row').last();
    await rule.locator('input[name="topic"]').fill('harbour');
    await rule.locator('select[name="targetDeskId"]').selectOption({ label: 'Business' });
    await page.click('#routing-form button[type="submit"]');
    await page.locator('#staff-status', { hasText: 'Saved.' }).waitFor();
    await page.reload();
    expect(await page.locator('#routing-rows input[name="topic"]').inputValue()).toBe('harbour');
    expectClean(admin, server.url);

    const tab = editor.page;
    await tab.goto(`${server.url}/staff/desks/politics`);
    await tab.locator('#inbox tr.tip-row a').first().click();
    await tab.locator('body[data-decrypted="tip"]').waitFor({ timeout: 30_000 });
    await tab.selectOption('#move-desk', { label: 'Business' });
    await tab.click('#move-form button[type="submit"]');
    await tab.waitForURL(`${server.url}/staff`);
    await tab.goto(`${server.url}/staff/desks/business`);
    await tab.locator('body[data-decrypted="1"]').waitFor({ timeout: 30_000 });
    expect(await tab.locator('#inbox tr.tip-row .preview').innerText()).toBe(MESSAGE.replace(/\s+/g, ' '));
    await tab.locator('#inbox tr.tip-row a').first().click();
    await tab.locator('body[data-decrypted="tip"]').waitFor({ timeout: 30_000 });
    // The reply moved with the conversation and opens with the new desk's key.
    expect(await tab.locator('#conversation li.conversation-reply .reply-text').innerText()).toBe(REPLY);
    expect(await tab.locator('#notes .note-text').innerText()).toBe(NOTE);
    await shot(tab, 'editor-moved');
    expectClean(editor, server.url);
  }, TIMEOUT);
});

