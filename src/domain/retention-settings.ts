// Changing when tips are purged (retention-policy.ts): an admin sets a desk's retention, and an
// editor who is a member of a tip's desk postpones that tip's purge (a story still needs it).
// Both are audited.
import { eq } from 'drizzle-orm';
import { desks, tips } from '../db/schema.ts';
import { appendAudit } from './audit.ts';
import { dayOf, type DomainContext } from './context.ts';
import { DomainError } from './errors.ts';
import { isId } from './ids.ts';
import { isDay, MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, purgeDay } from './retention-policy.ts';
import { requireRole } from './staff/desk-members.ts';
import { staffActor, type StaffIdentity } from './staff/identity.ts';
import { requireTipAccess } from './staff/tip-access.ts';

export async function setDeskRetention({ ctx, input }: { ctx: DomainContext; input: { staff: StaffIdentity; deskId: string; days: number } }) {
  requireRole(input.staff, 'admin');
  const { days } = input;
  if (!Number.isSafeInteger(days) || days < MIN_RETENTION_DAYS || days > MAX_RETENTION_DAYS) {
    throw new DomainError('invalid_input', `retention is ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS} days`);
  }
  return ctx.db.write(async (tx) => {
    const [desk] = isId(input.deskId) ? await tx.select({ days: desks.retentionDays }).from(desks).where(eq(desks.id, input.deskId)).limit(1) : [];
    if (!desk) throw new DomainError('unknown_desk', 'no such desk');
    await tx.update(desks).set({ retentionDays: days }).where(eq(desks.id, input.deskId));
    await appendAudit(tx, ctx.clock, { actor: staffActor(input.staff), action: 'desk.retention_set', subject: input.deskId, details: { days, previous: desk.days } });
    return { deskId: input.deskId, retentionDays: days };
  });
}

/** `day` null lifts a postponement. The purge keeps the tip through `day` itself. */
export async function postponePurge({ ctx, input }: { ctx: DomainContext; input: { staff: StaffIdentity; tipId: string; day: string | null } }) {
  const today = dayOf(ctx.clock.now());
  if (input.day !== null && (!isDay(input.day) || input.day < today)) {
    throw new DomainError('invalid_input', 'keep-until is a day (YYYY-MM-DD), today or later');
  }
  return ctx.db.write(async (tx) => {
    await requireTipAccess(tx, input.staff, input.tipId, 'triage');
    const [tip] = await tx.select({ status: tips.status, closedDay: tips.closedDay, retentionDays: desks.retentionDays })
      .from(tips).innerJoin(desks, eq(desks.id, tips.deskId)).where(eq(tips.id, input.tipId)).limit(1);
    await tx.update(tips).set({ keepUntilDay: input.day }).where(eq(tips.id, input.tipId));
    await appendAudit(tx, ctx.clock, { actor: staffActor(input.staff), action: 'tip.purge_postponed', subject: input.tipId, details: { until: input.day } });
    return {
      tipId: input.tipId, keepUntilDay: input.day,
      purgeDay: tip ? purgeDay({ status: tip.status, closedDay: tip.closedDay, keepUntilDay: input.day }, tip.retentionDays) : null,
    };
  });
}
