// The inbox queue: a page of the tips the viewer may read, filtered and sorted, newest first by
// default. Pages are keyset-paginated (queue-cursor.ts): the page's keys are found in the shape
// that stays fast at 100,000 tips (queue-plan.ts), then its summaries come in one query
// (summary.ts).
//
// A page carries each tip's message ciphertext, which the viewer's browser opens: listing is a
// view that decrypts, so it is audited (`tips.listed`, listing-audit.ts).
//
// Round trips per page (each costs a statement preparation in the libSQL client): the viewer's
// desks and the label's desk and size in one query, the range count only when a label is on
// few tips, the page keys (one per desk for "all my desks"), the summaries, and the audit entry
// when the page hands the session tips it was not handed lately.
import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { deskMembers, labels, tips, type TipStatus } from '../../db/schema.ts';
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { isId } from '../ids.ts';
import type { StaffIdentity } from '../staff/identity.ts';
import { requireDeskAccess } from '../staff/tip-access.ts';
import { auditListing } from './listing-audit.ts';
import { QUEUE_MESSAGE_MAX_PADDED } from './messages.ts';
import { afterCursor, compareKeys, decodeCursor, encodeCursor, orderBy, type QueueSort, type SortKey } from './queue-cursor.ts';
import { chooseShape, labelledCount, queueWhere, type QueueFilters, type Shape } from './queue-plan.ts';
import { summarize, type TipSummary } from './summary.ts';

export const QUEUE_DEFAULT_LIMIT = 50;
export const QUEUE_MAX_LIMIT = 100;

export interface ListQueueInput {
  viewer: StaffIdentity;
  /** The viewer's session (its id hash as text): re-listings within a session are audited once a window (listing-audit.ts). */
  sessionKey?: string | undefined;
  /** A desk id, or 'all' (every desk the viewer is a member of). */
  desk: string;
  status?: TipStatus;
  priority?: number;
  labelId?: string;
  /** A staff id, 'me', or 'none' (unassigned). */
  assignee?: string;
  hasFiles?: boolean;
  unsupported?: boolean;
  unread?: boolean;
  sort?: QueueSort;
  cursor?: string;
  limit?: number;
}

export interface QueuePage {
  tips: TipSummary[];
  nextCursor: string | null;
}

export interface PageQueryInput {
  viewer: StaffIdentity;
  deskIds: readonly string[];
  filters: QueueFilters;
  shape: Shape;
  sort: QueueSort;
  limit: number;
  after?: SQL | undefined;
}

/**
 * The SELECT of one page's sort keys (not yet run; exported so tests and the bench can EXPLAIN
 * it). Only the keys: the summaries of the page are fetched afterwards, for 50 tips, not for
 * every row a sort might have to hold. Priority is read only when sorting by it, so that the
 * index walked (desk, status, day, id) covers the query and no tip row is read for a key.
 */
export function pageQuery(db: Queryable, q: PageQueryInput) {
  const priority = q.sort === 'priority' ? tips.priority : sql<number>`0`;
  return db.select({ id: tips.id, receivedDay: tips.receivedDay, priority }).from(tips)
    .where(queueWhere(q.viewer, q.deskIds, q.filters, q.shape, q.after)).orderBy(...orderBy(q.sort)).limit(q.limit);
}

interface ViewerScope {
  /** The desks the viewer is a member of. */
  deskIds: string[];
  /** The label's desk (null: no such label), and how many tips carry it (capped: labelledCount). */
  label?: { deskId: string | null; labelled: number };
}

/** The viewer's desks and, when filtering by a label, its desk and size: one query. */
async function viewerScope(db: Queryable, viewerId: string, labelId: string | undefined): Promise<ViewerScope> {
  const members = sql`(SELECT json_group_array(${deskMembers.deskId}) FROM ${deskMembers} WHERE ${deskMembers.staffId} = ${viewerId})`;
  if (labelId === undefined) {
    const [row] = await db.all<{ desks: string }>(sql`SELECT ${members} AS desks`);
    return { deskIds: JSON.parse(row!.desks) as string[] };
  }
  const [row] = await db.all<{ desks: string; labelDesk: string | null; labelled: number }>(sql`
    SELECT ${members} AS desks, (SELECT ${labels.deskId} FROM ${labels} WHERE ${labels.id} = ${labelId}) AS labelDesk,
      ${labelledCount(labelId)} AS labelled`);
  return { deskIds: JSON.parse(row!.desks) as string[], label: { deskId: row!.labelDesk, labelled: Number(row!.labelled) } };
}

export async function listQueue({ ctx, input }: { ctx: DomainContext; input: ListQueueInput }): Promise<QueuePage> {
  const db = ctx.db.read;
  const { viewer } = input;
  const sort = input.sort ?? 'newest';
  const limit = input.limit ?? QUEUE_DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > QUEUE_MAX_LIMIT) throw new DomainError('invalid_input', `limit is 1-${QUEUE_MAX_LIMIT}`);
  const after = input.cursor ? afterCursor(sort, decodeCursor(sort, input.cursor)) : undefined;

  const scope = await viewerScope(db, viewer.id, input.labelId && isId(input.labelId) ? input.labelId : undefined);
  let deskIds = scope.deskIds;
  if (input.desk !== 'all') {
    // Unknown desk 404, a desk the viewer is not in 403: the same answers as everywhere else.
    if (!deskIds.includes(input.desk)) await requireDeskAccess(db, viewer, input.desk, 'read');
    deskIds = [input.desk];
  }
  const filters: QueueFilters = {
    status: input.status, priority: input.priority, hasFiles: input.hasFiles, unsupported: input.unsupported, unread: input.unread,
    assigneeId: input.assignee === undefined ? undefined : input.assignee === 'none' ? null : input.assignee === 'me' ? viewer.id : input.assignee,
  };
  if (filters.assigneeId && !isId(filters.assigneeId)) throw new DomainError('invalid_input', 'assignee is a staff id, me or none');
  let labelled: number | undefined;
  if (input.labelId) {
    // A label belongs to one desk: only that desk can have tips with it.
    const labelDesk = scope.label?.deskId;
    if (!labelDesk || !deskIds.includes(labelDesk)) throw new DomainError('unknown_label', 'no such label among your desks');
    deskIds = [labelDesk];
    filters.labelId = input.labelId;
    labelled = scope.label!.labelled;
  }
  if (deskIds.length === 0) return { tips: [], nextCursor: null };

  const shape = await chooseShape(db, viewer, deskIds, filters, limit, labelled);
  const fetchRows = (ids: readonly string[]) => pageQuery(db, { viewer, deskIds: ids, filters, shape, sort, limit: limit + 1, after });
  let rows: SortKey[];
  if (shape === 'scan' && deskIds.length > 1) {
    const perDesk: SortKey[] = [];
    for (const deskId of deskIds) perDesk.push(...await fetchRows([deskId]));
    rows = perDesk.sort((a, b) => compareKeys(sort, a, b)).slice(0, limit + 1);
  } else {
    rows = await fetchRows(deskIds);
  }

  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const summaries = await summarize(db, viewer.id, page.map((r) => r.id), QUEUE_MESSAGE_MAX_PADDED);
  const shown = summaries.filter((s) => s.message).map((s) => s.id);
  if (shown.length > 0) await auditListing(ctx.db, ctx.clock, { viewer, sessionKey: input.sessionKey, subject: input.desk, shown });
  return { tips: summaries, nextCursor: rows.length > limit && last ? encodeCursor(sort, last) : null };
}
