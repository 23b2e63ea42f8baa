// Plain links to the same page in every language: no JavaScript, no cookie, no form. The
// choice lives in the URL alone, so nothing on the device or in a request header remembers it.
// Each language is named in itself and marked with `lang` (read aloud and shaped correctly)
// and `hreflang`; the current one is marked with aria-current rather than left out, so the
// list looks the same on every page.
import { LOCALE_NAMES, LOCALES, t } from '../i18n/i18n.ts';
import { pathIn, type PageContext } from './context.ts';

/** `path`: this page without a language prefix (`/submit/politics`). */
export function LanguageMenu({ page, path }: { page: PageContext; path: string }) {
  return (
    <nav class="languages" aria-label={t(page.locale, 'layout.languages')}>
      <ul>
        {LOCALES.map((locale) => (
          <li>
            <a href={pathIn(page, locale, path)} lang={locale} hreflang={locale} aria-current={locale === page.locale ? 'page' : undefined}>
              {LOCALE_NAMES[locale]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
