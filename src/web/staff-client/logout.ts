// Logging out ends the session on the server and wipes the personal key from this tab, even
// when the server cannot be reached (the key must not outlive the intent to leave).
import { api } from './api.ts';
import { forgetPersonalKey } from './personal-key.ts';

export function enhanceLogout(button: HTMLButtonElement): void {
  button.addEventListener('click', () => {
    forgetPersonalKey();
    const lang = document.documentElement.lang === 'ko' ? '&lang=ko' : '';
    void api('POST', '/logout').catch(() => undefined).finally(() => location.assign(`/staff/login?loggedOut=1${lang}`));
  });
}
