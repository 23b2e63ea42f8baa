// The inbox's query string, read leniently: the filter form is a plain GET form and its links
// are shared, so a value that makes no sense is dropped (the view is simply less filtered)
// instead of failing the page. Ids are checked for shape; the verbs check the rest.
import { TIP_STATUSES, type TipStatus } from '../domain/staff/roles.ts';
import { SORTS, type InboxFilters, type InboxSort } from '../web/staff/inbox-types.ts';

const HEX_ID = /^[0-9a-f]{32}$/;

export function parseFilters(query: (name: string) => string | undefined): InboxFilters {
  const filters: InboxFilters = {};
  const status = query('status');
  if (status && (TIP_STATUSES as readonly string[]).includes(status)) filters.status = status as TipStatus;
  const priority = query('priority');
  if (priority && /^[0-3]$/.test(priority)) filters.priority = Number(priority);
  const label = query('label');
  if (label && HEX_ID.test(label)) filters.label = label;
  const assignee = query('assignee');
  if (assignee && (assignee === 'me' || assignee === 'none' || HEX_ID.test(assignee))) filters.assignee = assignee;
  const hasFiles = query('hasFiles');
  if (hasFiles === 'true' || hasFiles === 'false') filters.hasFiles = hasFiles === 'true';
  if (query('unsupported') === 'true') filters.unsupported = true;
  if (query('unread') === 'true') filters.unread = true;
  const sort = query('sort');
  if (sort && (SORTS as readonly string[]).includes(sort)) filters.sort = sort as InboxSort;
  return filters;
}

/** A cursor is opaque; only its size and alphabet are checked here (the verb decodes it). */
export function parseCursor(value: string | undefined): string | undefined {
  return value && value.length <= 200 && /^[A-Za-z0-9._-]+$/.test(value) ? value : undefined;
}
