// A reply from a staff member to the tip's source, sealed in their browser (src/client/reply.ts
// sealReply): the body under a fresh reply key, that key sealed to the source's reply key and to
// the desk's CURRENT key. What sendReply (src/domain/replies.ts, the CLI's path) stores, plus the
// author and the checks a staff session needs: triage access, and the desk copy sealed to the
// key the desk uses now, else a later rotation could not find it.
import { and, eq } from 'drizzle-orm';
import { SEALED_TIP_KEY_BYTES } from '../../crypto/index.ts';
import { deskKeys, desks, replies } from '../../db/schema.ts';
import { appendAudit } from '../audit.ts';
import { dayOf, type DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { newId } from '../ids.ts';
import { staffActor, type StaffIdentity } from '../staff/identity.ts';
import { requireTipAccess } from '../staff/tip-access.ts';
import { checkSealedText } from './notes.ts';

export interface StaffReplyInput {
  author: StaffIdentity;
  tipId: string;
  body: Uint8Array;
  sealedForSource: Uint8Array;
  sealedForDesk: Uint8Array;
  deskKeyVersion: number;
}

export async function replyToSource({ ctx, input }: { ctx: DomainContext; input: StaffReplyInput }): Promise<{ id: string }> {
  for (const sealed of [input.sealedForSource, input.sealedForDesk]) {
    if (sealed.length !== SEALED_TIP_KEY_BYTES) throw new DomainError('invalid_input', `a sealed reply key is ${SEALED_TIP_KEY_BYTES} bytes`);
  }
  checkSealedText(input.body, 'a reply');
  return ctx.db.write(async (tx) => {
    const tip = await requireTipAccess(tx, input.author, input.tipId, 'triage');
    if (!tip.sourceId) throw new DomainError('invalid_input', 'this tip was sent without a codename: nobody can read a reply');
    const [desk] = await tx.select({ version: desks.currentKeyVersion, publicKey: deskKeys.publicKey }).from(desks)
      .innerJoin(deskKeys, and(eq(deskKeys.deskId, desks.id), eq(deskKeys.version, desks.currentKeyVersion)))
      .where(eq(desks.id, tip.deskId)).limit(1);
    if (!desk || desk.version !== input.deskKeyVersion) {
      throw new DomainError('stale_key', 'seal the desk copy to the desk’s current key', { currentKey: desk && { version: desk.version, publicKey: desk.publicKey } });
    }
    const id = newId();
    await tx.insert(replies).values({
      id, sourceId: tip.sourceId, body: input.body, sealedForSource: input.sealedForSource, sealedForDesk: input.sealedForDesk,
      deskKeyVersion: input.deskKeyVersion, authorId: input.author.id, createdDay: dayOf(ctx.clock.now()),
    });
    // Same entry as sendReply's: the actor names the author.
    await appendAudit(tx, ctx.clock, { actor: staffActor(input.author), action: 'reply.sent', subject: input.tipId, details: { reply: id } });
    return { id };
  });
}
