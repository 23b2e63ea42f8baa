// The cookie can outlive the tab's copy of the personal key (a new tab, a restored session):
// then the page shows its unlock form, derives the key-encryption key from the passphrase again
// and opens the personal key from GET /me. The passphrase and what it opens stay in the browser.
import type { KeyPair } from '../../crypto/index.ts';
import { api } from './api.ts';
import { deriveForAccount, openPersonalSecret } from './derive.ts';
import { say } from './messages.ts';
import { keepPersonalKey, personalKey } from './personal-key.ts';
import { showError, showStatus, whileWorking } from './status.ts';

export function ensurePersonalKey(staffId: string): Promise<KeyPair> {
  const kept = personalKey(staffId);
  if (kept) return Promise.resolve(kept);
  const section = document.getElementById('unlock');
  const form = document.getElementById('unlock-form');
  if (!section || !(form instanceof HTMLFormElement)) return Promise.reject(new Error(say('js.noKey')));
  section.hidden = false;
  form.querySelector<HTMLInputElement>('input[type="password"]')?.focus();
  return new Promise((resolve) => {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const field = form.elements.namedItem('passphrase') as HTMLInputElement;
      showStatus(say('js.working'));
      void whileWorking(form, async () => {
        const keys = await deriveForAccount(document.body.dataset.username ?? '', field.value);
        const me = await api<{ encryptedSecretKey: string }>('GET', '/me');
        const secret = openPersonalSecret(me.encryptedSecretKey, keys.kek);
        keys.kek.fill(0);
        if (!secret) return showStatus(say('js.wrongPassphrase'), 'error');
        keepPersonalKey(staffId, secret);
        field.value = '';
        section.hidden = true;
        showStatus('');
        resolve(personalKey(staffId)!);
      }).catch(showError);
    });
  });
}
