// Request hygiene for source routes: runs before anything else sees the request and replaces it
// with a copy that carries only what the routes need. The remote address, forwarding headers,
// user agent, languages, cookies, referer and every `cf-*` header (and, on Workers, the
// `request.cf` geolocation object) are gone before a handler, a log line or a database write
// could touch them. This is an allowlist: a header added by some proxy tomorrow is dropped too.
//
// One exception, and only where it is needed: on the conversation routes the source's own
// session cookie passes, rebuilt as `tl_session=<value>` alone. Every other cookie, and any
// value that is not shaped like a session, is dropped.
import type { MiddlewareHandler } from 'hono';

const ALLOWED_HEADERS = ['content-type', 'content-length'] as const;

export const SESSION_COOKIE = 'tl_session';
/** Staff session cookie and CSRF header: they pass on staff paths only. */
export const STAFF_COOKIE = 'tl_staff';
export const CSRF_HEADER = 'x-csrf-token';
const STAFF_VALUE = /^[A-Za-z0-9_-]{43}$/;
/** base64url without padding of a 92-byte sealed session is 123 characters; allow some slack. */
const SESSION_VALUE = /^[A-Za-z0-9_-]{1,200}$/;

export interface HygieneOptions {
  /** Paths on which the session cookie may pass (the conversation routes). */
  sessionCookieOn?: (path: string) => boolean;
  /**
   * Paths on which Accept-Encoding passes (the static bundle: served gzip-compressed when the
   * browser takes it). Every browser sends much the same value; it is never logged or stored.
   */
  acceptEncodingOn?: (path: string) => boolean;
  /**
   * Paths of the newsroom's side, on which the staff cookie and the CSRF header pass (each
   * rebuilt alone and only when well-formed). Staff connection data is dropped like a source's.
   */
  staffOn?: (path: string) => boolean;
}

export function sourceHygiene(options: HygieneOptions = {}): MiddlewareHandler {
  return async (c, next) => {
    const original = c.req.raw;
    const kept = allowedHeaders(new URL(original.url).pathname, (name) => original.headers.get(name), options);
    // On Node the server strips the headers before the request is made (src/node-hygiene.ts).
    // A request that already carries exactly what would be kept, and no runtime extras such as
    // Workers' `request.cf`, is used as it is: rebuilding it would re-stream its body for nothing.
    if (!carriesOnly(original, kept)) {
      const hasBody = original.method !== 'GET' && original.method !== 'HEAD';
      c.req.raw = new Request(original.url, {
        method: original.method,
        headers: kept,
        body: hasBody ? original.body : null,
        // Required by the fetch spec for a streamed request body.
        ...(hasBody ? { duplex: 'half' } : {}),
      } as RequestInit);
    }
    // Runtime bindings can hold the connection too (@hono/node-server puts the Node request,
    // with its socket and remote address, in `c.env.incoming`). Source handlers need none.
    c.env = {};
    await next();
  };
}

/**
 * The headers a source request keeps, as `[name, value]` pairs (lowercase names): content-type,
 * content-length and, on the session paths, `tl_session=<value>` rebuilt alone. `get` reads a
 * header of the original request as the fetch `Headers.get` does (repeated headers joined).
 */
export function allowedHeaders(path: string, get: (name: string) => string | null, options: HygieneOptions = {}): [string, string][] {
  const kept: [string, string][] = [];
  for (const name of ALLOWED_HEADERS) {
    const value = get(name);
    if (value !== null) kept.push([name, value]);
  }
  if (options.acceptEncodingOn?.(path)) {
    const encoding = get('accept-encoding');
    if (encoding !== null && encoding.length <= 200) kept.push(['accept-encoding', encoding]);
  }
  if (options.sessionCookieOn?.(path)) {
    const session = cookieValue(get('cookie'), SESSION_COOKIE, SESSION_VALUE);
    if (session !== null) kept.push(['cookie', `${SESSION_COOKIE}=${session}`]);
  } else if (options.staffOn?.(path)) {
    const session = cookieValue(get('cookie'), STAFF_COOKIE, STAFF_VALUE);
    if (session !== null) kept.push(['cookie', `${STAFF_COOKIE}=${session}`]);
    const csrf = get(CSRF_HEADER);
    if (csrf !== null && STAFF_VALUE.test(csrf)) kept.push([CSRF_HEADER, csrf]);
  }
  return kept;
}

function carriesOnly(request: Request, kept: readonly [string, string][]): boolean {
  if ((request as { cf?: unknown }).cf !== undefined) return false;
  let count = 0;
  let extra = false;
  request.headers.forEach((value, name) => {
    count += 1;
    if (!kept.some(([n, v]) => n === name && v === value)) extra = true;
  });
  return !extra && count === kept.length;
}

/** The first well-formed value of cookie `name` in a Cookie header, or null. */
function cookieValue(header: string | null, name: string, shape: RegExp): string | null {
  if (!header) return null;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== name) continue;
    const value = pair.slice(at + 1).trim();
    if (shape.test(value)) return value;
  }
  return null;
}
