// The viewer's desks with their sealed desk-key grants, for pages that decrypt (the same data as
// GET /api/v1/staff/me, inlined to save the bundle a round trip before it can open anything).
import { toBase64 } from '../crypto/index.ts';
import type { DomainContext } from '../domain/context.ts';
import { myDesks } from '../domain/staff/desk-members.ts';
import type { DeskKeyGrants } from '../web/staff/DeskKeys.tsx';

export async function deskKeyGrants(ctx: DomainContext, staffId: string): Promise<DeskKeyGrants[]> {
  return (await myDesks(ctx.db.read, staffId)).map((d) => ({
    id: d.id, slug: d.slug, name: d.name, keyVersion: d.keyVersion, publicKey: toBase64(d.publicKey),
    grants: d.grants.map((g) => ({ version: g.version, sealedSecret: toBase64(g.sealedSecret) })),
  }));
}
