// The source pages as HTML: landmarks, labels, the ids the browser bundle relies on, nothing
// inline, the security headers, no cookie before login, and /static/*.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sealReply } from '../../src/client/reply.ts';
import { replyRecipients, sendReply } from '../../src/domain/replies.ts';
import { nodeAssets } from '../../src/web/assets-node.ts';
import { addDesk, testApp, type TestApp } from '../helpers/app.ts';
import { codenameOf, logIn, submitTipForm } from './helpers.ts';

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const MESSAGE = 'The harbour master signs inspection reports he never read.';

function expectAccessible(html: string) {
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(html).toMatch(/<html lang="en">/);
  expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
  expect(html).toContain('<link rel="stylesheet" href="/static/app.css"/>');
  for (const landmark of ['<header', '<main', '<footer']) expect(html).toContain(landmark);
  // Every visible input and textarea has a label pointing at it.
  const fields = [...html.matchAll(/<(input|textarea)\b([^>]*)>/g)].filter((m) => !/type="hidden"/.test(m[2]!));
  for (const field of fields) {
    const id = /\bid="([^"]+)"/.exec(field[2]!)?.[1];
    expect(id, field[0]).toBeDefined();
    expect(html, `label for ${id}`).toContain(`<label for="${id}">`);
  }
  // Nothing inline: the CSP forbids it, and the pages must not need it.
  expect(html).not.toMatch(/<style/i);
  expect(html).not.toMatch(/\sstyle=/i);
  expect(html).not.toMatch(/\son[a-z]+=/i);
  for (const script of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    expect(script[1]).toMatch(/src="\/static\/source\.js"/);
    expect(script[2]).toBe('');
  }
  // Nothing from another origin.
  expect(html).not.toMatch(/(src|href|action)="(https?:)?\/\//);
}

function expectSecurityHeaders(res: Response) {
  expect(res.headers.get('content-security-policy')).toBe(CSP);
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('cache-control')).toBe('no-store');
}

const hasScript = (html: string) => html.includes('<script src="/static/source.js" defer');

/** A source with a codename and one reply waiting, and their session cookie. */
async function loggedIn(t: TestApp) {
  const desk = await addDesk(t);
  const confirmation = await (await submitTipForm(t, desk.slug, MESSAGE)).text();
  const codename = codenameOf(confirmation);
  const tip = (await t.db.read.query.tips.findFirst())!;
  const recipients = (await replyRecipients(t.ctx, tip.id))!;
  const sealed = sealReply('Thank you. Do you have the March reports?', recipients.replyPublicKey, desk.publicKey);
  await sendReply({ ctx: t.ctx, input: { tipId: tip.id, ...sealed, deskKeyVersion: 1, actor: { kind: 'staff', id: 'ed' } } });
  return { desk, confirmation, cookie: await logIn(t, codename) };
}

describe('source pages', () => {
  it('render every page with landmarks, labels, nothing inline, the headers and no cookie', async () => {
    const t = await testApp();
    await addDesk(t);
    for (const path of ['/', '/submit/investigations', '/return']) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/i);
      expect(res.headers.get('set-cookie'), path).toBeNull();
      expect(res.headers.get('onion-location')).toBeNull();
      expectSecurityHeaders(res);
      const html = await res.text();
      expectAccessible(html);
      expect(hasScript(html), path).toBe(path !== '/');
    }
    const confirmation = await submitTipForm(t, 'investigations', MESSAGE);
    expect(confirmation.status).toBe(200);
    expect(confirmation.headers.get('set-cookie')).toBeNull();
    expectSecurityHeaders(confirmation);
    const html = await confirmation.text();
    expectAccessible(html);
    expect(hasScript(html)).toBe(true);
  });

  it('render the conversation page with its ids, a delete form per reply and the follow-up form', async () => {
    const t = await testApp();
    const { cookie } = await loggedIn(t);
    const res = await t.app.request('/conversation', { headers: { cookie } });
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    const html = await res.text();
    expectAccessible(html);
    expect(hasScript(html)).toBe(true);
    expect(html).toMatch(/<ol id="replies">/);
    const replies = [...html.matchAll(/<li class="reply" data-reply-id="([0-9a-f]{32})">/g)];
    expect(replies).toHaveLength(1);
    expect(html).toContain('Thank you. Do you have the March reports?');
    expect(html).toContain('Received on November 22, 2026');
    expect(html).toContain(`action="/conversation/replies/${replies[0]![1]}/delete"`);
    const followUp = /<form id="follow-up-form"[^>]*>([\s\S]*?)<\/form>/.exec(html)!;
    expect(followUp[0]).toMatch(/method="post" action="\/conversation\/follow-up" enctype="multipart\/form-data"/);
    for (const field of ['name="message"', 'name="files"', 'name="allow_unsupported"', 'name="website"', 'name="csrf"', 'id="submit-button"']) {
      expect(followUp[1], field).toContain(field);
    }
    expect(html).toMatch(/<form id="logout-form" method="post" action="\/logout">/);
  });

  it('carry the ids, names and data attributes of docs/source-flow.md', async () => {
    const t = await testApp();
    const desk = await addDesk(t);
    const form = await (await t.app.request('/submit/investigations')).text();
    const open = /<form id="submit-form"[^>]*>/.exec(form)![0];
    expect(open).toContain('method="post" action="/submit/investigations" enctype="multipart/form-data"');
    expect(open).toContain('data-desk="investigations"');
    expect(open).toContain('data-key-version="1"');
    expect(open).toContain(`data-public-key="${Buffer.from(desk.publicKey).toString('base64')}"`);
    expect(open).toContain('data-min-length="20"');
    expect(form).toMatch(/<textarea id="message" name="message"/);
    expect(form).toMatch(/<input id="files" name="files" type="file" multiple/);
    expect(form).toMatch(/<input type="checkbox" id="allow-unsupported" name="allow_unsupported" value="1"\/>/);
    expect(form).toMatch(/<input id="website" name="website" class="hp" tabindex="-1" autocomplete="off" aria-hidden="true"\/>/);
    expect(form).toMatch(/<button id="submit-button" type="submit">/);
    expect(form).toContain('<div id="file-report" aria-live="polite"></div>');
    expect(form).toMatch(/<progress id="upload-progress" hidden/);

    const returnPage = await (await t.app.request('/return')).text();
    expect(returnPage).toMatch(/<form id="return-form" method="post" action="\/return">/);
    expect(returnPage).toMatch(/<input id="codename-input" name="codename" type="text" autocomplete="off"/);

    const confirmation = await (await submitTipForm(t, desk.slug, MESSAGE)).text();
    expect(codenameOf(confirmation).split(' ')).toHaveLength(9);
    expect(confirmation.match(/id="codename"/g)).toHaveLength(1);
  });

  it('show the configured newsroom, and announce the onion service', async () => {
    const onion = 'http://' + 'a'.repeat(56) + '.onion';
    const t = await testApp({ config: { newsroom: { name: 'The Harbour Gazette', intro: 'Tell us what the port hides.', logoPath: '/static/logo.svg' }, onionAddress: `${onion}/` } });
    const res = await t.app.request('/return');
    expect(res.headers.get('onion-location')).toBe(`${onion}/return`);
    const landing = await (await t.app.request('/')).text();
    expect(landing).toContain('<title>Send us a tip · The Harbour Gazette</title>');
    expect(landing).toContain('Tell us what the port hides.');
    expect(landing).toContain('<img src="/static/logo.svg" alt=""/>');
    expect(landing).toContain('No desk is accepting tips at the moment.');
    // A misconfigured onion address stops the start rather than announcing something else.
    await expect(testApp({ config: { onionAddress: 'https://example.com' } })).rejects.toThrow(/onion/);
  });

  it('answer unknown desks and routes with an HTML page, and the API with JSON', async () => {
    const t = await testApp();
    for (const path of ['/submit/no-such-desk', '/submit/a..b', '/submit/UPPER', '/nothing-here', '/conversation/elsewhere']) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expectAccessible(await res.text());
    }
    const api = await t.app.request('/api/v1/nothing');
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('never reach the conversation without a session', async () => {
    const t = await testApp();
    const res = await t.app.request('/conversation');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/return');
  });
});

describe('/static', () => {
  it('serves the stylesheet, and the bundle only from the injected store', async () => {
    const asked: string[] = [];
    const t = await testApp({
      assets: { get: async (path) => (asked.push(path), path === 'source.js' ? { body: new TextEncoder().encode('/* bundle */'), type: 'text/javascript; charset=utf-8' } : null) },
    });
    const css = await t.app.request('/static/app.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toMatch(/system-ui/);
    const js = await t.app.request('/static/source.js');
    expect([js.status, js.headers.get('content-type'), await js.text()]).toEqual([200, 'text/javascript; charset=utf-8', '/* bundle */']);
    expect((await t.app.request('/static/strip-worker.js')).status).toBe(404);
    for (const path of ['/static/..%2Fpackage.json', '/static/../package.json', '/static/%2e%2e%2fsrc%2fnode.ts', '/static/.env', '/static/a/b.js']) {
      expect((await t.app.request(path)).status, path).toBe(404);
    }
    expect(asked).toEqual(['source.js', 'strip-worker.js']);
  });

  it('sends the gzip twin to a browser that accepts it, and the plain file otherwise', async () => {
    const plain = new TextEncoder().encode('/* bundle */ '.repeat(100));
    const gzip = new Uint8Array(gzipSync(plain));
    const t = await testApp({ assets: { get: async () => ({ body: plain, type: 'text/javascript; charset=utf-8', gzip }) } });
    const compressed = await t.app.request('/static/source.js', { headers: { 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'canary-ua' } });
    expect(compressed.headers.get('content-encoding')).toBe('gzip');
    expect(compressed.headers.get('vary')).toBe('Accept-Encoding');
    expect(new Uint8Array(await compressed.arrayBuffer())).toEqual(gzip);
    const identity = await t.app.request('/static/source.js', { headers: { 'accept-encoding': 'identity' } });
    expect(identity.headers.get('content-encoding')).toBeNull();
    expect(new Uint8Array(await identity.arrayBuffer())).toEqual(plain);
    // Accept-Encoding passes on /static only: pages are never compressed.
    const page = await t.app.request('/', { headers: { 'accept-encoding': 'gzip' } });
    expect(page.headers.get('content-encoding')).toBeNull();
  });

  it('answers 404 for the bundle when none was built or injected', async () => {
    const t = await testApp();
    expect((await t.app.request('/static/source.js')).status).toBe(404);
    // The page works without it all the same.
    expect((await t.app.request('/return')).status).toBe(200);
  });

  it('reads only allowlisted names from dist/web on Node', async () => {
    const assets = nodeAssets(new URL('../../', import.meta.url));
    // The repository root has a package.json; it is not on the list, nor is anything with a path.
    for (const name of ['package.json', '../package.json', 'src/node.ts', 'source.js/../package.json']) {
      expect(await assets.get(name), name).toBeNull();
    }
    const missing = nodeAssets(new URL('file:///nonexistent-tipline-dir/'));
    expect(await missing.get('source.js')).toBeNull();
  });
});
