// GET /staff/enroll/:token. Everything secret is made in this browser by the bundle: the
// passphrase-derived keys, the personal key pair and the authenticator secret (shown as text
// and as a QR code). The server gets the login key, the public key, the personal secret key
// encrypted under the passphrase, and the authenticator secret it must hold to check codes.
import { MIN_PASSPHRASE_CHARS } from '../../crypto/staff-keys.ts';
import type { StaffRole } from '../../domain/staff/roles.ts';
import { sayer, staffHref, type StaffPage } from './context.ts';
import { Field, JsSubmit } from './Field.tsx';
import { StaffLayout } from './StaffLayout.tsx';

export interface EnrollPageProps {
  page: StaffPage;
  token: string;
  /** Null when the invitation is used, expired or unknown. */
  role: StaffRole | null;
  otherLanguageHref: string;
}

export function EnrollPage({ page, token, role, otherLanguageHref }: EnrollPageProps) {
  const say = sayer(page);
  const title = say('enroll.title');
  return (
    <StaffLayout page={page} title={title} kind="enroll" otherLanguageHref={otherLanguageHref}>
      <h1>{title}</h1>
      {role === null ? <p class="notice" role="alert">{say('enroll.invalid')}</p> : (
        <>
          <p>{say('enroll.intro', { role: say(`role.${role}`) })}</p>
          <form id="enroll-form" data-token={token} data-min-passphrase={String(MIN_PASSPHRASE_CHARS)}>
            <Field id="enroll-username" label={say('enroll.username')} hint={say('enroll.usernameHint')}>
              <input type="text" id="enroll-username" name="username" autocomplete="username" autocapitalize="none"
                spellcheck={false} pattern="[a-z0-9][a-z0-9._\-]{1,39}" required aria-describedby="enroll-username-hint" />
            </Field>
            <Field id="enroll-display" label={say('enroll.displayName')}>
              <input type="text" id="enroll-display" name="displayName" autocomplete="name" maxlength={80} required />
            </Field>
            <Field id="enroll-passphrase" label={say('enroll.passphrase')} hint={say('enroll.passphraseHint', { min: MIN_PASSPHRASE_CHARS })}>
              <input type="password" id="enroll-passphrase" name="passphrase" autocomplete="new-password"
                minlength={MIN_PASSPHRASE_CHARS} required aria-describedby="enroll-passphrase-hint" />
            </Field>
            <Field id="enroll-confirm" label={say('enroll.confirm')}>
              <input type="password" id="enroll-confirm" name="confirm" autocomplete="new-password" minlength={MIN_PASSPHRASE_CHARS} required />
            </Field>
            <fieldset>
              <legend>{say('enroll.totpTitle')}</legend>
              <p>{say('enroll.totpExplain')}</p>
              <canvas id="totp-qr" width="232" height="232" role="img" aria-label={say('enroll.totpTitle')}></canvas>
              <p>{say('enroll.totpSecret')}: <code id="totp-secret"></code></p>
              <Field id="enroll-code" label={say('enroll.totpCode')}>
                <input type="text" id="enroll-code" name="totpCode" inputmode="numeric" autocomplete="one-time-code"
                  pattern="[0-9]{6}" maxlength={6} required />
              </Field>
            </fieldset>
            <progress id="enroll-progress" hidden></progress>
            <JsSubmit label={say('enroll.submit')} />
          </form>
          <section id="recovery" hidden>
            <h2>{say('enroll.recoveryTitle')}</h2>
            <p class="notice">{say('enroll.recoveryExplain')}</p>
            <ol id="recovery-codes" class="recovery-codes"></ol>
            <p><a id="enroll-continue" href={staffHref(page, '/staff')}>{say('enroll.continue')}</a></p>
          </section>
        </>
      )}
    </StaffLayout>
  );
}
