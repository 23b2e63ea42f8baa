// What every newsroom page needs besides its own data: the reader's language, who is signed in
// (with the session's CSRF token, which the page hands to the staff bundle in a <meta> tag) and
// the newsroom's name.
import type { StaffIdentity } from '../../domain/staff/identity.ts';
import { st, type StaffLocale, type StaffMessageKey } from './i18n/index.ts';

export interface StaffPage {
  locale: StaffLocale;
  newsroomName: string;
  /** Null on the login and enrollment pages. */
  me: StaffIdentity | null;
  csrfToken: string | null;
}

type Query = Record<string, string | number | boolean | null | undefined>;

/** A staff path with its query, keeping the language choice (`lang=ko`) on every link. */
export function staffHref(page: Pick<StaffPage, 'locale'>, path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '' && value !== false) params.set(name, String(value));
  }
  if (page.locale !== 'en') params.set('lang', page.locale);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** st() bound to the page's language. */
export function sayer(page: Pick<StaffPage, 'locale'>) {
  return (key: StaffMessageKey, values?: Record<string, string | number>) => st(page.locale, key, values);
}
