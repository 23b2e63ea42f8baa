// Inbox benchmark: GET /api/v1/staff/tips (50 tips with their triage fields, labels, unread
// marker and message ciphertext) from a file database holding 100,000 tips, in process through
// app.request, so the figure is server time: routing, session check, queries, JSON, and the
// `tips.listed` audit entry (one fsync'd transaction) when the page hands the session tips it
// was not handed in the last 15 minutes (src/domain/triage/listing-audit.ts). The cases that
// repeat pages write it only in their warm-up; "every page new to the session" writes it on
// every request, and each case logs how many entries it wrote per request.
//
// The database is filled with raw SQL in large transactions (seconds, not the hours 100,000
// HTTP submissions would take): 365 days of tips over four desks of different sizes, statuses,
// priorities, labels (common ones and a rare one), assignees, file flags and read markers.
// Staff, desks and labels are made with the real verbs.
//
// Target (issue 5): p99 < 20 ms for the page filtered by status and label.
import { createClient, type InStatement } from '@libsql/client';
import { count, eq } from 'drizzle-orm';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.ts';
import { ENCRYPTED_SECRET_KEY_BYTES, generateBoxKeyPair, padme, randomBytes } from '../src/crypto/index.ts';
import { openNodeDatabase } from '../src/db/open-node.ts';
import type { Database } from '../src/db/database.ts';
import { auditLog } from '../src/db/schema.ts';
import { createDesk } from '../src/domain/desks.ts';
import { newId } from '../src/domain/ids.ts';
import { addDeskMember } from '../src/domain/staff/desk-members.ts';
import type { StaffIdentity } from '../src/domain/staff/identity.ts';
import { createInvite, enrollStaff } from '../src/domain/staff/invites.ts';
import { openStaffSession } from '../src/domain/staff/sessions.ts';
import { totpCode } from '../src/domain/staff/totp.ts';
import { createLabel } from '../src/domain/triage/labels.ts';
import { pageQuery } from '../src/domain/triage/queue.ts';
import { DEFAULT_INTAKE_LIMITS } from '../src/http/intake-gate.ts';
import { tempDir } from './lib/processes.ts';

export interface InboxOptions { tips: number; requests: number; warmup: number; otherRequests: number }
export const INBOX_FULL: InboxOptions = { tips: 100_000, requests: 500, warmup: 50, otherRequests: 200 };
export const INBOX_QUICK: InboxOptions = { tips: 100_000, requests: 200, warmup: 20, otherRequests: 50 };

export interface InboxCase {
  name: string; requests: number; p50Ms: number; p99Ms: number; maxMs: number; tipsPerPage: number; bytesPerPage: number;
  /** Process CPU time per request (user + system): far less sensitive than wall time to other load on the machine. */
  cpuMsPerReq: number;
  /** `tips.listed` audit entries written per measured request (each one a synchronous=FULL commit). */
  auditedPerReq: number;
}
export interface InboxResult {
  options: InboxOptions; seedSeconds: number; dbMiB: number; cases: InboxCase[];
  /** EXPLAIN QUERY PLAN of the page query of the target case. */
  plan: string[]; planUsesIndex: boolean; pass: boolean;
}

const TODAY = Date.parse('2026-11-22T12:00:00Z');
const DESKS = [{ slug: 'investigations', share: 0.4 }, { slug: 'politics', share: 0.3 }, { slug: 'business', share: 0.2 }, { slug: 'local', share: 0.1 }];
const STATUSES: Array<[string, number]> = [['new', 0.25], ['in_review', 0.15], ['verified', 0.1], ['needs_followup', 0.1], ['declined', 0.15], ['published', 0.05], ['archived', 0.2]];
/** Per desk: name and the share of the desk's tips carrying it ('leak' is the rare one). */
const LABELS: Array<[string, number]> = [['documents', 0.2], ['verify', 0.1], ['legal', 0.03], ['photos', 0.03], ['council', 0.03], ['health', 0.03], ['police', 0.03], ['leak', 0.0005]];

/** A seeded PRNG (mulberry32): the same database every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: number, table: Array<[T, number]>): T {
  for (const [value, share] of table) {
    if (r < share) return value;
    r -= share;
  }
  return table[table.length - 1]![0];
}

const day = (daysAgo: number) => new Date(TODAY - daysAgo * 86_400_000).toISOString().slice(0, 10);

async function enroll(db: Database, role: 'editor' | 'reporter', username: string): Promise<{ identity: StaffIdentity; cookie: string }> {
  const ctx = { db, clock: { now: () => new Date(TODAY) } };
  const { token } = await createInvite({ ctx, input: { role, actor: { kind: 'admin-cli' } } });
  const totpSecret = randomBytes(20);
  const done = await enrollStaff({
    ctx,
    input: {
      token, username, displayName: username, totpSecret, totpCode: totpCode(totpSecret, ctx.clock.now()),
      credentials: { kdfSalt: randomBytes(16), kdfLogN: 10, loginKey: randomBytes(32), publicKey: generateBoxKeyPair().publicKey, encryptedSecretKey: randomBytes(ENCRYPTED_SECRET_KEY_BYTES) },
    },
  });
  return { identity: done.staff, cookie: done.cookie };
}

interface Seeded { editor: { identity: StaffIdentity; cookie: string }; deskIds: string[]; labelIds: Record<string, string[]> }

async function seed(db: Database, dbUrl: string, count: number, log: (line: string) => void): Promise<Seeded> {
  const ctx = { db, clock: { now: () => new Date(TODAY) } };
  const editor = await enroll(db, 'editor', 'bench-editor');
  const reporter = await enroll(db, 'reporter', 'bench-reporter');
  const deskIds: string[] = [];
  const labelIds: Record<string, string[]> = {};
  for (const desk of DESKS) {
    const { id } = await createDesk({ ctx, input: { slug: desk.slug, name: desk.slug, publicKey: generateBoxKeyPair().publicKey, actor: { kind: 'admin-cli' } } });
    deskIds.push(id);
    for (const who of [editor, reporter]) await addDeskMember({ ctx, input: { deskId: id, staffId: who.identity.id, actor: { kind: 'admin-cli' } } });
    labelIds[id] = [];
    for (const [name] of LABELS) labelIds[id]!.push((await createLabel({ ctx, input: { actor: editor.identity, deskId: id, name } })).id);
  }

  // Raw SQL on a connection of its own, 10,000 tips per transaction.
  const client = createClient({ url: dbUrl });
  const rand = random(20261122);
  const pool = randomBytes(4096 + 16);
  const sealedKey = randomBytes(80);
  const tokenHash = randomBytes(32);
  const noncePrefix = randomBytes(16);
  try {
    for (let start = 0; start < count; start += 10_000) {
      const statements: InStatement[] = [];
      for (let i = start; i < Math.min(count, start + 10_000); i += 1) {
        const tipId = newId();
        const partId = newId();
        const d = rand();
        const deskIndex = d < 0.4 ? 0 : d < 0.7 ? 1 : d < 0.9 ? 2 : 3;
        const deskId = deskIds[deskIndex]!;
        const daysAgo = Math.floor(rand() * 365);
        const status = pick(rand(), STATUSES);
        const priority = pick(rand(), [[0, 0.2], [1, 0.6], [2, 0.15], [3, 0.05]]);
        const a = rand();
        const assignee = a < 0.15 ? editor.identity.id : a < 0.2 ? reporter.identity.id : null;
        const hasFiles = rand() < 0.2;
        const unsupported = hasFiles && rand() < 0.1;
        const paddedSize = padme(400 + Math.floor(rand() * 2600));
        statements.push({
          sql: `INSERT INTO tips (id, source_id, via, desk_id, key_version, sealed_key, upload_token_hash, received_day, status, priority, assignee_id, has_files, unsupported_metadata, urgent)
                VALUES (?, NULL, 'js', ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          args: [tipId, deskId, sealedKey, tokenHash, day(daysAgo), status, priority, assignee, hasFiles ? 1 : 0, unsupported ? 1 : 0, rand() < 0.03 ? 1 : 0],
        });
        statements.push({
          sql: `INSERT INTO parts (id, tip_id, kind, nonce_prefix, padded_size, chunk_count, state, metadata, created_day) VALUES (?, ?, 'message', ?, ?, 1, 'complete', NULL, ?)`,
          args: [partId, tipId, noncePrefix, paddedSize, day(daysAgo)],
        });
        statements.push({ sql: 'INSERT INTO chunks (part_id, idx, ciphertext) VALUES (?, 0, ?)', args: [partId, pool.subarray(0, paddedSize + 16)] });
        LABELS.forEach(([, share], l) => {
          if (rand() < share) statements.push({ sql: 'INSERT INTO tip_labels (tip_id, label_id) VALUES (?, ?)', args: [tipId, labelIds[deskId]![l]!] });
        });
        // Everything older than a month has been opened; half of the rest.
        if (daysAgo > 30 || rand() < 0.5) statements.push({ sql: 'INSERT INTO tip_reads (staff_id, tip_id) VALUES (?, ?)', args: [editor.identity.id, tipId] });
      }
      await client.batch(statements, 'write');
      log(`inbox: ${Math.min(count, start + 10_000)} tips stored`);
    }
  } finally {
    client.close();
  }
  return { editor, deskIds, labelIds };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function runInbox(options: InboxOptions, log: (line: string) => void): Promise<InboxResult> {
  const dir = tempDir('inbox');
  const dbUrl = `file:${join(dir.path, 'tipline.db')}`;
  const db = await openNodeDatabase({ url: dbUrl });
  try {
    const started = performance.now();
    const { editor, deskIds, labelIds } = await seed(db, dbUrl, options.tips, log);
    const seedSeconds = (performance.now() - started) / 1000;
    const app = createApp({
      db, clock: { now: () => new Date(TODAY) }, log: { info: () => {}, error: log },
      config: { accessLog: false, intake: DEFAULT_INTAKE_LIMITS },
    });
    const get = async (path: string, cookie = editor.cookie) => {
      const t0 = performance.now();
      const response = await app.request(path, { headers: { cookie: `tl_staff=${cookie}` } });
      const body = await response.text();
      const ms = performance.now() - t0;
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body.slice(0, 300)}`);
      const parsed = JSON.parse(body) as { tips: unknown[]; nextCursor: string | null };
      return { ms, tips: parsed.tips.length, bytes: body.length, nextCursor: parsed.nextCursor };
    };

    // The target case rotates over three statuses and the two common labels of every desk.
    const statusLabel: string[] = [];
    for (const deskId of deskIds) for (const status of ['new', 'in_review', 'needs_followup']) for (const l of [0, 1]) {
      statusLabel.push(`/api/v1/staff/tips?status=${status}&label=${labelIds[deskId]![l]}&limit=50`);
    }
    const second = await get(statusLabel[0]!);
    /** The same combinations paged through with their cursors, one page after the other: every page is new to the session. */
    let walkAt = 0;
    let walkCursor: string | null = null;
    const walk = () => `${statusLabel[walkAt % statusLabel.length]!}${walkCursor ? `&cursor=${walkCursor}` : ''}`;
    const walked = (nextCursor: string | null) => {
      walkCursor = nextCursor;
      if (!walkCursor) walkAt += 1;
    };
    // A session of its own for the walk, so that no page of it was handed out before.
    const walker = await db.write((tx) => openStaffSession(tx, new Date(TODAY), editor.identity.id));
    const cases: Array<{ name: string; paths: string[] | (() => string); after?: (nextCursor: string | null) => void; cookie?: string; requests: number }> = [
      { name: 'status + label (target)', paths: statusLabel, requests: options.requests },
      { name: 'status + label, every page new to the session (audited)', paths: walk, after: walked, cookie: walker.cookie, requests: options.otherRequests },
      { name: 'status + label, page 2 (cursor)', paths: [`${statusLabel[0]}&cursor=${second.nextCursor}`], requests: options.otherRequests },
      { name: 'all my desks (4), no filter', paths: ['/api/v1/staff/tips?limit=50'], requests: options.otherRequests },
      { name: 'status + rare label (~20 tips)', paths: deskIds.map((d) => `/api/v1/staff/tips?status=new&label=${labelIds[d]![7]}`), requests: options.otherRequests },
      { name: 'assigned to me, all desks', paths: ['/api/v1/staff/tips?assignee=me'], requests: options.otherRequests },
      { name: 'assigned to me, all desks, sort=priority', paths: ['/api/v1/staff/tips?assignee=me&sort=priority'], requests: options.otherRequests },
      { name: 'unread, all desks', paths: ['/api/v1/staff/tips?unread=true'], requests: options.otherRequests },
      { name: 'one desk, status, sort=priority', paths: [`/api/v1/staff/tips?desk=${deskIds[0]}&status=new&sort=priority`], requests: options.otherRequests },
      { name: 'one desk, sort=priority', paths: [`/api/v1/staff/tips?desk=${deskIds[0]}&sort=priority`], requests: options.otherRequests },
    ];
    const listedEntries = async () => (await db.read.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'tips.listed')))[0]!.n;
    const results: InboxCase[] = [];
    for (const c of cases) {
      const next = (i: number) => (typeof c.paths === 'function' ? c.paths() : c.paths[i % c.paths.length]!);
      const request = async (i: number) => {
        const r = await get(next(i), c.cookie);
        c.after?.(r.nextCursor);
        return r;
      };
      for (let i = 0; i < options.warmup; i += 1) await request(i);
      const times: number[] = [];
      let tips = 0;
      let bytes = 0;
      const entriesBefore = await listedEntries();
      const cpu = process.cpuUsage();
      for (let i = 0; i < c.requests; i += 1) {
        const r = await request(i);
        times.push(r.ms);
        tips += r.tips;
        bytes += r.bytes;
      }
      const used = process.cpuUsage(cpu);
      const audited = (await listedEntries()) - entriesBefore;
      times.sort((a, b) => a - b);
      const figures = {
        cpuMsPerReq: +((used.user + used.system) / 1000 / c.requests).toFixed(2), auditedPerReq: +(audited / c.requests).toFixed(2),
        name: c.name, requests: c.requests, p50Ms: +percentile(times, 50).toFixed(2), p99Ms: +percentile(times, 99).toFixed(2),
        maxMs: +times[times.length - 1]!.toFixed(2), tipsPerPage: +(tips / c.requests).toFixed(1), bytesPerPage: Math.round(bytes / c.requests),
      };
      log(`inbox: ${c.name}: p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, CPU ${figures.cpuMsPerReq} ms/request, ${figures.auditedPerReq} audit entries/request (load ${loadavg()[0]!.toFixed(1)})`);
      results.push(figures);
    }

    const plan = await explainTarget(db, dbUrl, editor.identity, deskIds[0]!, labelIds[deskIds[0]!]![0]!);
    const planUsesIndex = plan.some((line) => line.includes('tips_desk_status_idx')) && !plan.some((line) => line.includes('TEMP B-TREE'));
    const sizer = createClient({ url: dbUrl });
    const dbMiB = Number((await sizer.execute('SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()')).rows[0]!.n) / 2 ** 20;
    sizer.close();
    return { options, seedSeconds, dbMiB, cases: results, plan, planUsesIndex, pass: results[0]!.p99Ms < 20 && planUsesIndex };
  } finally {
    db.close();
    dir.remove();
  }
}

/** The query plan of the target case's page query, as SQLite chose it on the seeded data. */
async function explainTarget(db: Database, dbUrl: string, viewer: StaffIdentity, deskId: string, labelId: string): Promise<string[]> {
  const query = pageQuery(db.read, { viewer, deskIds: [deskId], filters: { status: 'new', labelId }, shape: 'scan', sort: 'newest', limit: 51 }).toSQL();
  const client = createClient({ url: dbUrl });
  try {
    const rows = (await client.execute({ sql: `EXPLAIN QUERY PLAN ${query.sql}`, args: query.params as never })).rows;
    return rows.map((r) => String(r.detail));
  } finally {
    client.close();
  }
}
