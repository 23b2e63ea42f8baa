// GET /staff/audit (admins) and GET /staff/tips/:id/history (editors and admins who are members of
// the tip's desk): the audit trail through the verbs of src/domain/audit-browse.ts, which apply
// those rules (403/404 pages otherwise). Read only: "verify now" is the bundle's call to the API.
import { Hono } from 'hono';
import { listAuditEntries, tipHistory } from '../domain/audit-browse.ts';
import { listDesks } from '../domain/desks.ts';
import { requireRole } from '../domain/staff/desk-members.ts';
import { listStaff } from '../domain/staff/directory.ts';
import { AuditPage as AuditPageView } from '../web/staff/AuditPage.tsx';
import { TipHistoryPage } from '../web/staff/TipHistory.tsx';
import { otherLanguageHref, renderStaff, type StaffPageDeps, type StaffPageEnv } from './staff-page-context.ts';
import { auditRows } from './staff-page-audit-rows.ts';
import { AUDIT_PAGE_SIZE, parseAuditFilters, parseSeq } from './staff-page-audit-filters.ts';
import { deskLabels } from './staff-page-labels.ts';
import { knownNames } from './staff-page-names.ts';

export function staffAuditPages(deps: StaffPageDeps) {
  const { ctx } = deps;
  return new Hono<StaffPageEnv>()
    .get('/audit', async (c) => {
      const me = c.get('session').staff;
      requireRole(me, 'admin');
      const query = (name: string) => c.req.query(name);
      const filters = parseAuditFilters(query);
      const before = parseSeq(query('before'));
      // The verb bounds its query by the days (src/domain/audit-days.ts): a page is full while the range holds more.
      const [page, staff, desks] = await Promise.all([
        listAuditEntries({ ctx, input: { staff: me, filter: { ...filters, before, limit: AUDIT_PAGE_SIZE } } }),
        listStaff(ctx.db.read),
        listDesks(ctx.db.read),
      ]);
      const names = knownNames(staff, desks);
      return renderStaff(c, AuditPageView({
        page: c.get('page'),
        view: {
          filters, before: before ?? null, next: page.next, rows: auditRows(c.get('page').locale, page.entries, names),
          actors: staff.map((s) => ({ value: `staff:${s.id}`, name: `${s.displayName} (${s.username})` })),
        },
        otherLanguageHref: otherLanguageHref(c),
      }));
    })
    .get('/tips/:tipId/history', async (c) => {
      const viewer = c.get('session').staff;
      const tipId = c.req.param('tipId');
      const before = parseSeq(c.req.query('before'));
      const found = await tipHistory({ ctx, input: { staff: viewer, tipId, before, limit: AUDIT_PAGE_SIZE } });
      // The viewer is an editor on the tip's desk (tipHistory checked): the labels of all their
      // desks name the label ids (a tip moved from another desk of theirs keeps its old entries).
      const [staff, desks, labels] = await Promise.all([listStaff(ctx.db.read), listDesks(ctx.db.read), deskLabels(ctx, viewer, 'all')]);
      return renderStaff(c, TipHistoryPage({
        page: c.get('page'),
        history: { tipId, rows: auditRows(c.get('page').locale, found.entries, knownNames(staff, desks, labels)), before: before ?? null, next: found.next },
        otherLanguageHref: otherLanguageHref(c),
      }));
    });
}
