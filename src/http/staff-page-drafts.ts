// GET /staff/drafts and /staff/drafts/:id, from the drafts verbs (which apply the access rules:
// a reporter sees their own drafts, and only the links to tips they may read).
import { Hono } from 'hono';
import { toBase64 } from '../crypto/index.ts';
import { listDrafts } from '../domain/drafts/drafts.ts';
import { getDraft } from '../domain/drafts/links.ts';
import { DraftPage } from '../web/staff/DraftPage.tsx';
import { DraftsPage } from '../web/staff/DraftsPage.tsx';
import { otherLanguageHref, renderStaff, type StaffPageDeps, type StaffPageEnv } from './staff-page-context.ts';
import { staffNames } from './staff-page-names.ts';

export function staffDraftPages(deps: StaffPageDeps) {
  const { ctx } = deps;
  return new Hono<StaffPageEnv>()
    .get('/drafts', async (c) => {
      const actor = c.get('session').staff;
      const owner = c.req.query('owner') === 'all' ? 'all' : 'me';
      const [drafts, names] = await Promise.all([listDrafts({ ctx, input: { owner, actor } }), staffNames(ctx.db.read)]);
      return renderStaff(c, DraftsPage({
        page: c.get('page'),
        drafts: drafts.map((d) => ({ id: d.id, title: d.title, cmsRef: d.cmsRef, status: d.status, tipCount: d.tipCount, ownerName: names.get(d.ownerId) ?? '' })),
        otherLanguageHref: otherLanguageHref(c),
      }));
    })
    .get('/drafts/:draftId', async (c) => {
      const actor = c.get('session').staff;
      const [{ draft, links }, names] = await Promise.all([
        getDraft({ ctx, input: { draftId: c.req.param('draftId'), actor } }), staffNames(ctx.db.read),
      ]);
      return renderStaff(c, DraftPage({
        page: c.get('page'),
        draft: { id: draft.id, title: draft.title, cmsRef: draft.cmsRef, status: draft.status },
        links: links.map((l) => ({
          tipId: l.tipId, deskId: l.tip.deskId, receivedDay: l.tip.receivedDay, status: l.tip.status, keyVersion: l.tip.keyVersion,
          sealedKey: toBase64(l.tip.sealedKey), note: l.note ? toBase64(l.note) : null, linkedByName: names.get(l.linkedBy) ?? '',
        })),
        otherLanguageHref: otherLanguageHref(c),
      }));
    });
}
