// DESIGN.md promise 1, proven: a source submits with distinctive identity values in every header
// a network or proxy could add, plus distinctive content; then every file the server wrote and
// everything it printed are scanned. No canary, no plaintext, and no exact time may appear.
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterEach, describe, expect, it } from 'vitest';
import { submitTip } from '../../src/client/submit.ts';
import { CANARY_IDENTITY_HEADERS, filesUnder, scanForLeaks } from '../helpers/leak-scan.ts';
import { runCli, startServer, type RunningServer } from '../helpers/processes.ts';
import { tempDir } from '../helpers/temp.ts';

const IDENTITY = { ...CANARY_IDENTITY_HEADERS, cookie: 'session=canarycookie0451' };
const MESSAGE = 'PLAINTEXT-CANARY the minister took bribes';
const FILE_NAME = 'canary-filename-passport-scan.jpg';
const FILE_CONTENT = 'FILE-CONTENT-CANARY-0xDEADBEEF';

let server: RunningServer | undefined;
let dir: ReturnType<typeof tempDir> | undefined;
afterEach(async () => {
  await server?.stop('SIGKILL');
  dir?.remove();
  server = dir = undefined;
});

describe('no source identity and no plaintext on disk or in logs', () => {
  it('finds no canary in the database files or the server output', async () => {
    dir = tempDir();
    const dataDir = join(dir.path, 'data');
    const env = { DATABASE_URL: `file:${join(dataDir, 'tipline.db')}`, TIPLINE_ACCESS_LOG: '1' };
    expect((await runCli(['desk', 'create', 'politics', '--name', 'Politics', '--secret-key-out', join(dir.path, 'k'), '--recovery-key-out', `${join(dir.path, 'k')}.recovery`], env)).code).toBe(0);
    server = await startServer(env);

    const withIdentity: typeof fetch = (input, init) =>
      fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), ...IDENTITY } });
    await submitTip({
      server: server.url, desk: 'politics', message: MESSAGE, fetch: withIdentity,
      files: [{ name: FILE_NAME, type: 'image/jpeg', size: FILE_CONTENT.length, open: async function* () { yield new TextEncoder().encode(FILE_CONTENT); } }],
    });
    // Error paths must not leak either: bad JSON, an unknown desk, a route that does not exist.
    const bad = [
      fetch(`${server.url}/api/v1/tips`, { method: 'POST', headers: { ...IDENTITY, 'content-type': 'application/json' }, body: `{"desk":"${IDENTITY['user-agent']}` }),
      fetch(`${server.url}/api/v1/tips`, { method: 'POST', headers: { ...IDENTITY, 'content-type': 'application/json' }, body: JSON.stringify({ desk: 'x', keyVersion: 1, sealedKey: 'AA==', message: 'AA==' }) }),
      fetch(`${server.url}/api/v1/${IDENTITY['cf-ray']}`, { headers: IDENTITY }),
    ];
    expect((await Promise.all(bad)).map((r) => r.status)).toEqual([400, 400, 404]);

    const canaries = [...Object.values(IDENTITY), MESSAGE, FILE_NAME, FILE_CONTENT];
    const scanned = filesUnder([dataDir]).map((f) => f.slice(dataDir.length + 1));
    expect(scanned).toEqual(expect.arrayContaining(['tipline.db', 'tipline.db-wal']));
    expect(scanForLeaks(canaries, [dataDir], server.output())).toEqual([]);
    // The access log was on and did write lines: method, route pattern, status.
    expect(server.output().stdout).toMatch(/^POST \/api\/v1\/tips 201$/m);

    expect(await server.stop('SIGTERM')).toBe(0);
    server = undefined;
    expect(scanForLeaks(canaries, [dataDir])).toEqual([]);

    // No exact time next to anything a source did: source rows carry days only.
    const raw = createClient({ url: env.DATABASE_URL });
    const dayOnly = /^\d{4}-\d{2}-\d{2}$/;
    for (const { sql, column } of [
      { sql: 'SELECT received_day AS v FROM tips', column: 'tips.received_day' },
      { sql: 'SELECT created_day AS v FROM parts', column: 'parts.created_day' },
      { sql: "SELECT at AS v FROM audit_log WHERE actor = 'source'", column: 'audit_log.at (source)' },
    ]) {
      const values = (await raw.execute(sql)).rows.map((r) => String(r.v));
      expect(values.length, column).toBeGreaterThan(0);
      expect(values.filter((v) => !dayOnly.test(v)), column).toEqual([]);
    }
    raw.close();
  });
});
