// Where a desk's keys stand. No table records "a rotation": its state is read off the data.
// A rotation to the current version N is unfinished while anything of an older version is left:
// a tip or reply still sealed to it, a member's grant of it, or its copy sealed to the recovery
// key. finishRotation removes the last two once the first is gone.
import { and, asc, count, eq, isNotNull, lt } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { deskKeyGrants, deskKeys, deskMembers, desks, replies, sources, staff, tips } from '../../db/schema.ts';
import { DomainError } from '../errors.ts';

export interface DeskKeyState {
  id: string;
  slug: string;
  currentVersion: number;
  publicKey: Uint8Array;
  recoveryPublicKey: Uint8Array | null;
  rotationDueSince: string | null;
  versions: { version: number; publicKey: Uint8Array; sealedForRecovery: Uint8Array | null }[];
}

export async function loadDeskKeyState(db: Queryable, by: { id: string } | { slug: string }): Promise<DeskKeyState> {
  const [desk] = await db.select({
    id: desks.id, slug: desks.slug, currentVersion: desks.currentKeyVersion,
    recoveryPublicKey: desks.recoveryPublicKey, rotationDueSince: desks.rotationDueSince,
  }).from(desks).where('id' in by ? eq(desks.id, by.id) : eq(desks.slug, by.slug)).limit(1);
  if (!desk) throw new DomainError('unknown_desk', 'id' in by ? 'no such desk' : `there is no desk ${by.slug}`);
  const versions = await db.select({ version: deskKeys.version, publicKey: deskKeys.publicKey, sealedForRecovery: deskKeys.sealedForRecovery })
    .from(deskKeys).where(eq(deskKeys.deskId, desk.id)).orderBy(asc(deskKeys.version));
  const current = versions.find((v) => v.version === desk.currentVersion);
  if (!current) throw new Error('desk without its current key');
  return { ...desk, publicKey: current.publicKey, versions };
}

/** Tips and replies of the desk still sealed to a version older than `current`, per version. */
export async function oldVersionCounts(db: Queryable, deskId: string, current: number) {
  const [tipRows, replyRows] = await Promise.all([
    db.select({ version: tips.keyVersion, n: count() }).from(tips)
      .where(and(eq(tips.deskId, deskId), lt(tips.keyVersion, current))).groupBy(tips.keyVersion),
    db.select({ version: replies.deskKeyVersion, n: count() }).from(replies)
      .innerJoin(sources, eq(sources.id, replies.sourceId))
      .where(and(eq(sources.deskId, deskId), lt(replies.deskKeyVersion, current))).groupBy(replies.deskKeyVersion),
  ]);
  const tipsLeft = tipRows.reduce((s, r) => s + r.n, 0);
  const repliesLeft = replyRows.reduce((s, r) => s + r.n, 0);
  const versions = new Set([...tipRows, ...replyRows].map((r) => r.version));
  return { tips: tipsLeft, replies: repliesLeft, versions };
}

/** Old versions whose secret is still stored somewhere (a member's grant or the recovery copy). */
export async function undestroyedOldVersions(db: Queryable, deskId: string, current: number): Promise<Set<number>> {
  const [grantRows, recoveryRows] = await Promise.all([
    db.selectDistinct({ version: deskKeyGrants.version }).from(deskKeyGrants)
      .where(and(eq(deskKeyGrants.deskId, deskId), lt(deskKeyGrants.version, current))),
    db.select({ version: deskKeys.version }).from(deskKeys)
      .where(and(eq(deskKeys.deskId, deskId), lt(deskKeys.version, current), isNotNull(deskKeys.sealedForRecovery))),
  ]);
  return new Set([...grantRows, ...recoveryRows].map((r) => r.version));
}

export interface RotationProgress {
  deskId: string;
  slug: string;
  /** The version new tips are sealed to, and every re-sealed tip key. */
  toVersion: number;
  publicKey: Uint8Array;
  /** Older versions not yet done with (tips left on them, or their secrets not yet destroyed). */
  fromVersions: number[];
  inProgress: boolean;
  /** Tips plus replies still sealed to an older version. */
  remaining: number;
  remainingTips: number;
  remainingReplies: number;
  /** Every tip and reply of the desk. */
  total: number;
  /** Someone who held the key left since the last rotation (ISO time), or null. */
  rotationDueSince: string | null;
  recoveryPublicKey: Uint8Array | null;
  /** Who a new version must be sealed to: every active member, with their personal public key. */
  members: { staffId: string; publicKey: Uint8Array; hasCurrentKey: boolean }[];
}

export async function rotationProgress(db: Queryable, deskId: string): Promise<RotationProgress> {
  const desk = await loadDeskKeyState(db, { id: deskId });
  const [left, undestroyed, [tipTotal], [replyTotal], members, grants] = await Promise.all([
    oldVersionCounts(db, desk.id, desk.currentVersion),
    undestroyedOldVersions(db, desk.id, desk.currentVersion),
    db.select({ n: count() }).from(tips).where(eq(tips.deskId, desk.id)),
    db.select({ n: count() }).from(replies).innerJoin(sources, eq(sources.id, replies.sourceId)).where(eq(sources.deskId, desk.id)),
    activeMembers(db, desk.id),
    db.select({ staffId: deskKeyGrants.staffId }).from(deskKeyGrants)
      .where(and(eq(deskKeyGrants.deskId, desk.id), eq(deskKeyGrants.version, desk.currentVersion))),
  ]);
  const fromVersions = [...new Set([...left.versions, ...undestroyed])].sort((a, b) => a - b);
  const holders = new Set(grants.map((g) => g.staffId));
  return {
    deskId: desk.id, slug: desk.slug, toVersion: desk.currentVersion, publicKey: desk.publicKey,
    fromVersions, inProgress: fromVersions.length > 0,
    remaining: left.tips + left.replies, remainingTips: left.tips, remainingReplies: left.replies,
    total: (tipTotal?.n ?? 0) + (replyTotal?.n ?? 0),
    rotationDueSince: desk.rotationDueSince, recoveryPublicKey: desk.recoveryPublicKey,
    members: members.map((m) => ({ ...m, hasCurrentKey: holders.has(m.staffId) })),
  };
}

/** Members of the desk whose account is active: the ones a new desk key version is sealed to. */
export async function activeMembers(db: Queryable, deskId: string) {
  return db.select({ staffId: staff.id, publicKey: staff.publicKey }).from(deskMembers)
    .innerJoin(staff, eq(staff.id, deskMembers.staffId))
    .where(and(eq(deskMembers.deskId, deskId), eq(staff.active, true)))
    .orderBy(asc(staff.id));
}
