// Bulk triage of the selected rows (checkboxes, or `x` on the keyboard): one status, assignee or
// label for all of them, sent by the bundle as POST /tips/bulk. Editors and admins only.
import { TIP_STATUSES } from '../../domain/staff/roles.ts';
import { sayer, type StaffPage } from './context.ts';
import { Field, JsSubmit } from './Field.tsx';
import type { InboxView } from './inbox-types.ts';

export function BulkBar({ page, view }: { page: StaffPage; view: InboxView }) {
  const say = sayer(page);
  if (!view.canTriage || view.rows.length === 0) return null;
  return (
    <form id="bulk-form" class="bulk" aria-label={say('bulk.title')}>
      <p id="bulk-count" aria-live="polite">{say('js.selected', { count: 0 })}</p>
      <Field id="bulk-status" label={say('bulk.status')}>
        <select id="bulk-status" name="status">
          <option value="">{say('bulk.unchanged')}</option>
          {TIP_STATUSES.map((s) => <option value={s}>{say(`status.${s}`)}</option>)}
        </select>
      </Field>
      <Field id="bulk-assignee" label={say('bulk.assign')}>
        <select id="bulk-assignee" name="assigneeId">
          <option value="">{say('bulk.unchanged')}</option>
          <option value="none">{say('nobody')}</option>
          {view.members.map((m) => <option value={m.id}>{m.displayName}</option>)}
        </select>
      </Field>
      <Field id="bulk-label" label={say('bulk.label')}>
        <select id="bulk-label" name="label">
          <option value="">{say('bulk.unchanged')}</option>
          {view.labels.map((l) => <option value={l.id}>{view.kind === 'desk' ? l.name : `${l.name} (${l.deskName})`}</option>)}
        </select>
      </Field>
      <JsSubmit label={say('bulk.apply')} />
    </form>
  );
}
