// The frame of every newsroom page. The staff bundle (/static/staff.js, never loaded by source
// pages) does the cryptography; the page carries the session's CSRF token in a <meta> tag for
// it, and an unlock form it shows when this tab no longer holds the personal key. Nothing
// inline: the staff CSP (page-headers.ts) allows scripts and styles from this origin only.
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { sayer, staffHref, type StaffPage } from './context.ts';

export interface StaffLayoutProps {
  page: StaffPage;
  title: string;
  /** Tells the bundle which page it is on (data-page on <body>). */
  kind: string;
  /** This page in the other language (same path and query, `lang` switched). */
  otherLanguageHref: string;
  children?: Child;
}

export function StaffLayout({ page, title, kind, otherLanguageHref, children }: StaffLayoutProps) {
  const say = sayer(page);
  const me = page.me;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={page.locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          {page.csrfToken ? <meta name="csrf-token" content={page.csrfToken} /> : null}
          <title>{say('meta.title', { page: title, newsroom: page.newsroomName })}</title>
          <link rel="stylesheet" href="/static/app.css" />
          <link rel="stylesheet" href="/staff/staff.css" />
          <script src="/static/staff.js" defer></script>
        </head>
        <body class="staff" data-page={kind} data-staff-id={me?.id ?? ''} data-username={me?.username ?? ''}>
          <a class="skip" href="#main">{say('layout.skip')}</a>
          <header>
            <nav aria-label={say('nav.label')}>
              <span class="brand">{page.newsroomName}</span>
              {me ? <StaffNav page={page} /> : null}
              <a href={otherLanguageHref} lang={page.locale === 'en' ? 'ko' : 'en'}>{say('nav.otherLanguage')}</a>
            </nav>
            {me ? <p class="whoami">{say('layout.signedIn', { name: me.displayName, role: say(`role.${me.role}`) })}</p> : null}
          </header>
          <noscript><p class="notice">{say('layout.noscript')}</p></noscript>
          <p id="staff-status" role="status" aria-live="polite"></p>
          {me ? <UnlockForm page={page} /> : null}
          <main id="main">{children}</main>
        </body>
      </html>
    </>
  );
}

function StaffNav({ page }: { page: StaffPage }) {
  const say = sayer(page);
  return (
    <>
      <a href={staffHref(page, '/staff')}>{say('nav.inbox')}</a>
      <a href={staffHref(page, '/staff/assigned')}>{say('nav.assigned')}</a>
      <a href={staffHref(page, '/staff/drafts')}>{say('nav.drafts')}</a>
      {page.me?.role === 'admin' ? <a href={staffHref(page, '/staff/admin')}>{say('nav.admin')}</a> : null}
      {page.me?.role === 'admin' ? <a href={staffHref(page, '/staff/audit')}>{say('nav.audit')}</a> : null}
      <button type="button" id="logout" class="secondary">{say('nav.logout')}</button>
    </>
  );
}

/** Shown by the bundle only when the tab lost the personal key while the session lives on. */
function UnlockForm({ page }: { page: StaffPage }) {
  const say = sayer(page);
  return (
    <section id="unlock" class="notice" hidden>
      <h2>{say('unlock.title')}</h2>
      <p>{say('unlock.explain')}</p>
      <form id="unlock-form">
        <div class="field">
          <label for="unlock-passphrase">{say('unlock.passphrase')}</label>
          <input type="password" id="unlock-passphrase" name="passphrase" autocomplete="current-password" required />
        </div>
        <button type="submit">{say('unlock.submit')}</button>
      </form>
    </section>
  );
}
