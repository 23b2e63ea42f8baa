// The triage form: sends only what changed (status, priority, assignee, labels added and
// removed) as one PATCH; a new label is created for the desk first, then added.
import { api } from './api.ts';
import { say } from './messages.ts';
import { showError, showStatus, whileWorking } from './status.ts';

function changes(form: HTMLFormElement) {
  const select = (name: string) => form.elements.namedItem(name) as HTMLSelectElement;
  const changed = (name: string) => select(name).value !== select(name).dataset.initial;
  const boxes = [...form.querySelectorAll<HTMLInputElement>('input[name="labels"]')];
  const assignee = select('assigneeId').value;
  return {
    ...(changed('status') ? { status: select('status').value } : {}),
    ...(changed('priority') ? { priority: Number(select('priority').value) } : {}),
    ...(changed('assigneeId') ? { assigneeId: assignee === '' ? null : assignee } : {}),
    addLabels: boxes.filter((b) => b.checked && b.dataset.initial === 'off').map((b) => b.value),
    removeLabels: boxes.filter((b) => !b.checked && b.dataset.initial === 'on').map((b) => b.value),
  };
}

export function enhanceTriage(): void {
  const form = document.getElementById('triage-form');
  if (!(form instanceof HTMLFormElement)) return;
  const tipId = document.getElementById('tip')!.dataset.tipId!;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void whileWorking(form, async () => {
      const patch = changes(form);
      const newLabel = (form.elements.namedItem('newLabel') as HTMLInputElement).value.trim();
      if (newLabel) {
        const label = await api<{ id: string }>('POST', `/desks/${form.dataset.deskId}/labels`, { name: newLabel });
        patch.addLabels.push(label.id);
      }
      const body = {
        ...patch,
        ...(patch.addLabels.length ? {} : { addLabels: undefined }),
        ...(patch.removeLabels.length ? {} : { removeLabels: undefined }),
      };
      await api('PATCH', `/tips/${tipId}`, body);
      showStatus(say('js.saved'));
      location.reload();
    }).catch(showError);
  });
}
