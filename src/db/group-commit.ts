// Group commit: write transactions that queue up while the writer is busy run together in the
// next transaction, each inside its own SAVEPOINT, and share its one durable COMMIT (one fsync
// with synchronous=FULL instead of one per caller). The guarantees a caller had with a
// transaction of its own still hold:
//   - its promise settles only after the COMMIT that holds its writes (a 201 still means "on
//     disk"), and if that COMMIT fails, every caller in the group is rejected;
//   - its writes stay all-or-nothing: a callback that throws is rolled back to its savepoint and
//     rejected alone, and the others go on;
//   - if the transaction itself breaks (a savepoint cannot be rolled back or released, e.g.
//     after SQLite rolled the whole transaction back on an I/O error), the whole group is
//     rejected and nothing of it is acknowledged.
// Runtime-neutral: the turn it waits for comes from setImmediate where there is one.

/** The most callers one transaction takes: bounds how long one COMMIT keeps them waiting. */
export const MAX_GROUP = 32;

const SAVEPOINT = 'tipline_write';

/** One transaction over the group, with a way to run a bare statement (the savepoints) in it. */
export type GroupTransaction<Tx> = (body: (tx: Tx, statement: (sql: string) => Promise<unknown>) => Promise<void>) => Promise<void>;

interface Waiting<Tx> {
  fn: (tx: Tx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/**
 * Returns `submit(fn)`: runs `fn` in a group transaction started through `enqueue` (the
 * process's write queue) and `transaction` (BEGIN IMMEDIATE ... COMMIT on the writer).
 */
export function groupCommit<Tx>(
  enqueue: (run: () => Promise<void>) => Promise<void>,
  transaction: GroupTransaction<Tx>,
): <T>(fn: (tx: Tx) => Promise<T>) => Promise<T> {
  let waiting: Waiting<Tx>[] = [];

  // The first caller to arrive takes a place in the queue for everyone who joins before it runs.
  function schedule(): void {
    void enqueue(async () => {
      await nextTurn();
      const group = waiting.slice(0, MAX_GROUP);
      waiting = waiting.slice(MAX_GROUP);
      if (waiting.length > 0) schedule();
      await runGroup(group);
    });
  }

  async function runGroup(group: Waiting<Tx>[]): Promise<void> {
    if (group.length === 0) return;
    if (group.length === 1) {
      // Nobody to share the transaction with: no savepoint needed.
      const only = group[0]!;
      let value: unknown;
      try {
        await transaction(async (tx) => { value = await only.fn(tx); });
      } catch (error) {
        only.reject(error);
        return;
      }
      only.resolve(value);
      return;
    }
    const done: Array<{ caller: Waiting<Tx>; value: unknown }> = [];
    let next = 0;
    try {
      await transaction(async (tx, statement) => {
        for (; next < group.length; next++) {
          const caller = group[next]!;
          await statement(`SAVEPOINT ${SAVEPOINT}`);
          try {
            done.push({ caller, value: await caller.fn(tx) });
          } catch (error) {
            // Undo this caller's writes only; if that fails, the whole group fails below.
            await statement(`ROLLBACK TO ${SAVEPOINT}`);
            caller.reject(error);
          }
          await statement(`RELEASE ${SAVEPOINT}`);
        }
      });
    } catch (error) {
      // Nothing of this group was committed: no one in it may be told otherwise.
      for (const { caller } of done) caller.reject(error);
      for (const caller of group.slice(next)) caller.reject(error);
      return;
    }
    for (const { caller, value } of done) caller.resolve(value);
  }

  return <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => new Promise<T>((resolve, reject) => {
    waiting.push({ fn, resolve: resolve as (value: unknown) => void, reject });
    if (waiting.length === 1) schedule();
  });
}

/**
 * Resolves after the event loop's next turn. A libSQL file transaction runs synchronously, so a
 * group started at once would only ever hold the caller that started it; one turn lets every
 * request already read from its socket reach the database and join.
 */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}
