// A tip's history from the audit trail (who received, opened, triaged, answered or moved it and
// when), for the editors of its desk: the newest entries on the tip's page, and the whole of it,
// paged by seq, on /staff/tips/:id/history. Entries hold no content and nothing about the source.
import { sayer, staffHref, type StaffPage } from './context.ts';
import { AuditTable } from './AuditTable.tsx';
import type { TipHistoryView } from './audit-types.ts';
import { StaffLayout } from './StaffLayout.tsx';

/** The section on the tip's page: the newest entries and a link to the rest. */
export function TipHistory({ page, history }: { page: StaffPage; history: TipHistoryView }) {
  const say = sayer(page);
  return (
    <section class="panel" id="history" aria-labelledby="history-title">
      <h2 id="history-title">{say('history.title')}</h2>
      <AuditTable page={page} id="tip-history" rows={history.rows} caption={say('history.caption')} showSubject={false} />
      <p><a id="history-all" href={staffHref(page, `/staff/tips/${history.tipId}/history`)}>{say('history.all')}</a></p>
    </section>
  );
}

/** GET /staff/tips/:id/history: the whole history, newest first, a page at a time. */
export function TipHistoryPage({ page, history, otherLanguageHref }: { page: StaffPage; history: TipHistoryView; otherLanguageHref: string }) {
  const say = sayer(page);
  const title = say('history.pageTitle');
  const path = `/staff/tips/${history.tipId}/history`;
  return (
    <StaffLayout page={page} title={title} kind="history" otherLanguageHref={otherLanguageHref}>
      <p><a href={staffHref(page, `/staff/tips/${history.tipId}`)}>{say('history.back')}</a></p>
      <h1>{title}</h1>
      {history.rows.length === 0 ? <p>{say('audit.empty')}</p> : (
        <AuditTable page={page} id="tip-history" rows={history.rows} caption={say('history.caption')} showSubject={false} />
      )}
      <nav class="pager" aria-label={say('audit.pages')}>
        {history.before !== null ? <a id="history-newest" href={staffHref(page, path)}>{say('audit.newest')}</a> : null}
        {history.next !== null ? <a id="history-older" rel="next" href={staffHref(page, path, { before: history.next })}>{say('audit.older')}</a> : null}
      </nav>
    </StaffLayout>
  );
}
