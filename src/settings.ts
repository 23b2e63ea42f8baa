// The instance's settings from its environment: the one parser behind both entries, the Node
// server (process.env, src/node.ts) and the Worker ([vars], src/worker/config.ts), so both read
// the same names with the same defaults and checks (README lists them). Pure: no Node, no
// platform, only strings in; a value that is not what it claims throws, which stops the start
// instead of running half-set.
import type { AppConfig } from './app.ts';
import { isLocale, LOCALES, type Locale } from './domain/locales.ts';
import { UNFINISHED_UPLOAD_DAYS } from './domain/retention.ts';
import { DEFAULT_FORM_SLOTS } from './http/form-slots.ts';
import { DEFAULT_INTAKE_LIMITS } from './http/intake-gate.ts';
import { DEFAULT_FORM_MAX_BYTES, DEFAULT_MIN_MESSAGE_CHARS, DEFAULT_NEWSROOM } from './http/page-deps.ts';
import type { NewsroomConfig, NewsroomTexts } from './web/pages/context.ts';

/** Environment variables by name; unset and empty mean the same: the default. */
export type SettingsEnv = Readonly<Record<string, string | undefined>>;

function text(env: SettingsEnv, name: string): string | undefined {
  const raw = env[name];
  return raw ? raw : undefined;
}

/** A whole number ≥ `min`, or the default when unset; anything else is a configuration error. */
function wholeNumber(env: SettingsEnv, name: string, fallback: number, min = 1): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min}`);
  return value;
}

/** `ko` → `KO`, `zh-Hans` → `ZH_HANS`: the suffix of the per-language variables. */
const localeSuffix = (locale: Locale) => locale.toUpperCase().replace('-', '_');

/** The newsroom's name and intro per language: TIPLINE_NEWSROOM_NAME_KO, TIPLINE_NEWSROOM_INTRO_ZH_HANS, ... */
function newsroomTranslations(env: SettingsEnv): Partial<Record<Locale, NewsroomTexts>> {
  const translations: Partial<Record<Locale, NewsroomTexts>> = {};
  for (const locale of LOCALES) {
    const name = text(env, `TIPLINE_NEWSROOM_NAME_${localeSuffix(locale)}`);
    const intro = text(env, `TIPLINE_NEWSROOM_INTRO_${localeSuffix(locale)}`);
    if (name || intro) translations[locale] = { ...(name ? { name } : {}), ...(intro ? { intro } : {}) };
  }
  return translations;
}

function newsroom(env: SettingsEnv): NewsroomConfig {
  const logoPath = text(env, 'TIPLINE_NEWSROOM_LOGO');
  // The CSP allows images from this origin only; `//host/x` would be another origin.
  if (logoPath && !/^\/(?!\/)/.test(logoPath)) throw new Error('TIPLINE_NEWSROOM_LOGO must be a path on this site, like /static/logo.svg');
  const translations = newsroomTranslations(env);
  return {
    name: text(env, 'TIPLINE_NEWSROOM_NAME') ?? DEFAULT_NEWSROOM.name,
    intro: text(env, 'TIPLINE_NEWSROOM_INTRO') ?? DEFAULT_NEWSROOM.intro,
    ...(logoPath ? { logoPath } : {}),
    ...(Object.keys(translations).length > 0 ? { translations } : {}),
  };
}

/** What createApp needs (src/app.ts), the same on every runtime. */
export function appConfigFromEnv(env: SettingsEnv): AppConfig {
  const defaultLocale = text(env, 'TIPLINE_DEFAULT_LOCALE');
  if (defaultLocale !== undefined && !isLocale(defaultLocale)) throw new Error(`TIPLINE_DEFAULT_LOCALE must be one of ${LOCALES.join(', ')}`);
  const onionAddress = text(env, 'TIPLINE_ONION_ADDRESS');
  return {
    accessLog: env.TIPLINE_ACCESS_LOG === '1',
    intake: {
      globalPerMinute: wholeNumber(env, 'TIPLINE_INTAKE_PER_MINUTE', DEFAULT_INTAKE_LIMITS.globalPerMinute),
      perDeskPerMinute: wholeNumber(env, 'TIPLINE_DESK_INTAKE_PER_MINUTE', DEFAULT_INTAKE_LIMITS.perDeskPerMinute),
      powDifficulty: wholeNumber(env, 'TIPLINE_POW_DIFFICULTY', DEFAULT_INTAKE_LIMITS.powDifficulty, 0),
    },
    newsroom: newsroom(env),
    ...(defaultLocale ? { defaultLocale } : {}),
    ...(onionAddress ? { onionAddress } : {}),
    formMaxBytes: wholeNumber(env, 'TIPLINE_FORM_MAX_BYTES', DEFAULT_FORM_MAX_BYTES),
    formSlots: wholeNumber(env, 'TIPLINE_FORM_SLOTS', DEFAULT_FORM_SLOTS),
    minMessageChars: wholeNumber(env, 'TIPLINE_MIN_MESSAGE_CHARS', DEFAULT_MIN_MESSAGE_CHARS),
  };
}

/** Days before an unfinished upload is purged (TIPLINE_UNFINISHED_UPLOAD_DAYS). */
export function unfinishedUploadDays(env: SettingsEnv): number {
  return wholeNumber(env, 'TIPLINE_UNFINISHED_UPLOAD_DAYS', UNFINISHED_UPLOAD_DAYS);
}

/** Where the Node server listens (HOST, PORT); PORT=0 takes any free port. */
export function listenAddress(env: SettingsEnv): { hostname: string; port: number } {
  const port = wholeNumber(env, 'PORT', 8787, 0);
  if (port > 65_535) throw new Error('PORT must be a whole number of at most 65535');
  return { hostname: text(env, 'HOST') ?? '127.0.0.1', port };
}
