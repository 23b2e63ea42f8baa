// Links between tips and drafts: which tips feed which story, each with an optional short note
// sealed in the browser under the tip key (a serialized message part), so only the tip's desk
// can read it. A reporter links tips they may already read to their own drafts, so their own
// links give them nothing new; editors and admins who are members of the tip's desk link to any
// draft, and a link to a reporter's draft lets that reporter read the tip (tip-access.ts): that
// is how an editor hands a tip to the reporter writing the story.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { EnvelopeError, parseSerializedPart } from '../../crypto/index.ts';
import type { Queryable } from '../../db/database.ts';
import { draftLinks, drafts, tips } from '../../db/schema.ts';
import { appendAudit } from '../audit.ts';
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { memberDeskIds } from '../staff/desk-members.ts';
import { staffActor, type StaffIdentity } from '../staff/identity.ts';
import { readableTipsWhere, requireTipAccess } from '../staff/tip-access.ts';
import { requireDraft } from './access.ts';

/** Padded size of a link note: a few paragraphs; longer notes belong in the tip's notes. */
export const MAX_LINK_NOTE_PADDED_SIZE = 16 * 1024;

function checkNote(note: Uint8Array): void {
  try {
    if (parseSerializedPart(note).paddedSize > MAX_LINK_NOTE_PADDED_SIZE) {
      throw new DomainError('message_too_large', `a link note is at most ${MAX_LINK_NOTE_PADDED_SIZE} bytes once padded`);
    }
  } catch (error) {
    if (error instanceof EnvelopeError) throw new DomainError('bad_ciphertext_length', `note: ${error.message}`);
    throw error;
  }
}

export interface LinkInput {
  draftId: string;
  tipId: string;
  /** Serialized message part under the tip key, or none. */
  note?: Uint8Array;
  actor: StaffIdentity;
}

export async function linkTip({ ctx, input }: { ctx: DomainContext; input: LinkInput }): Promise<void> {
  if (input.note) checkNote(input.note);
  await ctx.db.write(async (tx) => {
    const draft = await requireDraft(tx, input.actor, input.draftId);
    await requireTipAccess(tx, input.actor, input.tipId, 'read');
    const added = await tx.insert(draftLinks).values({
      draftId: draft.id, tipId: input.tipId, note: input.note ?? null, linkedBy: input.actor.id, createdAt: ctx.clock.now().toISOString(),
    }).onConflictDoNothing().returning({ tipId: draftLinks.tipId });
    if (added.length === 0) throw new DomainError('already_linked', 'this tip is linked to this draft already');
    // The tip is the subject, so the tip's history (tipHistory: entries by subject) shows the
    // link to the editors of its desk. The draft goes by id only: its title never enters the trail.
    await appendAudit(tx, ctx.clock, { actor: staffActor(input.actor), action: 'tip.draft_linked', subject: input.tipId, details: { draft: draft.id, note: Boolean(input.note) } });
  });
}

export async function unlinkTip({ ctx, input }: { ctx: DomainContext; input: Omit<LinkInput, 'note'> }): Promise<void> {
  await ctx.db.write(async (tx) => {
    const draft = await requireDraft(tx, input.actor, input.draftId);
    await requireTipAccess(tx, input.actor, input.tipId, 'read');
    const removed = await tx.delete(draftLinks).where(and(eq(draftLinks.draftId, draft.id), eq(draftLinks.tipId, input.tipId)))
      .returning({ tipId: draftLinks.tipId });
    if (removed.length === 0) throw new DomainError('unknown_link', 'this tip is not linked to this draft');
    await appendAudit(tx, ctx.clock, { actor: staffActor(input.actor), action: 'tip.draft_unlinked', subject: input.tipId, details: { draft: draft.id } });
  });
}

/** A draft and the tips behind it that this viewer may read (with what their browser needs to open the notes). */
export async function getDraft({ ctx, input }: { ctx: DomainContext; input: { draftId: string; actor: StaffIdentity } }) {
  const db = ctx.db.read;
  const draft = await requireDraft(db, input.actor, input.draftId);
  const links = await readableLinks(db, input.actor, [draft.id]);
  return { draft, links };
}

/** Links of `draftIds` to tips `viewer` may read, oldest link first. */
export async function readableLinks(db: Queryable, viewer: StaffIdentity, draftIds: string[]) {
  if (draftIds.length === 0) return [];
  const deskIds = await memberDeskIds(db, viewer.id);
  const rows = await db.select({
    draftId: draftLinks.draftId, tipId: draftLinks.tipId, note: draftLinks.note, linkedBy: draftLinks.linkedBy, createdAt: draftLinks.createdAt,
    deskId: tips.deskId, receivedDay: tips.receivedDay, status: tips.status, keyVersion: tips.keyVersion, sealedKey: tips.sealedKey,
  }).from(draftLinks)
    .innerJoin(tips, eq(tips.id, draftLinks.tipId))
    .where(and(inArray(draftLinks.draftId, draftIds), readableTipsWhere(viewer, deskIds)))
    .orderBy(asc(draftLinks.createdAt), asc(draftLinks.tipId));
  return rows.map(({ draftId, tipId, note, linkedBy, createdAt, ...tip }) => ({ draftId, tipId, note, linkedBy, createdAt, tip }));
}

/**
 * GET /tips/:tipId/drafts: every draft the tip feeds, for anyone who may read the tip (editors
 * see the links on the tip; a reporter sees which stories a tip of theirs feeds).
 */
export async function tipDrafts({ ctx, input }: { ctx: DomainContext; input: { tipId: string; actor: StaffIdentity } }) {
  const db = ctx.db.read;
  await requireTipAccess(db, input.actor, input.tipId, 'read');
  return db.select({
    draftId: drafts.id, title: drafts.title, status: drafts.status, note: draftLinks.note, linkedBy: draftLinks.linkedBy, createdAt: draftLinks.createdAt,
  }).from(draftLinks)
    .innerJoin(drafts, eq(drafts.id, draftLinks.draftId))
    .where(eq(draftLinks.tipId, input.tipId))
    .orderBy(desc(draftLinks.createdAt), asc(drafts.id));
}
