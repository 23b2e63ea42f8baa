// Triage controls (editors and admins who are members of the desk): status, priority, assignee,
// labels from the desk's set (and a new one). The bundle sends only what changed, as one PATCH;
// each change is one audit entry on the server.
import { TIP_STATUSES } from '../../domain/staff/roles.ts';
import { sayer, type StaffPage } from './context.ts';
import { Field, JsSubmit } from './Field.tsx';
import type { TipView } from './tip-types.ts';

export function TipTriage({ page, view }: { page: StaffPage; view: TipView }) {
  const say = sayer(page);
  const { tip } = view;
  const has = new Set(tip.labels.map((l) => l.id));
  return (
    <form id="triage-form" class="panel" data-desk-id={tip.deskId}>
      <h2>{say('tip.triage')}</h2>
      <Field id="triage-status" label={say('col.status')}>
        <select id="triage-status" name="status" data-initial={tip.status}>
          {TIP_STATUSES.map((s) => <option value={s} selected={s === tip.status}>{say(`status.${s}`)}</option>)}
        </select>
      </Field>
      <Field id="triage-priority" label={say('col.priority')}>
        <select id="triage-priority" name="priority" data-initial={String(tip.priority)}>
          {([3, 2, 1, 0] as const).map((p) => <option value={String(p)} selected={p === tip.priority}>{say(`priority.${p}`)}</option>)}
        </select>
      </Field>
      <Field id="triage-assignee" label={say('col.assignee')}>
        <select id="triage-assignee" name="assigneeId" data-initial={tip.assigneeId ?? ''}>
          <option value="" selected={tip.assigneeId === null}>{say('nobody')}</option>
          {view.members.map((m) => <option value={m.id} selected={m.id === tip.assigneeId}>{m.displayName}</option>)}
        </select>
      </Field>
      <fieldset>
        <legend>{say('tip.labels')}</legend>
        {view.deskLabels.map((l) => (
          <div class="field check">
            <input type="checkbox" id={`label-${l.id}`} name="labels" value={l.id} checked={has.has(l.id)} data-initial={has.has(l.id) ? 'on' : 'off'} />
            <label for={`label-${l.id}`}>{l.name}</label>
          </div>
        ))}
        <Field id="triage-new-label" label={say('tip.newLabel')}>
          <input type="text" id="triage-new-label" name="newLabel" maxlength={60} />
        </Field>
      </fieldset>
      <JsSubmit label={say('tip.triageSave')} />
    </form>
  );
}
