// Node entry: embedded libSQL file (default) or a libSQL server, migrations at start, graceful
// shutdown. Configuration from the environment (see README): HOST, PORT, DATABASE_URL,
// DATABASE_AUTH_TOKEN, TIPLINE_ACCESS_LOG, the intake limits, and for the source pages
// TIPLINE_NEWSROOM_NAME, TIPLINE_NEWSROOM_INTRO, TIPLINE_NEWSROOM_LOGO, TIPLINE_ONION_ADDRESS,
// TIPLINE_FORM_MAX_BYTES, TIPLINE_FORM_SLOTS, TIPLINE_MIN_MESSAGE_CHARS, and the languages:
// TIPLINE_DEFAULT_LOCALE, TIPLINE_NEWSROOM_NAME_<LANG> and TIPLINE_NEWSROOM_INTRO_<LANG>.
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { openNodeDatabase } from './db/open-node.ts';
import { systemClock } from './domain/context.ts';
import { DEFAULT_INTAKE_LIMITS } from './http/intake-gate.ts';
import { HYGIENE_OPTIONS } from './http/page-paths.ts';
import { DEFAULT_FORM_MAX_BYTES, DEFAULT_MIN_MESSAGE_CHARS, DEFAULT_NEWSROOM } from './http/page-deps.ts';
import { DEFAULT_FORM_SLOTS } from './http/form-slots.ts';
import { hygienicFetch } from './node-hygiene.ts';
import { startBackgroundJobs } from './node-jobs.ts';
import { nodeAssets } from './web/assets-node.ts';
import { isLocale, LOCALES, type Locale } from './web/i18n/i18n.ts';
import type { NewsroomTexts } from './web/pages/context.ts';

const env = process.env;
const db = await openNodeDatabase({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN });
const log = { info: (line: string) => console.log(line), error: (line: string) => console.error(line) };
const intake = {
  globalPerMinute: Number(env.TIPLINE_INTAKE_PER_MINUTE || DEFAULT_INTAKE_LIMITS.globalPerMinute),
  perDeskPerMinute: Number(env.TIPLINE_DESK_INTAKE_PER_MINUTE || DEFAULT_INTAKE_LIMITS.perDeskPerMinute),
  powDifficulty: Number(env.TIPLINE_POW_DIFFICULTY ?? DEFAULT_INTAKE_LIMITS.powDifficulty),
};
/** A positive whole number from the environment, or the default; anything else stops the start. */
function positiveInt(name: string, fallback: number): number {
  const raw = env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
  return value;
}
const defaultLocale = env.TIPLINE_DEFAULT_LOCALE || undefined;
if (defaultLocale !== undefined && !isLocale(defaultLocale)) throw new Error(`TIPLINE_DEFAULT_LOCALE must be one of ${LOCALES.join(', ')}`);
/** The newsroom's name and intro per language: TIPLINE_NEWSROOM_NAME_KO, TIPLINE_NEWSROOM_INTRO_ZH_HANS, ... */
function newsroomTranslations(): Partial<Record<Locale, NewsroomTexts>> {
  const translations: Partial<Record<Locale, NewsroomTexts>> = {};
  for (const locale of LOCALES) {
    const suffix = locale.toUpperCase().replace('-', '_');
    const name = env[`TIPLINE_NEWSROOM_NAME_${suffix}`];
    const intro = env[`TIPLINE_NEWSROOM_INTRO_${suffix}`];
    if (name || intro) translations[locale] = { ...(name ? { name } : {}), ...(intro ? { intro } : {}) };
  }
  return translations;
}
const logoPath = env.TIPLINE_NEWSROOM_LOGO;
if (logoPath && !/^\/(?!\/)/.test(logoPath)) throw new Error('TIPLINE_NEWSROOM_LOGO must be a path on this site, like /static/logo.svg');
const config = {
  accessLog: env.TIPLINE_ACCESS_LOG === '1',
  intake,
  newsroom: {
    name: env.TIPLINE_NEWSROOM_NAME || DEFAULT_NEWSROOM.name,
    intro: env.TIPLINE_NEWSROOM_INTRO || DEFAULT_NEWSROOM.intro,
    ...(logoPath ? { logoPath } : {}),
    translations: newsroomTranslations(),
  },
  defaultLocale,
  onionAddress: env.TIPLINE_ONION_ADDRESS || undefined,
  formMaxBytes: positiveInt('TIPLINE_FORM_MAX_BYTES', DEFAULT_FORM_MAX_BYTES),
  formSlots: positiveInt('TIPLINE_FORM_SLOTS', DEFAULT_FORM_SLOTS),
  minMessageChars: positiveInt('TIPLINE_MIN_MESSAGE_CHARS', DEFAULT_MIN_MESSAGE_CHARS),
};
const app = createApp({ db, clock: systemClock, config, log, assets: nodeAssets() });
// Retention purge and signed audit checkpoints (TIPLINE_PURGE_INTERVAL_MINUTES, TIPLINE_AUDIT_SIGNING_KEY_FILE).
const jobs = startBackgroundJobs({ db, clock: systemClock }, env, log);

// Identity headers go before the request reaches the app (src/node-hygiene.ts).
const fetch = hygienicFetch(app.fetch, HYGIENE_OPTIONS);
const server = serve({ fetch, hostname: env.HOST || '127.0.0.1', port: Number(env.PORT || 8787) }, (info) => {
  log.info(`tipline listening on http://${info.address}:${info.port}`);
});

function shutdown() {
  // Stop accepting, let in-flight requests finish (their transactions commit), then close the db.
  server.close(async () => {
    await jobs.stop();
    db.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
