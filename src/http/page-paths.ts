// Which kind of route a path is: the JSON API, a page in some language, or one of the
// conversation routes on which the session cookie may pass hygiene (hygiene.ts).
import { DEFAULT_LOCALE, isLocale, type Locale } from '../web/i18n/i18n.ts';

export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** The language prefix of a path, if it has one (`ko` in `/ko/return`). */
function prefixOf(path: string): Locale | null {
  const first = path.split('/')[1] ?? '';
  return first !== DEFAULT_LOCALE && isLocale(first) ? first : null;
}

/** `/ko/return` is Korean, `/return` the default language. */
export function localeOfPath(path: string): Locale {
  return prefixOf(path) ?? DEFAULT_LOCALE;
}

/** The path without its language prefix. */
function withoutLocale(path: string): string {
  const prefix: string | null = prefixOf(path);
  return prefix === null ? path : path.slice(prefix.length + 1) || '/';
}

export function isSessionPath(path: string): boolean {
  const bare = withoutLocale(path);
  return bare === '/conversation' || bare.startsWith('/conversation/') || bare === '/logout';
}

/** The built browser bundle: its responses may be compressed (see hygiene.ts). */
export function isStaticPath(path: string): boolean {
  return path.startsWith('/static/');
}
