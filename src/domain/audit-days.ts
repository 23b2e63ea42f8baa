// Days to seq bounds, for the admin page's date filter (/staff/audit?from=&to=). The trail has no
// index on `at`, but entries are appended in order under the write lock with the clock's time,
// so `at` rises with `seq`: a binary search over seq (about 20 primary-key lookups for a million
// entries, ~10 ms in all on this machine) finds where a day starts instead of scanning the table. Should the clock ever step
// back, the edge of the range can be off by the entries written in that step; the verifier, not
// this filter, is what vouches for the trail.
//
// `at` is an ISO time (staff and system actions) or a bare day (source events, audit.ts); both
// compare correctly as text against a bare day: '2026-11-22' <= '2026-11-22T08:00…' < '2026-11-23'.
import { asc, gte, max, min } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { auditLog } from '../db/schema.ts';
import type { DomainContext } from './context.ts';
import { addDays, isDay } from './retention-policy.ts';
import { requireRole } from './staff/desk-members.ts';
import type { StaffIdentity } from './staff/identity.ts';

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

/** The smallest x in [lo, hi + 1] whose first entry at or after seq x has `at >= bound` (hi + 1 when none has). */
async function firstSeqAtOrAfter(db: Queryable, lo: number, hi: number, bound: string): Promise<number> {
  let low = lo;
  let high = hi + 1;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    const [row] = await db.select({ at: auditLog.at }).from(auditLog).where(gte(auditLog.seq, mid)).orderBy(asc(auditLog.seq)).limit(1);
    if (!row || row.at >= bound) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** Admins only, as the trail itself (audit-browse.ts). Days that are not YYYY-MM-DD are ignored. */
export async function auditSeqBounds({ ctx, input }: { ctx: DomainContext; input: { staff: StaffIdentity; range: AuditDayRange } }): Promise<AuditSeqBounds> {
  requireRole(input.staff, 'admin');
  const from = input.range.from && isDay(input.range.from) ? input.range.from : undefined;
  const to = input.range.to && isDay(input.range.to) ? input.range.to : undefined;
  if (!from && !to) return { fromSeq: null, beforeSeq: null };
  const db = ctx.db.read;
  // Two queries on purpose: SQLite answers a lone min() or max() from the primary key's ends, but
  // both in one SELECT scan the whole table (~0.7 s for a million entries on this machine).
  const [[first], [last]] = await Promise.all([
    db.select({ seq: min(auditLog.seq) }).from(auditLog),
    db.select({ seq: max(auditLog.seq) }).from(auditLog),
  ]);
  if (first?.seq == null || last?.seq == null) return { fromSeq: null, beforeSeq: null };
  const lo = Number(first.seq);
  const hi = Number(last.seq);
  return {
    fromSeq: from ? await firstSeqAtOrAfter(db, lo, hi, from) : null,
    beforeSeq: to ? await firstSeqAtOrAfter(db, lo, hi, addDays(to, 1)) : null,
  };
}
