// Opens the database on Node: an embedded libSQL file (the default) or a libSQL server URL,
// and applies the drizzle-kit migrations in `drizzle/`.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql/web';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { createDatabase, type Database } from './database.ts';

export const DEFAULT_DATABASE_URL = 'file:./data/tipline.db';

/**
 * fetch for the libSQL server's HTTP API, asking for answers as they are. Node's fetch asks for
 * gzip by default, and inflating every answer cost more CPU than it saved: each statement of a
 * transaction is a request of its own, and its answer is a few hundred bytes of JSON
 * (docs/performance.md, "Intake on a libSQL server": 25 -> 17 ms of CPU per tip on a local sqld).
 */
function uncompressedFetch(request: Request): Promise<Response> {
  request.headers.set('accept-encoding', 'identity');
  return fetch(request);
}
const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));
/** Another process (the CLI beside a running server) may hold the write lock for a while. */
const BUSY_TIMEOUT_MS = 10_000;
/**
 * Both are per connection. synchronous=FULL: a 201 means the tip survives power loss.
 * secure_delete=ON: deleted content is overwritten with zeros, not left in free pages.
 */
const FILE_WRITER_PRAGMAS = ['PRAGMA synchronous=FULL', 'PRAGMA secure_delete=ON'] as const;

export interface OpenOptions {
  url?: string | undefined;
  authToken?: string | undefined;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
}

export async function openNodeDatabase(options: OpenOptions = {}): Promise<Database> {
  const url = options.url || DEFAULT_DATABASE_URL;
  let reader: Client;
  let writer: Client;
  let writerPragmas: readonly string[] = [];
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length).replace(/\?.*$/, '');
    mkdirSync(dirname(path), { recursive: true });
    writer = createClient({ url, concurrency: 1, timeout: BUSY_TIMEOUT_MS });
    // WAL is a property of the database file: setting it once on any connection is enough.
    await writer.execute('PRAGMA journal_mode=WAL');
    reader = createClient({ url, concurrency: 4, timeout: BUSY_TIMEOUT_MS });
    writerPragmas = FILE_WRITER_PRAGMAS;
  } else {
    // A libSQL server owns durability and locking; one client serves reads and writes.
    reader = writer = createClient({ url, authToken: options.authToken, fetch: uncompressedFetch });
  }
  if (options.migrate !== false) {
    for (const pragma of writerPragmas) await writer.execute(pragma);
    await migrateOnce(writer);
  }
  return createDatabase({ reader, writer, writerPragmas });
}

/**
 * Applies the pending migrations. Several processes may do so at once (servers starting side by
 * side against one libSQL server, the CLI beside them): drizzle reads which migrations are
 * applied, then applies the rest in one transaction, so of two racing processes one commits
 * and the other fails on a table that now exists, having changed nothing. That one reads
 * again, finds nothing left to do, and carries on; a migration that fails twice is a real error.
 */
async function migrateOnce(client: Client): Promise<void> {
  try {
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 200));
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
  }
}
