// Display names by id, for pages that show who assigned, wrote or linked something, and for the
// audit pages, which also name the desks (and labels) their entries are about.
import type { Queryable } from '../db/database.ts';
import { listStaff } from '../domain/staff/directory.ts';

export async function staffNames(db: Queryable): Promise<Map<string, string>> {
  return new Map((await listStaff(db)).map((s) => [s.id, s.displayName]));
}

/** One map from id to name: staff members, desks and (where the page knows them) labels. Ids are random, so they never collide. */
export function knownNames(
  staff: readonly { id: string; displayName: string }[], desks: readonly { id: string; name: string }[], labels: readonly { id: string; name: string }[] = [],
): Map<string, string> {
  return new Map([...staff.map((s): [string, string] => [s.id, s.displayName]), ...desks.map((d): [string, string] => [d.id, d.name]), ...labels.map((l): [string, string] => [l.id, l.name])]);
}
