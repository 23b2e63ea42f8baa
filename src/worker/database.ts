// The database on Workers: a remote libSQL server over HTTP (@libsql/client/web).
//
// Nothing that carries I/O may be shared by two requests of one isolate. A libSQL client keeps
// a concurrency queue, and the database handle a write queue: a promise chained through either
// from one request to the next never settles once a request in the chain is cancelled (a source
// closing the tab), and every later call in the isolate would hang. So every statement and
// transaction opens a client of its own (cheap: no I/O until it runs, protocol v2 needs no
// version probe), and writes are not queued here: the libSQL server serialises writers
// (BEGIN IMMEDIATE), as it must anyway for several isolates and servers. The drizzle handle,
// costly to build from the schema, is made once per isolate.
import { createClient, type Client, type InArgs, type InStatement, type TransactionMode } from '@libsql/client/web';
import { createDatabase, type Database } from '../db/database.ts';

export interface RemoteDatabaseOptions {
  url: string;
  authToken?: string | undefined;
}

/** A Client whose every call runs on a fresh HTTP client, so no call waits behind another request's. */
function clientPerCall(open: () => Client): Client {
  return {
    execute(stmtOrSql: InStatement | string, args?: InArgs) {
      return typeof stmtOrSql === 'string' ? open().execute(stmtOrSql, args) : open().execute(stmtOrSql);
    },
    batch: (stmts, mode) => open().batch(stmts, mode),
    migrate: (stmts) => open().migrate(stmts),
    transaction: (mode?: TransactionMode) => open().transaction(mode),
    executeMultiple: (sql) => open().executeMultiple(sql),
    sync: () => open().sync(),
    // An HTTP client holds no connection between calls: there is nothing to close.
    close() {},
    reconnect() {},
    closed: false,
    protocol: 'http',
  };
}

export function workerDatabase(options: RemoteDatabaseOptions): Database {
  if (!options.url) throw new Error('DATABASE_URL is not set (npx wrangler secret put DATABASE_URL)');
  const client = clientPerCall(() => createClient({ url: options.url, authToken: options.authToken }));
  // No pragmas: durability and secure deletion are the server's settings, not a connection's.
  return createDatabase({ reader: client, writer: client, writerPragmas: [], queueWrites: false });
}
