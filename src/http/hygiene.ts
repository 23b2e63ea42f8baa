// Request hygiene for source routes: runs before anything else sees the request and replaces it
// with a copy that carries only what the API needs. The remote address, forwarding headers,
// user agent, languages, cookies, referer and every `cf-*` header (and, on Workers, the
// `request.cf` geolocation object) are gone before a handler, a log line or a database write
// could touch them. This is an allowlist: a header added by some proxy tomorrow is dropped too.
import type { MiddlewareHandler } from 'hono';

const ALLOWED_HEADERS = ['content-type', 'content-length'] as const;

export function sourceHygiene(): MiddlewareHandler {
  return async (c, next) => {
    const original = c.req.raw;
    const headers = new Headers();
    for (const name of ALLOWED_HEADERS) {
      const value = original.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    const hasBody = original.method !== 'GET' && original.method !== 'HEAD';
    c.req.raw = new Request(original.url, {
      method: original.method,
      headers,
      body: hasBody ? original.body : null,
      // Required by the fetch spec for a streamed request body.
      ...(hasBody ? { duplex: 'half' } : {}),
    } as RequestInit);
    // Runtime bindings can hold the connection too (@hono/node-server puts the Node request,
    // with its socket and remote address, in `c.env.incoming`). Source handlers need none.
    c.env = {};
    await next();
  };
}
