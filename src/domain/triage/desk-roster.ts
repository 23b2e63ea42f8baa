// A desk's members, for the assignee picker: only members can be assigned (and read) its tips,
// and only members may see who they are.
import { and, asc, eq } from 'drizzle-orm';
import { deskMembers, staff } from '../../db/schema.ts';
import type { DomainContext } from '../context.ts';
import type { StaffIdentity } from '../staff/identity.ts';
import { requireDeskAccess } from '../staff/tip-access.ts';

export async function listDeskMembers({ ctx, input }: { ctx: DomainContext; input: { viewer: StaffIdentity; deskId: string } }) {
  await requireDeskAccess(ctx.db.read, input.viewer, input.deskId, 'read');
  return ctx.db.read.select({ id: staff.id, displayName: staff.displayName, role: staff.role })
    .from(deskMembers).innerJoin(staff, eq(staff.id, deskMembers.staffId))
    .where(and(eq(deskMembers.deskId, input.deskId), eq(staff.active, true)))
    .orderBy(asc(staff.displayName), asc(staff.id));
}
