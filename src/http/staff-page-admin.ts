// GET /staff/admin: admins only. Lists come from the domain (staff, desks with who holds the key,
// routing rules); the forms are sent by the bundle to the admin API.
import { Hono } from 'hono';
import { toBase64 } from '../crypto/index.ts';
import { listRoutingRules } from '../domain/routing/admin.ts';
import { requireRole } from '../domain/staff/desk-members.ts';
import { listDeskOverviews, listStaff } from '../domain/staff/directory.ts';
import { AdminPage } from '../web/staff/AdminPage.tsx';
import { otherLanguageHref, renderStaff, type StaffPageDeps, type StaffPageEnv } from './staff-page-context.ts';

export function staffAdminPage(deps: StaffPageDeps) {
  return new Hono<StaffPageEnv>().get('/admin', async (c) => {
    const me = c.get('session').staff;
    requireRole(me, 'admin');
    const [staff, desks, rules] = await Promise.all([
      listStaff(deps.ctx.db.read),
      listDeskOverviews(deps.ctx.db.read),
      listRoutingRules({ ctx: deps.ctx, input: { actor: me } }),
    ]);
    return renderStaff(c, AdminPage({
      page: c.get('page'),
      staff: staff.map((s) => ({ ...s, publicKey: toBase64(s.publicKey) })),
      desks,
      routing: { rules },
      otherLanguageHref: otherLanguageHref(c),
    }));
  });
}
