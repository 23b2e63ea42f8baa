// Who may do what with a draft. Drafts are the newsroom's own (a title and a CMS reference), not
// source content, but which tips feed which story is sensitive, so a reporter sees and changes
// only their own drafts; editors and admins oversee all of them. Reading the tips behind a draft
// is a separate question, answered per tip by src/domain/staff/tip-access.ts.
import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { drafts } from '../../db/schema.ts';
import { DomainError } from '../errors.ts';
import { isId } from '../ids.ts';
import type { StaffIdentity } from '../staff/identity.ts';
import { canTriage } from '../staff/tip-access.ts';

export type DraftRow = typeof drafts.$inferSelect;

/** Owners, and editors and admins (who may also link tips to anyone's draft). */
export const mayUseDraft = (staffMember: StaffIdentity, draft: { ownerId: string }) =>
  draft.ownerId === staffMember.id || canTriage(staffMember);

/** The draft, if it exists and `staffMember` may see and change it: else 404 `unknown_draft` or 403 `forbidden`. */
export async function requireDraft(db: Queryable, staffMember: StaffIdentity, draftId: string): Promise<DraftRow> {
  const [draft] = isId(draftId) ? await db.select().from(drafts).where(eq(drafts.id, draftId)).limit(1) : [];
  if (!draft) throw new DomainError('unknown_draft', 'no such draft');
  if (!mayUseDraft(staffMember, draft)) throw new DomainError('forbidden', 'reporters work on their own drafts only');
  return draft;
}
