// Appending to and verifying the hash-chained audit trail.
//
// Appends run inside the caller's write transaction, so an entry exists exactly when the change
// it records does. Writers are serialised (BEGIN IMMEDIATE, plus the in-process queue), and
// `seq` is the primary key, so two appenders can never fork the chain: the second one either
// sees the first one's head or fails on the duplicate seq and rolls back.
import { asc, desc, gt } from 'drizzle-orm';
import { rawBytes, type Queryable, type RawTx, type Tx } from '../db/database.ts';
import { auditLog } from '../db/schema.ts';
import { auditEntryHash, canonicalJson, GENESIS_HASH, type JsonValue } from './audit-hash.ts';
import { equalBytes } from './bytes.ts';
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

export type AuditProblem = 'edited' | 'missing' | 'inserted_or_reordered' | 'bad_seq';

export type AuditVerification =
  | { ok: true; entries: number; headHash: Uint8Array }
  | { ok: false; entries: number; seq: number; problem: AuditProblem; message: string };

const PAGE = 5000;

/** Recomputes the whole chain; names the first entry that does not fit. */
export async function verifyAuditChain(db: Queryable): Promise<AuditVerification> {
  let expectedSeq = 1;
  let prevHash: Uint8Array = GENESIS_HASH;
  for (;;) {
    const rows = await db.select().from(auditLog).where(gt(auditLog.seq, expectedSeq - 1)).orderBy(asc(auditLog.seq)).limit(PAGE);
    for (const row of rows) {
      const fail = (problem: AuditProblem, message: string): AuditVerification =>
        ({ ok: false, entries: expectedSeq - 1, seq: problem === 'missing' ? expectedSeq : row.seq, problem, message });
      if (row.seq !== expectedSeq) {
        return row.seq > expectedSeq
          ? fail('missing', `entry ${expectedSeq} is missing (next entry present is ${row.seq})`)
          : fail('bad_seq', `entry ${row.seq} is out of sequence`);
      }
      if (!equalBytes(row.prevHash, prevHash)) {
        return fail('inserted_or_reordered', `entry ${row.seq} does not follow entry ${row.seq - 1} (inserted, reordered or its predecessor deleted)`);
      }
      const hash = auditEntryHash(prevHash, row);
      if (!equalBytes(hash, row.hash)) return fail('edited', `entry ${row.seq} was edited`);
      prevHash = hash;
      expectedSeq += 1;
    }
    if (rows.length < PAGE) return { ok: true, entries: expectedSeq - 1, headHash: prevHash };
  }
}
