// Keyset pagination for the queue: a cursor is the sort key of the last tip of a page, and the
// next page starts strictly after it. No OFFSET (which reads and throws away every row before
// the page), and no duplicates or gaps when tips arrive or change between pages.
//
// The cursor is opaque to clients: "<sort>.<priority>.<day>.<id>" (priority only when sorting
// by it). It is checked strictly: it ends up in SQL as bound values, never as text.
import { sql, type SQL } from 'drizzle-orm';
import { tips } from '../../db/schema.ts';
import { DomainError } from '../errors.ts';

export const QUEUE_SORTS = ['newest', 'oldest', 'priority'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export interface SortKey {
  priority: number;
  receivedDay: string;
  id: string;
}

const TAG: Record<QueueSort, string> = { newest: 'n', oldest: 'o', priority: 'p' };
const PATTERN = /^([nop])\.([0-3]?)\.(\d{4}-\d\d-\d\d)\.([0-9a-f]{32})$/;

export function encodeCursor(sort: QueueSort, key: SortKey): string {
  return `${TAG[sort]}.${sort === 'priority' ? key.priority : ''}.${key.receivedDay}.${key.id}`;
}

export function decodeCursor(sort: QueueSort, cursor: string): SortKey {
  const match = PATTERN.exec(cursor);
  if (!match || match[1] !== TAG[sort] || (sort === 'priority') !== (match[2] !== '')) {
    throw new DomainError('invalid_input', 'cursor: not a cursor of this sort order (start again without one)');
  }
  return { priority: match[2] ? Number(match[2]) : 0, receivedDay: match[3]!, id: match[4]! };
}

/**
 * "After the cursor" as a row-value comparison, which SQLite turns into an index range on
 * (…, received_day, id), the tail of tips_desk_idx and tips_desk_status_idx.
 */
export function afterCursor(sort: QueueSort, key: SortKey): SQL {
  switch (sort) {
    case 'newest': return sql`(${tips.receivedDay}, ${tips.id}) < (${key.receivedDay}, ${key.id})`;
    case 'oldest': return sql`(${tips.receivedDay}, ${tips.id}) > (${key.receivedDay}, ${key.id})`;
    case 'priority': return sql`(${tips.priority}, ${tips.receivedDay}, ${tips.id}) < (${key.priority}, ${key.receivedDay}, ${key.id})`;
  }
}

export function orderBy(sort: QueueSort): SQL[] {
  switch (sort) {
    case 'newest': return [sql`${tips.receivedDay} DESC`, sql`${tips.id} DESC`];
    case 'oldest': return [sql`${tips.receivedDay} ASC`, sql`${tips.id} ASC`];
    case 'priority': return [sql`${tips.priority} DESC`, sql`${tips.receivedDay} DESC`, sql`${tips.id} DESC`];
  }
}

/** The same order in memory, for merging pages of several desks. Negative: `a` comes first. */
export function compareKeys(sort: QueueSort, a: SortKey, b: SortKey): number {
  const byDayThenId = (a.receivedDay < b.receivedDay ? -1 : a.receivedDay > b.receivedDay ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  if (sort === 'oldest') return byDayThenId;
  if (sort === 'priority' && a.priority !== b.priority) return b.priority - a.priority;
  return -byDayThenId;
}
