// Who may run a rotation step (issue 6, DESIGN.md §1: "being admin alone does not grant
// reading"). Starting a rotation, re-sealing and finishing all need the desk's secret, so the
// server lets through only (a) an editor or admin who is a member of the desk AND holds a grant
// of its current key version (their browser can open the desk secret), or (b) the command line,
// which runs with the database itself and proves the secret by key file or recovery key.
import { and, eq } from 'drizzle-orm';
import type { Queryable, RawTx } from '../../db/database.ts';
import { deskKeyGrants, deskMembers } from '../../db/schema.ts';
import type { AuditActor } from '../audit.ts';
import { DomainError } from '../errors.ts';
import { requireRole } from '../staff/desk-members.ts';
import type { StaffIdentity } from '../staff/identity.ts';

export type Rotator = { kind: 'staff'; staff: StaffIdentity } | { kind: 'admin-cli' };

export function auditActorOf(rotator: Rotator): AuditActor {
  return rotator.kind === 'staff' ? { kind: 'staff', id: rotator.staff.id } : { kind: 'admin-cli' };
}

const NOT_HOLDER = 'only an editor or admin of this desk who holds its current key can do this';

/** Throws forbidden unless the rotator may act on the desk's keys at `version`. */
export async function requireKeyHolder(db: Queryable, deskId: string, version: number, rotator: Rotator): Promise<void> {
  if (rotator.kind === 'admin-cli') return;
  requireRole(rotator.staff, 'admin', 'editor');
  const [row] = await db.select({ v: deskKeyGrants.version }).from(deskKeyGrants)
    .innerJoin(deskMembers, and(eq(deskMembers.deskId, deskKeyGrants.deskId), eq(deskMembers.staffId, deskKeyGrants.staffId)))
    .where(and(eq(deskKeyGrants.deskId, deskId), eq(deskKeyGrants.staffId, rotator.staff.id), eq(deskKeyGrants.version, version)))
    .limit(1);
  if (!row) throw new DomainError('forbidden', NOT_HOLDER);
}

const HOLDER_SQL = `SELECT 1 FROM desk_key_grants g JOIN desk_members m ON m.desk_id = g.desk_id AND m.staff_id = g.staff_id
  WHERE g.desk_id = ? AND g.staff_id = ? AND g.version = ? LIMIT 1`;

/** requireKeyHolder inside a raw write transaction (the re-seal batches). */
export async function requireKeyHolderRaw(tx: RawTx, deskId: string, version: number, rotator: Rotator): Promise<void> {
  if (rotator.kind === 'admin-cli') return;
  requireRole(rotator.staff, 'admin', 'editor');
  if ((await tx.execute(HOLDER_SQL, [deskId, rotator.staff.id, version])).rows.length === 0) throw new DomainError('forbidden', NOT_HOLDER);
}
