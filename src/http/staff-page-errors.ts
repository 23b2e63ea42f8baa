// Failures on the newsroom pages become pages: no session sends the browser to the login page
// (coming back here afterwards), a refusal gets its status and a short explanation, a bug a 500
// page that names nothing. Reports carry the error class and route only.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DomainError } from '../domain/errors.ts';
import { staffHref, type StaffPage } from '../web/staff/context.ts';
import { StaffErrorPage } from '../web/staff/ErrorPage.tsx';
import { st, staffLocaleOf } from '../web/staff/i18n/index.ts';
import { DOMAIN_ERROR_STATUS } from './errors.ts';
import { otherLanguageHref, renderStaff, type StaffPageEnv } from './staff-page-context.ts';

/** Only our own pages are a place to come back to after login (no open redirect). */
export function safeNext(value: string | undefined): string {
  return value && /^\/staff(?:[/?]|$)/.test(value) && !value.includes('//') && !value.includes('\\') ? value : '/staff';
}

export function staffPageError(report: (line: string) => void) {
  return (error: Error, c: Context<StaffPageEnv>) => {
    const page: StaffPage = c.get('page') ?? { locale: staffLocaleOf(c.req.query('lang')), newsroomName: 'Tipline', me: null, csrfToken: null };
    if (error instanceof DomainError && (error.code === 'not_logged_in' || error.code === 'session_expired')) {
      const url = new URL(c.req.url);
      return c.redirect(staffHref(page, '/staff/login', { next: safeNext(`${url.pathname}${url.search}`) }), 303);
    }
    const show = (status: ContentfulStatusCode, message: string) =>
      renderStaff(c, StaffErrorPage({ page, message, otherLanguageHref: otherLanguageHref(c) }), status);
    if (error instanceof DomainError) {
      const status = DOMAIN_ERROR_STATUS[error.code];
      return show(status, st(page.locale, status === 403 ? 'error.forbidden' : status === 404 || status === 410 ? 'error.notFound' : 'error.badRequest'));
    }
    report(`error ${error.name} on ${c.req.method} ${c.req.routePath}`);
    return show(500, st(page.locale, 'error.server'));
  };
}
