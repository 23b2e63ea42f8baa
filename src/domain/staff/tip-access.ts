// Who may do what with a tip: the trust boundary of the staff side. Every staff verb that
// touches a tip, a desk's labels or a desk's members goes through here, so that the rules of
// docs (staff-api-contract "Access rules") live in one place:
//
// - reading a desk's tips needs membership of that desk; the admin role alone grants nothing
//   (DESIGN.md §1: admins manage people and keys, they do not read);
// - an editor or admin who is a member triages (status, priority, labels, assignee, notes,
//   replies, move, bulk);
// - a reporter who is a member reads only the tips assigned to them or linked to one of their
//   drafts, and may add notes to those; nothing else.
//
// The queue cannot check tips one by one, so `readableTipsWhere` states the same rules as SQL.
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { desks, draftLinks, drafts, tips } from '../../db/schema.ts';
import { DomainError } from '../errors.ts';
import { isId } from '../ids.ts';
import { isDeskMember } from './desk-members.ts';
import type { StaffIdentity } from './identity.ts';

/** read: open it; note: add an internal note (reporters too); triage: everything else. */
export type TipNeed = 'read' | 'note' | 'triage';

export interface AccessibleTip {
  id: string;
  deskId: string;
  sourceId: string | null;
  assigneeId: string | null;
  status: string;
  priority: number;
  keyVersion: number;
}

export const canTriage = (staffMember: StaffIdentity) => staffMember.role === 'editor' || staffMember.role === 'admin';

/** Draft links that make a tip readable to a reporter: links to drafts they own. */
function linkedToDraftsOf(staffId: string): SQL {
  return sql`${tips.id} IN (SELECT ${draftLinks.tipId} FROM ${draftLinks} INNER JOIN ${drafts} ON ${drafts.id} = ${draftLinks.draftId} WHERE ${drafts.ownerId} = ${staffId})`;
}

/** A reporter's own tips (assigned, or feeding one of their drafts), whatever desk. */
export function reporterTipsWhere(staffId: string): SQL {
  return or(eq(tips.assigneeId, staffId), linkedToDraftsOf(staffId))!;
}

/**
 * The tips `staffMember` may read among `deskIds` (which the caller took from their
 * memberships): the queue's access condition. Role checks add the reporter clause; desk
 * membership is the caller's `deskIds`, so a desk the viewer is not in can never slip in.
 */
export function readableTipsWhere(staffMember: StaffIdentity, deskIds: readonly string[]): SQL {
  if (deskIds.length === 0) return sql`0`;
  const inDesks = inArray(tips.deskId, [...deskIds]);
  return canTriage(staffMember) ? inDesks : and(inDesks, reporterTipsWhere(staffMember.id))!;
}

async function reporterMayRead(db: Queryable, staffId: string, tip: AccessibleTip): Promise<boolean> {
  if (tip.assigneeId === staffId) return true;
  const [link] = await db.select({ t: draftLinks.tipId }).from(draftLinks)
    .innerJoin(drafts, eq(drafts.id, draftLinks.draftId))
    .where(and(eq(draftLinks.tipId, tip.id), eq(drafts.ownerId, staffId))).limit(1);
  return Boolean(link);
}

/**
 * The tip, if `staffMember` may do `need` with it; else 404 `unknown_tip` (no such tip) or 403
 * `forbidden`. Pass the write transaction when the check guards a change, so the rules hold
 * for the state the change is made on.
 */
/** The columns of an AccessibleTip (what the triage steps take): select them with this. */
export const ACCESSIBLE_TIP_COLUMNS = {
  id: tips.id, deskId: tips.deskId, sourceId: tips.sourceId, assigneeId: tips.assigneeId,
  status: tips.status, priority: tips.priority, keyVersion: tips.keyVersion,
};

export async function requireTipAccess(db: Queryable, staffMember: StaffIdentity, tipId: string, need: TipNeed): Promise<AccessibleTip> {
  if (!isId(tipId)) throw new DomainError('unknown_tip', 'no such tip');
  const [tip] = await db.select(ACCESSIBLE_TIP_COLUMNS).from(tips).where(eq(tips.id, tipId)).limit(1);
  if (!tip) throw new DomainError('unknown_tip', 'no such tip');
  if (!(await isDeskMember(db, staffMember.id, tip.deskId))) throw new DomainError('forbidden', 'only members of the tip’s desk may open it');
  if (canTriage(staffMember)) return tip;
  // A reporter: their own tips only, and never triage.
  if (!(await reporterMayRead(db, staffMember.id, tip))) throw new DomainError('forbidden', 'reporters see the tips assigned to them or linked to their drafts');
  if (need === 'triage') throw new DomainError('forbidden', 'triage is for editors');
  return tip;
}

/** read: see a desk's labels and members; manage: change its labels (editors and admins). */
export type DeskNeed = 'read' | 'manage';

/** 404 `unknown_desk`, or 403 `forbidden` unless `staffMember` is a member (and an editor or admin to manage). */
export async function requireDeskAccess(db: Queryable, staffMember: StaffIdentity, deskId: string, need: DeskNeed): Promise<void> {
  const [desk] = isId(deskId) ? await db.select({ id: desks.id }).from(desks).where(eq(desks.id, deskId)).limit(1) : [];
  if (!desk) throw new DomainError('unknown_desk', 'no such desk');
  if (!(await isDeskMember(db, staffMember.id, deskId))) throw new DomainError('forbidden', 'only members of this desk may do this');
  if (need === 'manage' && !canTriage(staffMember)) throw new DomainError('forbidden', 'managing a desk’s labels is for editors');
}
