// GET /staff, /staff/desks/:slug, /staff/assigned: the queue. Newest first unless sorted
// otherwise; pages by cursor; rows decrypted in place by the bundle; keyboard navigation
// (j/k, Enter or o, x) and bulk triage from the bundle too.
import { BulkBar } from './BulkBar.tsx';
import { DeskKeys, type DeskKeyGrants } from './DeskKeys.tsx';
import { sayer, staffHref, type StaffPage } from './context.ts';
import { InboxFilters } from './InboxFilters.tsx';
import { InboxTable } from './InboxTable.tsx';
import { filterQuery, type InboxView } from './inbox-types.ts';
import { PendingGrants, type PendingMember } from './PendingGrants.tsx';
import { StaffLayout } from './StaffLayout.tsx';

export interface InboxPageProps {
  page: StaffPage;
  view: InboxView;
  /** On a desk's page: members who wait for its key (any member holding it can grant it). */
  pending: { deskId: string; keyVersion: number; waiting: PendingMember[] } | null;
  deskKeys: DeskKeyGrants[];
  otherLanguageHref: string;
}

export function InboxPage({ page, view, pending, deskKeys, otherLanguageHref }: InboxPageProps) {
  const say = sayer(page);
  const title = view.kind === 'desk' ? say('inbox.deskTitle', { desk: view.desk?.name ?? '' })
    : view.kind === 'assigned' ? say('inbox.assignedTitle') : say('inbox.title');
  return (
    <StaffLayout page={page} title={title} kind="inbox" otherLanguageHref={otherLanguageHref}>
      <h1>{title}</h1>
      <DeskKeys desks={deskKeys} />
      {view.desks.length > 1 || view.kind !== 'all' ? (
        <nav class="pager" aria-label={say('inbox.desks')}>
          <a href={staffHref(page, '/staff')} aria-current={view.kind === 'all' ? 'page' : undefined}>{say('inbox.allDesks')}</a>
          {view.desks.map((d) => (
            <a href={staffHref(page, `/staff/desks/${d.slug}`)} aria-current={view.desk?.id === d.id ? 'page' : undefined}>{d.name}</a>
          ))}
        </nav>
      ) : null}
      {pending ? <PendingGrants page={page} deskId={pending.deskId} keyVersion={pending.keyVersion} waiting={pending.waiting} /> : null}
      <InboxFilters page={page} view={view} />
      <BulkBar page={page} view={view} />
      <InboxTable page={page} view={view} />
      <nav class="pager" aria-label={say('inbox.next')}>
        {view.paged ? <a href={staffHref(page, view.path, filterQuery(view.filters))}>{say('inbox.first')}</a> : null}
        {view.nextCursor ? <a id="next-page" rel="next" href={staffHref(page, view.path, { ...filterQuery(view.filters), cursor: view.nextCursor })}>{say('inbox.next')}</a> : null}
      </nav>
    </StaffLayout>
  );
}
