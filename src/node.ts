// Node entry: embedded libSQL file (default) or a libSQL server, migrations at start, graceful
// shutdown. Configuration from the environment (see README): HOST, PORT, DATABASE_URL,
// DATABASE_AUTH_TOKEN, TIPLINE_ACCESS_LOG.
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { openNodeDatabase } from './db/open-node.ts';
import { systemClock } from './domain/context.ts';
import { DEFAULT_INTAKE_LIMITS } from './http/intake-gate.ts';

const env = process.env;
const db = await openNodeDatabase({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN });
const log = { info: (line: string) => console.log(line), error: (line: string) => console.error(line) };
const intake = {
  globalPerMinute: Number(env.TIPLINE_INTAKE_PER_MINUTE || DEFAULT_INTAKE_LIMITS.globalPerMinute),
  perDeskPerMinute: Number(env.TIPLINE_DESK_INTAKE_PER_MINUTE || DEFAULT_INTAKE_LIMITS.perDeskPerMinute),
  powDifficulty: Number(env.TIPLINE_POW_DIFFICULTY ?? DEFAULT_INTAKE_LIMITS.powDifficulty),
};
const app = createApp({ db, clock: systemClock, config: { accessLog: env.TIPLINE_ACCESS_LOG === '1', intake }, log });

const server = serve({ fetch: app.fetch, hostname: env.HOST || '127.0.0.1', port: Number(env.PORT || 8787) }, (info) => {
  log.info(`tipline listening on http://${info.address}:${info.port}`);
});

function shutdown() {
  // Stop accepting, let in-flight requests finish (their transactions commit), then close the db.
  server.close(() => {
    db.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
