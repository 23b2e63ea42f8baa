// The label choices of the desks a page shows (filters, bulk bar, triage form), each named with
// its desk: labels are per desk, and "all my desks" lists them side by side.
import type { DomainContext } from '../domain/context.ts';
import { myDesks } from '../domain/staff/desk-members.ts';
import type { StaffIdentity } from '../domain/staff/identity.ts';
import { listLabels } from '../domain/triage/labels.ts';

/** The labels of those of `deskIds` the viewer is a member of; `all`: of every desk they are a member of. */
export async function deskLabels(ctx: DomainContext, viewer: StaffIdentity, deskIds: readonly string[] | 'all'): Promise<{ id: string; name: string; deskName: string }[]> {
  // myDesks lists the viewer's memberships already, so `all` needs no list of them first.
  const desks = (await myDesks(ctx.db.read, viewer.id)).filter((d) => deskIds === 'all' || deskIds.includes(d.id));
  const lists = await Promise.all(desks.map(async (desk) => {
    const labels = await listLabels({ ctx, input: { viewer, deskId: desk.id } });
    return labels.map((l) => ({ id: l.id, name: l.name, deskName: desk.name }));
  }));
  return lists.flat();
}
