// Re-sealing during a rotation: the client holding the old secret(s) opens tip keys and reply
// keys sealed to an old version and seals each again (crypto_box_seal) to the current version's
// public key. The server only moves sealed bytes: it reads batches of old-version keys, and
// writes re-sealed ones back.
//
// Safety of every step (issue 6: "a crash ... at any point leaves every tip readable"):
// - a batch is one write transaction: after a crash it is either all in or all out, and a row
//   not yet moved still carries its old version and old sealed key, whose secret is destroyed
//   only by finishRotation once no row of an old version is left;
// - each UPDATE is guarded (`desk_id = ? AND key_version < ?`): a row that is of another desk,
//   already moved (a replayed batch), or moved by someone else in between is skipped, never
//   overwritten, so batches are idempotent and can be re-sent after any failure;
// - a batch naming a version that is no longer current is refused with stale_key, so a client
//   that slept through a second rotation cannot seal anything to a retired key.
import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import { SEALED_TIP_KEY_BYTES } from '../../crypto/index.ts';
import { rawBytes, type Queryable, type RawTx } from '../../db/database.ts';
import { replies, sources, tips } from '../../db/schema.ts';
import { appendAuditRaw } from '../audit.ts';
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { auditActorOf, requireKeyHolderRaw, type Rotator } from './rotator.ts';
import { loadDeskKeyState } from './state.ts';

export const MAX_RESEAL_BATCH = 2000;

export interface OldTipKey { tipId: string; keyVersion: number; sealedKey: Uint8Array }
export interface OldReplyKey { replyId: string; keyVersion: number; sealedForDesk: Uint8Array }

/** The next keys to re-seal (for a browser): they leave this list once re-sealed. */
export async function nextResealBatch(db: Queryable, deskId: string, limit: number) {
  const desk = await loadDeskKeyState(db, { id: deskId });
  const n = Math.max(1, Math.min(limit, MAX_RESEAL_BATCH));
  const tipRows: OldTipKey[] = await db.select({ tipId: tips.id, keyVersion: tips.keyVersion, sealedKey: tips.sealedKey }).from(tips)
    .where(and(eq(tips.deskId, desk.id), lt(tips.keyVersion, desk.currentVersion))).limit(n);
  const replyRows: OldReplyKey[] = tipRows.length >= n ? [] : await db
    .select({ replyId: replies.id, keyVersion: replies.deskKeyVersion, sealedForDesk: replies.sealedForDesk }).from(replies)
    .innerJoin(sources, eq(sources.id, replies.sourceId))
    .where(and(eq(sources.deskId, desk.id), lt(replies.deskKeyVersion, desk.currentVersion))).limit(n - tipRows.length);
  return { toVersion: desk.currentVersion, publicKey: desk.publicKey, tips: tipRows, replies: replyRows };
}

export interface PagedKey { rowid: number; id: string; sealed: Uint8Array }

/**
 * For the CLI's pipeline: tips of one old version after `afterRowid`, in rowid order (the index
 * on (desk_id, key_version) keeps its entries in rowid order, so this is a range scan), so that
 * the next page can be read while the previous one is still being re-sealed.
 */
export async function pageOldTips(db: Queryable, deskId: string, version: number, afterRowid: number, limit: number): Promise<PagedKey[]> {
  return db.select({ rowid: sql<number>`${tips}.rowid`, id: tips.id, sealed: tips.sealedKey }).from(tips)
    .where(and(eq(tips.deskId, deskId), eq(tips.keyVersion, version), gt(sql`${tips}.rowid`, afterRowid)))
    .orderBy(asc(sql`${tips}.rowid`)).limit(limit);
}

export async function pageOldReplies(db: Queryable, deskId: string, version: number, afterRowid: number, limit: number): Promise<PagedKey[]> {
  return db.select({ rowid: sql<number>`${replies}.rowid`, id: replies.id, sealed: replies.sealedForDesk }).from(replies)
    .innerJoin(sources, eq(sources.id, replies.sourceId))
    .where(and(eq(sources.deskId, deskId), eq(replies.deskKeyVersion, version), gt(sql`${replies}.rowid`, afterRowid)))
    .orderBy(asc(sql`${replies}.rowid`)).limit(limit);
}

export interface ResealBatchInput {
  deskId: string;
  /** The version the client sealed to: must still be the current one. */
  toVersion: number;
  tips: { tipId: string; sealedKey: Uint8Array }[];
  replies: { replyId: string; sealedForDesk: Uint8Array }[];
  actor: Rotator;
}

const DESK_KEY_SQL = `SELECT d.current_key_version, k.public_key FROM desks d
  JOIN desk_keys k ON k.desk_id = d.id AND k.version = d.current_key_version WHERE d.id = ?`;
const TIP_SQL = 'UPDATE tips SET sealed_key = ?, key_version = ? WHERE id = ? AND desk_id = ? AND key_version < ?';
const REPLY_SQL = `UPDATE replies SET sealed_for_desk = ?, desk_key_version = ?
  WHERE id = ? AND desk_key_version < ? AND source_id IN (SELECT id FROM sources WHERE desk_id = ?)`;

export async function resealBatch({ ctx, input }: { ctx: DomainContext; input: ResealBatchInput }) {
  const count = input.tips.length + input.replies.length;
  if (count > MAX_RESEAL_BATCH) throw new DomainError('invalid_input', `at most ${MAX_RESEAL_BATCH} keys per batch`);
  for (const sealed of [...input.tips.map((t) => t.sealedKey), ...input.replies.map((r) => r.sealedForDesk)]) {
    if (sealed.length !== SEALED_TIP_KEY_BYTES) throw new DomainError('invalid_input', `a sealed key is ${SEALED_TIP_KEY_BYTES} bytes`);
  }
  // Constant SQL text and positional values: the writer connection reuses its prepared statements.
  return ctx.db.writeRaw(async (tx) => {
    const version = await requireCurrentVersion(tx, input.deskId, input.toVersion);
    await requireKeyHolderRaw(tx, input.deskId, version, input.actor);
    let tipsMoved = 0;
    let repliesMoved = 0;
    for (const t of input.tips) tipsMoved += (await tx.execute(TIP_SQL, [t.sealedKey, version, t.tipId, input.deskId, version])).rowsAffected;
    for (const r of input.replies) repliesMoved += (await tx.execute(REPLY_SQL, [r.sealedForDesk, version, r.replyId, version, input.deskId])).rowsAffected;
    const skipped = count - tipsMoved - repliesMoved;
    if (tipsMoved + repliesMoved > 0) {
      await appendAuditRaw(tx, ctx.clock, {
        actor: auditActorOf(input.actor), action: 'desk.rotation_batch', subject: input.deskId,
        details: { toVersion: version, tips: tipsMoved, replies: repliesMoved, skipped },
      });
    }
    return { tips: tipsMoved, replies: repliesMoved, skipped };
  });
}

async function requireCurrentVersion(tx: RawTx, deskId: string, toVersion: number): Promise<number> {
  const row = (await tx.execute(DESK_KEY_SQL, [deskId])).rows[0];
  if (!row) throw new DomainError('unknown_desk', 'no such desk');
  const version = Number(row.current_key_version);
  if (version !== toVersion) {
    throw new DomainError('stale_key', 'the desk key has changed since this batch was sealed; seal to the current key', {
      currentKey: { version, publicKey: rawBytes(row.public_key) },
    });
  }
  return version;
}
