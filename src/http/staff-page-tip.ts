// GET /staff/tips/:id: viewTip (access rules, the `tip.viewed` audit entry and the read marker),
// the drafts it feeds, and the choices the forms need; for editors (members of its desk, or the
// view would have failed) the newest entries of its history. Everything of the tip is handed to
// the page as ciphertext.
import { Hono } from 'hono';
import { toBase64 } from '../crypto/index.ts';
import { tipHistory } from '../domain/audit-browse.ts';
import { listDesks } from '../domain/desks.ts';
import { listDrafts } from '../domain/drafts/drafts.ts';
import { tipDrafts } from '../domain/drafts/links.ts';
import { canTriage } from '../domain/staff/tip-access.ts';
import { viewTip } from '../domain/triage/tip-detail.ts';
import { TipPage } from '../web/staff/TipPage.tsx';
import type { TipView } from '../web/staff/tip-types.ts';
import { auditRows } from './staff-page-audit-rows.ts';
import { otherLanguageHref, renderStaff, type StaffPageDeps, type StaffPageEnv } from './staff-page-context.ts';
import { deskKeyGrants } from './staff-page-keys.ts';
import { deskLabels } from './staff-page-labels.ts';
import { knownNames } from './staff-page-names.ts';
import { deskPeople } from './staff-page-people.ts';

/** History entries shown on the tip's page; the rest on /staff/tips/:id/history. */
const HISTORY_ON_TIP_PAGE = 10;

const b64 = (bytes: Uint8Array | null) => (bytes ? toBase64(bytes) : null);

export function staffTipPage(deps: StaffPageDeps) {
  const { ctx } = deps;
  return new Hono<StaffPageEnv>().get('/tips/:tipId', async (c) => {
    const viewer = c.get('session').staff;
    const tipId = c.req.param('tipId');
    const detail = await viewTip({ ctx, input: { viewer, tipId } });
    const { tip } = detail;
    const [links, mine, desks, people, labels, deskKeys, history] = await Promise.all([
      tipDrafts({ ctx, input: { tipId, actor: viewer } }),
      listDrafts({ ctx, input: { owner: 'me', actor: viewer } }),
      listDesks(ctx.db.read),
      deskPeople(ctx),
      deskLabels(ctx, viewer, [tip.deskId]),
      deskKeyGrants(ctx, viewer.id),
      canTriage(viewer) ? tipHistory({ ctx, input: { staff: viewer, tipId, limit: HISTORY_ON_TIP_PAGE } }) : null,
    ]);
    const names = people.names;
    const view: TipView = {
      tip: {
        id: tip.id, receivedDay: tip.receivedDay, keyVersion: tip.keyVersion, sealedKey: toBase64(tip.sealedKey), message: b64(tip.message),
        deskId: tip.deskId, deskName: desks.find((d) => d.id === tip.deskId)?.name ?? tip.deskSlug, status: tip.status, priority: tip.priority,
        assigneeId: tip.assigneeId, labels: tip.labels, urgent: tip.urgent, topic: tip.topic,
      },
      files: detail.files.map(({ id, paddedSize, metadata }) => ({ id, paddedSize, metadata })),
      notes: detail.notes.map((n) => ({ id: n.id, authorName: names.get(n.authorId) ?? '', createdAt: n.createdAt, body: toBase64(n.body) })),
      conversation: detail.conversation && {
        replyPublicKey: toBase64(detail.conversation.replyPublicKey),
        tips: detail.conversation.tips.map((t) => ({ id: t.id, receivedDay: t.receivedDay, keyVersion: t.keyVersion, sealedKey: toBase64(t.sealedKey), message: b64(t.message) })),
        replies: detail.conversation.replies.map((r) => ({
          id: r.id, authorName: r.authorId ? names.get(r.authorId) ?? '' : '', day: r.day, body: toBase64(r.body),
          sealedForDesk: toBase64(r.sealedForDesk), deskKeyVersion: r.deskKeyVersion,
        })),
      },
      draftLinks: links.map((l) => ({ draftId: l.draftId, title: l.title, status: l.status, note: b64(l.note), linkedByName: names.get(l.linkedBy) ?? '' })),
      myDrafts: mine.map((d) => ({ id: d.id, title: d.title })),
      deskLabels: labels.map(({ id, name }) => ({ id, name })),
      members: people.members([tip.deskId]),
      moveTargets: desks.map((d) => ({ id: d.id, name: d.name, keyVersion: d.keyVersion, publicKey: toBase64(d.publicKey) })),
      canTriage: canTriage(viewer),
    };
    const historyNames = knownNames([...names].map(([id, displayName]) => ({ id, displayName })), desks, labels);
    return renderStaff(c, TipPage({
      page: c.get('page'), view, deskKeys, otherLanguageHref: otherLanguageHref(c),
      history: history && { tipId, rows: auditRows(c.get('page').locale, history.entries, historyNames), before: null, next: history.next },
    }));
  });
}
