// GET /staff/login. The bundle asks for the account's salt, derives the login key and the key
// that opens the personal secret key (scrypt, in this browser), and sends only the login key.
import { sayer, type StaffPage } from './context.ts';
import { Field, JsSubmit } from './Field.tsx';
import { StaffLayout } from './StaffLayout.tsx';

export function LoginPage({ page, next, loggedOut, otherLanguageHref }: { page: StaffPage; next: string; loggedOut: boolean; otherLanguageHref: string }) {
  const say = sayer(page);
  const title = say('login.title');
  return (
    <StaffLayout page={page} title={title} kind="login" otherLanguageHref={otherLanguageHref}>
      <h1>{title}</h1>
      {loggedOut ? <p class="notice">{say('login.loggedOut')}</p> : null}
      <form id="login-form" data-next={next}>
        <Field id="login-username" label={say('login.username')}>
          <input type="text" id="login-username" name="username" autocomplete="username" autocapitalize="none" spellcheck={false} required />
        </Field>
        <Field id="login-passphrase" label={say('login.passphrase')}>
          <input type="password" id="login-passphrase" name="passphrase" autocomplete="current-password" required />
        </Field>
        <Field id="login-code" label={say('login.code')}>
          <input type="text" id="login-code" name="totpCode" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength={6} />
        </Field>
        <details>
          <summary>{say('login.recovery')}</summary>
          <Field id="login-recovery" label={say('login.recovery')} hint={say('login.recoveryHint')}>
            <input type="text" id="login-recovery" name="recoveryCode" autocomplete="off" spellcheck={false} aria-describedby="login-recovery-hint" />
          </Field>
        </details>
        <progress id="login-progress" hidden></progress>
        <JsSubmit label={say('login.submit')} />
      </form>
    </StaffLayout>
  );
}
