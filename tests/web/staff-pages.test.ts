// The newsroom pages as HTML (app.request, real database, real enrollment): a session is needed
// (the login page otherwise, coming back afterwards), the staff CSP (no inline script, images
// from blob: for decrypted files), no-store, the CSRF token in a <meta> tag, rows that carry
// ciphertext only, Korean with ?lang=ko; and the staff bundle, built apart so that source pages
// never load it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cspViolations, WEB_OUT } from '../../scripts/build-web.ts';
import { auditLog } from '../../src/db/schema.ts';
import { createInvite } from '../../src/domain/staff/invites.ts';
import { nodeAssets } from '../../src/web/assets-node.ts';
import { en } from '../../src/web/staff/i18n/en.ts';
import { ko } from '../../src/web/staff/i18n/ko.ts';
import { addDesk, testApp, type TestApp } from '../helpers/app.ts';
import { enrollStaff, joinDesk, movableClock, type StaffClient } from '../helpers/staff.ts';
import { submitTipForm } from './helpers.ts';

const STAFF_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const MESSAGE = 'The harbour master signs inspection reports he never read.';

function get(t: TestApp, path: string, member?: StaffClient) {
  return t.app.request(path, { headers: member ? { cookie: `tl_staff=${member.cookie}` } : {} });
}

/** Headers and markup every newsroom page has; returns the HTML. */
async function expectStaffPage(res: Response, status = 200): Promise<string> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-security-policy')).toBe(STAFF_CSP);
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  const html = await res.text();
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(html).toContain('<script src="/static/staff.js" defer=""></script>');
  expect(html).not.toContain('/static/source.js');
  for (const script of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    expect(script[1]).toMatch(/src="\/static\/staff\.js"/);
    expect(script[2]).toBe('');
  }
  expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  expect(html).not.toMatch(/(src|href|action)="(https?:)?\/\//);
  expect(html).toContain('<noscript>');
  // Every visible field is labelled.
  for (const field of html.matchAll(/<(input|textarea|select)\b([^>]*)>/g)) {
    if (/type="hidden"/.test(field[2]!)) continue;
    const id = /\bid="([^"]+)"/.exec(field[2]!)?.[1];
    if (id === undefined) {
      expect(field[2], field[0]).toMatch(/aria-label="/);
      continue;
    }
    expect(html.includes(`<label for="${id}">`) || field[2]!.includes('aria-label="'), `label for ${id}`).toBe(true);
  }
  return html;
}

async function withEditor() {
  const t = await testApp({ clock: movableClock(), assets: nodeAssets() });
  const desk = await addDesk(t, 'politics');
  const editor = await enrollStaff(t, 'editor', { username: 'eddie' });
  await joinDesk(t, editor, desk);
  return { t, desk, editor };
}

describe('newsroom pages without a session', () => {
  it('send every page to the login page, coming back afterwards', async () => {
    const t = await testApp();
    for (const path of ['/staff', '/staff/assigned', '/staff/desks/politics', '/staff/tips/0123456789abcdef0123456789abcdef', '/staff/drafts', '/staff/admin']) {
      const res = await get(t, `${path}?lang=ko`);
      expect(res.status, path).toBe(303);
      const location = new URL(res.headers.get('location')!, 'http://x');
      expect(location.pathname).toBe('/staff/login');
      expect(location.searchParams.get('next')).toBe(`${path}?lang=ko`);
      expect(location.searchParams.get('lang')).toBe('ko');
    }
  });

  it('show the login page with the staff CSP and no CSRF token yet', async () => {
    const t = await testApp();
    const html = await expectStaffPage(await get(t, '/staff/login?next=/staff/admin'));
    expect(html).toContain('id="login-form" data-next="/staff/admin"');
    expect(html).not.toContain('name="csrf-token"');
    // Buttons start disabled: without the bundle nothing (a passphrase least of all) is posted.
    expect(html).toMatch(/<button type="submit" disabled="" data-needs-js="true">/);
    expect(html).not.toMatch(/<form[^>]*method="post"/);
  });

  it('never send the browser elsewhere after login', async () => {
    const t = await testApp();
    for (const next of ['https://evil.example/', '//evil.example/staff', '/staff/../../x\\y', '/conversation']) {
      const html = await (await get(t, `/staff/login?next=${encodeURIComponent(next)}`)).text();
      expect(html, next).toContain('data-next="/staff"');
    }
  });

  it('show the enrollment form for a live invitation only', async () => {
    const t = await testApp();
    const { token } = await createInvite({ ctx: t.ctx, input: { role: 'reporter', actor: { kind: 'admin-cli' } } });
    const html = await expectStaffPage(await get(t, `/staff/enroll/${token}`));
    expect(html).toContain(`data-token="${token}"`);
    expect(html).toContain('You were invited as reporter.');
    expect(html).toContain('id="totp-qr"');
    const gone = await expectStaffPage(await get(t, `/staff/enroll/${'0'.repeat(64)}`), 410);
    expect(gone).toContain(en['enroll.invalid']);
    expect(gone).not.toContain('id="enroll-form"');
  });
});

describe('newsroom pages with a session', () => {
  it('carry the session’s CSRF token and say who is signed in', async () => {
    const { t, editor } = await withEditor();
    for (const path of ['/staff', '/staff/assigned', '/staff/desks/politics', '/staff/drafts']) {
      const html = await expectStaffPage(await get(t, path, editor));
      expect(html, path).toContain(`<meta name="csrf-token" content="${editor.csrf}"/>`);
      expect(html, path).toContain('Signed in as Test eddie (editor)');
      expect(html, path).toContain('id="unlock-form"');
      expect(html, path).not.toContain('href="/staff/admin"');
    }
  });

  it('list tips as ciphertext for the browser, with their triage fields and flags', async () => {
    const { t, editor } = await withEditor();
    expect((await submitTipForm(t, 'politics', MESSAGE)).status).toBe(200);
    const html = await expectStaffPage(await get(t, '/staff/desks/politics', editor));
    const rows = [...html.matchAll(/<tr class="tip-row unread"[^>]*data-sealed-key="([^"]+)" data-message="([^"]+)"/g)];
    expect(rows).toHaveLength(1);
    expect(Buffer.from(rows[0]![1]!, 'base64')).toHaveLength(80);
    expect(html).not.toContain('harbour master');
    expect(html).toContain('<td>New</td><td>Normal</td>');
    // The filter form is a GET form and works as a link.
    expect(html).toMatch(/<form class="filters" method="get" action="\/staff\/desks\/politics"/);
    const filtered = await (await get(t, '/staff/desks/politics?status=archived&sort=oldest&bogus=1&priority=9', editor)).text();
    expect(filtered).toContain(en['inbox.empty']);
    expect(filtered).toMatch(/<option value="oldest" selected="">/);
  });

  it('audit the tips a page hands out once per session and window, not on every reload', async () => {
    const { t, editor } = await withEditor();
    expect((await submitTipForm(t, 'politics', MESSAGE)).status).toBe(200);
    const listed = async () => (await t.db.read.select().from(auditLog).where(eq(auditLog.action, 'tips.listed'))).length;
    await expectStaffPage(await get(t, '/staff/desks/politics', editor));
    expect(await listed()).toBe(1);
    // Reloads, and the same tip on the all-desks page, hand this session nothing new.
    await expectStaffPage(await get(t, '/staff/desks/politics', editor));
    await expectStaffPage(await get(t, '/staff', editor));
    expect(await listed()).toBe(1);
    expect((await submitTipForm(t, 'politics', `${MESSAGE} Again.`)).status).toBe(200);
    await expectStaffPage(await get(t, '/staff', editor));
    expect(await listed()).toBe(2);
  });

  it('show a desk’s members who wait for its key, with the public key to seal it to', async () => {
    const { t, editor } = await withEditor();
    const deskId = /data-desk-id="([0-9a-f]{32})"/.exec(await (await get(t, '/staff/desks/politics', editor)).text())?.[1];
    expect(deskId).toBeDefined();
    const reporter = await enrollStaff(t, 'reporter', { username: 'rita', deskIds: [deskId!] });
    const html = await expectStaffPage(await get(t, '/staff/desks/politics', editor));
    expect(html).toContain(`class="pending-grants" data-desk-id="${deskId}" data-key-version="1"`);
    expect(html).toContain(`data-staff-id="${reporter.id}" data-public-key="${Buffer.from(reporter.keys.publicKey).toString('base64')}"`);
    // The viewer's own sealed grant comes with the page, for the bundle to open.
    expect(html).toMatch(new RegExp(`<li data-desk-id="${deskId}" data-slug="politics"[^>]*data-grants="1:[A-Za-z0-9+/=]{108}"`));
  });

  it('refuse a desk the member is not in, and the admin page to non-admins', async () => {
    const { t, editor } = await withEditor();
    await addDesk(t, 'sports');
    expect((await get(t, '/staff/desks/sports', editor)).status).toBe(403);
    expect((await get(t, '/staff/desks/nowhere', editor)).status).toBe(404);
    const res = await get(t, '/staff/admin', editor);
    const html = await expectStaffPage(res, 403);
    expect(html).toContain(en['error.forbidden']);
  });

  it('give admins the admin page, with every member’s public key for sealing desk secrets', async () => {
    const t = await testApp();
    const admin = await enrollStaff(t, 'admin', { username: 'chief' });
    const html = await expectStaffPage(await get(t, '/staff/admin', admin));
    expect(html).toContain('href="/staff/admin"');
    expect(html).toContain(`data-public-key="${Buffer.from(admin.keys.publicKey).toString('base64')}"`);
    expect(html).toContain('id="invite-form"');
    expect(html).toContain('id="routing-form"');
  });

  it('end with the session: idle too long, back to the login page', async () => {
    const { t, editor } = await withEditor();
    expect((await get(t, '/staff', editor)).status).toBe(200);
    (t.ctx.clock as ReturnType<typeof movableClock>).advance(31 * 60_000);
    expect((await get(t, '/staff', editor)).status).toBe(303);
  });

  it('speak Korean with ?lang=ko, and keep it on every link', async () => {
    const { t, editor } = await withEditor();
    const html = await expectStaffPage(await get(t, '/staff?lang=ko', editor));
    expect(html).toContain('<html lang="ko">');
    expect(html).toContain(ko['inbox.title']);
    expect(html).toContain('href="/staff/drafts?lang=ko"');
    expect(html).toContain('<input type="hidden" name="lang" value="ko"/>');
    expect(html).toContain('href="/staff"');
  });
});

describe('the staff catalogs and bundle', () => {
  it('have every key in Korean, translated, and bundle keys that need no ICU formatter', () => {
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
    // Untranslated: the same text in both, where the text has words of its own (not only placeholders).
    const words = (text: string) => text.replace(/\{[^}]*\}/g, '').replace(/[^\p{L}]/gu, '');
    const same = Object.keys(en).filter((k) => ko[k as keyof typeof ko] === en[k as keyof typeof en] && words(en[k as keyof typeof en]).length > 3);
    expect(same).toEqual([]);
    for (const catalog of [en, ko]) {
      for (const [key, text] of Object.entries(catalog)) {
        if (key.startsWith('js.')) expect(text, key).not.toMatch(/\{\w+,/);
      }
    }
  });

  it('is built apart from the source bundle, served from /static, and never loaded by source pages', async () => {
    const { t } = await withEditor();
    const file = join(WEB_OUT, 'staff.js');
    expect(existsSync(file)).toBe(true);
    expect(existsSync(`${file}.gz`)).toBe(true);
    const code = readFileSync(file, 'utf8');
    expect(cspViolations(code)).toEqual([]);
    // Nothing it sends could carry decrypted text to the server but through these calls, and
    // it never touches persistent storage.
    expect(code).not.toMatch(/localStorage|indexedDB|document\.cookie/);
    const served = await t.app.request('/static/staff.js');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    for (const path of ['/', '/submit/politics', '/return', '/ko']) {
      const html = await (await t.app.request(path)).text();
      expect(html, path).not.toContain('staff.js');
      expect(html, path).not.toContain('csrf-token');
    }
    const source = readFileSync(join(WEB_OUT, 'source.js'), 'utf8');
    expect(source).not.toContain('tipline.staff.personalKey');
  });
});
