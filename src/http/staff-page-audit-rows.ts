// Audit entries as the pages show them: actors and ids of people, desks and labels the page
// knows by name (the ids stay in the trail; the names are today's), details as short texts.
// Entries carry no content and nothing about a source, so neither do the rows.
import type { AuditEntryView } from '../domain/audit-browse.ts';
import type { JsonValue } from '../domain/audit-hash.ts';
import { isAuditActorKind, type AuditRow } from '../web/staff/audit-types.ts';
import { st, type StaffLocale } from '../web/staff/i18n/index.ts';

/** Names the page can put on ids: staff members, desks, labels. */
export type KnownNames = ReadonlyMap<string, string>;

export function actorName(locale: StaffLocale, actor: string, names: KnownNames): string {
  if (actor.startsWith('staff:')) return names.get(actor.slice('staff:'.length)) ?? actor;
  return isAuditActorKind(actor) ? st(locale, `audit.actor.${actor}`) : actor;
}

function valueText(locale: StaffLocale, value: JsonValue, names: KnownNames): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return st(locale, value ? 'yes' : 'no');
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return names.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => valueText(locale, v, names)).join(', ');
  return JSON.stringify(value);
}

export function auditRows(locale: StaffLocale, entries: readonly AuditEntryView[], names: KnownNames): AuditRow[] {
  return entries.map((e) => ({
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    actorName: actorName(locale, e.actor, names),
    action: e.action,
    subject: e.subject,
    subjectName: names.get(e.subject) ?? null,
    details: Object.entries(e.details).map(([name, value]) => ({ name, value: valueText(locale, value, names) })),
  }));
}
