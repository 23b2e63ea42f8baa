// Staff display names by id, for pages that show who assigned, wrote or linked something.
import type { Queryable } from '../db/database.ts';
import { listStaff } from '../domain/staff/directory.ts';

export async function staffNames(db: Queryable): Promise<Map<string, string>> {
  return new Map((await listStaff(db)).map((s) => [s.id, s.displayName]));
}
