// /return: the codename is turned into keys in the worker, never sent; the lookup key reads the
// conversation through POST /api/v1/conversation. An unknown codename and a mistyped one get the
// same words, after the same work. The keys stay in this page's memory until it is left.
import { SubmitError } from '../../client/http.ts';
import { readConversation } from './api.ts';
import { showConversation } from './conversation.ts';
import { t } from './messages.ts';
import { StatusLine } from './progress.ts';
import { failureText } from './tip-form.ts';
import type { WorkerClient } from './worker-client.ts';

export function enhanceReturnPage(form: HTMLFormElement, worker: WorkerClient): void {
  const input = form.querySelector<HTMLInputElement>('#codename-input');
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"], button:not([type])');
  const status = new StatusLine(button ?? form.lastElementChild ?? form);
  let busy = false;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy || !input) return;
    busy = true;
    if (button) button.disabled = true;
    open(input.value).finally(() => {
      busy = false;
      if (button) button.disabled = false;
    });
  });

  async function open(codename: string) {
    status.info(t('js.status.opening'));
    let keys;
    try {
      // Even an empty or mistyped codename is derived: the answer must not come faster for it.
      keys = await worker.call('derive', { codename: codename.trim() ? codename : '-' });
    } catch (error) {
      status.error(failureText(error));
      return;
    }
    try {
      const conversation = await readConversation(keys.lookupKey);
      input!.value = '';
      status.clear();
      await showConversation({ main: form.closest('main') ?? document.body, worker, keys, conversation });
    } catch (error) {
      keys.lookupKey.fill(0);
      keys.replySecretKey.fill(0);
      // The same words as the no-JS page for every codename that leads nowhere.
      if (error instanceof SubmitError && error.code === 'unknown_codename') status.error(t('return.unknown'));
      else status.error(failureText(error));
      input?.focus();
    }
  }
}
