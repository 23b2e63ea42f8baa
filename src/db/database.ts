// The database handle the domain receives. Runtime-neutral: the Node and Workers entries build
// the libSQL clients (native file, or a remote server over HTTP) and hand them in here.
//
// Durability: an acknowledged tip must survive power loss, so on a file database every write
// transaction runs with `PRAGMA synchronous=FULL`. That pragma is per connection and may not be
// changed inside a transaction, and @libsql/client pools connections, so writes go through a
// dedicated single-connection writer client on which the pragma is asserted right before BEGIN.
// Writes are also serialised in-process: SQLite has one writer anyway, and queueing here is
// cheaper than letting connections spin on SQLITE_BUSY. Writes that queue up together share one
// transaction and its COMMIT, each in a savepoint of its own (group-commit.ts).
import type { Client, InValue, ResultSet } from '@libsql/client/web';
import type { LibSQLDatabase } from 'drizzle-orm/libsql/driver-core';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql/web';
import { groupCommit } from './group-commit.ts';
import * as schema from './schema.ts';

export type Db = LibSQLDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or an open transaction: read helpers accept both. */
export type Queryable = Db | Tx;

/**
 * A write transaction at the level of SQL text: for the few hot paths where drizzle's query
 * builder costs more than the statement (the plain-tip intake). Keep the SQL text constant and
 * pass values as positional arguments, so the connection can reuse its prepared statements.
 */
export interface RawTx {
  execute(sql: string, args?: readonly InValue[]): Promise<ResultSet>;
}

export interface Database {
  /** For reads outside a transaction (pooled connections). */
  readonly read: Db;
  /**
   * Runs `fn` in a write transaction (BEGIN IMMEDIATE), possibly shared with other callers'
   * (each in its own savepoint); resolves after the COMMIT, rolls `fn`'s writes back if it throws.
   */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** As `write` (same queue, same per-connection settings, same grouping), with raw SQL. */
  writeRaw<T>(fn: (tx: RawTx) => Promise<T>): Promise<T>;
  close(): void;
}

export interface DatabaseClients {
  reader: Client;
  /** A client limited to one connection (`concurrency: 1`) for a file database; may be `reader` for a remote one. */
  writer: Client;
  /** Per-connection settings re-asserted on the writer before every transaction (file databases). */
  writerPragmas: readonly string[];
  /**
   * Queue write transactions in this process (default true). Off on Workers, where a queue that
   * one isolate's requests share would stall every later write once a request in it is
   * cancelled (src/worker/database.ts); a libSQL server serialises writers itself.
   */
  queueWrites?: boolean;
}

export function createDatabase(clients: DatabaseClients): Database {
  const read = drizzle(clients.reader, { schema });
  const writeDb = clients.writer === clients.reader ? read : drizzle(clients.writer, { schema });
  let queue: Promise<unknown> = Promise.resolve();

  // All of them in one call on the writer's connection (the statements are run, not prepared
  // and inspected one by one): this runs before every write transaction.
  const pragmaScript = clients.writerPragmas.join('; ');
  async function assertPragmas(): Promise<void> {
    if (pragmaScript) await clients.writer.executeMultiple(pragmaScript);
  }

  async function runWrite<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    await assertPragmas();
    return writeDb.transaction(fn);
  }

  async function runWriteRaw<T>(fn: (tx: RawTx) => Promise<T>): Promise<T> {
    await assertPragmas();
    // 'write' is BEGIN IMMEDIATE, as drizzle's transaction above; commit and rollback as there.
    const tx = await clients.writer.transaction('write');
    try {
      const raw: RawTx = { execute: (sql, args = []) => tx.execute({ sql, args: args as InValue[] }) };
      const result = await fn(raw);
      await tx.commit();
      return result;
    } catch (error) {
      await tx.rollback();
      throw error;
    } finally {
      tx.close();
    }
  }

  function enqueue(run: () => Promise<void>): Promise<void> {
    const result = queue.then(run);
    queue = result.catch(() => undefined);
    return result;
  }

  // Without the in-process queue (Workers) every write is a transaction of its own.
  const queued = clients.queueWrites !== false;
  const groupedWrite = groupCommit<Tx>(enqueue, (body) =>
    runWrite((tx) => body(tx, (statement) => tx.run(sql.raw(statement)))));
  const groupedWriteRaw = groupCommit<RawTx>(enqueue, (body) =>
    runWriteRaw((tx) => body(tx, (statement) => tx.execute(statement))));

  return {
    read,
    write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return queued ? groupedWrite(fn) : runWrite(fn);
    },
    writeRaw<T>(fn: (tx: RawTx) => Promise<T>): Promise<T> {
      return queued ? groupedWriteRaw(fn) : runWriteRaw(fn);
    },
    close() {
      clients.reader.close();
      if (clients.writer !== clients.reader) clients.writer.close();
    },
  };
}

/** A BLOB from a raw row (ArrayBuffer from the file and HTTP clients, or a Uint8Array) as bytes. */
export function rawBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw new TypeError('expected a BLOB');
}
