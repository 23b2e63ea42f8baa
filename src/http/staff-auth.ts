// The staff session check for every staff route but login and enrollment: the `tl_staff`
// cookie must name a live session, and every request that changes something must carry that
// session's CSRF token in the X-CSRF-Token header (SameSite=Strict already keeps other sites'
// requests cookie-less; the token is the second lock). Staff responses are never cached.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { DomainContext } from '../domain/context.ts';
import { equalBytes } from '../domain/bytes.ts';
import { DomainError } from '../domain/errors.ts';
import type { StaffIdentity } from '../domain/staff/identity.ts';
import { resolveStaffSession, type ResolvedSession } from '../domain/staff/sessions.ts';
import { CSRF_HEADER, STAFF_COOKIE } from './hygiene.ts';

export type StaffEnv = { Variables: { session: ResolvedSession } };

const SAFE_METHODS = new Set(['GET', 'HEAD']);

export function staffAuth(ctx: DomainContext): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    const session = await resolveStaffSession(ctx, getCookie(c, STAFF_COOKIE));
    if (!SAFE_METHODS.has(c.req.method)) {
      const token = c.req.header(CSRF_HEADER) ?? '';
      const encoder = new TextEncoder();
      if (!equalBytes(encoder.encode(token), encoder.encode(session.csrfToken))) {
        throw new DomainError('bad_csrf', 'the request lacks this session’s CSRF token (X-CSRF-Token)');
      }
    }
    c.set('session', session);
    await next();
  };
}

export const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('Cache-Control', 'no-store');
};

export function staffOf(c: Context<StaffEnv>): StaffIdentity {
  return c.get('session').staff;
}

const cookieOptions = (c: Context) => ({
  path: '/', httpOnly: true, sameSite: 'Strict' as const, secure: new URL(c.req.url).protocol === 'https:',
});

export function setStaffCookie(c: Context, cookie: string): void {
  setCookie(c, STAFF_COOKIE, cookie, cookieOptions(c));
}

export function clearStaffCookie(c: Context): void {
  deleteCookie(c, STAFF_COOKIE, cookieOptions(c));
}
