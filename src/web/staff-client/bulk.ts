// The bulk bar: the selected rows' ids and one change (status, assignee, label) for all of them,
// in one POST /tips/bulk; then the page reloads to show the queue as it is now.
import { api } from './api.ts';
import { say } from './messages.ts';
import { showError, showStatus, whileWorking } from './status.ts';

export function enhanceBulk(rows: HTMLTableRowElement[]): void {
  const form = document.getElementById('bulk-form');
  if (!(form instanceof HTMLFormElement)) return;
  const boxes = rows.map((r) => r.querySelector<HTMLInputElement>('input.select-tip')).filter((b) => b !== null);
  const selected = () => boxes.filter((b) => b.checked).map((b) => b.value);
  const count = document.getElementById('bulk-count');
  const update = () => {
    if (count) count.textContent = say('js.selected', { count: selected().length });
    boxes.forEach((b) => b.closest('tr')?.classList.toggle('selected', b.checked));
  };
  boxes.forEach((b) => b.addEventListener('change', update));
  update();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const tipIds = selected();
    if (tipIds.length === 0) return;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLSelectElement).value;
    const change = {
      ...(value('status') ? { status: value('status') } : {}),
      ...(value('assigneeId') ? { assigneeId: value('assigneeId') === 'none' ? null : value('assigneeId') } : {}),
      ...(value('label') ? { addLabels: [value('label')] } : {}),
    };
    if (Object.keys(change).length === 0) return;
    void whileWorking(form, async () => {
      await api('POST', '/tips/bulk', { tipIds, ...change });
      showStatus(say('js.saved'));
      location.reload();
    }).catch(showError);
  });
}
