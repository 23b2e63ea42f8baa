// /staff/enroll/:token: everything secret is made here. The passphrase gives (scrypt, 2^15, in
// this browser) a login key, of which the server keeps a hash, and a key-encryption key that
// encrypts the new personal secret key; the authenticator secret is random. The server gets the
// login key, the public key, the encrypted secret key and the authenticator secret; then shows
// the recovery codes once, which only this page displays.
import {
  encryptSecretKey, deriveStaffKeys, generateBoxKeyPair, newStaffSalt, STAFF_KDF_LOG_N, toBase64,
} from '../../crypto/index.ts';
import { api, ApiError, setCsrfToken } from './api.ts';
import { h } from '../client/dom.ts';
import { say } from './messages.ts';
import { keepPersonalKey } from './personal-key.ts';
import { showError, showStatus, whileWorking } from './status.ts';
import { base32Secret, drawQr, newTotpSecret, otpauthUri } from './totp-setup.ts';

interface Enrolled {
  staff: { id: string };
  csrfToken: string;
  recoveryCodes: string[];
}

export function enhanceEnroll(form: HTMLFormElement): void {
  const totpSecret = newTotpSecret();
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
  const issuer = document.querySelector('.brand')?.textContent?.trim() || 'Tipline';
  const canvas = document.getElementById('totp-qr') as HTMLCanvasElement | null;
  const redraw = () => canvas && drawQr(canvas, otpauthUri(totpSecret, issuer, field('username').value.trim().toLowerCase()));
  document.getElementById('totp-secret')!.textContent = base32Secret(totpSecret).replace(/(.{4})/g, '$1 ').trim();
  redraw();
  field('username').addEventListener('change', redraw);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const passphrase = field('passphrase').value;
    const min = Number(form.dataset.minPassphrase ?? '12');
    if ([...passphrase].length < min) return showStatus(say('js.passphraseShort', { min }), 'error');
    if (passphrase !== field('confirm').value) return showStatus(say('js.passphraseMismatch'), 'error');
    showStatus(say('js.working'));
    void whileWorking(form, async () => {
      const salt = newStaffSalt();
      const keys = await deriveStaffKeys(passphrase, salt, STAFF_KDF_LOG_N);
      const personal = generateBoxKeyPair();
      const done = await api<Enrolled>('POST', '/enroll', {
        token: form.dataset.token, username: field('username').value.trim().toLowerCase(), displayName: field('displayName').value.trim(),
        kdfSalt: toBase64(salt), kdfLogN: STAFF_KDF_LOG_N, loginKey: toBase64(keys.loginKey),
        publicKey: toBase64(personal.publicKey), encryptedSecretKey: toBase64(encryptSecretKey(personal.secretKey, keys.kek)),
        totpSecret: toBase64(totpSecret), totpCode: field('totpCode').value.trim(),
      });
      keys.kek.fill(0);
      keepPersonalKey(done.staff.id, personal.secretKey);
      personal.secretKey.fill(0);
      setCsrfToken(done.csrfToken);
      showRecoveryCodes(form, done.recoveryCodes);
    }).catch((error: unknown) => {
      if (error instanceof ApiError && error.code === 'bad_totp') showStatus(say('js.badCode'), 'error');
      else showError(error);
    });
  });
}

function showRecoveryCodes(form: HTMLFormElement, codes: string[]): void {
  form.hidden = true;
  showStatus('');
  const list = document.getElementById('recovery-codes')!;
  list.replaceChildren(...codes.map((code) => h('li', {}, code)));
  const section = document.getElementById('recovery')!;
  section.hidden = false;
  section.querySelector('h2')?.setAttribute('tabindex', '-1');
  section.querySelector<HTMLElement>('h2')?.focus();
}
