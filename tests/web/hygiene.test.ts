// Request hygiene on the page routes: what a handler can see of a request. Only content-type
// and content-length pass, everywhere; on the conversation routes the source's own session
// cookie passes too, rebuilt alone, and nothing else of the Cookie header does.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { sourceHygiene } from '../../src/http/hygiene.ts';
import { isSessionPath } from '../../src/http/page-paths.ts';

const SESSION = 'A'.repeat(123);
const IDENTITY = {
  'x-forwarded-for': '203.0.113.77',
  'user-agent': 'Mozilla/5.0 (CanaryOS 9.1)',
  'accept-language': 'ko-KR',
  referer: 'https://elsewhere.example/',
  'cf-connecting-ip': '203.0.113.80',
  origin: 'https://elsewhere.example',
  cookie: `theme=dark; tl_session=${SESSION}; tracker=abc123`,
  'content-type': 'application/x-www-form-urlencoded',
  'content-length': '10',
};

function echoApp() {
  const app = new Hono();
  app.use('*', sourceHygiene({ sessionCookieOn: isSessionPath }));
  app.all('*', (c) => c.json({ headers: Object.fromEntries(c.req.raw.headers), env: c.env }));
  return app;
}

async function seen(path: string, headers: Record<string, string> = IDENTITY) {
  const res = await echoApp().request(path, { method: 'POST', headers, body: 'codename=x' });
  return (await res.json()) as { headers: Record<string, string>; env: unknown };
}

describe('page hygiene', () => {
  it('passes only the session cookie, and only on the conversation routes', async () => {
    for (const path of ['/conversation', '/conversation/follow-up', '/conversation/replies/abc/delete', '/logout']) {
      const { headers, env } = await seen(path);
      expect(headers, path).toEqual({ 'content-type': 'application/x-www-form-urlencoded', 'content-length': '10', cookie: `tl_session=${SESSION}` });
      expect(env).toEqual({});
    }
    for (const path of ['/', '/return', '/submit/desk', '/static/source.js', '/api/v1/conversation', '/conversations', '/logout/x', '/x/conversation']) {
      const { headers } = await seen(path);
      expect(headers, path).toEqual({ 'content-type': 'application/x-www-form-urlencoded', 'content-length': '10' });
    }
  });

  it('drops session cookies that are not shaped like one', async () => {
    for (const cookie of ['tl_session=', 'tl_session=abc def', `tl_session=${'A'.repeat(500)}`, 'tl_session=a%2Fb', 'xtl_session=abc', 'tl_session_x=abc']) {
      const { headers } = await seen('/conversation', { cookie });
      expect(headers.cookie, cookie).toBeUndefined();
    }
  });
});

describe('hygiene on Node (src/node-hygiene.ts)', () => {
  it('strips the headers before the app sees the request, and the app then keeps the request as it is', async () => {
    const { serve } = await import('@hono/node-server');
    const { hygienicFetch } = await import('../../src/node-hygiene.ts');
    const app = new Hono();
    let rebuilt: boolean | undefined;
    app.use('*', async (c, next) => {
      const before = c.req.raw;
      await next();
      rebuilt = c.req.raw !== before;
    });
    app.use('*', sourceHygiene({ sessionCookieOn: isSessionPath }));
    app.all('*', async (c) => c.json({ headers: Object.fromEntries(c.req.raw.headers), env: c.env, body: await c.req.text(), url: c.req.url }));
    const server = serve({ fetch: hygienicFetch(app.fetch, { sessionCookieOn: isSessionPath }), hostname: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      for (const [path, cookie] of [['/conversation', { cookie: `tl_session=${SESSION}` }], ['/submit/desk', {}]] as const) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: IDENTITY, body: 'codename=x' });
        const seenByApp = (await res.json()) as { headers: Record<string, string>; env: unknown; body: string; url: string };
        expect(seenByApp.headers, path).toEqual({ 'content-type': 'application/x-www-form-urlencoded', 'content-length': '10', ...cookie });
        expect(seenByApp.env).toEqual({});
        expect(seenByApp.body).toBe('codename=x');
        expect(seenByApp.url).toBe(`http://127.0.0.1:${port}${path}`);
        expect(rebuilt, path).toBe(false);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('still rebuilds a request that carries anything more', async () => {
    const app = new Hono();
    let rebuilt: boolean | undefined;
    app.use('*', async (c, next) => {
      const before = c.req.raw;
      await next();
      rebuilt = c.req.raw !== before;
    });
    app.use('*', sourceHygiene({ sessionCookieOn: isSessionPath }));
    app.all('*', (c) => c.json(Object.fromEntries(c.req.raw.headers)));
    const clean = { 'content-type': 'text/plain', 'content-length': '1' };
    await app.request('/', { method: 'POST', headers: clean, body: 'x' });
    expect(rebuilt).toBe(false);
    const extras: Record<string, string>[] = [{ 'x-forwarded-for': '203.0.113.77' }, { cookie: `tl_session=${SESSION}` }, { 'content-type': 'a', host: 'example' }];
    for (const extra of extras) {
      const res = await app.request('/', { method: 'POST', headers: { ...clean, ...extra }, body: 'x' });
      expect(rebuilt, JSON.stringify(extra)).toBe(true);
      expect(Object.keys((await res.json()) as object).sort()).toEqual(['content-length', 'content-type']);
    }
  });
});
