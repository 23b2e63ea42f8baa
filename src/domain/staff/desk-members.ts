// Desk membership and desk key grants. Membership is what lets a staff member see a desk's
// tips at all; a grant (the desk secret sealed to their personal key, made in a member's
// browser or by the CLI holding the desk secret) is what lets their browser open them. The
// server can do neither on its own: it never holds a desk secret.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { SEALED_TIP_KEY_BYTES } from '../../crypto/index.ts';
import type { Queryable, Tx } from '../../db/database.ts';
import { deskKeyGrants, deskKeys, deskMembers, desks, staff } from '../../db/schema.ts';
import { appendAudit, type AuditActor } from '../audit.ts';
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { oldVersionCounts } from '../rotation/state.ts';
import type { StaffIdentity } from './identity.ts';

/** crypto_box_seal of a 32-byte secret key: 32 + 16 + 32 bytes, as a sealed tip key. */
export const SEALED_DESK_SECRET_BYTES = SEALED_TIP_KEY_BYTES;

export function requireRole(staffMember: StaffIdentity, ...roles: StaffIdentity['role'][]): void {
  if (!roles.includes(staffMember.role)) throw new DomainError('forbidden', `this needs the ${roles.join(' or ')} role`);
}

export async function isDeskMember(db: Queryable, staffId: string, deskId: string): Promise<boolean> {
  const [row] = await db.select({ d: deskMembers.deskId }).from(deskMembers)
    .where(and(eq(deskMembers.deskId, deskId), eq(deskMembers.staffId, staffId))).limit(1);
  return Boolean(row);
}

export async function memberDeskIds(db: Queryable, staffId: string): Promise<string[]> {
  const rows = await db.select({ deskId: deskMembers.deskId }).from(deskMembers).where(eq(deskMembers.staffId, staffId));
  return rows.map((r) => r.deskId);
}

export interface MyDesk {
  id: string;
  slug: string;
  name: string;
  keyVersion: number;
  publicKey: Uint8Array;
  /** The desk secret of each version granted to this member, sealed to their personal key. */
  grants: { version: number; sealedSecret: Uint8Array }[];
}

/** The desks a staff member belongs to, with what their browser needs to open the tips. */
export async function myDesks(db: Queryable, staffId: string): Promise<MyDesk[]> {
  const rows = await db.select({ id: desks.id, slug: desks.slug, name: desks.name, keyVersion: desks.currentKeyVersion, publicKey: deskKeys.publicKey })
    .from(deskMembers)
    .innerJoin(desks, eq(desks.id, deskMembers.deskId))
    .innerJoin(deskKeys, and(eq(deskKeys.deskId, desks.id), eq(deskKeys.version, desks.currentKeyVersion)))
    .where(eq(deskMembers.staffId, staffId))
    .orderBy(asc(desks.slug));
  if (rows.length === 0) return [];
  const grants = await db.select().from(deskKeyGrants)
    .where(and(eq(deskKeyGrants.staffId, staffId), inArray(deskKeyGrants.deskId, rows.map((r) => r.id))));
  return rows.map((desk) => ({
    ...desk,
    grants: grants.filter((g) => g.deskId === desk.id).map((g) => ({ version: g.version, sealedSecret: g.sealedSecret })),
  }));
}

async function requireStaffMember(tx: Queryable, staffId: string) {
  const [row] = await tx.select({ id: staff.id, publicKey: staff.publicKey, active: staff.active }).from(staff).where(eq(staff.id, staffId)).limit(1);
  if (!row || !row.active) throw new DomainError('unknown_staff', 'no such staff member');
  return row;
}

async function requireDesk(tx: Queryable, deskId: string) {
  const [row] = await tx.select({ id: desks.id, keyVersion: desks.currentKeyVersion }).from(desks).where(eq(desks.id, deskId)).limit(1);
  if (!row) throw new DomainError('unknown_desk', 'no such desk');
  return row;
}

/** Admins add members; until a member's browser (or the CLI) grants them the key, they see the tips listed but cannot open them. */
export async function addDeskMember({ ctx, input }: { ctx: DomainContext; input: { deskId: string; staffId: string; actor: AuditActor } }) {
  await ctx.db.write(async (tx) => {
    await requireDesk(tx, input.deskId);
    await requireStaffMember(tx, input.staffId);
    const added = await tx.insert(deskMembers).values({ deskId: input.deskId, staffId: input.staffId, addedAt: ctx.clock.now().toISOString() })
      .onConflictDoNothing().returning({ d: deskMembers.deskId });
    if (added.length) await appendAudit(tx, ctx.clock, { actor: input.actor, action: 'desk.member_added', subject: input.deskId, details: { staff: input.staffId } });
  });
}

export interface GrantInput {
  deskId: string;
  staffId: string;
  version: number;
  sealedSecret: Uint8Array;
  /** A member holding that version's secret (their browser sealed it), or the CLI with the secret key. */
  actor: AuditActor;
}

export async function grantDeskKey({ ctx, input }: { ctx: DomainContext; input: GrantInput }) {
  if (input.sealedSecret.length !== SEALED_DESK_SECRET_BYTES) throw new DomainError('invalid_input', `a sealed desk secret is ${SEALED_DESK_SECRET_BYTES} bytes`);
  await ctx.db.write((tx) => insertGrant(tx, ctx, input));
}

/**
 * A version older than the current one, with no tip or reply of the desk sealed to it any more,
 * is retired: finishing the rotation destroys (or has destroyed) every copy of its secret, and
 * nothing can be sealed to it again (a source gets stale_key). A grant of it would store anew a
 * secret the rotation exists to get rid of, and opens nothing; grant the current version instead.
 */
async function refuseRetiredVersion(tx: Queryable, desk: { id: string; keyVersion: number }, version: number): Promise<void> {
  if (version >= desk.keyVersion) return;
  const stillUsed = (await oldVersionCounts(tx, desk.id, desk.keyVersion)).versions;
  if (stillUsed.has(version)) return;
  throw new DomainError('key_version_retired', `key version ${version} of this desk is retired; grant the current version, ${desk.keyVersion}`, { currentVersion: desk.keyVersion });
}

/** `secretMadeByActor`: the actor's browser made this desk key just now (desk set-up), so holds it without a grant. */
export async function insertGrant(tx: Tx, ctx: DomainContext, input: GrantInput, secretMadeByActor = false) {
  const desk = await requireDesk(tx, input.deskId);
  const [key] = await tx.select({ v: deskKeys.version }).from(deskKeys).where(and(eq(deskKeys.deskId, input.deskId), eq(deskKeys.version, input.version))).limit(1);
  if (!key) throw new DomainError('invalid_input', 'the desk has no key of that version');
  await refuseRetiredVersion(tx, desk, input.version);
  if (input.actor.kind === 'staff' && !secretMadeByActor) {
    const [held] = await tx.select({ v: deskKeyGrants.version }).from(deskKeyGrants)
      .where(and(eq(deskKeyGrants.deskId, input.deskId), eq(deskKeyGrants.version, input.version), eq(deskKeyGrants.staffId, input.actor.id))).limit(1);
    // Only someone who holds the secret can have sealed it; anyone else is sending garbage or worse.
    if (!held) throw new DomainError('forbidden', 'only a member holding this desk key can grant it');
  }
  await requireStaffMember(tx, input.staffId);
  if (!(await isDeskMember(tx, input.staffId, input.deskId))) throw new DomainError('forbidden', 'grant the key to members of the desk only');
  await tx.insert(deskKeyGrants).values({ deskId: input.deskId, version: input.version, staffId: input.staffId, sealedSecret: input.sealedSecret })
    .onConflictDoUpdate({ target: [deskKeyGrants.deskId, deskKeyGrants.version, deskKeyGrants.staffId], set: { sealedSecret: input.sealedSecret } });
  await appendAudit(tx, ctx.clock, { actor: input.actor, action: 'desk.key_granted', subject: input.deskId, details: { staff: input.staffId, version: input.version } });
}
