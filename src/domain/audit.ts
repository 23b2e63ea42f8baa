// Appending to and verifying the hash-chained audit trail.
//
// Appends run inside the caller's write transaction, so an entry exists exactly when the change
// it records does. Writers are serialised (BEGIN IMMEDIATE, plus the in-process queue), and
// `seq` is the primary key, so two appenders can never fork the chain: the second one either
// sees the first one's head or fails on the duplicate seq and rolls back.
import { desc } from 'drizzle-orm';
import { rawBytes, type RawTx, type Tx } from '../db/database.ts';
import { auditLog } from '../db/schema.ts';
import { auditEntryHash, canonicalJson, GENESIS_HASH, type JsonValue } from './audit-hash.ts';
import { dayOf, type Clock } from './context.ts';

/** `source` never says which source: there is nothing in an entry that could. */
export type AuditActor = { kind: 'staff'; id: string } | { kind: 'source' } | { kind: 'system' } | { kind: 'admin-cli' };

export interface AuditInput {
  actor: AuditActor;
  action: string;
  subject: string;
  /** Never content, codenames, keys or connection data. */
  details?: { [key: string]: JsonValue };
}

function actorName(actor: AuditActor): string {
  return actor.kind === 'staff' ? `staff:${actor.id}` : actor.kind;
}

export async function appendAudit(tx: Tx, clock: Clock, input: AuditInput): Promise<number> {
  const [head] = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const entry = nextEntry(head, clock, input);
  await tx.insert(auditLog).values(entry);
  return entry.seq;
}

const HEAD_SQL = 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1';
const INSERT_SQL = 'INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';

/** appendAudit in a raw write transaction (Database.writeRaw): the same entry, the same chain. */
export async function appendAuditRaw(tx: RawTx, clock: Clock, input: AuditInput): Promise<number> {
  const row = (await tx.execute(HEAD_SQL)).rows[0];
  const head = row ? { seq: Number(row.seq), hash: rawBytes(row.hash) } : undefined;
  const e = nextEntry(head, clock, input);
  await tx.execute(INSERT_SQL, [e.seq, e.at, e.actor, e.action, e.subject, e.details, e.prevHash, e.hash]);
  return e.seq;
}

function nextEntry(head: { seq: number; hash: Uint8Array } | undefined, clock: Clock, input: AuditInput) {
  const now = clock.now();
  const fields = {
    seq: (head?.seq ?? 0) + 1,
    // Source events get the day only; staff actions keep their exact time.
    at: input.actor.kind === 'source' ? dayOf(now) : now.toISOString(),
    actor: actorName(input.actor),
    action: input.action,
    subject: input.subject,
    details: canonicalJson(input.details ?? {}),
  };
  const prevHash = head?.hash ?? GENESIS_HASH;
  return { ...fields, prevHash, hash: auditEntryHash(prevHash, fields) };
}

// Verification lives in audit-verify.ts (chain and signed checkpoints); re-exported for callers.
export { verifyAuditChain, type AuditProblem, type AuditVerification, type CheckpointSummary, type VerifyOptions } from './audit-verify.ts';
