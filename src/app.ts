// The Tipline app, built from its dependencies. Node (src/node.ts) and Workers (src/worker.ts)
// each build the database, clock and configuration and hand them in; nothing here knows which
// runtime it is on.
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Database } from './db/database.ts';
import type { Clock } from './domain/context.ts';
import { accessLog } from './http/access-log.ts';
import { deskRoutes } from './http/desks.ts';
import { handleError, jsonError } from './http/errors.ts';
import { sourceHygiene } from './http/hygiene.ts';
import { DEFAULT_INTAKE_LIMITS, IntakeGate, type IntakeLimits } from './http/intake-gate.ts';
import { sourceApiRoutes } from './http/source-api.ts';
import { tipRoutes } from './http/tips.ts';
import { uploadRoutes } from './http/uploads.ts';

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
}

export interface AppDeps {
  db: Database;
  clock: Clock;
  config: AppConfig;
  log: Logger;
}

export function createApp(deps: AppDeps) {
  const ctx = { db: deps.db, clock: deps.clock };
  const gate = new IntakeGate(deps.config.intake ?? DEFAULT_INTAKE_LIMITS, deps.clock);
  const app = new Hono();

  // Hygiene first, before logging or anything else can look at the connection.
  app.use('/api/v1/*', sourceHygiene());
  if (deps.config.accessLog) app.use('*', accessLog((line) => deps.log.info(line)));
  app.use('*', secureHeaders({ referrerPolicy: 'no-referrer', crossOriginResourcePolicy: 'same-origin' }));

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.route('/api/v1/desks', deskRoutes(ctx));
  app.route('/api/v1/tips', tipRoutes(ctx, gate));
  app.route('/api/v1', sourceApiRoutes(ctx, gate));
  app.route('/api/v1/uploads', uploadRoutes(ctx));

  app.notFound((c) => jsonError(c, 404, 'not_found', 'no such route'));
  app.onError((error, c) => handleError(error, c, (line) => deps.log.error(line)));
  return app;
}

export type App = ReturnType<typeof createApp>;
