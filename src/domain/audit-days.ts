// Days to seq bounds, for the day filter of the audit trail (listAuditEntries in audit-browse.ts:
// /staff/audit?from=&to= and GET /api/v1/staff/audit?from=&to=). The trail has no index on `at`,
// but entries are appended in order under the write lock with the clock's time, so `at` rises
// with `seq`: a binary search over seq (about 20 primary-key lookups for a million entries, ~10 ms
// in all on this machine) finds where a day starts instead of scanning the table. The listing then
// bounds its query by these seqs, so a page fills from the range alone. Should the clock ever step
// back, the edge of the range can be off by the entries written in that step; the verifier, not
// this filter, is what vouches for the trail.
//
// `at` is an ISO time (staff and system actions) or a bare day (source events, audit.ts), both
// UTC. Within one day the two do not sort as text (a source event written at 23:00 stores
// '2026-11-22', which sorts before an earlier '2026-11-22T08:00…'), so this never compares one
// entry's `at` with another's: it compares each with the bare day a range starts or ends on, and
// against a bare day both forms sort by their day: '2026-11-22' <= '2026-11-22' <= '2026-11-22T08:00…'
// < '2026-11-23'. `at >= day` therefore turns true once and stays true as seq rises.
import { asc, gte, max, min } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { auditLog } from '../db/schema.ts';
import { addDays } from './retention-policy.ts';

export interface AuditDayRange {
  /** YYYY-MM-DD, inclusive. */
  from?: string | undefined;
  /** YYYY-MM-DD, inclusive. */
  to?: string | undefined;
}

/** Entries of the range have `fromSeq <= seq < beforeSeq`; null means unbounded on that side. */
export interface AuditSeqBounds {
  fromSeq: number | null;
  beforeSeq: number | null;
}

/** The smallest x in [lo, hi + 1] whose first entry at or after seq x has `at >= day` (hi + 1 when none has). */
async function firstSeqAtOrAfter(db: Queryable, lo: number, hi: number, day: string): Promise<number> {
  let low = lo;
  let high = hi + 1;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    const [row] = await db.select({ at: auditLog.at }).from(auditLog).where(gte(auditLog.seq, mid)).orderBy(asc(auditLog.seq)).limit(1);
    if (!row || row.at >= day) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * The seq bounds of a range of UTC days (valid YYYY-MM-DD days, checked by the caller, as is who
 * may read the trail). `to` is turned into the start of the next day, so its whole day counts.
 */
export async function daySeqBounds(db: Queryable, range: AuditDayRange): Promise<AuditSeqBounds> {
  const { from, to } = range;
  if (!from && !to) return { fromSeq: null, beforeSeq: null };
  // Two queries on purpose: SQLite answers a lone min() or max() from the primary key's ends, but
  // both in one SELECT scan the whole table (~0.7 s for a million entries on this machine).
  const [[first], [last]] = await Promise.all([
    db.select({ seq: min(auditLog.seq) }).from(auditLog),
    db.select({ seq: max(auditLog.seq) }).from(auditLog),
  ]);
  if (first?.seq == null || last?.seq == null) return { fromSeq: null, beforeSeq: null };
  const lo = Number(first.seq);
  const hi = Number(last.seq);
  const fromSeq = from ? await firstSeqAtOrAfter(db, lo, hi, from) : null;
  // The range's end is at or after its start (from <= to), so its search starts there.
  const beforeSeq = to ? await firstSeqAtOrAfter(db, fromSeq !== null && from! <= to ? fromSeq : lo, hi, addDays(to, 1)) : null;
  return { fromSeq, beforeSeq };
}
