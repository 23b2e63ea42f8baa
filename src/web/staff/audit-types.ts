// What the audit pages show, as src/http/staff-page-audit.ts hands it over. Entries carry no
// content and nothing about a source (src/domain/audit.ts): actor `source` never says which one.

/** The actors that are no staff member (src/domain/audit.ts): the filter's choices, the names the rows give them. */
export const AUDIT_ACTOR_KINDS = ['system', 'source', 'admin-cli'] as const;

export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

export const isAuditActorKind = (actor: string): actor is AuditActorKind => (AUDIT_ACTOR_KINDS as readonly string[]).includes(actor);

/** The admin page's filters, as the GET form and its links carry them (all optional). */
export interface AuditFilters {
  /** `staff:<id>`, or one of AUDIT_ACTOR_KINDS. */
  actor?: string;
  /** Exact, or a prefix ending in `*` (`tip.*`). */
  action?: string;
  /** A tip, desk, draft or staff id (whatever the entry is about). */
  subject?: string;
  /** YYYY-MM-DD, inclusive (UTC days, as the trail's times). */
  from?: string;
  to?: string;
}

export interface AuditDetail {
  name: string;
  /** The value as text; ids of people, desks and labels the page knows come with their names. */
  value: string;
}

export interface AuditRow {
  seq: number;
  /** An ISO time, or a bare day for source events. */
  at: string;
  actor: string;
  /** A staff member's name, or the actor kind in words. */
  actorName: string;
  action: string;
  subject: string;
  /** The subject's name when it is a person or a desk the page knows; null otherwise. */
  subjectName: string | null;
  details: AuditDetail[];
}

export interface AuditPageView {
  filters: AuditFilters;
  /** Paging: the `before` this page was asked for, and the one for the next (older) page. */
  before: number | null;
  next: number | null;
  rows: AuditRow[];
  /** Filter choices: every staff member, by name. */
  actors: { value: string; name: string }[];
}

export interface TipHistoryView {
  tipId: string;
  rows: AuditRow[];
  before: number | null;
  next: number | null;
}

/** The filters as query parameters (for links that keep them). */
export function auditQuery(f: AuditFilters): Record<string, string | undefined> {
  return { actor: f.actor, action: f.action, subject: f.subject, from: f.from, to: f.to };
}

/** Actions whose subject is a tip, which the pages name in words (the rest show their code only). */
export const TIP_ACTIONS = [
  'tip.received', 'tip.file_received', 'tip.viewed', 'tip.file_opened', 'tip.status_set', 'tip.priority_set', 'tip.assigned',
  'tip.label_added', 'tip.label_removed', 'tip.note_added', 'reply.sent', 'tip.moved', 'tip.purge_postponed', 'tip.upload_purged', 'tip.purged',
  'tip.draft_linked', 'tip.draft_unlinked',
] as const;

export type TipAction = (typeof TIP_ACTIONS)[number];

export const isTipAction = (action: string): action is TipAction => (TIP_ACTIONS as readonly string[]).includes(action);

/** Suggestions for the action field (any action, or prefix ending in `*`, works). */
export const ACTION_SUGGESTIONS = ['tip.*', 'tips.*', 'reply.*', 'draft.*', 'label.*', 'desk.*', 'staff.*', 'routing.*', ...TIP_ACTIONS];
