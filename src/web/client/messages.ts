// The words the bundle adds to a page, in the page's language (<html lang>). Everything comes
// from the same catalogs and formatter as the server's pages (src/web/i18n), so both paths read
// alike; what only the JavaScript path says (progress, the per-file warning before sending,
// network trouble) has `js.*` keys there, translated like every other key. The list is in
// docs/source-flow.md ("Strings of the browser bundle").
import { CATALOGS, DEFAULT_LOCALE, isLocale, t as catalogText, type Locale, type MessageKey, type MessageValues } from '../i18n/i18n.ts';

export function pageLocale(): Locale {
  const lang = document.documentElement.lang;
  return isLocale(lang) ? lang : DEFAULT_LOCALE;
}

/**
 * A page's path in this page's language, staying where the reader is: under the prefix this
 * page was reached by (`/ko/return`), or without one when the page was served at `/`. The
 * instance's default language is not known here and need not be.
 */
export function pagePath(path: string): string {
  const locale = pageLocale();
  const prefixed = location.pathname.split('/')[1] === locale;
  return prefixed ? `/${locale}${path === '/' ? '' : path}` : path;
}

/** A catalog message; a key no catalog has comes back as itself (see rejectionReason). */
export function t(key: string, values: MessageValues = {}): string {
  // Object.hasOwn: the catalogs are plain objects; keys like `constructor` are not messages.
  return Object.hasOwn(CATALOGS.en, key) ? catalogText(pageLocale(), key as MessageKey, values) : key;
}
