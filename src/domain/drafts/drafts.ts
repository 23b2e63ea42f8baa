// Drafts: stories in the making, with a title, a reference in the newsroom's CMS (a link or an
// id), an owner and a status. Every change is one audit entry; entries name the fields that
// changed, never their new text.
import { and, count, desc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { draftLinks, drafts, DRAFT_STATUSES, tips } from '../../db/schema.ts';
import { appendAudit } from '../audit.ts';
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { newId } from '../ids.ts';
import { memberDeskIds } from '../staff/desk-members.ts';
import { staffActor, type StaffIdentity } from '../staff/identity.ts';
import { canTriage, readableTipsWhere } from '../staff/tip-access.ts';
import { requireDraft } from './access.ts';

export { DRAFT_STATUSES } from '../../db/schema.ts';
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

export const MAX_DRAFT_TITLE = 200;
export const MAX_CMS_REF = 500;

export interface DraftView {
  id: string;
  title: string;
  cmsRef: string;
  ownerId: string;
  status: DraftStatus;
  createdAt: string;
}

export interface DraftFields {
  title?: string;
  cmsRef?: string;
  status?: DraftStatus;
}

/** Trims and bounds what staff typed; throws invalid_input. */
function checkFields(input: DraftFields): DraftFields {
  const out: DraftFields = {};
  if (input.title !== undefined) {
    const title = input.title.trim();
    if (title.length === 0 || [...title].length > MAX_DRAFT_TITLE) throw new DomainError('invalid_input', `a draft title is 1-${MAX_DRAFT_TITLE} characters`);
    out.title = title;
  }
  if (input.cmsRef !== undefined) {
    const cmsRef = input.cmsRef.trim();
    if ([...cmsRef].length > MAX_CMS_REF) throw new DomainError('invalid_input', `a CMS reference is at most ${MAX_CMS_REF} characters`);
    out.cmsRef = cmsRef;
  }
  if (input.status !== undefined) {
    if (!DRAFT_STATUSES.includes(input.status)) throw new DomainError('invalid_input', 'unknown draft status');
    out.status = input.status;
  }
  return out;
}

/** Any staff member may start a draft; they own it. */
export async function createDraft({ ctx, input }: { ctx: DomainContext; input: DraftFields & { title: string; actor: StaffIdentity } }) {
  const fields = checkFields(input);
  const id = newId();
  await ctx.db.write(async (tx) => {
    await tx.insert(drafts).values({
      id, title: fields.title!, cmsRef: fields.cmsRef ?? '', ownerId: input.actor.id, status: fields.status ?? 'idea', createdAt: ctx.clock.now().toISOString(),
    });
    await appendAudit(tx, ctx.clock, { actor: staffActor(input.actor), action: 'draft.created', subject: id, details: { status: fields.status ?? 'idea' } });
  });
  return { id };
}

/** The owner, an editor or an admin changes title, CMS reference or status. */
export async function updateDraft({ ctx, input }: { ctx: DomainContext; input: DraftFields & { draftId: string; actor: StaffIdentity } }): Promise<DraftView> {
  const fields = checkFields(input);
  return ctx.db.write(async (tx) => {
    const draft = await requireDraft(tx, input.actor, input.draftId);
    const changed = (Object.keys(fields) as (keyof DraftFields)[]).filter((k) => fields[k] !== draft[k]);
    if (changed.length === 0) return draft;
    await tx.update(drafts).set(fields).where(eq(drafts.id, draft.id));
    await appendAudit(tx, ctx.clock, { actor: staffActor(input.actor), action: 'draft.updated', subject: draft.id, details: { fields: changed } });
    return { ...draft, ...fields };
  });
}

/**
 * `owner: 'me'` for anyone; `all` for editors and admins. `tipCount` counts the tips behind each
 * draft that this viewer may read, so the number says nothing about tips hidden from them.
 */
export async function listDrafts({ ctx, input }: { ctx: DomainContext; input: { owner: 'me' | 'all'; actor: StaffIdentity } }) {
  const me = input.actor;
  if (input.owner === 'all' && !canTriage(me)) throw new DomainError('forbidden', 'reporters list their own drafts');
  const db = ctx.db.read;
  const rows = await db.select().from(drafts)
    .where(input.owner === 'me' ? eq(drafts.ownerId, me.id) : undefined)
    .orderBy(desc(drafts.createdAt), desc(drafts.id));
  const counts = await readableLinkCounts(db, me, rows.map((r) => r.id));
  return rows.map((d) => ({ ...d, tipCount: counts.get(d.id) ?? 0 }));
}

async function readableLinkCounts(db: Queryable, me: StaffIdentity, draftIds: string[]): Promise<Map<string, number>> {
  if (draftIds.length === 0) return new Map();
  const deskIds = await memberDeskIds(db, me.id);
  const rows = await db.select({ draftId: draftLinks.draftId, n: count() }).from(draftLinks)
    .innerJoin(tips, eq(tips.id, draftLinks.tipId))
    .where(and(inArray(draftLinks.draftId, draftIds), readableTipsWhere(me, deskIds)))
    .groupBy(draftLinks.draftId);
  return new Map(rows.map((r) => [r.draftId, r.n]));
}
