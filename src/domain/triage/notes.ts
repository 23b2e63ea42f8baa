// Internal notes: written in the staff member's browser as a serialized message part under the
// tip key, so only holders of the desk key can read them, and never shown to the source. The
// server checks the shape only; it cannot read them.
import { EnvelopeError, parseSerializedPart } from '../../crypto/index.ts';
import { tipNotes } from '../../db/schema.ts';
import { appendAudit } from '../audit.ts';
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { newId } from '../ids.ts';
import { MAX_MESSAGE_PADDED_SIZE } from '../limits.ts';
import { staffActor, type StaffIdentity } from '../staff/identity.ts';
import { requireTipAccess } from '../staff/tip-access.ts';

/** A serialized part within the message limit; throws bad_ciphertext_length or message_too_large. */
export function checkSealedText(body: Uint8Array, what: string): void {
  let paddedSize: number;
  try {
    paddedSize = parseSerializedPart(body).paddedSize;
  } catch (error) {
    if (error instanceof EnvelopeError) throw new DomainError('bad_ciphertext_length', `${what}: ${error.message}`);
    throw error;
  }
  if (paddedSize > MAX_MESSAGE_PADDED_SIZE) throw new DomainError('message_too_large', `${what} is limited like a message`);
}

export async function addNote({ ctx, input }: { ctx: DomainContext; input: { author: StaffIdentity; tipId: string; body: Uint8Array } }): Promise<{ id: string }> {
  checkSealedText(input.body, 'a note');
  return ctx.db.write(async (tx) => {
    await requireTipAccess(tx, input.author, input.tipId, 'note');
    const id = newId();
    await tx.insert(tipNotes).values({ id, tipId: input.tipId, authorId: input.author.id, body: input.body, createdAt: ctx.clock.now().toISOString() });
    await appendAudit(tx, ctx.clock, { actor: staffActor(input.author), action: 'tip.note_added', subject: input.tipId, details: { note: id } });
    return { id };
  });
}
