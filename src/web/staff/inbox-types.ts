// What the inbox pages show, as the handler (src/http/staff-page-inbox.ts) hands it over.
import type { TipStatus } from '../../domain/staff/roles.ts';

export const SORTS = ['newest', 'oldest', 'priority'] as const;
export type InboxSort = (typeof SORTS)[number];

/** The queue's filters, as the GET form and the links carry them (all optional). */
export interface InboxFilters {
  status?: TipStatus;
  priority?: number;
  label?: string;
  /** A staff id, `me` or `none`. */
  assignee?: string;
  hasFiles?: boolean;
  unsupported?: boolean;
  unread?: boolean;
  sort?: InboxSort;
}

export interface InboxRow {
  id: string;
  deskId: string;
  deskSlug: string;
  receivedDay: string;
  status: TipStatus;
  priority: number;
  assigneeName: string | null;
  labels: { id: string; name: string }[];
  hasFiles: boolean;
  unsupportedMetadata: boolean;
  urgent: boolean;
  unread: boolean;
  keyVersion: number;
  /** base64: the tip key sealed to the desk key, and the serialized message part (or null when large). */
  sealedKey: string;
  message: string | null;
}

export interface InboxView {
  kind: 'all' | 'desk' | 'assigned';
  /** The page's own path (links and the filter form point here). */
  path: string;
  desk: { id: string; slug: string; name: string } | null;
  desks: { id: string; slug: string; name: string }[];
  filters: InboxFilters;
  labels: { id: string; name: string; deskName: string }[];
  /** For the assignee filter and the bulk "assign to". */
  members: { id: string; displayName: string }[];
  rows: InboxRow[];
  nextCursor: string | null;
  /** Whether this page came from a cursor (a "first page" link is offered). */
  paged: boolean;
  canTriage: boolean;
}

/** The filters as query parameters (for links that keep them). */
export function filterQuery(f: InboxFilters): Record<string, string | undefined> {
  return {
    status: f.status, priority: f.priority === undefined ? undefined : String(f.priority), label: f.label, assignee: f.assignee,
    hasFiles: f.hasFiles === undefined ? undefined : String(f.hasFiles), unsupported: f.unsupported ? 'true' : undefined,
    unread: f.unread ? 'true' : undefined, sort: f.sort && f.sort !== 'newest' ? f.sort : undefined,
  };
}
