// Message catalogs and t(). The language comes from the path prefix only (`/`, later `/ko/`,
// `/zh-Hans/`), never from Accept-Language: that header is stripped before any handler runs,
// and a page that answered it would tell the network which language the reader prefers.
import { IntlMessageFormat } from 'intl-messageformat';
import { en, type MessageKey } from './messages/en.ts';

export type { MessageKey } from './messages/en.ts';

/** Every catalog must translate every key (a missing one is a type error). */
const CATALOGS = { en } satisfies Record<string, Record<MessageKey, string>>;

export type Locale = keyof typeof CATALOGS;
export const DEFAULT_LOCALE: Locale = 'en';
export const LOCALES = Object.keys(CATALOGS) as Locale[];

export function isLocale(value: string): value is Locale {
  return Object.hasOwn(CATALOGS, value);
}

export type MessageValues = Record<string, string | number | Date>;

/** Named formats the catalogs may use: `{day, date, day}` is a calendar day, as stored (UTC). */
const FORMATS = {
  date: { day: { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' } },
} as const;

const compiled = new Map<string, IntlMessageFormat>();

export function t(locale: Locale, key: MessageKey, values?: MessageValues): string {
  const cacheKey = `${locale}\u0000${key}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    // ignoreTag: catalogs hold plain text; `<` is a character, not markup.
    format = new IntlMessageFormat(CATALOGS[locale][key], locale, FORMATS, { ignoreTag: true });
    compiled.set(cacheKey, format);
  }
  return String(format.format(values));
}

/** "location, dates and author names", in the reader's language. */
export function formatList(locale: Locale, items: string[]): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}

/** The path of a page in a language: `/return` in English, `/ko/return` in Korean. */
export function localePath(locale: Locale, path: string): string {
  return locale === DEFAULT_LOCALE ? path : `/${locale}${path === '/' ? '' : path}`;
}
