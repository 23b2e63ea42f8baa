// The Tipline app, built from its dependencies. Node (src/node.ts) and Workers (src/worker.ts)
// each build the database, clock and configuration and hand them in; nothing here knows which
// runtime it is on.
import { Hono } from 'hono';
import type { Database } from './db/database.ts';
import type { Clock } from './domain/context.ts';
import { accessLog } from './http/access-log.ts';
import { deskRoutes } from './http/desks.ts';
import { handleError, jsonError } from './http/errors.ts';
import { DEFAULT_FORM_SLOTS, FormSlots } from './http/form-slots.ts';
import { sourceHygiene } from './http/hygiene.ts';
import { DEFAULT_INTAKE_LIMITS, IntakeGate, type IntakeLimits } from './http/intake-gate.ts';
import { DEFAULT_FORM_MAX_BYTES, DEFAULT_MIN_MESSAGE_CHARS, DEFAULT_NEWSROOM, type PageDeps } from './http/page-deps.ts';
import { handlePageError, pageNotFound } from './http/page-errors.ts';
import { onionOrigin, pageHeaders, securityHeaders } from './http/page-headers.ts';
import { HYGIENE_OPTIONS, isApiPath, localeOfPath } from './http/page-paths.ts';
import { sourcePageRoutes } from './http/pages.ts';
import { sourceApiRoutes } from './http/source-api.ts';
import { staffApi } from './http/staff-api.ts';
import { staffPageRoutes } from './http/staff-pages.ts';
import { staticRoutes, type StaticAssets } from './http/static-assets.ts';
import { tipRoutes } from './http/tips.ts';
import { uploadRoutes } from './http/uploads.ts';
import { DEFAULT_LOCALE, LOCALES, type Locale } from './web/i18n/i18n.ts';
import type { NewsroomConfig } from './web/pages/context.ts';

export interface Logger {
  /** Operational lines. Never given anything from a source request but method, route and status. */
  info(line: string): void;
  error(line: string): void;
}

export interface AppConfig {
  /** Log `METHOD /route/:pattern STATUS` per request. */
  accessLog: boolean;
  /** Flood limits and proof-of-work difficulty (defaults: DEFAULT_INTAKE_LIMITS). */
  intake?: IntakeLimits;
  /** Name, intro and logo on the source pages (TIPLINE_NEWSROOM_NAME, TIPLINE_NEWSROOM_INTRO). */
  newsroom?: NewsroomConfig;
  /** The language of `/` (TIPLINE_DEFAULT_LOCALE, default `en`); every language keeps its prefix. */
  defaultLocale?: Locale;
  /** The newsroom's onion service, announced with Onion-Location (TIPLINE_ONION_ADDRESS). */
  onionAddress?: string;
  /** Cap on a no-JavaScript form body (TIPLINE_FORM_MAX_BYTES, default 100 MiB). */
  formMaxBytes?: number;
  /** No-JavaScript form submissions processed at once (TIPLINE_FORM_SLOTS, default 2). */
  formSlots?: number;
  /** Characters a first message needs (TIPLINE_MIN_MESSAGE_CHARS, default 20). */
  minMessageChars?: number;
}

export interface AppDeps {
  db: Database;
  clock: Clock;
  config: AppConfig;
  log: Logger;
  /** The built browser bundle (/static/*.js); without it the pages work without JavaScript. */
  assets?: StaticAssets;
}

export function createApp(deps: AppDeps) {
  const { config } = deps;
  const ctx = { db: deps.db, clock: deps.clock };
  const defaultLocale = config.defaultLocale ?? DEFAULT_LOCALE;
  const limits = config.intake ?? DEFAULT_INTAKE_LIMITS;
  const gate = new IntakeGate(limits, deps.clock);
  const pageDeps: PageDeps = {
    ctx,
    gate,
    loginGate: new IntakeGate(limits, deps.clock),
    formSlots: new FormSlots(config.formSlots ?? DEFAULT_FORM_SLOTS),
    settings: {
      newsroom: { ...(config.newsroom ?? DEFAULT_NEWSROOM), defaultLocale },
      minMessageChars: config.minMessageChars ?? DEFAULT_MIN_MESSAGE_CHARS,
      formMaxBytes: config.formMaxBytes ?? DEFAULT_FORM_MAX_BYTES,
    },
  };
  const app = new Hono();

  // Hygiene first, before logging or anything else can look at the connection. Every route
  // here is a source route; only the conversation routes let the session cookie through.
  app.use('*', sourceHygiene(HYGIENE_OPTIONS));
  if (config.accessLog) app.use('*', accessLog((line) => deps.log.info(line)));
  // The source pages' CSP everywhere, the staff variant (decrypted images as blob:) on /staff.
  app.use('*', securityHeaders());
  app.use('*', pageHeaders(config.onionAddress ? onionOrigin(config.onionAddress) : undefined));

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.route('/api/v1/staff', staffApi(ctx));
  app.route('/api/v1/desks', deskRoutes(ctx));
  app.route('/api/v1/tips', tipRoutes(ctx, gate));
  app.route('/api/v1', sourceApiRoutes(ctx, gate));
  app.route('/api/v1/uploads', uploadRoutes(ctx));
  app.route('/static', staticRoutes(deps.assets));
  app.route('/staff', staffPageRoutes({ ctx, newsroomName: pageDeps.settings.newsroom.name }, (line) => deps.log.error(line)));
  // The instance's language at `/`, and every language under its own prefix (`/en/` too).
  app.route('/', sourcePageRoutes(pageDeps, defaultLocale));
  for (const locale of LOCALES) {
    app.route(`/${locale}`, sourcePageRoutes(pageDeps, locale));
    app.get(`/${locale}/`, (c) => c.redirect(`/${locale}`, 301)); // `/ko/` as typed by hand
  }

  const pageOf = (path: string) => ({ locale: localeOfPath(path, defaultLocale), newsroom: pageDeps.settings.newsroom });
  app.notFound((c) => (isApiPath(c.req.path) ? jsonError(c, 404, 'not_found', 'no such route') : pageNotFound(c, pageOf(c.req.path))));
  app.onError((error, c) => {
    const report = (line: string) => deps.log.error(line);
    if (isApiPath(c.req.path)) return handleError(error, c, report);
    return handlePageError(error, c, pageOf(c.req.path), pageDeps.settings, report);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
