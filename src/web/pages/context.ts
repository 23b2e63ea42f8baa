// What every page needs besides its own data: the reader's language and the newsroom.
import type { Locale } from '../i18n/i18n.ts';

export interface NewsroomConfig {
  /** Shown in every header and title. */
  name: string;
  /** A short paragraph on the start page, in the newsroom's words. */
  intro: string;
  /** A same-origin path (e.g. `/static/logo.svg`); the CSP allows no other images. */
  logoPath?: string;
}

export interface PageContext {
  locale: Locale;
  newsroom: NewsroomConfig;
}
