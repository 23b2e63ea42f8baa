// The languages Tipline ships. Kept here, free of catalogs and formatters, because the domain
// needs the list too (desk texts per language, codename word lists) and must not pull the
// source pages' message catalogs into the CLI or the Worker. src/web/i18n checks that every
// language here has a complete catalog, and no catalog exists for a language not here.
export const LOCALES = ['en', 'ko', 'zh-Hans'] as const;

export type Locale = (typeof LOCALES)[number];

/** The language of `/` when the instance sets none (TIPLINE_DEFAULT_LOCALE). */
export const DEFAULT_LOCALE: Locale = 'en';

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

/**
 * Each language named in itself, for the language menu: a reader who does not understand the
 * current page must still find their own language. Not in the catalogs on purpose: these are
 * the same on every page, whatever its language.
 */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  ko: '한국어',
  'zh-Hans': '简体中文',
};
