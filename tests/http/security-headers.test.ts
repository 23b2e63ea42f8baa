// Security headers and session cookies, on every kind of response the app gives: source pages in
// every language (found, refused, not found, redirected), the static bundle, the source API
// (answers and errors), the staff API and the staff pages (logged in and out), over http:// and
// https:// alike. Each must carry a CSP whose script-src allows no inline script or eval,
// Referrer-Policy no-referrer, X-Content-Type-Options nosniff, frame denial, no-store, and over
// HTTPS an HSTS of at least 180 days. HTML pages carry no inline script for that CSP to block.
// No response sets a cookie but the two logins; the source's `tl_session` and the staff's
// `tl_staff` are HttpOnly, SameSite=Strict, Path=/, Secure over HTTPS, and the source's has no
// Expires or Max-Age (it dies with the browser).
import { describe, expect, it } from 'vitest';
import { deriveStaffKeys, fromBase64, toBase64 } from '../../src/crypto/index.ts';
import { nodeAssets } from '../../src/web/assets-node.ts';
import { addDesk, testApp, type TestApp } from '../helpers/app.ts';
import { enrollStaff, joinDesk, type StaffClient } from '../helpers/staff.ts';

const ORIGINS = ['http://tipline.example', 'https://tipline.example'] as const;
/** 180 days: what browsers and the HSTS preload list take as a lasting commitment is longer, this is the floor. */
const MIN_HSTS_SECONDS = 15_552_000;

interface Probe { label: string; path: string; init?: RequestInit; staff?: boolean }

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...values] = d.split(/\s+/);
    return [name!.toLowerCase(), values];
  }));
}

/** Every header this file is about, checked on one response; returns what was wrong. */
function headerProblems(response: Response, https: boolean): string[] {
  const problems: string[] = [];
  const h = response.headers;
  const csp = h.get('content-security-policy');
  if (!csp) problems.push('no Content-Security-Policy');
  else {
    const d = directives(csp);
    const script = d.get('script-src') ?? d.get('default-src');
    if (!d.has('default-src')) problems.push('CSP without default-src');
    if (!script) problems.push('CSP without script-src or default-src');
    else if (script.some((v) => /^'unsafe-(inline|eval|hashes)'$|^\*$|^data:$|^https?:$/i.test(v))) problems.push(`script-src allows ${script.join(' ')}`);
    if (d.get('object-src')?.includes("'self'") ?? false) problems.push('object-src allows self');
    if (!d.has('base-uri')) problems.push('CSP without base-uri');
    const ancestors = d.get('frame-ancestors');
    if (h.get('x-frame-options')?.toUpperCase() !== 'DENY' && !(ancestors?.length === 1 && ancestors[0] === "'none'")) problems.push('framing not denied');
  }
  if (h.get('x-frame-options')?.toUpperCase() !== 'DENY') problems.push(`X-Frame-Options ${h.get('x-frame-options')}`);
  if (h.get('referrer-policy') !== 'no-referrer') problems.push(`Referrer-Policy ${h.get('referrer-policy')}`);
  if (h.get('x-content-type-options') !== 'nosniff') problems.push(`X-Content-Type-Options ${h.get('x-content-type-options')}`);
  if (!/\bno-store\b/.test(h.get('cache-control') ?? '')) problems.push(`Cache-Control ${h.get('cache-control')}`);
  if (https) {
    const hsts = h.get('strict-transport-security') ?? '';
    const maxAge = Number(/max-age=(\d+)/i.exec(hsts)?.[1] ?? 0);
    if (maxAge < MIN_HSTS_SECONDS) problems.push(`HSTS "${hsts}"`);
  }
  return problems;
}

/** Inline script would be refused by the CSP: pages must not rely on it (nor hide handlers in attributes). */
function inlineScriptProblems(html: string): string[] {
  const problems: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (!/\bsrc=/i.test(match[1]!) || match[2]!.trim() !== '') problems.push(`inline <script${match[1]}>`);
  }
  for (const match of html.matchAll(/<[a-z][^>]*\s(on[a-z]+)\s*=/gi)) problems.push(`event handler attribute ${match[1]}`);
  if (/\bhref\s*=\s*["']?\s*javascript:/i.test(html)) problems.push('javascript: URL');
  return problems;
}

interface World { t: TestApp; desk: Awaited<ReturnType<typeof addDesk>>; staff: StaffClient; tipId: string }

async function world(): Promise<World> {
  const t = await testApp({ assets: nodeAssets() });
  const desk = await addDesk(t, 'politics');
  const staff = await enrollStaff(t, 'admin');
  await joinDesk(t, staff, desk);
  const form = new FormData();
  form.append('message', 'The committee vote was bought, the minutes are attached.');
  const submitted = await t.app.request('/submit/politics', { method: 'POST', body: form });
  expect(submitted.status).toBe(200);
  const tip = await t.db.read.query.tips.findFirst();
  return { t, desk, staff, tipId: tip!.id };
}

function probes(w: World): Probe[] {
  const json = (body: string, type = 'application/json'): RequestInit => ({ method: 'POST', headers: { 'content-type': type }, body });
  const form = (fields: Record<string, string>): RequestInit => ({ method: 'POST', body: new URLSearchParams(fields) });
  const list: Probe[] = [];
  for (const prefix of ['', '/en', '/ko', '/zh-Hans']) {
    list.push(
      { label: 'start page', path: prefix || '/' },
      { label: 'submit form', path: `${prefix}/submit/politics` },
      { label: 'unknown desk', path: `${prefix}/submit/nope` },
      { label: 'refused form', path: `${prefix}/submit/politics`, init: form({ message: 'short' }) },
      { label: 'return page', path: `${prefix}/return` },
      { label: 'unknown codename', path: `${prefix}/return`, init: form({ codename: 'not a codename at all' }) },
      { label: 'conversation without session', path: `${prefix}/conversation` },
      { label: 'page not found', path: `${prefix}/no-such-page` },
    );
  }
  list.push(
    { label: 'locale slash redirect', path: '/ko/' },
    { label: 'static bundle', path: '/static/source.js' },
    { label: 'static bundle, gzip', path: '/static/source.js', init: { headers: { 'accept-encoding': 'gzip' } } },
    { label: 'static worker', path: '/static/strip-worker.js' },
    { label: 'static missing', path: '/static/nothing.js' },
    { label: 'health', path: '/healthz' },
    { label: 'desks', path: '/api/v1/desks' },
    { label: 'instance', path: '/api/v1/instance' },
    { label: 'API not found', path: '/api/v1/nothing' },
    { label: 'API malformed JSON', path: '/api/v1/tips', init: json('{') },
    { label: 'API media type', path: '/api/v1/tips', init: json('{}', 'text/plain') },
    { label: 'API too large', path: '/api/v1/tips', init: json(`{"message":"${'A'.repeat(600_000)}"}`) },
    { label: 'API unknown upload', path: `/api/v1/uploads/${'a'.repeat(32)}` },
    { label: 'API conversation refused', path: '/api/v1/conversation', init: json(JSON.stringify({ lookupKey: toBase64(new Uint8Array(32)) })) },
    { label: 'staff API, no session', path: '/api/v1/staff/me' },
    { label: 'staff API, bad login', path: '/api/v1/staff/login', init: json('{"username":"x"}') },
    { label: 'staff API, invite lookup', path: `/api/v1/staff/invites/${'x'.repeat(20)}` },
    { label: 'staff API, me', path: '/api/v1/staff/me', staff: true },
    { label: 'staff API, people', path: '/api/v1/staff/staff', staff: true },
    { label: 'staff API, inbox', path: '/api/v1/staff/tips?desk=all', staff: true },
    { label: 'staff API, CSRF missing', path: '/api/v1/staff/logout', init: { method: 'POST' }, staff: true },
    { label: 'staff login page', path: '/staff/login' },
    { label: 'staff login page, Korean', path: '/staff/login?lang=ko' },
    { label: 'staff stylesheet', path: '/staff/staff.css' },
    { label: 'staff enroll, bad token', path: '/staff/enroll/nope' },
    { label: 'staff inbox, no session', path: '/staff' },
    { label: 'staff inbox', path: '/staff', staff: true },
    { label: 'staff inbox, assigned', path: '/staff/assigned', staff: true },
    { label: 'staff desk inbox', path: '/staff/desks/politics', staff: true },
    { label: 'staff tip page', path: `/staff/tips/${w.tipId}`, staff: true },
    { label: 'staff drafts', path: '/staff/drafts', staff: true },
    { label: 'staff admin', path: '/staff/admin', staff: true },
    { label: 'staff page not found', path: '/staff/no-such-page', staff: true },
  );
  return list;
}

describe('security headers on every response', () => {
  it('are on source pages, the bundle, the API, staff API and staff pages, over http and https', async () => {
    const w = await world();
    const failures: string[] = [];
    let checked = 0;
    for (const origin of ORIGINS) {
      for (const probe of probes(w)) {
        const headers = new Headers(probe.init?.headers);
        // A cookie header reaches staff routes only: hygiene drops it everywhere else anyway.
        if (probe.staff) headers.set('cookie', `tl_staff=${w.staff.cookie}`);
        const response = await w.t.app.request(`${origin}${probe.path}`, { ...probe.init, headers });
        const where = `${origin}${probe.path} (${probe.label}) ${response.status}`;
        expect(response.status, where).toBeLessThan(500);
        for (const problem of headerProblems(response, origin.startsWith('https'))) failures.push(`${where}: ${problem}`);
        // Only the logins set cookies; no page, error or API answer does.
        if (response.headers.get('set-cookie')) failures.push(`${where}: sets a cookie: ${response.headers.get('set-cookie')}`);
        if ((response.headers.get('content-type') ?? '').startsWith('text/html')) {
          for (const problem of inlineScriptProblems(await response.text())) failures.push(`${where}: ${problem}`);
        } else await response.arrayBuffer();
        checked++;
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

});

describe('session cookies', () => {
  const attributes = (setCookie: string) => setCookie.split(';').slice(1).map((a) => a.trim().toLowerCase());

  it('the source session cookie: HttpOnly, SameSite=Strict, Path=/, Secure on HTTPS, no lifetime', async () => {
    const w = await world();
    for (const origin of ORIGINS) await sourceCookie(w, origin);
  });

  async function sourceCookie(w: World, origin: string) {
    const https = origin.startsWith('https');
    const form = new FormData();
    form.append('message', 'A second tip, to get a codename to come back with.');
    const confirmation = await (await w.t.app.request(`${origin}/ko/submit/politics`, { method: 'POST', body: form })).text();
    const codename = /<p id="codename">([^<]+)<\/p>/.exec(confirmation)![1]!;
    const login = await w.t.app.request(`${origin}/ko/return`, { method: 'POST', body: new URLSearchParams({ codename }) });
    expect(login.status).toBe(303);
    const cookies = login.headers.getSetCookie();
    expect(cookies).toHaveLength(1);
    const [cookie] = cookies;
    expect(cookie).toMatch(/^tl_session=[A-Za-z0-9_-]+;/);
    const attrs = attributes(cookie!);
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('samesite=strict');
    expect(attrs).toContain('path=/');
    expect(attrs.includes('secure')).toBe(https);
    expect(attrs.filter((a) => a.startsWith('expires') || a.startsWith('max-age') || a.startsWith('domain'))).toEqual([]);
    expect(headerProblems(login, https)).toEqual([]);

    // With it, the conversation page answers, with the same headers and no new cookie.
    const pair = cookie!.split(';')[0]!;
    const page = await w.t.app.request(`${origin}/ko/conversation`, { headers: { cookie: pair } });
    expect(page.status).toBe(200);
    expect(headerProblems(page, https)).toEqual([]);
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(inlineScriptProblems(await page.text())).toEqual([]);
  }

  it('the staff session cookie: HttpOnly, SameSite=Strict, Path=/, Secure on HTTPS', async () => {
    const w = await world();
    // Each login uses its own recovery code: the TOTP step of the enrollment cannot be used twice.
    for (const [i, origin] of ORIGINS.entries()) await staffCookie(w, origin, w.staff.recoveryCodes[i]!);
  });

  async function staffCookie(w: World, origin: string, recoveryCode: string) {
    const https = origin.startsWith('https');
    const params = (await (await w.t.app.request(`${origin}/api/v1/staff/login/parameters`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: w.staff.username }),
    })).json()) as { kdfSalt: string; kdfLogN: number };
    const derived = await deriveStaffKeys(w.staff.passphrase, fromBase64(params.kdfSalt), params.kdfLogN);
    // A recovery code: the TOTP step the enrollment used cannot be used again.
    const login = await w.t.app.request(`${origin}/api/v1/staff/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: w.staff.username, loginKey: toBase64(derived.loginKey), recoveryCode }),
    });
    expect(login.status).toBe(200);
    const cookies = login.headers.getSetCookie();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(/^tl_staff=[^;]+;/);
    const attrs = attributes(cookies[0]!);
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('samesite=strict');
    expect(attrs).toContain('path=/');
    expect(attrs.includes('secure')).toBe(https);
    expect(attrs.filter((a) => a.startsWith('domain'))).toEqual([]);
    expect(headerProblems(login, https)).toEqual([]);

    // Logging out clears it with the same attributes (a cookie is replaced only by its twin).
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const logout = await w.t.app.request(`${origin}/api/v1/staff/logout`, {
      method: 'POST', headers: { cookie: cookies[0]!.split(';')[0]!, 'x-csrf-token': csrf },
    });
    expect(logout.status).toBeLessThan(300);
    const cleared = logout.headers.getSetCookie();
    expect(cleared).toHaveLength(1);
    expect(cleared[0]).toMatch(/^tl_staff=;/);
    const clearedAttrs = attributes(cleared[0]!);
    expect(clearedAttrs).toContain('httponly');
    expect(clearedAttrs).toContain('samesite=strict');
    expect(clearedAttrs).toContain('path=/');
    expect(clearedAttrs.includes('secure')).toBe(https);
  }
});
