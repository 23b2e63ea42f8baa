// Audit entries as a table, newest first: the admin page's whole trail and a tip's history. Tip
// actions are named in words with their code beside them (the code is what the filter takes);
// other actions show their code. On the admin page the actor and the subject are links that
// filter the trail by them.
import { sayer, type StaffPage } from './context.ts';
import { isTipAction, type AuditRow } from './audit-types.ts';

export interface AuditTableProps {
  page: StaffPage;
  id: string;
  rows: AuditRow[];
  caption: string;
  /** A link that filters the trail by this actor or subject (admin page); none on a tip's history. */
  filterHref?: (filter: { actor?: string; subject?: string }) => string;
  showSubject: boolean;
}

/** 2026-11-22T13:37:42.123Z → 2026-11-22 13:37:42 UTC; a bare day (a source event) stays a day. */
export function shownTime(at: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(at);
  return match ? `${match[1]} ${match[2]} UTC` : at;
}

export function AuditTable({ page, id, rows, caption, filterHref, showSubject }: AuditTableProps) {
  const say = sayer(page);
  return (
    <table id={id} class="audit">
      <caption class="inbox-caption">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{say('audit.col.seq')}</th>
          <th scope="col">{say('audit.col.at')}</th>
          <th scope="col">{say('audit.col.actor')}</th>
          <th scope="col">{say('audit.col.action')}</th>
          {showSubject ? <th scope="col">{say('audit.col.subject')}</th> : null}
          <th scope="col">{say('audit.col.details')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr class="audit-row" data-seq={String(row.seq)} data-action={row.action}>
            <td>{row.seq}</td>
            <td><time datetime={row.at}>{shownTime(row.at)}</time></td>
            <td class="audit-actor">{filterHref ? <a href={filterHref({ actor: row.actor })}>{row.actorName}</a> : row.actorName}</td>
            <td class="audit-action">
              {isTipAction(row.action) ? <>{say(`auditAction.${row.action}`)} </> : null}
              <code>{row.action}</code>
            </td>
            {showSubject ? (
              <td class="audit-subject">
                {filterHref ? <a href={filterHref({ subject: row.subject })}>{row.subjectName ?? row.subject}</a> : row.subjectName ?? row.subject}
                {row.subjectName ? <> <code>{row.subject}</code></> : null}
              </td>
            ) : null}
            <td class="audit-details">
              {row.details.length ? (
                <dl>{row.details.map((d) => <><dt>{d.name}</dt><dd>{d.value}</dd></>)}</dl>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
