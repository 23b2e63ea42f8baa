// The desk's label set (editors and admins who are members): labels are created from the triage
// form; here one is deleted, which takes it off every tip of the desk (the bundle asks first,
// then sends DELETE /api/v1/staff/desks/:deskId/labels/:labelId).
import { sayer, type StaffPage } from './context.ts';
import type { TipView } from './tip-types.ts';

export function TipLabels({ page, view }: { page: StaffPage; view: TipView }) {
  const say = sayer(page);
  if (view.deskLabels.length === 0) return null;
  return (
    <details class="panel" id="desk-labels">
      <summary>{say('labels.title')}</summary>
      <p class="hint">{say('labels.explain')}</p>
      <ul>
        {view.deskLabels.map((l) => (
          <li class="desk-label" data-label-id={l.id}>
            <span class="flag">{l.name}</span>{' '}
            <button type="button" class="secondary delete-label" data-desk-id={view.tip.deskId} data-label-id={l.id} data-name={l.name}
              aria-label={say('labels.deleteNamed', { name: l.name })} disabled data-needs-js>{say('labels.delete')}</button>
          </li>
        ))}
      </ul>
    </details>
  );
}
