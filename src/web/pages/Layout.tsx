// The frame of every source page: landmarks, language, one stylesheet, and the source bundle
// where a page can use it. Nothing inline (the CSP forbids inline script and style) and
// nothing from another origin. The language menu sits at the very top, before the skip link
// target, so a reader who cannot read this page's language finds theirs first.
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { t } from '../i18n/i18n.ts';
import { newsroomName, pagePath, type PageContext } from './context.ts';
import { LanguageMenu } from './LanguageMenu.tsx';

export interface LayoutProps {
  page: PageContext;
  title: string;
  /** Load /static/source.js, which enhances forms (stripping and sealing in the browser). */
  script?: boolean;
  /**
   * This page without a language prefix, for the language menu (the start page if not given);
   * null leaves the menu out (a page that must not be left by accident, like the one showing a
   * codename once).
   */
  path?: string | null;
  children?: Child;
}

export function Layout({ page, title, script, path = '/', children }: LayoutProps) {
  const { locale, newsroom } = page;
  const name = newsroomName(page);
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          <title>{t(locale, 'meta.title', { page: title, newsroom: name })}</title>
          <link rel="stylesheet" href="/static/app.css" />
          {script ? <script src="/static/source.js" defer></script> : null}
        </head>
        <body>
          <a class="skip" href="#main">{t(locale, 'layout.skip')}</a>
          <header>
            {path === null ? null : <LanguageMenu page={page} path={path} />}
            <a class="brand" href={pagePath(page, '/')}>
              {newsroom.logoPath ? <img src={newsroom.logoPath} alt="" /> : null}
              <span>{name}</span>
            </a>
          </header>
          <main id="main">{children}</main>
          <footer>
            <p>{t(locale, 'layout.footer')}</p>
            <nav>
              <a href={pagePath(page, '/')}>{t(locale, 'layout.home')}</a>
              <a href={pagePath(page, '/return')}>{t(locale, 'layout.return')}</a>
            </nav>
          </footer>
        </body>
      </html>
    </>
  );
}
