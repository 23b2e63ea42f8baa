// Which kind of route a path is: the JSON API, a page in some language, or one of the
// conversation routes on which the session cookie may pass hygiene (hygiene.ts).
import type { HygieneOptions } from './hygiene.ts';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../web/i18n/i18n.ts';

export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** The language prefix of a path, if it has one (`ko` in `/ko/return`; `en` in `/en/` too). */
function prefixOf(path: string): Locale | null {
  const first = path.split('/')[1] ?? '';
  return isLocale(first) ? first : null;
}

/** `/ko/return` is Korean, `/return` the instance's default language. */
export function localeOfPath(path: string, defaultLocale: Locale = DEFAULT_LOCALE): Locale {
  return prefixOf(path) ?? defaultLocale;
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

/** The newsroom's side: staff pages and the staff API. */
export function isStaffPath(path: string): boolean {
  return path === '/staff' || path.startsWith('/staff/') || path === '/api/v1/staff' || path.startsWith('/api/v1/staff/');
}

/** What request hygiene lets through where (hygiene.ts), the same in the app and on Node. */
export const HYGIENE_OPTIONS: HygieneOptions = { sessionCookieOn: isSessionPath, acceptEncodingOn: isStaticPath, staffOn: isStaffPath };

/** The built browser bundle: its responses may be compressed (see hygiene.ts). */
export function isStaticPath(path: string): boolean {
  return path.startsWith('/static/');
}
