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
