// Shared by the fuzz suites (tests/fuzz/*.test.ts): how many inputs, a bound on the time of each
// one, and what "nothing stored changed" means.
//
// Runs: each property names its CI count; `npm run soak` (TIPLINE_SOAK=1) runs 100,000 of each,
// TIPLINE_FUZZ_RUNS sets any other count. Properties whose every input costs a codename KDF
// (scrypt, ~0.1-0.5 s) have their own, smaller soak count (TIPLINE_FUZZ_SLOW_RUNS, default
// 2,000); the parsers behind them are fuzzed on their own at the full count.
// Seed: TIPLINE_FUZZ_SEED, else random; fast-check prints seed and path of any failure.
//
// Time: `bounded()` fails an input that takes longer than its bound. An input that never returns
// at all (an endless loop in synchronous code, where no timer can fire) is caught by a watchdog
// process: it is told when each input starts and ends, and when one runs far past its bound it
// prints which one and kills the test process, failing the file.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { expect } from 'vitest';
import { createApp, type App, type AppConfig } from '../../src/app.ts';
import type { Database } from '../../src/db/database.ts';
import { openNodeDatabase } from '../../src/db/open-node.ts';
import type { DomainContext } from '../../src/domain/context.ts';

export const SOAK = process.env.TIPLINE_SOAK === '1';
export const FUZZ_SEED = Number(process.env.TIPLINE_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** Inputs for one property: `ci` in CI, 100,000 in the soak, TIPLINE_FUZZ_RUNS when set. */
export function runs(ci: number): number {
  if (process.env.TIPLINE_FUZZ_RUNS) return Number(process.env.TIPLINE_FUZZ_RUNS);
  return SOAK ? 100_000 : ci;
}

/** For properties whose every input runs the codename KDF on the server. */
export function slowRuns(ci: number): number {
  if (process.env.TIPLINE_FUZZ_SLOW_RUNS) return Number(process.env.TIPLINE_FUZZ_SLOW_RUNS);
  return SOAK ? 2_000 : ci;
}

/** fast-check parameters: the run count and the seed (printed by fast-check with any failure). */
export function params(numRuns: number) {
  return { numRuns, seed: FUZZ_SEED, endOnFailure: false } as const;
}

/** A vitest timeout for a property of `numRuns` inputs of at most `perInputMs` each (0: none in the soak). */
export function timeoutFor(numRuns: number, perInputMs: number): number {
  return SOAK ? 0 : Math.max(60_000, numRuns * perInputMs);
}

const WATCHDOG = `
const parent = Number(process.argv[1]);
let deadline = 0, label = '', buffer = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (data) => {
  buffer += data;
  for (let i; (i = buffer.indexOf('\\n')) >= 0; buffer = buffer.slice(i + 1)) {
    const line = buffer.slice(0, i);
    if (line === 'end') { deadline = 0; continue; }
    const space = line.indexOf(' ');
    deadline = Date.now() + Number(line.slice(0, space));
    label = line.slice(space + 1);
  }
});
process.stdin.on('end', () => process.exit(0));
setInterval(() => {
  if (deadline && Date.now() > deadline) {
    process.stderr.write('fuzz watchdog: ' + label + ' did not return; killing the test process ' + parent + '\\n');
    try { process.kill(parent, 'SIGKILL'); } catch {}
    process.exit(1);
  }
}, 200);
`;

let watchdog: ChildProcess | undefined;
function dog(): ChildProcess {
  if (!watchdog) {
    watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(process.pid)], { stdio: ['pipe', 'inherit', 'inherit'] });
    watchdog.unref();
    watchdog.stdin!.on('error', () => undefined);
    (watchdog.stdin as unknown as { unref?: () => void }).unref?.();
  }
  return watchdog;
}

/** The watchdog acts this long after an input's own bound: a slow input fails in `bounded` first. */
const WATCHDOG_GRACE_MS = Number(process.env.TIPLINE_FUZZ_WATCHDOG_GRACE_MS ?? 20_000);

export class InputTimeout extends Error {
  override readonly name = 'InputTimeout';
}

/**
 * Runs one fuzz input, failing if it takes longer than `ms` (an await that never settles
 * included); the watchdog covers code that never yields.
 */
export async function bounded<T>(label: string, ms: number, run: () => Promise<T> | T): Promise<T> {
  const watch = dog();
  watch.stdin!.write(`${ms + WATCHDOG_GRACE_MS} ${label.replace(/\s+/g, ' ').slice(0, 300)} (TIPLINE_FUZZ_SEED=${FUZZ_SEED})\n`);
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      Promise.resolve().then(run),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new InputTimeout(`${label}: no answer within ${ms} ms`)), ms);
      }),
    ]);
    const took = performance.now() - started;
    if (took > ms) throw new InputTimeout(`${label}: took ${took.toFixed(0)} ms, bound ${ms} ms`);
    return result;
  } finally {
    clearTimeout(timer);
    watch.stdin!.write('end\n');
  }
}

/**
 * A fingerprint of everything stored: every row of every table (tables found in sqlite_master,
 * so tables added later are covered too). Two equal fingerprints: nothing was written.
 */
export async function fingerprint(db: Database): Promise<string> {
  const tables = (await db.read.all(sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)) as Array<{ name: string }>;
  const hash = createHash('sha256');
  for (const { name } of tables) {
    const rows = (await db.read.all(sql.raw(`SELECT * FROM "${name.replace(/"/g, '""')}" ORDER BY rowid`))) as unknown[];
    hash.update(`${name}\u0000${rows.length}\u0000`);
    for (const row of rows) {
      hash.update(JSON.stringify(row, (_key, value: unknown) =>
        value instanceof ArrayBuffer ? Buffer.from(value).toString('hex')
          : ArrayBuffer.isView(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')
            : typeof value === 'bigint' ? value.toString() : value));
    }
  }
  return hash.digest('hex');
}

/** One edit of a byte string: the damage a network, a disk or an attacker can do. */
export type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'overwrite'; at: number; bytes: Uint8Array };

/** Aimed at the first bytes (versions, lengths, counts) as often as anywhere else. */
const position = fc.oneof(fc.nat(64), fc.nat());

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 32 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 4096 }) }),
  fc.record({ kind: fc.constant('overwrite' as const), at: position, bytes: fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 8 }),
    fc.constantFrom(new Uint8Array([0xff, 0xff, 0xff, 0xff]), new Uint8Array([0, 0, 0, 0]), new Uint8Array([0x7f, 0xff, 0xff, 0xf0]), new Uint8Array([0, 0, 0, 1]))) }),
);

export function mutate(input: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = input;
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : m.at % bytes.length;
    if (m.kind === 'flip') {
      bytes = bytes.slice();
      if (bytes.length) bytes[at] = bytes[at]! ^ (1 << m.bit);
    } else if (m.kind === 'truncate') {
      bytes = bytes.slice(0, at);
    } else if (m.kind === 'insert') {
      bytes = concat(bytes.subarray(0, at), m.bytes, bytes.subarray(at));
    } else if (m.kind === 'delete') {
      bytes = concat(bytes.subarray(0, at), bytes.subarray(at + m.length));
    } else if (m.kind === 'duplicate') {
      bytes = concat(bytes.subarray(0, at), bytes.subarray(at, at + m.length), bytes.subarray(at));
    } else {
      bytes = bytes.slice();
      bytes.set(m.bytes.subarray(0, Math.max(0, bytes.length - at)), at);
    }
  }
  return bytes;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.from(a).equals(Buffer.from(b));

export interface FuzzApp {
  app: App;
  db: Database;
  ctx: DomainContext;
  /**
   * SQLite's `PRAGMA data_version` on a connection of our own, which never writes: it changes
   * exactly when another connection (the app's writer) has committed something. Equal before
   * and after a request: the request stored nothing. Far cheaper than a fingerprint per input.
   */
  dataVersion(): Promise<number>;
  /** Closes the database and removes its directory (a long soak makes many of these). */
  close(): void;
}

/**
 * The real app on a fresh temporary database file, as tests/helpers/app.ts builds it, but closed
 * by the caller: a soak replaces it every few hundred accepted inputs to keep fingerprints cheap.
 * Flood limits far out of reach and proof of work off unless asked: they are tested on their own.
 */
export async function fuzzApp(config: Partial<AppConfig> = {}): Promise<FuzzApp> {
  const dir = mkdtempSync(join(tmpdir(), 'tipline-fuzz-'));
  const url = `file:${join(dir, 'tipline.db')}`;
  const db = await openNodeDatabase({ url });
  const watcher = createClient({ url });
  const clock = { now: () => new Date() };
  const app = createApp({
    db, clock,
    config: { accessLog: false, intake: { globalPerMinute: 1e9, perDeskPerMinute: 1e9, powDifficulty: 0 }, ...config },
    log: { info: () => undefined, error: (line) => process.stderr.write(`app error: ${line}\n`) },
  });
  return {
    app, db, ctx: { db, clock },
    dataVersion: async () => Number((await watcher.execute('PRAGMA data_version')).rows[0]![0]),
    close: () => {
      watcher.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ErrorShape { error: { code: string; message: string } }

/** Any 4xx from the JSON API: `{ error: { code, message } }` as application/json. */
export async function expectJsonError(response: Response, what: string): Promise<ErrorShape> {
  expect(response.headers.get('content-type') ?? '', what).toMatch(/^application\/json/);
  const body = (await response.json()) as ErrorShape;
  expect(typeof body.error?.code, what).toBe('string');
  expect(typeof body.error?.message, what).toBe('string');
  expect(body.error.message.length, what).toBeGreaterThan(0);
  return body;
}
