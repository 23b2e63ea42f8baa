// Who is on which desk, for the pages: the assignee choices (members of the desks shown), names
// for ids, and the members of a desk who still wait for its key (with the public key the
// granting browser seals to).
import { toBase64 } from '../crypto/index.ts';
import type { DomainContext } from '../domain/context.ts';
import { listDeskOverviews, listStaff } from '../domain/staff/directory.ts';

export interface DeskPeople {
  names: Map<string, string>;
  /** Active members of any of `deskIds`, by name. */
  members(deskIds: readonly string[]): { id: string; displayName: string }[];
  /** Members of the desk without a grant of its current key. */
  waiting(deskId: string): { staffId: string; displayName: string; publicKey: string }[];
  keyVersion(deskId: string): number;
}

export async function deskPeople(ctx: DomainContext): Promise<DeskPeople> {
  const [staff, desks] = await Promise.all([listStaff(ctx.db.read), listDeskOverviews(ctx.db.read)]);
  const byId = new Map(staff.map((s) => [s.id, s]));
  return {
    names: new Map(staff.map((s) => [s.id, s.displayName])),
    members: (deskIds) => {
      const ids = new Set(desks.filter((d) => deskIds.includes(d.id)).flatMap((d) => d.members.map((m) => m.staffId)));
      return staff.filter((s) => s.active && ids.has(s.id)).map((s) => ({ id: s.id, displayName: s.displayName }))
        .sort((a, b) => a.displayName.localeCompare(b.displayName));
    },
    waiting: (deskId) => (desks.find((d) => d.id === deskId)?.members ?? []).filter((m) => !m.hasCurrentKey)
      .map((m) => byId.get(m.staffId)).filter((s) => s !== undefined && s.active)
      .map((s) => ({ staffId: s!.id, displayName: s!.displayName, publicKey: toBase64(s!.publicKey) })),
    keyVersion: (deskId) => desks.find((d) => d.id === deskId)?.keyVersion ?? 1,
  };
}
