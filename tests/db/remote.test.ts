// The app on a libSQL server instead of a file: a real sqld (demanding a token, as Turso does),
// the migrations applied over HTTP, tips submitted through the app and opened with the desk
// key, several app instances writing at once, and `tipline db migrate` from the command line.
import { readFileSync } from 'node:fs';
import { createClient } from '@libsql/client';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { submitTip } from '../../src/client/submit.ts';
import { generateBoxKeyPair, randomBytes } from '../../src/crypto/index.ts';
import type { Database } from '../../src/db/database.ts';
import { openNodeDatabase } from '../../src/db/open-node.ts';
import { verifyAuditChain } from '../../src/domain/audit.ts';
import { systemClock } from '../../src/domain/context.ts';
import { createDesk } from '../../src/domain/desks.ts';
import { DEFAULT_INTAKE_LIMITS } from '../../src/http/intake-gate.ts';
import { runCli } from '../helpers/processes.ts';
import { readDeskTips } from '../helpers/read-tips.ts';
import { startSqld, type Sqld } from '../helpers/sqld.ts';

const JOURNAL = new URL('../../drizzle/meta/_journal.json', import.meta.url);
/** However many migrations drizzle/ holds when the test runs. */
const migrationCount = () => (JSON.parse(readFileSync(JOURNAL, 'utf8')) as { entries: unknown[] }).entries.length;

let servers: Sqld[] = [];
let databases: Database[] = [];
afterEach(async () => {
  for (const db of databases) db.close();
  await Promise.all(servers.map((s) => s.stop()));
  servers = [];
  databases = [];
});

async function sqld(): Promise<Sqld> {
  const server = await startSqld({ auth: true });
  servers.push(server);
  return server;
}

async function open(server: Sqld): Promise<Database> {
  const db = await openNodeDatabase({ url: server.url, authToken: server.authToken });
  databases.push(db);
  return db;
}

/** An app as src/node.ts builds it, on `db`; proof of work on at a low difficulty, so its table is used too. */
function appOn(db: Database): App {
  const config = { accessLog: false, intake: { ...DEFAULT_INTAKE_LIMITS, powDifficulty: 6 } };
  return createApp({ db, clock: systemClock, config, log: { info: () => undefined, error: () => undefined } });
}

const viaApp = (app: App): typeof fetch => ((input: RequestInfo | URL, init?: RequestInit) => app.request(String(input), init)) as typeof fetch;

function fileOf(name: string, bytes: Uint8Array) {
  return { name, type: 'application/octet-stream', size: bytes.length, async *open() { yield bytes; } };
}

async function tableNames(server: Sqld): Promise<string[]> {
  const client = createClient({ url: server.url, authToken: server.authToken });
  try {
    const rows = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    return rows.rows.map((r) => String(r.name));
  } finally {
    client.close();
  }
}

describe('the app on a libSQL server (sqld)', () => {
  it('migrates over HTTP, takes a tip with a file in chunks, and the desk key opens it', async () => {
    const server = await sqld();
    const db = await open(server);
    expect(await tableNames(server)).toEqual(expect.arrayContaining(['__drizzle_migrations', 'audit_log', 'chunks', 'desks', 'parts', 'tips']));
    const app = appOn(db);
    const desk = generateBoxKeyPair();
    await createDesk({ ctx: { db, clock: systemClock }, input: { slug: 'metro', name: 'Metro', publicKey: desk.publicKey, actor: { kind: 'admin-cli' } } });

    const listed = (await (await app.request('/api/v1/desks')).json()) as { desks: Array<{ slug: string }> };
    expect(listed.desks.map((d) => d.slug)).toEqual(['metro']);

    const scan = randomBytes(200_000); // four chunks, each its own request and transaction
    const { tipId } = await submitTip({
      server: 'http://tipline.test', desk: 'metro', message: 'The harbour contracts were rigged.',
      files: [fileOf('scan.bin', scan)], fetch: viaApp(app),
    });

    const [tip, ...others] = await readDeskTips(db, 'metro', desk);
    expect(others).toEqual([]);
    expect(tip!.id).toBe(tipId);
    expect(tip!.message).toBe('The harbour contracts were rigged.');
    expect(tip!.files.map((f) => f.name)).toEqual(['scan.bin']);
    expect(Buffer.from(tip!.files[0]!.bytes).equals(Buffer.from(scan))).toBe(true);
    // desk.created, desk.key_added, tip.received, tip.file_received
    expect(await verifyAuditChain(db.read)).toMatchObject({ ok: true, entries: 4 });
  });

  it('two app instances with their own clients, submitting at once: every tip stored, ids unique, one audit chain', async () => {
    const server = await sqld();
    const [first, second] = [await open(server), await open(server)];
    const apps = [appOn(first), appOn(second)];
    const desk = generateBoxKeyPair();
    await createDesk({ ctx: { db: first, clock: systemClock }, input: { slug: 'politics', name: 'Politics', publicKey: desk.publicKey, actor: { kind: 'admin-cli' } } });

    const perInstance = 20;
    const submissions = apps.flatMap((app, instance) => Array.from({ length: perInstance }, (_, n) =>
      submitTip({ server: 'http://tipline.test', desk: 'politics', message: `instance ${instance}, tip ${n}`, fetch: viaApp(app) })
        .then(({ tipId }) => ({ tipId, message: `instance ${instance}, tip ${n}` }))));
    const acknowledged = await Promise.all(submissions);

    const ids = acknowledged.map((a) => a.tipId);
    expect(new Set(ids).size).toBe(2 * perInstance);
    const stored = await readDeskTips(second, 'politics', desk);
    expect(stored.map((t) => ({ tipId: t.id, message: t.message })).sort((a, b) => a.tipId.localeCompare(b.tipId)))
      .toEqual([...acknowledged].sort((a, b) => a.tipId.localeCompare(b.tipId)));

    // One chain, no fork: desk.created, desk.key_added, then one tip.received per tip.
    const chain = await verifyAuditChain(first.read);
    expect(chain).toMatchObject({ ok: true, entries: 2 + 2 * perInstance });
    const received = await first.read.query.auditLog.findMany({ where: (a, { eq }) => eq(a.action, 'tip.received') });
    expect(received.map((r) => r.subject).sort()).toEqual([...ids].sort());
  });

  it('servers starting side by side on a fresh database both migrate it (one applies, the other finds it done)', async () => {
    const server = await sqld();
    await Promise.all([open(server), open(server), open(server)]);
    const client = createClient({ url: server.url, authToken: server.authToken });
    const applied = await client.execute('SELECT count(*) AS n FROM __drizzle_migrations');
    client.close();
    expect(Number(applied.rows[0]!.n)).toBe(migrationCount());
  });
});

describe('tipline db migrate against a libSQL server', () => {
  it('applies drizzle/ with DATABASE_URL and DATABASE_AUTH_TOKEN, again without harm, and names the server when refused', async () => {
    const server = await sqld();
    const env = { DATABASE_URL: server.url, DATABASE_AUTH_TOKEN: server.authToken! };
    const first = await runCli(['db', 'migrate'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`migrations applied: ${migrationCount()} in ${server.url}\n`);
    expect(await tableNames(server)).toEqual(expect.arrayContaining(['audit_log', 'desks', 'pow_challenges', 'tips']));

    const again = await runCli(['db', 'migrate'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(first.stdout);

    // Without the token the server refuses: exit 1, the URL and the refusal, no stack trace.
    const refused = await runCli(['db', 'migrate'], { DATABASE_URL: server.url, DATABASE_AUTH_TOKEN: '' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`^tipline: cannot migrate ${server.url}: .*401`));
    expect(refused.stderr).not.toMatch(/\n\s+at /);
  });
});
