// Lists for the newsroom pages: staff (for assigning and adding members) and desks with their
// members and who still waits for a key grant.
import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { deskKeyGrants, deskMembers, desks, staff } from '../../db/schema.ts';

export async function listStaff(db: Queryable) {
  return db.select({ id: staff.id, username: staff.username, displayName: staff.displayName, role: staff.role, active: staff.active, publicKey: staff.publicKey })
    .from(staff).orderBy(asc(staff.username));
}

export interface DeskOverview {
  id: string;
  slug: string;
  name: string;
  description: string;
  keyVersion: number;
  members: { staffId: string; hasCurrentKey: boolean }[];
}

export async function listDeskOverviews(db: Queryable): Promise<DeskOverview[]> {
  const [deskRows, memberRows, grantRows] = await Promise.all([
    db.select({ id: desks.id, slug: desks.slug, name: desks.name, description: desks.description, keyVersion: desks.currentKeyVersion }).from(desks).orderBy(asc(desks.slug)),
    db.select({ deskId: deskMembers.deskId, staffId: deskMembers.staffId }).from(deskMembers).innerJoin(staff, eq(staff.id, deskMembers.staffId)),
    db.select({ deskId: deskKeyGrants.deskId, staffId: deskKeyGrants.staffId, version: deskKeyGrants.version }).from(deskKeyGrants),
  ]);
  return deskRows.map((d) => ({
    ...d,
    members: memberRows.filter((m) => m.deskId === d.id).map((m) => ({
      staffId: m.staffId,
      hasCurrentKey: grantRows.some((g) => g.deskId === d.id && g.staffId === m.staffId && g.version === d.keyVersion),
    })),
  }));
}
