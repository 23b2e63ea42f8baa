// The newsroom's pages under /staff, server-rendered (src/web/staff/) with the staff bundle
// (/static/staff.js) doing all cryptography in the browser. Handlers read through domain verbs
// only and never change anything: every change goes through the JSON staff API, sent by the
// bundle with the session's CSRF token. Nothing decrypted ever comes back to the server.
import { Hono } from 'hono';
import { describeInvite } from '../domain/staff/invites.ts';
import { DomainError } from '../domain/errors.ts';
import { EnrollPage } from '../web/staff/EnrollPage.tsx';
import { LoginPage } from '../web/staff/LoginPage.tsx';
import { STAFF_CSS } from '../web/staff/styles.ts';
import { otherLanguageHref, renderStaff, requireStaffSession, staffPageContext, type StaffPageDeps, type StaffPageEnv } from './staff-page-context.ts';
import { staffAdminPage } from './staff-page-admin.ts';
import { staffAuditPages } from './staff-page-audit.ts';
import { staffDraftPages } from './staff-page-drafts.ts';
import { safeNext, staffPageError } from './staff-page-errors.ts';
import { staffInboxPages } from './staff-page-inbox.ts';
import { staffTipPage } from './staff-page-tip.ts';

export type { StaffPageDeps } from './staff-page-context.ts';

export function staffPageRoutes(deps: StaffPageDeps, report: (line: string) => void) {
  const authed = new Hono<StaffPageEnv>();
  authed.use('*', requireStaffSession(deps));
  authed.route('/', staffInboxPages(deps));
  authed.route('/', staffTipPage(deps));
  authed.route('/', staffDraftPages(deps));
  authed.route('/', staffAdminPage(deps));
  authed.route('/', staffAuditPages(deps));

  const pages = new Hono<StaffPageEnv>();
  pages.use('*', staffPageContext(deps));
  pages.get('/staff.css', (c) => c.body(STAFF_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }));
  pages.get('/login', (c) => renderStaff(c, LoginPage({
    page: c.get('page'), next: safeNext(c.req.query('next')), loggedOut: c.req.query('loggedOut') === '1', otherLanguageHref: otherLanguageHref(c),
  })));
  pages.get('/enroll/:token', async (c) => {
    const token = c.req.param('token');
    const role = await describeInvite({ ctx: deps.ctx, input: { token } }).then((i) => i.role, (error: unknown) => {
      if (error instanceof DomainError && error.code === 'invite_invalid') return null;
      throw error;
    });
    return renderStaff(c, EnrollPage({ page: c.get('page'), token, role, otherLanguageHref: otherLanguageHref(c) }), role ? 200 : 410);
  });
  pages.route('/', authed);
  pages.onError(staffPageError(report));
  return pages;
}
