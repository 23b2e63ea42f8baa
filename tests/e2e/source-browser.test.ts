// A source's whole journey in real Chromium against the real Node server, once with JavaScript
// off (the server strips and seals) and once on (the browser does, through /static/source.js
// and its worker): a message and a phone photo with GPS in its EXIF, the codename, a reply
// written with the CLI, the way back with the codename (a wrong one first), the answer, a
// follow-up, deleting the answer. Then the desk's export: the message intact, the photo
// without GPS. Along the way: labels and landmarks, keyboard-only sending, screenshots in
// test-artifacts/source-browser/, and at the end the canary scan of everything the server
// wrote or printed, with identifying headers set on the browser.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCodename } from '../../src/domain/codename.ts';
import { en } from '../../src/web/i18n/messages/en.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { filesUnder, scanForLeaks } from '../helpers/leak-scan.ts';
import { runCli, startServer, type RunningServer } from '../helpers/processes.ts';
import { tempDir } from '../helpers/temp.ts';

const PHOTO = 'tests/fixtures/strip/images/phone.jpg';
const ARTIFACTS = 'test-artifacts/source-browser';
const IDENTITY = {
  userAgent: 'Mozilla/5.0 (CanaryOS 9.1) SourceBrowser/4242',
  acceptLanguage: 'ko-KR-x-canarylang',
  forwardedFor: '203.0.113.77',
};
/** Text the photo carries in its metadata (tests/fixtures/strip/images/phone.jpg). */
const PHOTO_CANARIES = ['CANARY-make-phone', 'CANARY-serial-body-phone', 'CANARY-gps-method-phone'];
const FLOW_TIMEOUT = 240_000;

let dir: ReturnType<typeof tempDir>;
let dataDir: string;
let keyFile: string;
let env: Record<string, string>;
let server: RunningServer;
let browser: Browser;
/** Every plaintext and identity the flows used, for the leak scan. */
const canaries: string[] = [...Object.values(IDENTITY), ...PHOTO_CANARIES];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = tempDir();
  dataDir = join(dir.path, 'data');
  keyFile = join(dir.path, 'desk.key');
  env = { DATABASE_URL: `file:${join(dataDir, 'tipline.db')}`, TIPLINE_POW_DIFFICULTY: '8', TIPLINE_ACCESS_LOG: '1' };
  const created = await runCli(['desk', 'create', 'politics', '--name', 'Politics', '--secret-key-out', keyFile, '--recovery-key-out', `${keyFile}.recovery`], env);
  expect(created.code, created.stderr).toBe(0);
  server = await startServer(env);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop('SIGKILL');
  dir?.remove();
});

async function sourcePage(javaScriptEnabled: boolean) {
  const context = await browser.newContext({
    javaScriptEnabled,
    userAgent: IDENTITY.userAgent,
    extraHTTPHeaders: { 'Accept-Language': IDENTITY.acceptLanguage, 'X-Forwarded-For': IDENTITY.forwardedFor },
  });
  const page = await context.newPage();
  const requests: string[] = [];
  const origins = new Set<string>();
  const errors: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    origins.add(url.origin);
    requests.push(`${r.method()} ${url.pathname}`);
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  // A CSP violation is only a console message: count it as an error.
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) errors.push(m.text()); });
  return { context, page, requests, origins, errors };
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });

/** Accessibility basics: every field labelled, landmarks, a language and a heading. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    for (const field of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>('input, textarea, select')) {
      if (field.type === 'hidden') continue;
      const labelled = (field.labels?.length ?? 0) > 0 || field.hasAttribute('aria-label') || field.hasAttribute('aria-labelledby');
      if (!labelled) problems.push(`unlabelled ${field.tagName.toLowerCase()} ${field.id || field.name}`);
    }
    for (const landmark of ['header', 'main', 'footer']) if (!document.querySelector(landmark)) problems.push(`no <${landmark}>`);
    if (!document.documentElement.lang) problems.push('no lang on <html>');
    if (!document.querySelector('h1')) problems.push('no <h1>');
    return problems;
  });
}

/** Presses Tab until `selector` has the focus, as a keyboard user would. */
async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 40; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Exports the desk with its secret key into a fresh folder: tip id -> folder. */
async function exportDesk(): Promise<Map<string, string>> {
  const out = mkdtempSync(join(dir.path, 'export-'));
  const exported = await runCli(['tips', 'export', '--desk', 'politics', '--secret-key', keyFile, '--out', out], env);
  expect(exported.code, exported.stderr).toBe(0);
  return new Map(readdirSync(out).map((id) => [id, join(out, id)]));
}

async function tipWithMessage(message: string): Promise<{ id: string; folder: string }> {
  for (const [id, folder] of await exportDesk()) {
    if (readFileSync(join(folder, 'message.txt'), 'utf8') === message) return { id, folder };
  }
  throw new Error(`no exported tip says ${message}`);
}

/** How each tip came, whose it is, and what metadata removal said about its files. */
async function tipRows() {
  const db = createClient({ url: env.DATABASE_URL! });
  try {
    const rows = (await db.execute(`SELECT t.id, t.via, t.source_id, group_concat(p.metadata) AS metadata
      FROM tips t LEFT JOIN parts p ON p.tip_id = t.id AND p.kind = 'file' GROUP BY t.id`)).rows;
    return new Map(rows.map((r) => [String(r.id), {
      via: String(r.via), sourceId: r.source_id === null ? null : String(r.source_id), metadata: r.metadata === null ? null : String(r.metadata),
    }]));
  } finally {
    db.close();
  }
}

function exifOf(path: string): Record<string, unknown> {
  return (JSON.parse(execFileSync('exiftool', ['-j', '-G', path], { encoding: 'utf8' })) as Array<Record<string, unknown>>)[0]!;
}

async function journey(js: boolean) {
  const label = js ? 'js' : 'nojs';
  const message = `${label.toUpperCase()}-MESSAGE-CANARY: the harbour master falsifies the inspection logs every Tuesday.`;
  const fileName = `${label}-canary-filename-harbour.jpg`;
  const reply = `${label.toUpperCase()}-REPLY-CANARY: thank you.\nWhich harbour is it?`;
  const followUp = `${label.toUpperCase()}-FOLLOWUP-CANARY: the northern one, pier 4.`;
  canaries.push(message, fileName, reply.split('\n')[0]!, followUp);
  const { context, page, requests, origins, errors } = await sourcePage(js);

  // The start page leads to the desk's form.
  await page.goto(`${server.url}/`);
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, `${label}-0-landing`);
  await page.locator('main a[href="/submit/politics"]').click();
  await page.waitForURL(`${server.url}/submit/politics`);

  // The form, filled and sent with the keyboard (a file chooser is the one thing a test cannot type).
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.setInputFiles('#files', { name: fileName, mimeType: 'image/jpeg', buffer: readFileSync(PHOTO) });
  if (js) {
    // Stripped in the browser before anything is sent, and the report says what went.
    const report = page.locator('#file-report li[data-status="cleaned"]');
    await report.waitFor({ timeout: 30_000 });
    expect(await report.textContent()).toContain(en['removed.location']);
  }
  await shot(page, `${label}-1-submit`);
  await tabTo(page, '#message');
  await page.keyboard.type(message);
  await tabTo(page, '#submit-button');
  await page.keyboard.press('Enter');
  const codenameElement = page.locator('#codename');
  await codenameElement.waitFor({ timeout: 120_000 });
  const codename = (await codenameElement.textContent())!.trim();
  expect(codename.split(' ')).toHaveLength(9);
  canaries.push(codename);
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, `${label}-2-confirmation`);

  const { id: tipId, folder } = await tipWithMessage(message);
  const written = await runCli(['reply', '--tip', tipId, '--message', reply], env);
  expect(written.code, written.stderr).toBe(0);

  // Back with a wrong codename, then one that is not words at all: the same words for both.
  await page.goto(`${server.url}/return`);
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, `${label}-3-return`);
  for (const wrong of [generateCodename(), 'not my codename']) {
    await tabTo(page, '#codename-input');
    await page.keyboard.type(wrong);
    await page.keyboard.press('Enter');
    // With JavaScript the form stays; wait until the keys were derived and the answer came.
    if (js) await page.locator('#return-form button:not([disabled])').waitFor({ timeout: 60_000 });
    await page.getByText(en['return.unknown']).waitFor({ timeout: 60_000 });
    await page.locator('#replies').waitFor({ state: 'detached' });
    if (js) await page.fill('#codename-input', '');
  }
  await shot(page, `${label}-4-unknown-codename`);

  // The right one, typed carelessly (capitals, extra spaces): the answer is there.
  await tabTo(page, '#codename-input');
  await page.keyboard.type(`  ${codename.toUpperCase().split(' ').join('   ')} `);
  await page.keyboard.press('Enter');
  const answer = page.locator('#replies li.reply');
  await answer.waitFor({ timeout: 60_000 });
  expect(await answer.count()).toBe(1);
  expect(await answer.locator('.reply-text').innerText()).toBe(reply);
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, `${label}-5-conversation`);

  // A follow-up, then deleting the answer.
  await page.locator('#follow-up-form [name="message"]').fill(followUp);
  await page.locator('#follow-up-form button[type="submit"]').click();
  await page.getByText(en['confirm.followUp.title']).first().waitFor({ timeout: 120_000 });
  await shot(page, `${label}-6-follow-up-sent`);
  if (!js) await page.goto(`${server.url}/conversation`);
  await page.locator('#replies li.reply button').click();
  await page.locator('#replies li.reply').waitFor({ state: 'detached', timeout: 30_000 });
  await shot(page, `${label}-7-answer-deleted`);

  // What the desk gets: the message as typed, the photo without GPS or camera details.
  expect(readFileSync(join(folder, 'message.txt'), 'utf8')).toBe(message);
  const photos = readdirSync(folder).filter((name) => name.endsWith('.jpg'));
  expect(photos).toEqual([fileName]);
  const exif = exifOf(join(folder, fileName));
  expect(exif['File:FileType']).toBe('JPEG');
  expect(Object.keys(exif).filter((key) => /gps/i.test(key))).toEqual([]);
  expect(JSON.stringify(exif)).not.toMatch(/CANARY/);
  const next = await tipWithMessage(followUp);
  const rows = await tipRows();
  expect(rows.get(tipId)?.via).toBe(js ? 'js' : 'form');
  expect(rows.get(tipId)?.metadata).toBe('cleaned');
  expect(rows.get(next.id)?.via).toBe(js ? 'js' : 'form');
  expect(rows.get(next.id)?.sourceId).toBe(rows.get(tipId)?.sourceId);
  expect(rows.get(tipId)?.sourceId).toBeTruthy();

  if (js) {
    // Nothing went through the server's form handlers: only the API and static files.
    expect(requests.filter((r) => r.startsWith('POST') && !r.startsWith('POST /api/v1/'))).toEqual([]);
    // No storage of any kind.
    expect(await context.cookies()).toEqual([]);
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
  }
  // Nothing was asked of any other origin.
  expect([...origins]).toEqual([server.url]);
  expect(errors).toEqual([]);
  await context.close();
}

describe('the source pages in Chromium', () => {
  it('work without JavaScript: submit with a GPS photo, codename, answer, follow-up', () => journey(false), FLOW_TIMEOUT);

  it('work with JavaScript: stripped and sealed in the browser, the same journey', () => journey(true), FLOW_TIMEOUT);

  it('offers to leave out a file whose metadata cannot be removed', async () => {
    const { context, page, requests, errors } = await sourcePage(true);
    await page.goto(`${server.url}/submit/politics`);
    await page.setInputFiles('#files', [
      { name: 'mystery.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4]) },
      { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: readFileSync(PHOTO) },
    ]);
    const warning = page.locator('#file-report li[data-status="unsupported"]');
    await warning.waitFor({ timeout: 30_000 });
    await page.locator('#file-report li[data-status="cleaned"]').waitFor();
    await page.fill('#message', 'A long enough message about the harbour and its logs.');
    // Not ticked and not removed: sending stops and says why.
    await page.click('#submit-button');
    await page.getByText(en['error.fileUnsupported'].split('“')[0]!).waitFor();
    expect(requests.filter((r) => r.includes('/api/v1/tips'))).toEqual([]);
    await shot(page, 'js-8-unsupported-file');
    await warning.locator('button').click();
    expect(await page.evaluate(() => [...(document.querySelector<HTMLInputElement>('#files')!.files ?? [])].map((f) => f.name))).toEqual(['photo.jpg']);
    // A filled honeypot: nothing is sent, nothing is said.
    await page.locator('input[name="website"]').evaluate((input: HTMLInputElement) => { input.value = 'https://spam.example'; });
    await page.click('#submit-button');
    await page.waitForTimeout(500);
    expect(requests.filter((r) => r.includes('/api/v1/tips'))).toEqual([]);
    expect(await page.locator('#codename').count()).toBe(0);
    await page.locator('input[name="website"]').evaluate((input: HTMLInputElement) => { input.value = ''; });
    await page.click('#submit-button');
    await page.locator('#codename').waitFor({ timeout: 120_000 });
    canaries.push((await page.locator('#codename').textContent())!.trim());
    expect(errors).toEqual([]);
    await context.close();
  }, FLOW_TIMEOUT);

  it('keeps uploading through network errors, resuming from what the server has', async () => {
    const { context, page, requests, errors } = await sourcePage(true);
    // Chunk 2 of the upload fails at the network level six times: more than one request's
    // retries, so the upload resumes from GET /api/v1/uploads/{id}.
    let cuts = 0;
    await context.route(/\/api\/v1\/uploads\/[0-9a-f]+\/chunks\/2$/, (route) => (cuts++ < 6 ? route.abort('connectionreset') : route.continue()));
    const notes = Buffer.from('minutes of the harbour board, 3 March\n'.repeat(8000)); // five chunks
    const message = 'JS-RESUME-CANARY: the board minutes show the inspections never happened.';
    canaries.push(message);
    await page.goto(`${server.url}/submit/politics`);
    await page.setInputFiles('#files', { name: 'minutes.txt', mimeType: 'text/plain', buffer: notes });
    await page.fill('#message', message);
    await page.click('#submit-button');
    await page.locator('#codename').waitFor({ timeout: 120_000 });
    canaries.push((await page.locator('#codename').textContent())!.trim());
    expect(cuts).toBeGreaterThan(6);
    expect(requests.filter((r) => /^GET \/api\/v1\/uploads\/[0-9a-f]+$/.test(r)).length).toBeGreaterThan(0);
    const { folder } = await tipWithMessage(message);
    expect(readFileSync(join(folder, 'minutes.txt')).equals(notes)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, FLOW_TIMEOUT);

  it('leaves no identity and no plaintext in anything the server wrote or printed', async () => {
    const scanned = filesUnder([dataDir]).map((f) => f.slice(dataDir.length + 1));
    expect(scanned).toEqual(expect.arrayContaining(['tipline.db']));
    expect(canaries.length).toBeGreaterThan(12);
    expect(scanForLeaks(canaries, [dataDir], server.output())).toEqual([]);
    // The access log did write lines for the pages and the API.
    expect(server.output().stdout).toMatch(/^POST \/api\/v1\/tips 201$/m);
  });
});
