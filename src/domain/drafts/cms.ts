// What a CMS plugin asks: "which tips stand behind this story?" It calls with the staff
// session of the person using it, so it sees exactly what that person would: their own drafts
// (all drafts for editors and admins), and of those only the tips they may read. No content:
// ids, desks, days and statuses, for the plugin to link back to the inbox.
import { and, asc, eq } from 'drizzle-orm';
import { drafts } from '../../db/schema.ts';
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import type { StaffIdentity } from '../staff/identity.ts';
import { canTriage } from '../staff/tip-access.ts';
import { MAX_CMS_REF } from './drafts.ts';
import { readableLinks } from './links.ts';

export async function draftsForCms({ ctx, input }: { ctx: DomainContext; input: { cmsRef: string; actor: StaffIdentity } }) {
  const cmsRef = input.cmsRef.trim();
  // An empty reference is every draft without one: not a question a plugin means to ask.
  if (cmsRef.length === 0 || [...cmsRef].length > MAX_CMS_REF) throw new DomainError('invalid_input', `cmsRef is 1-${MAX_CMS_REF} characters`);
  const db = ctx.db.read;
  const mine = canTriage(input.actor) ? undefined : eq(drafts.ownerId, input.actor.id);
  const rows = await db.select({ id: drafts.id, title: drafts.title, status: drafts.status }).from(drafts)
    .where(and(eq(drafts.cmsRef, cmsRef), mine)).orderBy(asc(drafts.createdAt), asc(drafts.id));
  const links = await readableLinks(db, input.actor, rows.map((r) => r.id));
  return rows.map((d) => ({
    ...d,
    tips: links.filter((l) => l.draftId === d.id).map((l) => ({ tipId: l.tipId, deskId: l.tip.deskId, receivedDay: l.tip.receivedDay, status: l.tip.status })),
  }));
}
