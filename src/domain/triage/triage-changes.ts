// Applying triage changes (status, priority, assignee, labels) to one tip, inside the caller's
// write transaction, with one audit entry per change actually made: setting a status a tip
// already has, or adding a label it already carries, changes nothing and records nothing.
// Shared by PATCH /tips/:id and the bulk action, so both check and record alike.
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { labels, staff, tipLabels, tips, TIP_STATUSES, type TipStatus } from '../../db/schema.ts';
import { appendAudit } from '../audit.ts';
import { dayOf, type DomainContext } from '../context.ts';
import { isClosedStatus } from '../retention-policy.ts';
import { DomainError } from '../errors.ts';
import { isDeskMember } from '../staff/desk-members.ts';
import { staffActor, type StaffIdentity } from '../staff/identity.ts';
import type { AccessibleTip } from '../staff/tip-access.ts';

export interface TriageChanges {
  status?: TipStatus;
  /** 0 low, 1 normal, 2 high, 3 urgent. */
  priority?: number;
  /** A staff id, or null to unassign. */
  assigneeId?: string | null;
  addLabels?: string[];
  removeLabels?: string[];
}

export const MAX_LABELS_PER_CHANGE = 50;

/** Shape checks that need no database; throws invalid_input. */
export function checkChanges(changes: TriageChanges): void {
  const { status, priority, assigneeId, addLabels = [], removeLabels = [] } = changes;
  if (status === undefined && priority === undefined && assigneeId === undefined && addLabels.length === 0 && removeLabels.length === 0) {
    throw new DomainError('invalid_input', 'nothing to change');
  }
  if (status !== undefined && !TIP_STATUSES.includes(status)) throw new DomainError('invalid_input', 'unknown status');
  if (priority !== undefined && !(Number.isInteger(priority) && priority >= 0 && priority <= 3)) throw new DomainError('invalid_input', 'priority is 0-3');
  if (addLabels.length + removeLabels.length > MAX_LABELS_PER_CHANGE) throw new DomainError('invalid_input', 'too many labels at once');
  if (addLabels.some((id) => removeLabels.includes(id))) throw new DomainError('invalid_input', 'a label cannot be added and removed at once');
}

/** Applies `changes` to `tip` (whose triage access the caller checked); true if anything changed. */
export async function applyTriage(tx: Tx, ctx: DomainContext, actor: StaffIdentity, tip: AccessibleTip, changes: TriageChanges): Promise<boolean> {
  const audit = (action: string, details: Record<string, string | number | null>) =>
    appendAudit(tx, ctx.clock, { actor: staffActor(actor), action, subject: tip.id, details });
  const set: Partial<{ status: TipStatus; priority: number; assigneeId: string | null; closedDay: string | null }> = {};
  let changed = false;

  if (changes.status !== undefined && changes.status !== tip.status) {
    set.status = changes.status;
    // Retention counts from the day a tip was closed; moving between closed statuses keeps that
    // day, reopening clears it (src/domain/retention-policy.ts).
    if (!isClosedStatus(changes.status)) set.closedDay = null;
    else if (!isClosedStatus(tip.status)) set.closedDay = dayOf(ctx.clock.now());
    await audit('tip.status_set', { from: tip.status, to: changes.status });
  }
  if (changes.priority !== undefined && changes.priority !== tip.priority) {
    set.priority = changes.priority;
    await audit('tip.priority_set', { from: tip.priority, to: changes.priority });
  }
  if (changes.assigneeId !== undefined && changes.assigneeId !== tip.assigneeId) {
    if (changes.assigneeId !== null) await requireAssignable(tx, changes.assigneeId, tip.deskId);
    set.assigneeId = changes.assigneeId;
    await audit('tip.assigned', { from: tip.assigneeId, to: changes.assigneeId });
  }
  if (Object.keys(set).length > 0) {
    await tx.update(tips).set(set).where(eq(tips.id, tip.id));
    changed = true;
  }

  const wanted = [...new Set([...(changes.addLabels ?? []), ...(changes.removeLabels ?? [])])];
  if (wanted.length > 0) {
    // Labels are per desk: a label of another desk is as unknown here as a made-up id.
    const known = await tx.select({ id: labels.id }).from(labels).where(and(inArray(labels.id, wanted), eq(labels.deskId, tip.deskId)));
    if (known.length !== wanted.length) throw new DomainError('unknown_label', 'no such label on this tip’s desk');
  }
  for (const labelId of new Set(changes.addLabels ?? [])) {
    const added = await tx.insert(tipLabels).values({ tipId: tip.id, labelId }).onConflictDoNothing().returning({ l: tipLabels.labelId });
    if (added.length) {
      await audit('tip.label_added', { label: labelId });
      changed = true;
    }
  }
  for (const labelId of new Set(changes.removeLabels ?? [])) {
    const removed = await tx.delete(tipLabels).where(and(eq(tipLabels.tipId, tip.id), eq(tipLabels.labelId, labelId))).returning({ l: tipLabels.labelId });
    if (removed.length) {
      await audit('tip.label_removed', { label: labelId });
      changed = true;
    }
  }
  return changed;
}

/** A tip is assigned to an active member of its desk: anyone else could not even open it. */
async function requireAssignable(tx: Tx, staffId: string, deskId: string): Promise<void> {
  const [row] = await tx.select({ active: staff.active }).from(staff).where(eq(staff.id, staffId)).limit(1);
  if (!row || !row.active) throw new DomainError('unknown_staff', 'no such staff member');
  if (!(await isDeskMember(tx, staffId, deskId))) throw new DomainError('invalid_input', 'assign tips to members of their desk only');
}
