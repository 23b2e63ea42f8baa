// When a tip is forgotten (issue 6): `retentionDays` (per desk, default 90) after the day it was
// closed (status declined, published or archived), unless an editor postponed the purge to a
// later day (keepUntilDay). Days are UTC "YYYY-MM-DD" (ISO 8601 calendar dates), as every day
// in the schema, so string order is date order.
import type { TipStatus } from '../db/schema.ts';

export const CLOSED_STATUSES: readonly TipStatus[] = ['declined', 'published', 'archived'];
export const DEFAULT_RETENTION_DAYS = 90;
export const MIN_RETENTION_DAYS = 1;
/** A hundred years: "keep" in practice, while the purge still has a day to count to. */
export const MAX_RETENTION_DAYS = 36_500;

export function isClosedStatus(status: string): boolean {
  return (CLOSED_STATUSES as readonly string[]).includes(status);
}

/**
 * The closedDay a tip gets when its status becomes `status` on `day`. For the status verb:
 * `current` is the tip's closedDay before the change, so a tip moved from one closed status to
 * another (declined → archived) keeps the day it was first closed, and reopening it clears it.
 */
export function closedDayFor(status: TipStatus, day: string, current: string | null = null): string | null {
  if (!isClosedStatus(status)) return null;
  return current ?? day;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written "YYYY-MM-DD" (2026-02-30 is not one). */
export function isDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The first day the purge may delete a tip, or null while it is open. The purge deletes it on
 * that day or the first run after: `closedDay + retentionDays`, or the day after keepUntilDay
 * if that is later (the tip is kept through keepUntilDay itself).
 */
export function purgeDay(tip: { status: string; closedDay: string | null; keepUntilDay: string | null }, retentionDays: number): string | null {
  if (!tip.closedDay || !isClosedStatus(tip.status)) return null;
  const due = addDays(tip.closedDay, retentionDays);
  const afterKeep = tip.keepUntilDay ? addDays(tip.keepUntilDay, 1) : null;
  return afterKeep && afterKeep > due ? afterKeep : due;
}
