// What every newsroom page handler works with: the language (`?lang=ko`, see
// src/web/staff/i18n/index.ts), the signed-in staff member and the session's CSRF token. Pages
// other than login and enrollment need a live session; without one the error handler
// (staff-page-errors.ts) sends the browser to the login page.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { DomainContext } from '../domain/context.ts';
import { resolveStaffSession, type ResolvedSession } from '../domain/staff/sessions.ts';
import type { StaffPage } from '../web/staff/context.ts';
import { staffLocaleOf } from '../web/staff/i18n/index.ts';
import { STAFF_COOKIE } from './hygiene.ts';

export type StaffPageEnv = { Variables: { page: StaffPage; session: ResolvedSession } };

export interface StaffPageDeps {
  ctx: DomainContext;
  newsroomName: string;
}

/** The page context without a session (login, enrollment, error pages). */
export function staffPageContext(deps: StaffPageDeps): MiddlewareHandler<StaffPageEnv> {
  return async (c, next) => {
    c.set('page', { locale: staffLocaleOf(c.req.query('lang')), newsroomName: deps.newsroomName, me: null, csrfToken: null });
    await next();
  };
}

/** Requires a live session (throws not_logged_in or session_expired otherwise). */
export function requireStaffSession(deps: StaffPageDeps): MiddlewareHandler<StaffPageEnv> {
  return async (c, next) => {
    const session = await resolveStaffSession(deps.ctx, getCookie(c, STAFF_COOKIE));
    c.set('session', session);
    c.set('page', { ...c.get('page'), me: session.staff, csrfToken: session.csrfToken });
    await next();
  };
}

/** This page with the other language: same path and query, `lang` switched. */
export function otherLanguageHref(c: Context): string {
  const url = new URL(c.req.url);
  if (url.searchParams.get('lang') === 'ko') url.searchParams.delete('lang');
  else url.searchParams.set('lang', 'ko');
  return `${url.pathname}${url.search}`;
}

export function renderStaff(c: Context, html: string | Promise<string>, status: ContentfulStatusCode = 200) {
  return c.html(html, status);
}
