// Reading the audit trail: the admin page's filtered list and its "verify now" button, a tip's
// history for the editors of its desk, and the pages `tipline audit export` streams. Entries
// hold no content, codename or connection data (audit.ts), so showing them shows none either.
import { and, asc, desc, eq, gt, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { auditLog } from '../db/schema.ts';
import { daySeqBounds } from './audit-days.ts';
import type { JsonValue } from './audit-hash.ts';
import { verifyAuditChain, type AuditVerification } from './audit-verify.ts';
import type { DomainContext } from './context.ts';
import { DomainError } from './errors.ts';
import { addDays, isDay } from './retention-policy.ts';
import { requireRole } from './staff/desk-members.ts';
import type { StaffIdentity } from './staff/identity.ts';
import { requireTipAccess } from './staff/tip-access.ts';

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;

export interface AuditEntryView {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: { [key: string]: JsonValue };
}

export interface AuditPage {
  entries: AuditEntryView[];
  /** Pass as `before` for the next (older) page; null on the last one. */
  next: number | null;
}

export interface AuditFilter {
  /** Exact, or a prefix ending in `*` (`tip.*`). */
  action?: string | undefined;
  /** Exact: `staff:<id>`, `system`, `source`, `admin-cli`. */
  actor?: string | undefined;
  subject?: string | undefined;
  /** UTC days, YYYY-MM-DD, inclusive: entries of these days only (a range that ends before it starts holds none). */
  from?: string | undefined;
  to?: string | undefined;
  /** Entries with a smaller seq only (keyset paging, newest first). */
  before?: number | undefined;
  limit?: number | undefined;
}

/** LIKE pattern for a prefix, with LIKE's own wildcards taken literally. */
function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Stored details are canonical JSON objects; anything else (a tampered row) is shown as its text. */
function parseDetails(text: string): AuditEntryView['details'] {
  try {
    const value = JSON.parse(text) as JsonValue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch { /* not JSON */ }
  return { unparsed: text };
}

async function page(db: Queryable, conditions: (SQL | undefined)[], filter: AuditFilter): Promise<AuditPage> {
  const limit = Math.min(Math.max(filter.limit ?? AUDIT_PAGE_DEFAULT, 1), AUDIT_PAGE_MAX);
  if (filter.before !== undefined) conditions.push(lt(auditLog.seq, filter.before));
  const rows = await db.select({ seq: auditLog.seq, at: auditLog.at, actor: auditLog.actor, action: auditLog.action, subject: auditLog.subject, details: auditLog.details })
    .from(auditLog).where(and(...conditions)).orderBy(desc(auditLog.seq)).limit(limit + 1);
  const entries = rows.slice(0, limit).map((row) => ({ ...row, details: parseDetails(row.details) }));
  return { entries, next: rows.length > limit ? entries.at(-1)!.seq : null };
}

/** The whole trail, filtered, newest first. Admins only. */
export async function listAuditEntries({ ctx, input }: { ctx: DomainContext; input: { staff: StaffIdentity; filter: AuditFilter } }): Promise<AuditPage> {
  requireRole(input.staff, 'admin');
  const { action, actor, subject, from, to } = input.filter;
  for (const [name, day] of [['from', from], ['to', to]] as const) {
    if (day !== undefined && !isDay(day)) throw new DomainError('invalid_input', `${name}: a day, YYYY-MM-DD`);
  }
  if (from !== undefined && to !== undefined && from > to) return { entries: [], next: null };
  const end = to === undefined ? undefined : addDays(to, 1);
  // The days bound the query by seq (audit-days.ts), in SQL: a page holds the newest matching
  // entries of the range, however many match outside it, and `next` is set only while the range
  // has more. (`at` has no index: filtering on it alone would walk the trail on both sides of the
  // range.) The `at` conditions cost little within those bounds and keep out an entry of another
  // day should the clock once have stepped back; both forms of `at` compare right with a bare day.
  const bounds = await daySeqBounds(ctx.db.read, { from, to });
  return page(ctx.db.read, [
    action === undefined ? undefined : action.endsWith('*') ? sql`${auditLog.action} LIKE ${prefixPattern(action.slice(0, -1))} ESCAPE '\\'` : eq(auditLog.action, action),
    actor === undefined ? undefined : eq(auditLog.actor, actor),
    subject === undefined ? undefined : eq(auditLog.subject, subject),
    bounds.fromSeq === null ? undefined : gte(auditLog.seq, bounds.fromSeq),
    bounds.beforeSeq === null ? undefined : lt(auditLog.seq, bounds.beforeSeq),
    from === undefined ? undefined : gte(auditLog.at, from),
    end === undefined ? undefined : lt(auditLog.at, end),
  ], input.filter);
}

/** Every entry about one tip, newest first: for editors (and admins) who are members of its desk. */
export async function tipHistory({ ctx, input }: { ctx: DomainContext; input: { staff: StaffIdentity; tipId: string; before?: number | undefined; limit?: number | undefined } }): Promise<AuditPage> {
  await requireTipAccess(ctx.db.read, input.staff, input.tipId, 'triage');
  return page(ctx.db.read, [eq(auditLog.subject, input.tipId)], input);
}

/** Runs the verifier for the admin page. The trusted keys come with the request, from outside the database. */
export async function verifyAuditTrail({ ctx, input }: { ctx: DomainContext; input: { staff: StaffIdentity; trustedPublicKeys: readonly Uint8Array[] } }): Promise<AuditVerification> {
  requireRole(input.staff, 'admin');
  return verifyAuditChain(ctx.db.read, { trustedPublicKeys: input.trustedPublicKeys });
}

export interface StoredAuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  /** The stored canonical JSON text, exactly as hashed. */
  details: string;
  prevHash: Uint8Array;
  hash: Uint8Array;
}

/** Every entry as stored, oldest first, in keyset pages (for the export). */
export async function* auditEntryPages(db: Queryable, pageSize = 5000): AsyncGenerator<StoredAuditEntry[]> {
  let after = 0;
  for (;;) {
    const rows = await db.select().from(auditLog).where(gt(auditLog.seq, after)).orderBy(asc(auditLog.seq)).limit(pageSize);
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.seq;
  }
}
