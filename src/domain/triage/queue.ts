// The inbox queue: a page of the tips the viewer may read, filtered and sorted, newest first by
// default. Pages are keyset-paginated (queue-cursor.ts): the page's keys are found in the shape
// that stays fast at 100,000 tips (queue-plan.ts), then its summaries come in one query
// (summary.ts).
//
// A page carries each tip's message ciphertext, which the viewer's browser opens: listing is a
// view that decrypts, so it is audited (`tips.listed`, naming the tips whose message was sent).
import { eq, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { labels, tips, type TipStatus } from '../../db/schema.ts';
import { appendAudit } from '../audit.ts';
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { isId } from '../ids.ts';
import { memberDeskIds } from '../staff/desk-members.ts';
import { staffActor, type StaffIdentity } from '../staff/identity.ts';
import { requireDeskAccess } from '../staff/tip-access.ts';
import { QUEUE_MESSAGE_MAX_PADDED } from './messages.ts';
import { afterCursor, compareKeys, decodeCursor, encodeCursor, orderBy, type QueueSort, type SortKey } from './queue-cursor.ts';
import { chooseShape, labelledCount, queueWhere, type QueueFilters, type Shape } from './queue-plan.ts';
import { summarize, type TipSummary } from './summary.ts';

export const QUEUE_DEFAULT_LIMIT = 50;
export const QUEUE_MAX_LIMIT = 100;

export interface ListQueueInput {
  viewer: StaffIdentity;
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
 * every row a sort might have to hold.
 */
export function pageQuery(db: Queryable, q: PageQueryInput) {
  return db.select({ id: tips.id, receivedDay: tips.receivedDay, priority: tips.priority }).from(tips)
    .where(queueWhere(q.viewer, q.deskIds, q.filters, q.shape, q.after)).orderBy(...orderBy(q.sort)).limit(q.limit);
}

export async function listQueue({ ctx, input }: { ctx: DomainContext; input: ListQueueInput }): Promise<QueuePage> {
  const db = ctx.db.read;
  const { viewer } = input;
  const sort = input.sort ?? 'newest';
  const limit = input.limit ?? QUEUE_DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > QUEUE_MAX_LIMIT) throw new DomainError('invalid_input', `limit is 1-${QUEUE_MAX_LIMIT}`);
  const after = input.cursor ? afterCursor(sort, decodeCursor(sort, input.cursor)) : undefined;

  let deskIds = await memberDeskIds(db, viewer.id);
  if (input.desk !== 'all') {
    // Unknown desk 404, a desk the viewer is not in 403: the same answers as everywhere else.
    await requireDeskAccess(db, viewer, input.desk, 'read');
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
    const [label] = isId(input.labelId)
      ? await db.select({ deskId: labels.deskId, labelled: labelledCount(input.labelId).mapWith(Number) }).from(labels).where(eq(labels.id, input.labelId)).limit(1)
      : [];
    if (!label || !deskIds.includes(label.deskId)) throw new DomainError('unknown_label', 'no such label among your desks');
    deskIds = [label.deskId];
    filters.labelId = input.labelId;
    labelled = label.labelled;
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
  if (shown.length > 0) {
    await ctx.db.write((tx) => appendAudit(tx, ctx.clock, {
      actor: staffActor(viewer), action: 'tips.listed', subject: input.desk, details: { tips: shown },
    }));
  }
  return { tips: summaries, nextCursor: rows.length > limit && last ? encodeCursor(sort, last) : null };
}
