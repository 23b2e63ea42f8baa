// Node entry: embedded libSQL file (default) or a libSQL server, migrations at start, graceful
// shutdown. Settings come from the environment through the parser the Worker uses too
// (src/settings.ts; README lists them); DATABASE_URL and DATABASE_AUTH_TOKEN open the database.
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { openNodeDatabase } from './db/open-node.ts';
import { systemClock } from './domain/context.ts';
import { HYGIENE_OPTIONS } from './http/page-paths.ts';
import { hygienicFetch } from './node-hygiene.ts';
import { startBackgroundJobs } from './node-jobs.ts';
import { appConfigFromEnv, listenAddress } from './settings.ts';
import { nodeAssets } from './web/assets-node.ts';

const env = process.env;
// Checked before anything is opened: a bad value stops the start with its name.
const config = appConfigFromEnv(env);
const address = listenAddress(env);
const db = await openNodeDatabase({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN });
const log = { info: (line: string) => console.log(line), error: (line: string) => console.error(line) };
const app = createApp({ db, clock: systemClock, config, log, assets: nodeAssets() });
// Retention purge and signed audit checkpoints (TIPLINE_PURGE_INTERVAL_MINUTES, TIPLINE_AUDIT_SIGNING_KEY_FILE).
const jobs = startBackgroundJobs({ db, clock: systemClock }, env, log);

// Identity headers go before the request reaches the app (src/node-hygiene.ts).
const fetch = hygienicFetch(app.fetch, HYGIENE_OPTIONS);
const server = serve({ fetch, ...address }, (info) => {
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
