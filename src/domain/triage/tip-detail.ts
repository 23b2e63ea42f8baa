// One tip, as the tip page shows it: its summary with the whole message, its finished files,
// the desk's internal notes and the source's conversation. Opening it is audited (`tip.viewed`,
// naming the conversation's other tips whose messages came along) and marks it read for the
// viewer, in one transaction, before anything is handed out.
import { and, asc, eq, sql } from 'drizzle-orm';
import { replies, sources, tipNotes, tipReads, parts, tips } from '../../db/schema.ts';
import type { Queryable } from '../../db/database.ts';
import { appendAudit } from '../audit.ts';
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { MAX_MESSAGE_PADDED_SIZE } from '../limits.ts';
import { memberDeskIds } from '../staff/desk-members.ts';
import { staffActor, type StaffIdentity } from '../staff/identity.ts';
import { readableTipsWhere, requireTipAccess } from '../staff/tip-access.ts';
import { loadMessages } from './messages.ts';
import { summarizeTip, type TipSummary } from './summary.ts';

export interface TipDetail {
  tip: TipSummary;
  files: { id: string; paddedSize: number; chunkCount: number; metadata: 'cleaned' | 'unsupported' | 'unknown' | null }[];
  notes: { id: string; authorId: string; createdAt: string; body: Uint8Array }[];
  conversation: {
    replyPublicKey: Uint8Array;
    tips: { id: string; receivedDay: string; keyVersion: number; sealedKey: Uint8Array; message: Uint8Array | null }[];
    replies: { id: string; authorId: string | null; day: string; body: Uint8Array; sealedForDesk: Uint8Array; deskKeyVersion: number }[];
  } | null;
}

export async function viewTip({ ctx, input }: { ctx: DomainContext; input: { viewer: StaffIdentity; tipId: string } }): Promise<TipDetail> {
  const { viewer, tipId } = input;
  const db = ctx.db.read;
  const tip = await requireTipAccess(db, viewer, tipId, 'read');
  const conversationTips = tip.sourceId ? await readableConversationTips(db, viewer, tip.sourceId) : [];
  const others = conversationTips.map((t) => t.id).filter((id) => id !== tipId);

  await ctx.db.write(async (tx) => {
    await tx.insert(tipReads).values({ staffId: viewer.id, tipId }).onConflictDoNothing();
    await appendAudit(tx, ctx.clock, {
      actor: staffActor(viewer), action: 'tip.viewed', subject: tipId, details: others.length ? { conversationTips: others } : {},
    });
  });

  const summary = await summarizeTip(db, viewer.id, tipId, MAX_MESSAGE_PADDED_SIZE);
  if (!summary) throw new DomainError('unknown_tip', 'no such tip');
  const files = await db.select({ id: parts.id, paddedSize: parts.paddedSize, chunkCount: parts.chunkCount, metadata: parts.metadata })
    .from(parts).where(and(eq(parts.tipId, tipId), eq(parts.kind, 'file'), eq(parts.state, 'complete'))).orderBy(asc(parts.id));
  const notes = await db.select({ id: tipNotes.id, authorId: tipNotes.authorId, createdAt: tipNotes.createdAt, body: tipNotes.body })
    .from(tipNotes).where(eq(tipNotes.tipId, tipId)).orderBy(asc(tipNotes.createdAt), asc(tipNotes.id));
  return { tip: summary, files, notes, conversation: tip.sourceId ? await loadConversation(db, tip.sourceId, conversationTips) : null };
}

type ConversationTip = { id: string; receivedDay: string; keyVersion: number; sealedKey: Uint8Array };

/**
 * The conversation's tips this viewer may read: all of them for an editor of the desk, only
 * their own for a reporter (being assigned one tip of a source is not being assigned the rest).
 * In day order; inside a day by id, since arrival order within a day is not kept anywhere.
 */
async function readableConversationTips(db: Queryable, viewer: StaffIdentity, sourceId: string): Promise<ConversationTip[]> {
  const deskIds = await memberDeskIds(db, viewer.id);
  return db.select({ id: tips.id, receivedDay: tips.receivedDay, keyVersion: tips.keyVersion, sealedKey: tips.sealedKey })
    .from(tips).where(and(eq(tips.sourceId, sourceId), readableTipsWhere(viewer, deskIds)))
    .orderBy(asc(tips.receivedDay), asc(tips.id));
}

async function loadConversation(db: Queryable, sourceId: string, conversationTips: ConversationTip[]): Promise<NonNullable<TipDetail['conversation']>> {
  const [source] = await db.select({ replyPublicKey: sources.replyPublicKey }).from(sources).where(eq(sources.id, sourceId)).limit(1);
  if (!source) throw new DomainError('unknown_tip', 'the tip’s conversation is missing');
  const messages = await loadMessages(db, conversationTips.map((t) => t.id));
  // Replies are the newsroom's own words, in the order they were written.
  const replyRows = await db.select({
    id: replies.id, authorId: replies.authorId, day: replies.createdDay, body: replies.body,
    sealedForDesk: replies.sealedForDesk, deskKeyVersion: replies.deskKeyVersion,
  }).from(replies).where(eq(replies.sourceId, sourceId)).orderBy(asc(sql`rowid`));
  return {
    replyPublicKey: source.replyPublicKey,
    tips: conversationTips.map((t) => ({ ...t, message: messages.get(t.id) ?? null })),
    replies: replyRows,
  };
}
