// The tip page's "This desk's labels": deleting one takes it off every tip of the desk, so the
// bundle asks first; then DELETE /desks/:deskId/labels/:labelId and a reload (the triage form's
// checkboxes and the tip's labels change with it).
import { api } from './api.ts';
import { say } from './messages.ts';
import { showError, showStatus } from './status.ts';

export function enhanceLabels(): void {
  document.querySelectorAll<HTMLButtonElement>('button.delete-label').forEach((button) => button.addEventListener('click', () => {
    const { deskId, labelId, name } = button.dataset;
    if (!confirm(say('js.confirmDeleteLabel', { name: name ?? '' }))) return;
    button.disabled = true;
    api('DELETE', `/desks/${deskId}/labels/${labelId}`).then(() => {
      showStatus(say('js.labelDeleted'));
      location.reload();
    }, (error: unknown) => {
      button.disabled = false;
      showError(error);
    });
  }));
}
