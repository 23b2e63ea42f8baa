// How a queue page is fetched fast from 100,000 tips. Three shapes:
//
// - "scan": walk tips_desk_status_idx (desk, status, day, id) or tips_desk_idx (desk, day, id)
//   (sort=priority: tips_desk_status_priority_idx and tips_desk_priority_idx, the priority
//   before the day) in the page's order, one desk at a time, stopping after limit + 1 matches;
//   other filters (label, priority, assignee, flags, unread) are checked per row. Cheap whenever matches are
//   not rare, which is the inbox's everyday case. Several desks ("all my desks") are merged in
//   memory: an IN list over desks would make SQLite sort every matching row instead.
// - "set": when the matching tips are few by construction (a reporter's own tips, a label on
//   few tips compared to the desk: chooseShape), start from that small set and sort it. Desk
//   and status are then written `+column` so SQLite cannot pick the big desk index to drive
//   the query and walk a whole desk looking for them.
// - "assignee": "assigned to X" walks tips_assignee_idx (assignee, day, id), already in the
//   page's order and across all desks at once; desks are checked per row.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { tipLabels, tipReads, tips, type TipStatus } from '../../db/schema.ts';
import { canTriage, reporterTipsWhere } from '../staff/tip-access.ts';
import type { StaffIdentity } from '../staff/identity.ts';

export interface QueueFilters {
  status?: TipStatus | undefined;
  priority?: number | undefined;
  labelId?: string | undefined;
  /** A staff id, or null for "nobody". */
  assigneeId?: string | null | undefined;
  hasFiles?: boolean | undefined;
  unsupported?: boolean | undefined;
  unread?: boolean | undefined;
}

export type Shape = 'scan' | 'set' | 'assignee';

/**
 * Labels on more tips than this are always walked through the desk index (never read as a set).
 * Measured on the 100,000-tip bench: a set costs ~8 µs per labelled tip (its row, then a sort),
 * a scan ~3 µs per index entry walked, about 51 × desk / labelled entries for a page; at 1,500
 * tips a set (≥ 12 ms) costs more than the scan of any desk up to ~120,000 tips. A lower cap keeps
 * the count itself cheap: it runs for every page filtered by a label (4,000 entries cost 0.4 ms).
 */
export const LABEL_SET_CAP = 1500;

/** count(*) of `query`'s rows, stopping at `cap`: the cost is bounded whatever the data. */
export function cappedCount(query: SQL, cap: number): SQL {
  return sql`(SELECT count(*) FROM (${query} LIMIT ${cap}))`;
}

/** How many tips carry the label, counted up to LABEL_SET_CAP (a SQL scalar). */
export function labelledCount(labelId: string): SQL {
  return cappedCount(sql`SELECT 1 FROM ${tipLabels} WHERE ${tipLabels.labelId} = ${labelId}`, LABEL_SET_CAP);
}

/**
 * Scan or set. For a label on one desk (`labelled`: labelledCount, fetched with the label),
 * walking the desk's (status) range finds a page after about (limit + 1) x range / labelled
 * rows, while reading the label's tips costs `labelled` rows: the set wins when
 * range > labelled² / (limit + 1). The range is counted only up to that threshold.
 */
export async function chooseShape(db: Queryable, viewer: StaffIdentity, deskIds: readonly string[], filters: QueueFilters, limit: number, labelled?: number): Promise<Shape> {
  if (!canTriage(viewer)) return 'set';
  if (filters.labelId && deskIds.length === 1 && labelled !== undefined && labelled < LABEL_SET_CAP) {
    const threshold = Math.ceil((labelled * labelled) / (limit + 1));
    const range = filters.status
      ? sql`SELECT 1 FROM ${tips} WHERE ${tips.deskId} = ${deskIds[0]!} AND ${tips.status} = ${filters.status}`
      : sql`SELECT 1 FROM ${tips} WHERE ${tips.deskId} = ${deskIds[0]!}`;
    const [row] = await db.all<{ n: number }>(sql`SELECT ${cappedCount(range, threshold + 1)} AS n`);
    if (Number(row?.n ?? 0) > threshold) return 'set';
  }
  if (typeof filters.assigneeId === 'string') return 'assignee';
  return 'scan';
}

/** The WHERE clause of one queue query over `deskIds` (one desk for "scan"). */
export function queueWhere(viewer: StaffIdentity, deskIds: readonly string[], filters: QueueFilters, shape: Shape, after?: SQL): SQL {
  const parts: SQL[] = [];
  // Trust boundary: the desks are the viewer's memberships (the caller's), and a reporter is
  // limited to their own tips. Nothing a client sends can widen either.
  if (shape === 'scan') {
    parts.push(deskIds.length === 1 ? eq(tips.deskId, deskIds[0]!) : sql`${tips.deskId} IN ${[...deskIds]}`);
    if (filters.status) parts.push(eq(tips.status, filters.status));
  } else {
    parts.push(sql`+${tips.deskId} IN ${[...deskIds]}`);
    if (filters.status) parts.push(sql`+${tips.status} = ${filters.status}`);
  }
  if (!canTriage(viewer)) parts.push(reporterTipsWhere(viewer.id));
  if (filters.labelId) {
    parts.push(shape === 'set' && canTriage(viewer)
      ? sql`${tips.id} IN (SELECT ${tipLabels.tipId} FROM ${tipLabels} WHERE ${tipLabels.labelId} = ${filters.labelId})`
      : sql`EXISTS (SELECT 1 FROM ${tipLabels} WHERE ${tipLabels.tipId} = ${tips.id} AND ${tipLabels.labelId} = ${filters.labelId})`);
  }
  if (filters.priority !== undefined) parts.push(sql`+${tips.priority} = ${filters.priority}`);
  if (filters.assigneeId === null) parts.push(sql`+${tips.assigneeId} IS NULL`);
  else if (shape === 'assignee') parts.push(eq(tips.assigneeId, filters.assigneeId!));
  else if (filters.assigneeId !== undefined) parts.push(sql`+${tips.assigneeId} = ${filters.assigneeId}`);
  if (filters.hasFiles !== undefined) parts.push(eq(tips.hasFiles, filters.hasFiles));
  if (filters.unsupported !== undefined) parts.push(eq(tips.unsupportedMetadata, filters.unsupported));
  if (filters.unread) {
    parts.push(sql`NOT EXISTS (SELECT 1 FROM ${tipReads} WHERE ${tipReads.staffId} = ${viewer.id} AND ${tipReads.tipId} = ${tips.id})`);
  }
  if (after) parts.push(after);
  return and(...parts)!;
}
