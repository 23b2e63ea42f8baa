// The routing rules list: rows are added from the page's <template> and removed in place; saving
// sends the whole ordered list (PUT /routing-rules replaces it; new tips only).
import { api } from './api.ts';
import { say } from './messages.ts';
import { showError, showStatus, whileWorking } from './status.ts';

function ruleOf(row: HTMLTableRowElement) {
  const get = (name: string) => (row.querySelector(`[name="${name}"]`) as HTMLInputElement | HTMLSelectElement).value.trim();
  const flag = (name: string) => (get(name) === '' ? undefined : get(name) === 'true');
  const match = {
    ...(get('desk') ? { desk: get('desk') } : {}),
    ...(get('topic') ? { topic: get('topic') } : {}),
    ...(get('language') ? { language: get('language') } : {}),
    ...(flag('hasFiles') === undefined ? {} : { hasFiles: flag('hasFiles') }),
    ...(flag('urgent') === undefined ? {} : { urgent: flag('urgent') }),
  };
  return { match, targetDeskId: get('targetDeskId') };
}

export function enhanceRouting(form: HTMLFormElement): void {
  const rows = form.querySelector('#routing-rows')!;
  const template = form.querySelector<HTMLTemplateElement>('#routing-row-template')!;
  const wireRemove = (row: Element) => row.querySelector('.routing-remove')?.addEventListener('click', () => row.remove());
  rows.querySelectorAll('tr').forEach(wireRemove);
  form.querySelector('#routing-add')?.addEventListener('click', () => {
    const row = template.content.firstElementChild!.cloneNode(true) as HTMLTableRowElement;
    wireRemove(row);
    rows.append(row);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void whileWorking(form, async () => {
      const rules = [...rows.querySelectorAll<HTMLTableRowElement>('tr.routing-row')].map(ruleOf);
      await api('PUT', '/routing-rules', { rules });
      showStatus(say('js.saved'));
    }).catch(showError);
  });
}
