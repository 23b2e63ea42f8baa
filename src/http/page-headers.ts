// Headers on every response: secure-headers' set (securityHeaders: a CSP for the source pages,
// another for the newsroom's), and besides it no-store, so
// that no page a source saw (a codename, an answer) is written to the browser's disk cache,
// and Onion-Location on pages when the newsroom runs an onion service, so that Tor Browser
// offers it to sources who arrived over the open web.
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { isApiPath, isStaffPath } from './page-paths.ts';

/** The exact Content-Security-Policy of the source pages (docs/source-flow.md). */
export const PAGE_CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  formAction: ["'self'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
};

/**
 * The newsroom's pages (/staff): the same strictness, plus `img-src blob:` for images the staff
 * bundle decrypts in the browser and shows from a blob: URL. No `data:`, no workers, no frames:
 * a decrypted file is never rendered as a document (PDFs and everything else are downloads).
 */
export const STAFF_CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'blob:'],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
};

const SECURE_OPTIONS = { referrerPolicy: 'no-referrer', crossOriginResourcePolicy: 'same-origin', xFrameOptions: 'DENY' } as const;

/** secure-headers with the source pages' CSP everywhere but the newsroom's side, which gets STAFF_CSP. */
export function securityHeaders(): MiddlewareHandler {
  const source = secureHeaders({ contentSecurityPolicy: PAGE_CSP, ...SECURE_OPTIONS });
  const staff = secureHeaders({ contentSecurityPolicy: STAFF_CSP, ...SECURE_OPTIONS });
  return (c, next) => (isStaffPath(c.req.path) ? staff : source)(c, next);
}

/** `abc…xyz.onion` or `http://abc…xyz.onion/` -> `http://abc…xyz.onion`; anything else throws. */
export function onionOrigin(configured: string): string {
  const match = /^(?:(https?):\/\/)?([a-z0-9-]+(?:\.[a-z0-9-]+)*\.onion)\/?$/i.exec(configured.trim());
  if (!match) throw new Error('TIPLINE_ONION_ADDRESS must be an .onion host name, e.g. http://…xyz.onion');
  return `${(match[1] ?? 'http').toLowerCase()}://${match[2]!.toLowerCase()}`;
}

export function pageHeaders(onion?: string): MiddlewareHandler {
  return async (c, next) => {
    await next();
    // On the response's own headers, as secureHeaders does: c.header() on a finished response
    // copies it first, which on Node turns @hono/node-server's lightweight response into a full
    // fetch Response with a body stream, on every request.
    c.res.headers.set('Cache-Control', 'no-store');
    if (onion && !isApiPath(c.req.path)) c.res.headers.set('Onion-Location', `${onion}${c.req.path}`);
  };
}
