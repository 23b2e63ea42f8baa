// What every page needs besides its own data: the reader's language and the newsroom.
import { localePath, type Locale } from '../i18n/i18n.ts';

/** The newsroom's own words in one language; whatever is left out falls back to the default. */
export interface NewsroomTexts {
  name?: string;
  intro?: string;
}

export interface NewsroomConfig {
  /** Shown in every header and title. */
  name: string;
  /** A short paragraph on the start page, in the newsroom's words. */
  intro: string;
  /** A same-origin path (e.g. `/static/logo.svg`); the CSP allows no other images. */
  logoPath?: string;
  /**
   * The newsroom's language, served at `/` (TIPLINE_DEFAULT_LOCALE; English when unset). Every
   * language, this one included, is also served under its prefix (`/ko/`, `/en/`).
   */
  defaultLocale?: Locale;
  /** Name and intro per language (TIPLINE_NEWSROOM_NAME_KO, TIPLINE_NEWSROOM_INTRO_ZH_HANS, ...). */
  translations?: Partial<Record<Locale, NewsroomTexts>>;
}

export interface PageContext {
  locale: Locale;
  newsroom: NewsroomConfig;
}

/** A page's path in the reader's language on this instance (`/ko/return`, or `/return`). */
export function pagePath(page: PageContext, path: string): string {
  return localePath(page.locale, path, page.newsroom.defaultLocale);
}

/** The same page in another language: what the language menu links to. */
export function pathIn(page: PageContext, locale: Locale, path: string): string {
  return localePath(locale, path, page.newsroom.defaultLocale);
}

/** The newsroom's name in the reader's language, or its default name. */
export function newsroomName({ locale, newsroom }: PageContext): string {
  return newsroom.translations?.[locale]?.name || newsroom.name;
}

/** The start page's intro in the reader's language, or the default one. */
export function newsroomIntro({ locale, newsroom }: PageContext): string {
  return newsroom.translations?.[locale]?.intro || newsroom.intro;
}
