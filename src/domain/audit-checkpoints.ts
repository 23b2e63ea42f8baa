// Signed checkpoints of the audit chain head (issue 6). The chain alone shows a partial edit;
// someone who can rewrite the whole database can also recompute every hash, or cut the tail
// off. A checkpoint is the head (seq, hash) signed with an Ed25519 key whose secret lives
// outside the database (a key file, src/cli/audit-key.ts), so a rewritten chain no longer
// matches a signed head, and a cut one ends before a signed seq. The verifier trusts only public
// keys given to it from outside: the `public_key` column says which key signed, for people, and
// is never taken on its word (an attacker replacing rows would replace it too).
import { asc, desc } from 'drizzle-orm';
import { rawBytes, type Queryable } from '../db/database.ts';
import { signCheckpoint, type SigningKeyPair } from '../crypto/index.ts';
import { auditCheckpoints } from '../db/schema.ts';
import type { DomainContext } from './context.ts';

export interface AuditCheckpoint {
  seq: number;
  headHash: Uint8Array;
  at: string;
  publicKey: Uint8Array;
  signature: Uint8Array;
}

const HEAD_SQL = 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1';
const LAST_CHECKPOINT_SQL = 'SELECT seq FROM audit_checkpoints ORDER BY seq DESC LIMIT 1';
const INSERT_SQL = 'INSERT INTO audit_checkpoints (seq, head_hash, at, public_key, signature) VALUES (?, ?, ?, ?, ?)';
// Older than the cutoff: keep the last checkpoint of each day only.
const THIN_SQL = `DELETE FROM audit_checkpoints WHERE at < ?
  AND seq NOT IN (SELECT MAX(seq) FROM audit_checkpoints GROUP BY substr(at, 1, 10))`;

/**
 * Checkpoints of the last KEEP_EVERY_CHECKPOINT_DAYS days are all kept; older ones thin out to
 * one a day. Nothing is lost by it: a checkpoint signs the chain hash at its seq, which commits
 * to every entry before it, so the latest checkpoint alone vouches for the whole chain up to
 * there; the others only narrow down where a rewrite happened, and recent ones bound how much
 * of the tail can be cut off unseen. Thinning keeps verification time (one signature check per
 * checkpoint) from growing by 50,000 checkpoints a year.
 */
export const KEEP_EVERY_CHECKPOINT_DAYS = 7;

/**
 * Signs the current head, and thins out old checkpoints (below). Nothing is written when the chain is empty or its head is already
 * checkpointed, so an idle instance does not grow. Reads the head and inserts in one write
 * transaction: no entry can slip in between.
 */
export async function writeCheckpoint({ ctx, input }: { ctx: DomainContext; input: { keyPair: SigningKeyPair } }): Promise<AuditCheckpoint | null> {
  return ctx.db.writeRaw(async (tx) => {
    const head = (await tx.execute(HEAD_SQL)).rows[0];
    if (!head) return null;
    const seq = Number(head.seq);
    const last = (await tx.execute(LAST_CHECKPOINT_SQL)).rows[0];
    if (last && Number(last.seq) >= seq) return null;
    const headHash = rawBytes(head.hash);
    const checkpoint: AuditCheckpoint = {
      seq, headHash, at: ctx.clock.now().toISOString(), publicKey: input.keyPair.publicKey,
      signature: signCheckpoint(input.keyPair.secretKey, seq, headHash),
    };
    await tx.execute(INSERT_SQL, [seq, headHash, checkpoint.at, checkpoint.publicKey, checkpoint.signature]);
    const cutoff = new Date(ctx.clock.now().getTime() - KEEP_EVERY_CHECKPOINT_DAYS * 86_400_000).toISOString().slice(0, 10);
    await tx.execute(THIN_SQL, [cutoff]);
    return checkpoint;
  });
}

/** Every checkpoint, oldest first (a few per hour at most: they fit in memory). */
export async function listCheckpoints(db: Queryable): Promise<AuditCheckpoint[]> {
  return db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.seq));
}

export async function latestCheckpoint(db: Queryable): Promise<AuditCheckpoint | null> {
  const [row] = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.seq)).limit(1);
  return row ?? null;
}
