// Someone leaves (issue 6 "Offboarding"): an admin removes them from a desk, which deletes their
// membership and every grant of that desk's keys sealed to them, ends all their sessions, and
// marks the desk as due for a rotation: they may have kept a copy of the desk secret, so only a
// new key version (made without them) protects the tips that arrive from now on. The server
// cannot rotate by itself (it never holds a desk secret): a member's browser or the CLI does.
// Disabling an account ends its sessions and blocks logins, and marks its desks the same way.
// Either way, the tips assigned to them (on the desks they lose; on every desk when the account
// is disabled) go back to their desk unassigned, in the same transaction: nobody else would pick
// up a tip assigned to someone who can no longer open it.
import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { deskKeyGrants, deskMembers, desks, staff, tips } from '../../db/schema.ts';
import { appendAudit } from '../audit.ts';
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { applyTriage } from '../triage/triage-changes.ts';
import { requireRole } from './desk-members.ts';
import { staffActor, type StaffIdentity } from './identity.ts';
import { ACCESSIBLE_TIP_COLUMNS } from './tip-access.ts';
import { revokeStaffSessions } from './sessions.ts';

/**
 * DESIGN.md §1: "removing a staff member never makes a tip unreadable for the desk". With a
 * recovery key the desk can always be re-granted; without one (a desk older than recovery keys),
 * refuse to delete the last grant of the current key that an active member holds.
 */
export async function requireAnotherHolder(tx: Tx, deskIds: string[], staffId: string): Promise<void> {
  for (const deskId of deskIds) {
    const [desk] = await tx.select({ slug: desks.slug, version: desks.currentKeyVersion, recovery: desks.recoveryPublicKey }).from(desks).where(eq(desks.id, deskId)).limit(1);
    if (!desk || desk.recovery) continue;
    const [other] = await tx.select({ s: deskKeyGrants.staffId }).from(deskKeyGrants)
      .innerJoin(staff, eq(staff.id, deskKeyGrants.staffId))
      .where(and(eq(deskKeyGrants.deskId, deskId), eq(deskKeyGrants.version, desk.version), ne(deskKeyGrants.staffId, staffId), eq(staff.active, true)))
      .limit(1);
    if (!other) {
      throw new DomainError('invalid_input', `desk ${desk.slug} has no recovery key and nobody else holds its key: grant it to another member first`, { desk: deskId });
    }
  }
}

/** Marks desks as needing a rotation, keeping the earliest reason's time. */
export async function markRotationDue(tx: Tx, deskIds: string[], at: string): Promise<void> {
  if (deskIds.length === 0) return;
  await tx.update(desks).set({ rotationDueSince: at }).where(and(inArray(desks.id, deskIds), isNull(desks.rotationDueSince)));
}

/**
 * Unassigns every tip assigned to `staffId` (on `deskIds` only, when given) through the same
 * triage step as PATCH /tips/:id, so each is audited as any assignee change is (`tip.assigned`,
 * from them to null, by the admin who removed them). Returns how many tips were unassigned.
 */
async function unassignTipsOf(tx: Tx, ctx: DomainContext, actor: StaffIdentity, staffId: string, deskIds?: string[]): Promise<number> {
  const assigned = await tx.select(ACCESSIBLE_TIP_COLUMNS).from(tips).where(and(eq(tips.assigneeId, staffId), deskIds ? inArray(tips.deskId, deskIds) : undefined));
  for (const tip of assigned) await applyTriage(tx, ctx, actor, tip, { assigneeId: null });
  return assigned.length;
}

export interface OffboardInput {
  deskId: string;
  staffId: string;
  actor: StaffIdentity;
}

export async function offboardMember({ ctx, input }: { ctx: DomainContext; input: OffboardInput }) {
  requireRole(input.actor, 'admin');
  return ctx.db.write(async (tx) => {
    const [desk] = await tx.select({ id: desks.id }).from(desks).where(eq(desks.id, input.deskId)).limit(1);
    if (!desk) throw new DomainError('unknown_desk', 'no such desk');
    await requireAnotherHolder(tx, [input.deskId], input.staffId);
    const removed = await tx.delete(deskMembers)
      .where(and(eq(deskMembers.deskId, input.deskId), eq(deskMembers.staffId, input.staffId))).returning({ s: deskMembers.staffId });
    if (removed.length === 0) throw new DomainError('unknown_staff', 'this person is not a member of the desk');
    const grants = await tx.delete(deskKeyGrants)
      .where(and(eq(deskKeyGrants.deskId, input.deskId), eq(deskKeyGrants.staffId, input.staffId))).returning({ v: deskKeyGrants.version });
    await revokeStaffSessions(tx, input.staffId);
    const at = ctx.clock.now().toISOString();
    await markRotationDue(tx, [input.deskId], at);
    await appendAudit(tx, ctx.clock, {
      actor: staffActor(input.actor), action: 'desk.member_offboarded', subject: input.deskId,
      details: { staff: input.staffId, grantsDeleted: grants.length, rotationRequired: true },
    });
    const tipsUnassigned = await unassignTipsOf(tx, ctx, input.actor, input.staffId, [input.deskId]);
    return { deskId: input.deskId, staffId: input.staffId, grantsDeleted: grants.length, rotationRequired: true as const, tipsUnassigned };
  });
}

/** An admin disables an account: no more logins, every session ends, its desks are due for rotation. */
export async function disableStaff({ ctx, input }: { ctx: DomainContext; input: { staffId: string; actor: StaffIdentity } }) {
  requireRole(input.actor, 'admin');
  if (input.staffId === input.actor.id) throw new DomainError('invalid_input', 'you cannot disable your own account');
  return ctx.db.write(async (tx) => {
    const updated = await tx.update(staff).set({ active: false }).where(eq(staff.id, input.staffId)).returning({ id: staff.id });
    if (updated.length === 0) throw new DomainError('unknown_staff', 'no such staff member');
    await revokeStaffSessions(tx, input.staffId);
    const deskIds = (await tx.select({ d: deskMembers.deskId }).from(deskMembers).where(eq(deskMembers.staffId, input.staffId))).map((r) => r.d);
    await markRotationDue(tx, deskIds, ctx.clock.now().toISOString());
    await appendAudit(tx, ctx.clock, { actor: staffActor(input.actor), action: 'staff.disabled', subject: input.staffId, details: { desks: deskIds } });
    const tipsUnassigned = await unassignTipsOf(tx, ctx, input.actor, input.staffId);
    return { staffId: input.staffId, rotationDueDesks: deskIds, tipsUnassigned };
  });
}
