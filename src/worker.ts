// Cloudflare Workers entry (filled in by the edge issue): the same app over a remote libSQL
// server through @libsql/client/web. Kept Node-free; only the database wiring differs.
import { createClient } from '@libsql/client/web';
import type { ExecutionContext } from 'hono';
import { createApp, type App } from './app.ts';
import { createDatabase } from './db/database.ts';
import { systemClock } from './domain/context.ts';

interface Env {
  DATABASE_URL: string;
  DATABASE_AUTH_TOKEN?: string;
}

let app: App | undefined;

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext) {
    if (!app) {
      const client = createClient({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN });
      const db = createDatabase({ reader: client, writer: client, writerPragmas: [] });
      app = createApp({ db, clock: systemClock, config: { accessLog: false }, log: console });
    }
    return app.fetch(request, env, ctx);
  },
};
