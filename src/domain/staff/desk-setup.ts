// An admin sets up a desk from the browser: the page makes the desk key pair, seals the secret
// to each first member's personal key and to the desk's new recovery key (whose phrase the page
// shows once: issue 6), and forgets both secrets. One transaction, so a desk never exists whose
// secret nobody was given.
import type { Tx } from '../../db/database.ts';
import { deskMembers } from '../../db/schema.ts';
import type { DomainContext } from '../context.ts';
import { checkDeskFields, insertDesk } from '../desks.ts';
import { DomainError } from '../errors.ts';
import { checkRecoveryFields, setDeskRecovery } from '../rotation/recovery.ts';
import { insertGrant, requireRole, SEALED_DESK_SECRET_BYTES } from './desk-members.ts';
import { staffActor, type StaffIdentity } from './identity.ts';

export interface SetUpDeskInput {
  slug: string;
  name: string;
  description?: string;
  publicKey: Uint8Array;
  /** At least one: the desk secret sealed to each first member. */
  members: { staffId: string; sealedSecret: Uint8Array }[];
  /** The recovery key's public half, and the desk secret sealed to it. */
  recoveryPublicKey: Uint8Array;
  sealedForRecovery: Uint8Array;
  actor: StaffIdentity;
}

export async function setUpDesk({ ctx, input }: { ctx: DomainContext; input: SetUpDeskInput }) {
  requireRole(input.actor, 'admin');
  const fields = checkDeskFields(input);
  checkRecoveryFields(input);
  if (input.members.length === 0) throw new DomainError('invalid_input', 'a desk needs at least one member holding its key');
  for (const m of input.members) {
    if (m.sealedSecret.length !== SEALED_DESK_SECRET_BYTES) throw new DomainError('invalid_input', `a sealed desk secret is ${SEALED_DESK_SECRET_BYTES} bytes`);
  }
  const actor = staffActor(input.actor);
  return ctx.db.write(async (tx: Tx) => {
    const desk = await insertDesk(tx, ctx, { ...fields, publicKey: input.publicKey, actor });
    await setDeskRecovery(tx, ctx, desk.id, desk.keyVersion, input, actor);
    const at = ctx.clock.now().toISOString();
    for (const m of input.members) {
      await tx.insert(deskMembers).values({ deskId: desk.id, staffId: m.staffId, addedAt: at }).onConflictDoNothing();
      // The admin's browser made the secret: it holds it without a grant of its own.
      await insertGrant(tx, ctx, { deskId: desk.id, staffId: m.staffId, version: 1, sealedSecret: m.sealedSecret, actor }, true);
    }
    return desk;
  });
}
