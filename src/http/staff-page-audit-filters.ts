// The audit page's query string, read leniently like the inbox's (staff-page-filters.ts): the
// filter form is a plain GET form and its links are shared, so a value that makes no sense is
// dropped (the view is less filtered) instead of failing the page. The verbs check the rest.
import { isDay } from '../domain/retention-policy.ts';
import { isAuditActorKind, type AuditFilters } from '../web/staff/audit-types.ts';

/** Entries per page on the audit pages (the API allows up to AUDIT_PAGE_MAX). */
export const AUDIT_PAGE_SIZE = 50;

const STAFF_ACTOR = /^staff:[0-9a-f]{32}$/;
/** Text the trail's fields hold: no control characters, at most 200 characters (as the API). */
const TEXT = /^[^\p{Cc}]{1,200}$/u;

/** A real calendar day as YYYY-MM-DD (what <input type="date"> sends), else undefined. */
export function parseDay(value: string | undefined): string | undefined {
  return value && isDay(value) ? value : undefined;
}

export function parseSeq(value: string | undefined): number | undefined {
  return value && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed && TEXT.test(trimmed) ? trimmed : undefined;
}

export function parseAuditFilters(query: (name: string) => string | undefined): AuditFilters {
  const filters: AuditFilters = {};
  const actor = query('actor');
  if (actor && (STAFF_ACTOR.test(actor) || isAuditActorKind(actor))) filters.actor = actor;
  const action = text(query('action'));
  if (action) filters.action = action;
  const subject = text(query('subject'));
  if (subject) filters.subject = subject;
  const from = parseDay(query('from'));
  if (from) filters.from = from;
  const to = parseDay(query('to'));
  if (to) filters.to = to;
  return filters;
}
