// /staff/login: derive from the passphrase in this browser (scrypt, a second or so; the form
// shows it is working), send the login key with the second factor, open the personal secret key
// with the key-encryption key and keep it in this tab. The passphrase never leaves the page.
import { toBase64 } from '../../crypto/index.ts';
import { api, ApiError } from './api.ts';
import { deriveForAccount, openPersonalSecret } from './derive.ts';
import { say } from './messages.ts';
import { keepPersonalKey } from './personal-key.ts';
import { showError, showStatus, whileWorking } from './status.ts';

interface LoggedIn {
  staff: { id: string };
  encryptedSecretKey: string;
}

export function enhanceLogin(form: HTMLFormElement): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
    const username = value('username').toLowerCase();
    const passphrase = (form.elements.namedItem('passphrase') as HTMLInputElement).value;
    const totpCode = value('totpCode');
    const recoveryCode = value('recoveryCode');
    showStatus(say('js.working'));
    void whileWorking(form, async () => {
      const keys = await deriveForAccount(username, passphrase);
      const done = await api<LoggedIn>('POST', '/login', {
        username, loginKey: toBase64(keys.loginKey), ...(recoveryCode ? { recoveryCode } : { totpCode }),
      });
      const secret = openPersonalSecret(done.encryptedSecretKey, keys.kek);
      keys.kek.fill(0);
      if (!secret) return showStatus(say('js.wrongPassphrase'), 'error');
      keepPersonalKey(done.staff.id, secret);
      secret.fill(0);
      location.assign(form.dataset.next || '/staff');
    }).catch((error: unknown) => {
      if (error instanceof ApiError && error.code === 'login_failed') showStatus(say('js.loginFailed'), 'error');
      else if (error instanceof ApiError && error.code === 'login_locked') showStatus(say('js.locked'), 'error');
      else showError(error);
    });
  });
}
