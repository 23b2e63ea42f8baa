// Cloudflare Workers entry: the same app as on Node (src/app.ts), built from the Worker's
// bindings. Database: a remote libSQL server (Turso) over HTTP; browser bundle: Workers static
// assets; retention: the cron trigger of wrangler.toml. Nothing here, nor anything it imports,
// may need Node (tests/worker/bundle.test.ts bundles it for a browser-like platform to prove it).
import type { ExecutionContext } from 'hono';
import { createApp, type App } from './app.ts';
import { systemClock } from './domain/context.ts';
import { purgeExpired } from './domain/retention.ts';
import { workerAssets } from './worker/assets.ts';
import { configFromVars, unfinishedUploadDays } from './worker/config.ts';
import { workerDatabase } from './worker/database.ts';
import type { Env, ScheduledController } from './worker/env.ts';

const log = { info: (line: string) => console.log(line), error: (line: string) => console.error(line) };
const databaseOf = (env: Env) => workerDatabase({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN });

// One app per isolate, so its flood limits and form slots count every request the isolate
// serves; its bindings are the same for all of them (new secrets or vars start new isolates).
let app: App | undefined;

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    app ??= createApp({ db: databaseOf(env), clock: systemClock, config: configFromVars(env), log, ...(env.ASSETS ? { assets: workerAssets(env.ASSETS) } : {}) });
    // No bindings for the app: the secrets stay out of every handler's `c.env`.
    return app.fetch(request, {}, ctx);
  },

  async scheduled(_controller: ScheduledController, env: Env): Promise<void> {
    const input = { unfinishedUploadDays: unfinishedUploadDays(env) };
    const purged = await purgeExpired({ ctx: { db: databaseOf(env), clock: systemClock }, input });
    log.info(`retention: purged ${purged.powChallenges} challenges, ${purged.uploads} unfinished uploads (${purged.chunks} chunks)`);
  },
};
