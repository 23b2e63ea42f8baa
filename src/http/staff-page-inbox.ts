// GET /staff (all my desks), /staff/assigned (assigned to me) and /staff/desks/:slug: a page of
// the queue from listQueue (which applies the access rules and audits the listing), with the
// choices the filters and the bulk bar need. Rows carry ciphertext for the bundle to open.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { toBase64 } from '../crypto/index.ts';
import { findDeskBySlug } from '../domain/desks.ts';
import { DomainError } from '../domain/errors.ts';
import { canTriage } from '../domain/staff/tip-access.ts';
import { listQueue } from '../domain/triage/queue.ts';
import type { InboxView } from '../web/staff/inbox-types.ts';
import { InboxPage } from '../web/staff/InboxPage.tsx';
import { otherLanguageHref, renderStaff, type StaffPageDeps, type StaffPageEnv } from './staff-page-context.ts';
import { parseCursor, parseFilters } from './staff-page-filters.ts';
import { deskKeyGrants } from './staff-page-keys.ts';
import { deskLabels } from './staff-page-labels.ts';
import { deskPeople } from './staff-page-people.ts';

type Kind = InboxView['kind'];

async function inbox(deps: StaffPageDeps, c: Context<StaffPageEnv>, kind: Kind) {
  const { ctx } = deps;
  const viewer = c.get('session').staff;
  const deskKeys = await deskKeyGrants(ctx, viewer.id);
  const desks = deskKeys.map(({ id, slug, name }) => ({ id, slug, name }));
  let desk: InboxView['desk'] = null;
  if (kind === 'desk') {
    const found = await findDeskBySlug(ctx.db.read, c.req.param('slug') ?? '');
    if (!found) throw new DomainError('unknown_desk', 'no such desk');
    desk = { id: found.id, slug: found.slug, name: found.name };
  }
  const filters = parseFilters((name) => c.req.query(name));
  if (kind === 'assigned') filters.assignee = 'me';
  const cursor = parseCursor(c.req.query('cursor'));
  const page = await listQueue({
    ctx,
    input: {
      // The session, so that a page reload re-records only tips it was not handed lately (listing-audit.ts).
      viewer, sessionKey: toBase64(c.get('session').idHash), desk: desk?.id ?? 'all', status: filters.status, priority: filters.priority, labelId: filters.label, assignee: filters.assignee,
      hasFiles: filters.hasFiles, unsupported: filters.unsupported, unread: filters.unread, sort: filters.sort, cursor,
    },
  });
  const shownDeskIds = desk ? [desk.id] : desks.map((d) => d.id);
  const [people, labels] = await Promise.all([deskPeople(ctx), deskLabels(ctx, viewer, shownDeskIds)]);
  const view: InboxView = {
    kind, desk, desks, filters, labels, nextCursor: page.nextCursor, paged: Boolean(cursor), canTriage: canTriage(viewer),
    path: kind === 'desk' ? `/staff/desks/${desk!.slug}` : kind === 'assigned' ? '/staff/assigned' : '/staff',
    members: people.members(shownDeskIds),
    rows: page.tips.map((t) => ({
      id: t.id, deskId: t.deskId, deskSlug: t.deskSlug, receivedDay: t.receivedDay, status: t.status, priority: t.priority,
      assigneeName: t.assigneeId ? people.names.get(t.assigneeId) ?? null : null, labels: t.labels, hasFiles: t.hasFiles,
      unsupportedMetadata: t.unsupportedMetadata, urgent: t.urgent, unread: t.unread, keyVersion: t.keyVersion,
      sealedKey: toBase64(t.sealedKey), message: t.message ? toBase64(t.message) : null,
    })),
  };
  const pending = desk ? { deskId: desk.id, keyVersion: people.keyVersion(desk.id), waiting: people.waiting(desk.id) } : null;
  return renderStaff(c, InboxPage({ page: c.get('page'), view, pending, deskKeys, otherLanguageHref: otherLanguageHref(c) }));
}

export function staffInboxPages(deps: StaffPageDeps) {
  return new Hono<StaffPageEnv>()
    .get('/', (c) => inbox(deps, c, 'all'))
    .get('/assigned', (c) => inbox(deps, c, 'assigned'))
    .get('/desks/:slug', (c) => inbox(deps, c, 'desk'));
}
