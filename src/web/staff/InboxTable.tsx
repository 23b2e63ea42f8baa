// The queue: one row per tip with its triage fields. The message preview cell starts as
// "Encrypted"; the bundle opens the tip key (sealed to the desk key, in data-sealed-key) and the
// message (data-message) in the browser and writes the first characters in as text.
import { sayer, staffHref, type StaffPage } from './context.ts';
import type { InboxRow, InboxView } from './inbox-types.ts';

export function InboxTable({ page, view }: { page: StaffPage; view: InboxView }) {
  const say = sayer(page);
  if (view.rows.length === 0) return <p id="inbox-empty">{say('inbox.empty')}</p>;
  const showDesk = view.kind !== 'desk';
  return (
    <table id="inbox" class="inbox">
      <caption class="inbox-caption">{say('inbox.caption')}</caption>
      <thead>
        <tr>
          {view.canTriage ? <th scope="col">{say('col.select')}</th> : null}
          <th scope="col">{say('col.day')}</th>
          {showDesk ? <th scope="col">{say('col.desk')}</th> : null}
          <th scope="col">{say('col.preview')}</th>
          <th scope="col">{say('col.status')}</th>
          <th scope="col">{say('col.priority')}</th>
          <th scope="col">{say('col.labels')}</th>
          <th scope="col">{say('col.assignee')}</th>
          <th scope="col">{say('col.flags')}</th>
        </tr>
      </thead>
      <tbody>{view.rows.map((row) => <Row page={page} row={row} showDesk={showDesk} selectable={view.canTriage} />)}</tbody>
    </table>
  );
}

function Row({ page, row, showDesk, selectable }: { page: StaffPage; row: InboxRow; showDesk: boolean; selectable: boolean }) {
  const say = sayer(page);
  const href = staffHref(page, `/staff/tips/${row.id}`);
  return (
    <tr class={row.unread ? 'tip-row unread' : 'tip-row'} tabindex={-1} data-tip-id={row.id} data-desk-id={row.deskId}
      data-key-version={String(row.keyVersion)} data-sealed-key={row.sealedKey} data-message={row.message ?? ''} data-href={href}>
      {selectable ? (
        <td><input type="checkbox" class="select-tip" value={row.id} aria-label={say('inbox.select', { day: row.receivedDay })} /></td>
      ) : null}
      <td>
        <a href={href}>{row.receivedDay}</a>
        {row.unread ? <> <span class="unread-mark">{say('inbox.unread')}</span></> : null}
      </td>
      {showDesk ? <td>{row.deskSlug}</td> : null}
      <td class="preview">{say('inbox.locked')}</td>
      <td>{say(`status.${row.status}`)}</td>
      <td>{say(`priority.${(Math.min(3, Math.max(0, row.priority))) as 0 | 1 | 2 | 3}`)}</td>
      <td>{row.labels.map((l) => <span class="flag">{l.name}</span>)}</td>
      <td>{row.assigneeName ?? ''}</td>
      <td>
        {row.urgent ? <span class="flag warn">{say('flag.urgent')}</span> : null}
        {row.hasFiles ? <span class="flag">{say('flag.files')}</span> : null}
        {row.unsupportedMetadata ? <span class="flag warn">{say('flag.unsupported')}</span> : null}
      </td>
    </tr>
  );
}
