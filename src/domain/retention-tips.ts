// The purge of closed tips (issue 6), run by purgeExpired (retention.ts): every tip past its
// purge day (retention-policy.ts) goes with everything that is about it: its parts and their
// chunks, notes, label links, read markers and draft links; and once its source has no tip
// left, the conversation too (replies and the sources row). Each purged tip leaves one audit
// entry, `tip.purged` by `system`, with the tip id and nothing else.
//
// Transactions stay small whatever a tip holds: at most PURGE_TIPS_PER_TRANSACTION tips, and at
// most PURGE_CHUNKS_PER_TRANSACTION chunks (64 KiB each) deleted per transaction. A tip with a
// large file loses its chunks over several transactions first, then goes with its rows in a last
// one; a crash in between leaves a tip still due, which the next run finishes. On a file
// database the writer runs with secure_delete=ON (src/db/open-node.ts), so SQLite overwrites
// the deleted content with zeros instead of leaving it in free pages.
import type { RawTx } from '../db/database.ts';
import { appendAuditRaw } from './audit.ts';
import { dayOf, type DomainContext } from './context.ts';
import { CLOSED_STATUSES } from './retention-policy.ts';

export const PURGE_TIPS_PER_TRANSACTION = 50;
export const PURGE_CHUNKS_PER_TRANSACTION = 256;

const CLOSED = CLOSED_STATUSES.map((s) => `'${s}'`).join(', ');

// Due on `today` (?1): closed at least retention_days ago and not kept through today.
const DUE_SQL = `SELECT t.id, t.source_id FROM tips t INNER JOIN desks d ON d.id = t.desk_id
  WHERE t.closed_day IS NOT NULL AND t.status IN (${CLOSED})
    AND t.closed_day <= date(?1, '-' || d.retention_days || ' days')
    AND (t.keep_until_day IS NULL OR t.keep_until_day < ?1)
  ORDER BY t.closed_day, t.id LIMIT ?2`;

const list = (n: number) => Array(n).fill('?').join(', ');

export interface TipPurgeReport {
  tips: number;
  chunks: number;
  conversations: number;
}

export interface PurgeLimits {
  tipsPerTransaction: number;
  chunksPerTransaction: number;
}

const LIMITS: PurgeLimits = { tipsPerTransaction: PURGE_TIPS_PER_TRANSACTION, chunksPerTransaction: PURGE_CHUNKS_PER_TRANSACTION };

export async function purgeClosedTips(ctx: DomainContext, limits: PurgeLimits = LIMITS): Promise<TipPurgeReport> {
  const report: TipPurgeReport = { tips: 0, chunks: 0, conversations: 0 };
  for (;;) {
    const step = await ctx.db.writeRaw((tx) => purgeStep(tx, ctx, limits));
    if (!step) return report;
    report.tips += step.tips;
    report.chunks += step.chunks;
    report.conversations += step.conversations;
  }
}

/** One bounded transaction; null when nothing is due. Due-ness is read inside it, so a postponement committed meanwhile is honoured. */
async function purgeStep(tx: RawTx, ctx: DomainContext, limits: PurgeLimits): Promise<TipPurgeReport | null> {
  const due = (await tx.execute(DUE_SQL, [dayOf(ctx.clock.now()), limits.tipsPerTransaction])).rows.map((r) => ({ id: String(r.id), sourceId: r.source_id === null ? null : String(r.source_id) }));
  if (due.length === 0) return null;
  const ids = due.map((t) => t.id);
  const inIds = `(${list(ids.length)})`;
  const chunks = (await tx.execute(`DELETE FROM chunks WHERE rowid IN (SELECT c.rowid FROM chunks c INNER JOIN parts p ON p.id = c.part_id
    WHERE p.tip_id IN ${inIds} LIMIT ?)`, [...ids, limits.chunksPerTransaction])).rowsAffected;
  // More chunks may be left: the next transaction carries on with the same (still due) tips.
  if (chunks === limits.chunksPerTransaction) return { tips: 0, chunks, conversations: 0 };

  for (const table of ['parts', 'tip_notes', 'tip_labels', 'tip_reads', 'draft_links']) {
    await tx.execute(`DELETE FROM ${table} WHERE tip_id IN ${inIds}`, ids);
  }
  await tx.execute(`DELETE FROM tips WHERE id IN ${inIds}`, ids);
  let conversations = 0;
  for (const sourceId of new Set(due.map((t) => t.sourceId).filter((s): s is string => s !== null))) {
    const left = await tx.execute('SELECT 1 FROM tips WHERE source_id = ? LIMIT 1', [sourceId]);
    if (left.rows.length) continue;
    await tx.execute('DELETE FROM replies WHERE source_id = ?', [sourceId]);
    await tx.execute('DELETE FROM sources WHERE id = ?', [sourceId]);
    conversations += 1;
  }
  for (const id of ids) await appendAuditRaw(tx, ctx.clock, { actor: { kind: 'system' }, action: 'tip.purged', subject: id });
  return { tips: ids.length, chunks, conversations };
}
