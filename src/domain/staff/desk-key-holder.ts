// Granting a desk key from the command line, where the operator holds the desk secret key file
// (DESIGN.md §2: "in a current member's browser, or the CLI with the desk secret key"). The
// secret is sealed here, to the member's personal public key, and only the sealed copy is stored.
import { and, eq } from 'drizzle-orm';
import { sealToPublicKey, type KeyPair } from '../../crypto/index.ts';
import { deskKeys, deskMembers, desks, staff } from '../../db/schema.ts';
import { equalBytes } from '../bytes.ts';
import type { DomainContext } from '../context.ts';
import { appendAudit } from '../audit.ts';
import { DomainError } from '../errors.ts';
import { insertGrant } from './desk-members.ts';

export interface GrantWithSecretInput {
  deskSlug: string;
  username: string;
  keyVersion: number;
  keyPair: KeyPair;
}

export async function grantDeskKeyWithSecret({ ctx, input }: { ctx: DomainContext; input: GrantWithSecretInput }) {
  return ctx.db.write(async (tx) => {
    const [desk] = await tx.select({ id: desks.id, publicKey: deskKeys.publicKey }).from(desks)
      .innerJoin(deskKeys, and(eq(deskKeys.deskId, desks.id), eq(deskKeys.version, input.keyVersion)))
      .where(eq(desks.slug, input.deskSlug)).limit(1);
    if (!desk) throw new DomainError('unknown_desk', `there is no desk ${input.deskSlug} with a key version ${input.keyVersion}`);
    if (!equalBytes(desk.publicKey, input.keyPair.publicKey)) throw new DomainError('invalid_input', 'this secret key is not the desk’s key of that version');
    const [member] = await tx.select({ id: staff.id, publicKey: staff.publicKey }).from(staff).where(eq(staff.username, input.username.toLowerCase())).limit(1);
    if (!member) throw new DomainError('unknown_staff', `there is no staff member ${input.username}`);
    const added = await tx.insert(deskMembers).values({ deskId: desk.id, staffId: member.id, addedAt: ctx.clock.now().toISOString() })
      .onConflictDoNothing().returning({ d: deskMembers.deskId });
    if (added.length) await appendAudit(tx, ctx.clock, { actor: { kind: 'admin-cli' }, action: 'desk.member_added', subject: desk.id, details: { staff: member.id } });
    await insertGrant(tx, ctx, {
      deskId: desk.id, staffId: member.id, version: input.keyVersion,
      sealedSecret: sealToPublicKey(input.keyPair.secretKey, member.publicKey), actor: { kind: 'admin-cli' },
    });
    return { deskId: desk.id, staffId: member.id };
  });
}
