// The newsroom's message catalogs and st(). Source pages take their language from the path; staff
// pages do not (their paths are shared links: /staff/tips/:id must open for every colleague).
// A staff member picks Korean with `?lang=ko`, which every link and form on the page carries on
// (context.ts staffHref); English is the default. Nothing is stored about the choice.
import { IntlMessageFormat } from 'intl-messageformat';
import { en, type StaffMessageKey } from './en.ts';
import { ko } from './ko.ts';

export type { StaffMessageKey } from './en.ts';

export const STAFF_LOCALES = ['en', 'ko'] as const;
export type StaffLocale = (typeof STAFF_LOCALES)[number];

/** A missing key in ko.ts is a type error. */
export const STAFF_CATALOGS = { en, ko } satisfies Record<StaffLocale, Record<StaffMessageKey, string>>;

export function staffLocaleOf(value: string | undefined | null): StaffLocale {
  return value === 'ko' ? 'ko' : 'en';
}

const compiled = new Map<string, IntlMessageFormat>();

export function st(locale: StaffLocale, key: StaffMessageKey, values?: Record<string, string | number>): string {
  const cacheKey = `${locale}\u0000${key}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    format = new IntlMessageFormat(STAFF_CATALOGS[locale][key], locale, undefined, { ignoreTag: true });
    compiled.set(cacheKey, format);
  }
  return String(format.format(values));
}
