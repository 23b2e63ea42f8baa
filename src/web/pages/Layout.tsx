// The frame of every source page: landmarks, language, one stylesheet, and the source bundle
// where a page can use it. Nothing inline (the CSP forbids inline script and style) and
// nothing from another origin.
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { localePath, t } from '../i18n/i18n.ts';
import type { PageContext } from './context.ts';

export interface LayoutProps {
  page: PageContext;
  title: string;
  /** Load /static/source.js, which enhances forms (stripping and sealing in the browser). */
  script?: boolean;
  children?: Child;
}

export function Layout({ page, title, script, children }: LayoutProps) {
  const { locale, newsroom } = page;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          <title>{t(locale, 'meta.title', { page: title, newsroom: newsroom.name })}</title>
          <link rel="stylesheet" href="/static/app.css" />
          {script ? <script src="/static/source.js" defer></script> : null}
        </head>
        <body>
          <a class="skip" href="#main">{t(locale, 'layout.skip')}</a>
          <header>
            <a class="brand" href={localePath(locale, '/')}>
              {newsroom.logoPath ? <img src={newsroom.logoPath} alt="" /> : null}
              <span>{newsroom.name}</span>
            </a>
          </header>
          <main id="main">{children}</main>
          <footer>
            <p>{t(locale, 'layout.footer')}</p>
            <nav>
              <a href={localePath(locale, '/')}>{t(locale, 'layout.home')}</a>
              <a href={localePath(locale, '/return')}>{t(locale, 'layout.return')}</a>
            </nav>
          </footer>
        </body>
      </html>
    </>
  );
}
