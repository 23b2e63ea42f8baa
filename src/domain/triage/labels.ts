// Labels, managed per desk by its editors (a desk's own vocabulary: "documents", "follow up
// Monday"...). Staff-written text, not source content; still only the desk's members see it.
import { and, asc, eq } from 'drizzle-orm';
import { labels, tipLabels } from '../../db/schema.ts';
import { appendAudit } from '../audit.ts';
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { newId } from '../ids.ts';
import { staffActor, type StaffIdentity } from '../staff/identity.ts';
import { requireDeskAccess } from '../staff/tip-access.ts';

export const MAX_LABEL_NAME = 60;

export async function listLabels({ ctx, input }: { ctx: DomainContext; input: { viewer: StaffIdentity; deskId: string } }) {
  await requireDeskAccess(ctx.db.read, input.viewer, input.deskId, 'read');
  return ctx.db.read.select({ id: labels.id, name: labels.name }).from(labels).where(eq(labels.deskId, input.deskId)).orderBy(asc(labels.name));
}

export async function createLabel({ ctx, input }: { ctx: DomainContext; input: { actor: StaffIdentity; deskId: string; name: string } }) {
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name.length === 0 || name.length > MAX_LABEL_NAME) throw new DomainError('invalid_input', `a label is 1-${MAX_LABEL_NAME} characters`);
  return ctx.db.write(async (tx) => {
    await requireDeskAccess(tx, input.actor, input.deskId, 'manage');
    const [existing] = await tx.select({ id: labels.id }).from(labels).where(and(eq(labels.deskId, input.deskId), eq(labels.name, name))).limit(1);
    if (existing) throw new DomainError('label_exists', 'this desk has a label of that name already');
    const id = newId();
    await tx.insert(labels).values({ id, deskId: input.deskId, name });
    await appendAudit(tx, ctx.clock, { actor: staffActor(input.actor), action: 'label.created', subject: input.deskId, details: { label: id, name } });
    return { id, name };
  });
}

/** Deleting a label takes it off every tip of the desk too. */
export async function deleteLabel({ ctx, input }: { ctx: DomainContext; input: { actor: StaffIdentity; deskId: string; labelId: string } }) {
  await ctx.db.write(async (tx) => {
    await requireDeskAccess(tx, input.actor, input.deskId, 'manage');
    const [label] = await tx.select({ name: labels.name }).from(labels).where(and(eq(labels.id, input.labelId), eq(labels.deskId, input.deskId))).limit(1);
    if (!label) throw new DomainError('unknown_label', 'no such label on this desk');
    const untagged = await tx.delete(tipLabels).where(eq(tipLabels.labelId, input.labelId)).returning({ t: tipLabels.tipId });
    await tx.delete(labels).where(eq(labels.id, input.labelId));
    await appendAudit(tx, ctx.clock, {
      actor: staffActor(input.actor), action: 'label.deleted', subject: input.deskId, details: { label: input.labelId, name: label.name, tips: untagged.length },
    });
  });
}
