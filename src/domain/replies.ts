// Replies from the newsroom and the source's view of their conversation. A reply's key is
// sealed to the source's reply key and to the desk key; the server cannot read either copy.
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { parseSerializedPart, SEALED_TIP_KEY_BYTES } from '../crypto/index.ts';
import { desks, replies, sources, tips } from '../db/schema.ts';
import { appendAudit, type AuditActor } from './audit.ts';
import { dayOf, type DomainContext } from './context.ts';
import { findDeskBySlug } from './desks.ts';
import { DomainError } from './errors.ts';
import { newId } from './ids.ts';
import { MAX_MESSAGE_PADDED_SIZE } from './limits.ts';
import { requireSourceRef, type SourceRef } from './sources.ts';

export interface SendReplyInput {
  tipId: string;
  /** Serialized message part under the reply key. */
  body: Uint8Array;
  /** The reply key sealed to the source's reply public key, and to the desk's current key. */
  sealedForSource: Uint8Array;
  sealedForDesk: Uint8Array;
  deskKeyVersion: number;
  actor: AuditActor;
}

export async function sendReply({ ctx, input }: { ctx: DomainContext; input: SendReplyInput }): Promise<{ replyId: string }> {
  for (const sealed of [input.sealedForSource, input.sealedForDesk]) {
    if (sealed.length !== SEALED_TIP_KEY_BYTES) throw new DomainError('invalid_input', `a sealed reply key is ${SEALED_TIP_KEY_BYTES} bytes`);
  }
  let paddedSize: number;
  try {
    paddedSize = parseSerializedPart(input.body).paddedSize;
  } catch {
    throw new DomainError('bad_ciphertext_length', 'the reply is not a serialized part');
  }
  if (paddedSize > MAX_MESSAGE_PADDED_SIZE) throw new DomainError('message_too_large', 'a reply is limited like a message');
  return ctx.db.write(async (tx) => {
    const [tip] = await tx.select({ sourceId: tips.sourceId, keyVersion: desks.currentKeyVersion }).from(tips)
      .innerJoin(desks, eq(desks.id, tips.deskId)).where(eq(tips.id, input.tipId)).limit(1);
    if (!tip) throw new DomainError('unknown_tip', 'no such tip');
    if (!tip.sourceId) throw new DomainError('invalid_input', 'this tip was sent without a codename: nobody can read a reply');
    // Checked inside the write: a reply sealed to a version a rotation is retiring would be
    // stranded once that version's secrets are destroyed.
    if (input.deskKeyVersion !== tip.keyVersion) {
      throw new DomainError('stale_key', 'the desk key has changed; seal the reply to the current key', { currentKey: { version: tip.keyVersion } });
    }
    const replyId = newId();
    await tx.insert(replies).values({
      id: replyId,
      sourceId: tip.sourceId,
      body: input.body,
      sealedForSource: input.sealedForSource,
      sealedForDesk: input.sealedForDesk,
      deskKeyVersion: input.deskKeyVersion,
      createdDay: dayOf(ctx.clock.now()),
    });
    await appendAudit(tx, ctx.clock, { actor: input.actor, action: 'reply.sent', subject: input.tipId, details: { reply: replyId } });
    return { replyId };
  });
}

export interface SourceReply {
  id: string;
  day: string;
  body: Uint8Array;
  sealedKey: Uint8Array;
}

/** What a source sees after entering their codename: their desk (to seal follow-ups) and replies. */
export async function readConversation({ ctx, input }: { ctx: DomainContext; input: SourceRef }) {
  const source = await requireSourceRef(ctx.db.read, input);
  const desk = await findDeskBySlug(ctx.db.read, source.deskSlug);
  const rows = await ctx.db.read
    .select({ id: replies.id, day: replies.createdDay, body: replies.body, sealedKey: replies.sealedForSource })
    .from(replies)
    .where(and(eq(replies.sourceId, source.id), isNotNull(replies.sealedForSource)))
    .orderBy(asc(sql`rowid`));
  return {
    desk: { slug: desk!.slug, name: desk!.name, keyVersion: desk!.keyVersion, publicKey: desk!.publicKey },
    replies: rows as SourceReply[],
  };
}

/** The source deletes their copy: the reply key sealed to them is erased; the desk keeps its own. */
export async function deleteReplyCopy({ ctx, input }: { ctx: DomainContext; input: SourceRef & { replyId: string } }) {
  await ctx.db.write(async (tx) => {
    const source = await requireSourceRef(tx, input);
    const updated = await tx
      .update(replies)
      .set({ sealedForSource: null })
      .where(and(eq(replies.id, input.replyId), eq(replies.sourceId, source.id), isNotNull(replies.sealedForSource)))
      .returning({ id: replies.id });
    if (updated.length === 0) throw new DomainError('unknown_reply', 'no such reply');
    await appendAudit(tx, ctx.clock, { actor: { kind: 'source' }, action: 'reply.deleted_by_source', subject: input.replyId });
  });
}

/** For sealing a reply: the source's reply key and the desk's current key, by tip. */
export async function replyRecipients(ctx: DomainContext, tipId: string) {
  const [row] = await ctx.db.read
    .select({ replyPublicKey: sources.replyPublicKey, deskSlug: desks.slug })
    .from(tips)
    .innerJoin(sources, eq(sources.id, tips.sourceId))
    .innerJoin(desks, eq(desks.id, tips.deskId))
    .where(eq(tips.id, tipId))
    .limit(1);
  if (!row) return undefined;
  const desk = (await findDeskBySlug(ctx.db.read, row.deskSlug))!;
  return { replyPublicKey: row.replyPublicKey, desk };
}
