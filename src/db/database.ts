// The database handle the domain receives. Runtime-neutral: the Node and Workers entries build
// the libSQL clients (native file, or a remote server over HTTP) and hand them in here.
//
// Durability: an acknowledged tip must survive power loss, so on a file database every write
// transaction runs with `PRAGMA synchronous=FULL`. That pragma is per connection and may not be
// changed inside a transaction, and @libsql/client pools connections, so writes go through a
// dedicated single-connection writer client on which the pragma is asserted right before BEGIN.
// Writes are also serialised in-process: SQLite has one writer anyway, and queueing here is
// cheaper than letting connections spin on SQLITE_BUSY.
import type { Client } from '@libsql/client/web';
import type { LibSQLDatabase } from 'drizzle-orm/libsql/driver-core';
import { drizzle } from 'drizzle-orm/libsql/web';
import * as schema from './schema.ts';

export type Db = LibSQLDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or an open transaction: read helpers accept both. */
export type Queryable = Db | Tx;

export interface Database {
  /** For reads outside a transaction (pooled connections). */
  readonly read: Db;
  /** Runs `fn` in one write transaction (BEGIN IMMEDIATE); commits if it resolves. */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): void;
}

export interface DatabaseClients {
  reader: Client;
  /** A client limited to one connection (`concurrency: 1`) for a file database; may be `reader` for a remote one. */
  writer: Client;
  /** Per-connection settings re-asserted on the writer before every transaction (file databases). */
  writerPragmas: readonly string[];
}

export function createDatabase(clients: DatabaseClients): Database {
  const read = drizzle(clients.reader, { schema });
  const writeDb = clients.writer === clients.reader ? read : drizzle(clients.writer, { schema });
  let queue: Promise<unknown> = Promise.resolve();

  async function runWrite<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    for (const pragma of clients.writerPragmas) await clients.writer.execute(pragma);
    return writeDb.transaction(fn);
  }

  return {
    read,
    write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const result = queue.then(() => runWrite(fn));
      queue = result.catch(() => undefined);
      return result;
    },
    close() {
      clients.reader.close();
      if (clients.writer !== clients.reader) clients.writer.close();
    },
  };
}
