// Moving a tip to another desk. The server cannot re-seal anything (it never holds a desk
// secret), so the editor's browser opens every tip key and reply key of the conversation with
// the old desk key and seals them to the target desk's current key; this verb swaps them in, in
// one transaction, together with the source's desk (so follow-ups and replies go to the new
// desk). The move must cover the WHOLE conversation: a tip or reply left sealed to the old desk
// would be unreadable to the desk that now owns it. Labels are per desk and are dropped; an
// assignee who is not a member of the target desk is unassigned.
import { eq } from 'drizzle-orm';
import { SEALED_TIP_KEY_BYTES } from '../../crypto/index.ts';
import type { Tx } from '../../db/database.ts';
import { desks, replies, sources, tipLabels, tips } from '../../db/schema.ts';
import { appendAudit } from '../audit.ts';
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { isDeskMember } from '../staff/desk-members.ts';
import { staffActor, type StaffIdentity } from '../staff/identity.ts';
import { requireTipAccess, type AccessibleTip } from '../staff/tip-access.ts';

export interface MoveInput {
  actor: StaffIdentity;
  tipId: string;
  targetDeskId: string;
  /** Every tip of the conversation, its key re-sealed to the target desk's current key. */
  tips: { tipId: string; keyVersion: number; sealedKey: Uint8Array }[];
  /** Every reply of the conversation, the desk copy of its key re-sealed likewise. */
  replies: { replyId: string; deskKeyVersion: number; sealedForDesk: Uint8Array }[];
}

export async function moveTip({ ctx, input }: { ctx: DomainContext; input: MoveInput }): Promise<{ moved: number }> {
  for (const t of input.tips) if (t.sealedKey.length !== SEALED_TIP_KEY_BYTES) throw new DomainError('invalid_input', `a sealed key is ${SEALED_TIP_KEY_BYTES} bytes`);
  for (const r of input.replies) if (r.sealedForDesk.length !== SEALED_TIP_KEY_BYTES) throw new DomainError('invalid_input', `a sealed key is ${SEALED_TIP_KEY_BYTES} bytes`);

  return ctx.db.write(async (tx) => {
    const tip = await requireTipAccess(tx, input.actor, input.tipId, 'triage');
    const [target] = await tx.select({ id: desks.id, version: desks.currentKeyVersion }).from(desks).where(eq(desks.id, input.targetDeskId)).limit(1);
    if (!target) throw new DomainError('unknown_desk', 'no such desk');
    if (target.id === tip.deskId) throw new DomainError('invalid_input', 'the tip is on that desk already');

    const conversation = await conversationOf(tx, input.actor, tip);
    requireExactCover(conversation, input);
    const stale = [...input.tips.map((t) => t.keyVersion), ...input.replies.map((r) => r.deskKeyVersion)].some((v) => v !== target.version);
    if (stale) throw new DomainError('stale_key', 'seal to the target desk’s current key', { currentKeyVersion: target.version });

    for (const moved of input.tips) {
      const before = conversation.tips.find((t) => t.id === moved.tipId)!;
      const keepAssignee = before.assigneeId !== null && await isDeskMember(tx, before.assigneeId, target.id);
      const droppedLabels = await tx.delete(tipLabels).where(eq(tipLabels.tipId, moved.tipId)).returning({ l: tipLabels.labelId });
      await tx.update(tips).set({
        deskId: target.id, keyVersion: moved.keyVersion, sealedKey: moved.sealedKey, ...(keepAssignee ? {} : { assigneeId: null }),
      }).where(eq(tips.id, moved.tipId));
      await appendAudit(tx, ctx.clock, {
        actor: staffActor(input.actor), action: 'tip.moved', subject: moved.tipId,
        details: { from: before.deskId, to: target.id, labelsDropped: droppedLabels.length, unassigned: before.assigneeId !== null && !keepAssignee },
      });
    }
    for (const r of input.replies) {
      await tx.update(replies).set({ sealedForDesk: r.sealedForDesk, deskKeyVersion: r.deskKeyVersion }).where(eq(replies.id, r.replyId));
    }
    // The conversation follows: the source's follow-ups are now sealed to the target desk.
    if (tip.sourceId) await tx.update(sources).set({ deskId: target.id }).where(eq(sources.id, tip.sourceId));
    return { moved: input.tips.length };
  });
}

interface Conversation {
  tips: AccessibleTip[];
  replyIds: string[];
}

/** The tips and replies that move together; the actor must be able to triage every tip. */
async function conversationOf(tx: Tx, actor: StaffIdentity, tip: AccessibleTip): Promise<Conversation> {
  if (!tip.sourceId) return { tips: [tip], replyIds: [] };
  const tipRows = await tx.select({ id: tips.id }).from(tips).where(eq(tips.sourceId, tip.sourceId));
  const all: AccessibleTip[] = [];
  for (const row of tipRows) all.push(row.id === tip.id ? tip : await requireTipAccess(tx, actor, row.id, 'triage'));
  const replyRows = await tx.select({ id: replies.id }).from(replies).where(eq(replies.sourceId, tip.sourceId));
  return { tips: all, replyIds: replyRows.map((r) => r.id) };
}

/** Every tip and reply once, and nothing else; the answer names what was expected. */
function requireExactCover(conversation: Conversation, input: MoveInput): void {
  const sameSet = (expected: string[], given: string[]) =>
    given.length === expected.length && new Set(given).size === given.length && given.every((id) => expected.includes(id));
  const tipIds = conversation.tips.map((t) => t.id);
  if (!sameSet(tipIds, input.tips.map((t) => t.tipId)) || !sameSet(conversation.replyIds, input.replies.map((r) => r.replyId))) {
    throw new DomainError('invalid_input', 'a move re-seals every tip and reply of the conversation, each once', {
      tips: tipIds, replies: conversation.replyIds,
    });
  }
}

