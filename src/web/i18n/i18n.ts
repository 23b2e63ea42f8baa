// Message catalogs and t(). The language comes from the path prefix only (`/ko/...`,
// `/zh-Hans/...`, `/en/...`; `/` is the instance's default language), never from
// Accept-Language or a cookie: the header is stripped before any handler runs, and a page that
// answered it would tell the network which language the reader prefers.
import { IntlMessageFormat } from 'intl-messageformat';
import { DEFAULT_LOCALE, type Locale } from '../../domain/locales.ts';
import { en, type MessageKey } from './messages/en.ts';
import { ko } from './messages/ko.ts';
import { zhHans } from './messages/zh-Hans.ts';

export type { MessageKey } from './messages/en.ts';
export { DEFAULT_LOCALE, isLocale, LOCALE_NAMES, LOCALES, type Locale } from '../../domain/locales.ts';

/**
 * One complete catalog per shipped language: a missing key (in ko.ts, zh-Hans.ts) or a missing
 * or unknown language here is a type error.
 */
export const CATALOGS = { en, ko, 'zh-Hans': zhHans } satisfies Record<Locale, Record<MessageKey, string>>;

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
    // ignoreTag: catalogs hold plain text; `<` is a character, not markup. The locale picks
    // the plural rules (Korean and Chinese have one form), digits and date order.
    format = new IntlMessageFormat(CATALOGS[locale][key], locale, FORMATS, { ignoreTag: true });
    compiled.set(cacheKey, format);
  }
  return String(format.format(values));
}

/** "location, dates and author names", in the reader's language. */
export function formatList(locale: Locale, items: string[]): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}

/**
 * The path of a page in a language: the instance's default language lives at `/return`, every
 * other one under its prefix (`/ko/return`). Every language is also served under its own
 * prefix (`/en/return` too), so a link made for another instance default still works.
 */
export function localePath(locale: Locale, path: string, defaultLocale: Locale = DEFAULT_LOCALE): string {
  return locale === defaultLocale ? path : `/${locale}${path === '/' ? '' : path}`;
}
