// Retention: what the instance forgets on a schedule (the Worker's cron trigger; on Node, a timer
// or `cron` calling the same verb). For now, what nobody will ever read: proof-of-work challenges
// past their lifetime, and file uploads a source began but did not finish within
// UNFINISHED_UPLOAD_DAYS (the message of their tip stays; only the partial file goes). Then the
// closed tips past their desk's retention, with their conversations (retention-tips.ts, issue 6).
import { and, eq, inArray, lt } from 'drizzle-orm';
import { chunks, parts, powChallenges } from '../db/schema.ts';
import { appendAudit } from './audit.ts';
import { dayOf, type DomainContext } from './context.ts';
import { purgeClosedTips } from './retention-tips.ts';

/**
 * Days an upload may stay unfinished. A resuming client (src/client/upload.ts) needs hours at
 * most; a week covers a source who lost their connection and comes back days later.
 */
export const UNFINISHED_UPLOAD_DAYS = 7;

export interface PurgeReport {
  powChallenges: number;
  /** Unfinished uploads removed, with their chunks. */
  uploads: number;
  chunks: number;
  /** Closed tips past retention, removed with their chunks, and conversations left without a tip. */
  tips: number;
  tipChunks: number;
  conversations: number;
}

export async function purgeExpired({ ctx, input = {} }: {
  ctx: DomainContext;
  input?: { unfinishedUploadDays?: number };
}): Promise<PurgeReport> {
  const now = ctx.clock.now();
  const nowMinute = Math.floor(now.getTime() / 60_000);
  const days = input.unfinishedUploadDays ?? UNFINISHED_UPLOAD_DAYS;
  // Days are stored as "YYYY-MM-DD", so string order is date order: a part created before this
  // day has been unfinished for more than `days` days.
  const cutoff = dayOf(new Date(now.getTime() - days * 86_400_000));

  // One transaction: the parts, their chunks and the audit entries go together or not at all.
  // On a file database the writer runs with secure_delete, so the ciphertext is zeroed too.
  const expired = await ctx.db.write(async (tx) => {
    const expiredPow = await tx.delete(powChallenges).where(lt(powChallenges.expiresMinute, nowMinute));
    const stale = await tx
      .select({ id: parts.id, tipId: parts.tipId })
      .from(parts)
      .where(and(eq(parts.kind, 'file'), eq(parts.state, 'uploading'), lt(parts.createdDay, cutoff)));
    let chunkCount = 0;
    // Bounded batches: one IN list per statement stays far below SQLite's variable limit.
    for (let start = 0; start < stale.length; start += 500) {
      const ids = stale.slice(start, start + 500).map((p) => p.id);
      chunkCount += (await tx.delete(chunks).where(inArray(chunks.partId, ids))).rowsAffected;
      await tx.delete(parts).where(inArray(parts.id, ids));
    }
    // Editors see in a tip's history that a file was started and dropped; nothing else is said.
    for (const part of stale) {
      await appendAudit(tx, ctx.clock, { actor: { kind: 'system' }, action: 'tip.upload_purged', subject: part.tipId, details: { part: part.id } });
    }
    return { powChallenges: expiredPow.rowsAffected, uploads: stale.length, chunks: chunkCount };
  });
  const closed = await purgeClosedTips(ctx);
  return { ...expired, tips: closed.tips, tipChunks: closed.chunks, conversations: closed.conversations };
}
