// "Nothing acknowledged is lost", proven with SIGKILL. The real Node server runs as a child (its
// own process group) on a temporary database file; concurrent sources submit tips with files
// through the reference client (src/client/submit.ts: chunked, resumable uploads), with canary
// identity headers on every request and plaintext markers in every message, file name and file.
// The server's whole process group is killed at random moments, sometimes on a timer and
// sometimes right as a chunk is acknowledged (mid-upload), then restarted on the same database,
// and the clients carry on. At the end:
//   - every tip that got a 201 is there, opens with the desk key and says exactly what was sent;
//   - every file whose finish got a 2xx is there, byte for byte, under its name;
//   - nothing else is there but tips and files that were really sent (a commit whose answer the
//     kill swallowed);
//   - an upload cut short is resumable: one is finished from the server's own account of it
//     (GET /uploads/{id}) and then reads back byte for byte; the others are removed cleanly by
//     retention (purgeExpired, once they are old enough), chunks and all;
//   - the audit chain verifies, and no canary is in any file the server wrote or anything it printed.
// CI: 3 kill cycles. `npm run soak` (TIPLINE_SOAK=1): 100. TIPLINE_CRASH_CYCLES and
// TIPLINE_CRASH_SEED override; the seed is printed with any failure.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { submitTip, type FileToSend } from '../../src/client/submit.ts';
import {
  boxKeyPairFromSecretKey, fromBase64, openSealed, sealPartChunks, type KeyPair, type PartHeader,
} from '../../src/crypto/index.ts';
import { openNodeDatabase } from '../../src/db/open-node.ts';
import { verifyAuditChain } from '../../src/domain/audit.ts';
import { purgeExpired, UNFINISHED_UPLOAD_DAYS } from '../../src/domain/retention.ts';
import { expectNoLeaks, plaintextMarker, serverDirs, withCanaryHeaders } from '../helpers/leak-scan.ts';
import { runCli, startServer, type RunningServer } from '../helpers/processes.ts';
import { readDeskTips } from '../helpers/read-tips.ts';
import { tempDir } from '../helpers/temp.ts';

const SOAK = process.env.TIPLINE_SOAK === '1';
const CYCLES = Number(process.env.TIPLINE_CRASH_CYCLES ?? (SOAK ? 100 : 3));
const SEED = Number(process.env.TIPLINE_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CLIENTS = 4;
const DESK = 'crash';
const CHUNK = 65_536;
/** Clients give up fast once the server is gone: the test restarts it, not the client. */
const RETRY = { attempts: 2, baseDelayMs: 20, resumes: 1, maxResumeDelayMs: 50 };
/** Longest a cycle may wait for its clients to notice the server died. */
const SETTLE_MS = 30_000;

const verbose = (line: string) => {
  if (process.env.TIPLINE_CRASH_VERBOSE) process.stderr.write(`crash: ${line}\n`);
};

/** mulberry32: the same kill points and workloads for the same seed. */
function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SentFile {
  name: string;
  type: string;
  bytes: Uint8Array;
  marker: string;
  uploadId?: string;
  noncePrefix?: string;
  /** Its finish answered 2xx. */
  finished: boolean;
  /** Chunk indices whose PUT answered 204. */
  storedChunks: Set<number>;
}

interface SentTip {
  message: string;
  marker: string;
  files: SentFile[];
  /** Set once POST /tips answered 201. */
  tipId?: string;
  sealedKey?: string;
}

/** A tip with 0-2 files of 1 byte to ~4 chunks, each file starting with its marker. */
function makeTip(random: () => number, n: number): SentTip {
  const marker = plaintextMarker(`msg${n}`);
  const files: SentFile[] = [];
  const fileCount = Math.floor(random() * 3);
  for (let f = 0; f < fileCount; f++) {
    const fileMarker = plaintextMarker(`file${n}.${f}`);
    const size = Math.max(fileMarker.length, Math.floor(random() * 3.5 * CHUNK));
    const bytes = new Uint8Array(size);
    for (let at = 0; at < size; at += 65_536) globalThis.crypto.getRandomValues(bytes.subarray(at, Math.min(size, at + 65_536)));
    bytes.set(new TextEncoder().encode(fileMarker));
    files.push({ name: `${plaintextMarker(`name${n}.${f}`)}.bin`, type: 'application/octet-stream', bytes, marker: fileMarker, finished: false, storedChunks: new Set() });
  }
  return { message: `${marker} the harbour master signs blank inspection forms (tip ${n})`, marker, files };
}

const fileToSend = (file: SentFile): FileToSend => ({
  name: file.name, type: file.type, size: file.bytes.length,
  // In pieces, as a browser's File stream would yield them.
  async *open() {
    for (let at = 0; at < file.bytes.length; at += 40_000) yield file.bytes.subarray(at, at + 40_000);
  },
});

let server: RunningServer | undefined;
let dir: ReturnType<typeof tempDir> | undefined;
afterEach(async () => {
  await server?.stop('SIGKILL');
  dir?.remove();
  server = dir = undefined;
});

describe('SIGKILL at random moments, restart on the same database', () => {
  it(`keeps every acknowledged tip and file (${CYCLES} kill cycles)`, { timeout: SOAK ? 0 : 60_000 + CYCLES * 25_000 }, async () => {
    try {
      await scenario();
    } catch (error) {
      const text = `crash test failed with TIPLINE_CRASH_SEED=${SEED} (TIPLINE_CRASH_CYCLES=${CYCLES})`;
      process.stderr.write(`${text}\n`);
      if (error instanceof Error) error.message = `${text}: ${error.message}`;
      throw error;
    }
  });
});

async function scenario(): Promise<void> {
  // Kill points from one stream (the same for the same seed, whatever the timing), workloads
  // from another (the clients draw from it as their requests come back, so only roughly).
  const schedule = prng(SEED);
  const random = prng(SEED ^ 0x5bd1e995);
  dir = tempDir('tipline-crash-');
  const dirs = serverDirs(dir.path);
  const keyFile = join(dir.path, 'desk.key');
  const outputs: Record<string, string> = {};
  const created = await runCli(['desk', 'create', DESK, '--name', 'Crash desk', '--secret-key-out', keyFile, '--recovery-key-out', join(dir.path, 'recovery.txt')], dirs.env);
  expect(created.code, created.stderr).toBe(0);
  outputs['desk create'] = created.stdout + created.stderr;
  const deskKey: KeyPair = boxKeyPairFromSecretKey(fromBase64((JSON.parse(readFileSync(keyFile, 'utf8')) as { secretKey: string }).secretKey));
  const env = {
    ...dirs.env, TIPLINE_ACCESS_LOG: '1', TIPLINE_POW_DIFFICULTY: '0',
    TIPLINE_INTAKE_PER_MINUTE: '1000000', TIPLINE_DESK_INTAKE_PER_MINUTE: '1000000',
  };

  const sent: SentTip[] = [];
  let interruptedUploads = 0;
  server = await startServer(env);
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const live = server;
    // The first cycle always dies right after a chunk is stored, so an upload is cut short.
    const mode = schedule() < 0.5 || cycle === 0 ? 'after-chunk' : 'timer';
    const chunkTarget = 3 + Math.floor(schedule() * 12);
    const timerMs = 300 + Math.floor(schedule() * 2200);
    let chunksStored = 0;
    let killed = false;
    let onKill!: () => void;
    const killedNow = new Promise<void>((resolve) => (onKill = resolve));
    const kill = () => {
      if (killed) return;
      killed = true;
      // Synchronously, from inside the request that triggered it: whatever else is in flight dies too.
      try {
        process.kill(-live.process.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      onKill();
    };

    /** fetch with canary identity headers, recording what the server acknowledged. */
    const recorder = (tip: SentTip): typeof fetch => {
      const base = withCanaryHeaders(fetch);
      let filesCreated = 0;
      return async (input, init) => {
        const path = new URL(String(input)).pathname;
        const method = init?.method ?? 'GET';
        const response = await base(input, init);
        if (method === 'POST' && path === '/api/v1/tips' && response.status === 201) {
          tip.sealedKey = (JSON.parse(String(init!.body)) as { sealedKey: string }).sealedKey;
        } else if (method === 'POST' && /^\/api\/v1\/tips\/[0-9a-f]+\/files$/.test(path) && response.status === 201) {
          const file = tip.files[filesCreated++]!;
          file.uploadId = ((await response.clone().json()) as { uploadId: string }).uploadId;
          file.noncePrefix = (JSON.parse(String(init!.body)) as { noncePrefix: string }).noncePrefix;
        } else if (method === 'PUT' && response.status === 204) {
          chunksStored++;
          const [, , , , uploadId, , index] = path.split('/');
          tip.files.find((f) => f.uploadId === uploadId)?.storedChunks.add(Number(index));
          if (mode === 'after-chunk' && chunksStored >= chunkTarget) {
            const uploadId = path.split('/')[4];
            if (tip.files.some((f) => f.uploadId === uploadId && !f.finished)) interruptedUploads++;
            kill();
          }
        } else if (method === 'POST' && path.endsWith('/finish') && response.ok) {
          const uploadId = path.split('/')[4];
          const file = tip.files.find((f) => f.uploadId === uploadId);
          if (file) file.finished = true;
        }
        return response;
      };
    };

    const client = async () => {
      while (!killed) {
        const tip = makeTip(random, sent.length);
        sent.push(tip);
        try {
          await submitTip({
            server: live.url, desk: DESK, message: tip.message, files: tip.files.map(fileToSend),
            fetch: recorder(tip), retry: RETRY, concurrency: 1 + Math.floor(random() * 4),
            onCreated: (id) => (tip.tipId = id),
          });
        } catch (error) {
          // Only the kill may make a submission fail.
          if (!killed) throw error;
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, client);
    const timer = setTimeout(kill, mode === 'timer' ? timerMs : 15_000);
    // A client that fails while the server is alive is a bug: surface it instead of waiting.
    const failed = Promise.all(clients).then(() => undefined);
    await Promise.race([killedNow, failed]);
    clearTimeout(timer);
    expect(killed, 'a client stopped although the server was alive').toBe(true);
    await live.stop('SIGKILL');
    const settled = await Promise.race([
      Promise.allSettled(clients).then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), SETTLE_MS)),
    ]);
    expect(settled, 'clients did not give up after the kill').toBe(true);
    const output = live.output();
    outputs[`server ${cycle} stdout`] = output.stdout;
    outputs[`server ${cycle} stderr`] = output.stderr;
    // Restart on the same database; the next cycle's clients use it.
    const restartAt = Date.now();
    server = await startServer(env);
    verbose(`cycle ${cycle} (${mode}): restart took ${Date.now() - restartAt} ms; ${sent.length} tips so far`);
  }

  verbose(`${sent.length} tips sent, ${sent.filter((t) => t.tipId).length} acknowledged, ${sent.flatMap((t) => t.files).filter((f) => f.finished).length} files finished, ${interruptedUploads} cut mid-upload by a chunk-triggered kill`);
  // At least one upload was cut short between two of its chunks.
  expect(interruptedUploads).toBeGreaterThanOrEqual(1);
  const acked = sent.filter((t) => t.tipId);
  expect(acked.length).toBeGreaterThan(0);

  // Resume one cut-short upload exactly as a client would after a restart: ask the server what
  // it has, seal the file again with the same tip key and nonce prefix, send only what is missing.
  const unfinished = acked.flatMap((tip) => tip.files.filter((f) => f.uploadId && !f.finished).map((file) => ({ tip, file })));
  expect(unfinished.length).toBeGreaterThanOrEqual(1);
  // Prefer one with chunks still missing (a client may also have died between its last chunk and finish).
  const statuses = await Promise.all(unfinished.map(async (u) => (await uploadStatus(server!.url, u.file.uploadId!)).missing.length));
  const withGaps = unfinished.filter((_u, i) => statuses[i]! > 0);
  const pool = withGaps.length ? withGaps : unfinished;
  const resumed = pool[Math.floor(schedule() * pool.length)]!;
  await resumeUpload(server.url, resumed.tip, resumed.file, deskKey);
  resumed.file.finished = true;

  expect(await server.stop('SIGTERM')).toBe(0);
  const last = server.output();
  outputs['final server stdout'] = last.stdout;
  outputs['final server stderr'] = last.stderr;
  server = undefined;

  const db = await openNodeDatabase({ url: dirs.dbUrl });
  try {
    const opened = await readDeskTips(db, DESK, deskKey);
    const byId = new Map(opened.map((t) => [t.id, t]));
    const byMarker = new Map(sent.map((t) => [t.marker, t]));
    // Every acknowledged tip, and every acknowledged file, byte for byte.
    for (const tip of acked) {
      const stored = byId.get(tip.tipId!);
      expect(stored, `acknowledged tip ${tip.tipId} is missing`).toBeDefined();
      expect(stored!.message).toBe(tip.message);
      for (const file of tip.files.filter((f) => f.finished)) {
        const found = stored!.files.filter((f) => f.name === file.name);
        expect(found.length, `finished file ${file.name} of tip ${tip.tipId}`).toBe(1);
        expect(found[0]!.type).toBe(file.type);
        expect(Buffer.from(found[0]!.bytes).equals(Buffer.from(file.bytes)), `bytes of ${file.name}`).toBe(true);
      }
    }
    // Nothing that was not sent: each stored tip and file is one a client really sent, whole.
    for (const tip of opened) {
      const source = byMarker.get(tip.message.split(' ')[0]!);
      expect(source, `stored tip ${tip.id} matches nothing sent`).toBeDefined();
      expect(tip.message).toBe(source!.message);
      for (const file of tip.files) {
        const original = source!.files.find((f) => f.name === file.name);
        expect(original, `stored file ${file.name} matches nothing sent`).toBeDefined();
        expect(Buffer.from(file.bytes).equals(Buffer.from(original!.bytes))).toBe(true);
      }
    }

    // Every upload whose creation was acknowledged exists, and every chunk acknowledged with a
    // 204 is stored. An upload the client saw no finish for is still uploading, or complete (the
    // kill took the answer, not the commit), and then it was opened and compared above.
    const states = new Map(((await db.read.all(sql`SELECT id, state FROM parts WHERE kind = 'file'`)) as Array<{ id: string; state: string }>).map((r) => [r.id, r.state]));
    const chunkRows = (await db.read.all(sql`SELECT part_id AS part, idx FROM chunks`)) as Array<{ part: string; idx: number }>;
    const storedIdx = new Map<string, Set<number>>();
    for (const { part, idx } of chunkRows) storedIdx.set(part, (storedIdx.get(part) ?? new Set()).add(Number(idx)));
    let answerLost = 0;
    for (const file of sent.flatMap((t) => t.files).filter((f) => f.uploadId)) {
      const state = states.get(file.uploadId!);
      expect(state, `acknowledged upload ${file.uploadId} is missing`).toBeDefined();
      if (state === 'uploading') {
        expect(file.finished, `finished upload ${file.uploadId} is not complete`).toBe(false);
        const missing = [...file.storedChunks].filter((i) => !storedIdx.get(file.uploadId!)?.has(i));
        expect(missing, `acknowledged chunks of ${file.uploadId} are missing`).toEqual([]);
      } else if (!file.finished) answerLost++;
    }
    verbose(`${answerLost} uploads were finished by a commit whose answer the kill took`);

    // The rest of the cut-short uploads are cleanly expired once they are old enough: parts and
    // chunks gone, finished files untouched, the removal audited.
    const count = async (query: ReturnType<typeof sql>) => Number(((await db.read.all(query)) as Array<{ n: number }>)[0]!.n);
    const uploading = await count(sql`SELECT count(*) AS n FROM parts WHERE state = 'uploading'`);
    const complete = await count(sql`SELECT count(*) AS n FROM parts WHERE state = 'complete'`);
    const later = new Date(Date.now() + (UNFINISHED_UPLOAD_DAYS + 1) * 86_400_000);
    const report = await purgeExpired({ ctx: { db, clock: { now: () => later } } });
    expect(report.uploads).toBe(uploading);
    expect(await count(sql`SELECT count(*) AS n FROM parts WHERE state = 'uploading'`)).toBe(0);
    expect(await count(sql`SELECT count(*) AS n FROM parts WHERE state = 'complete'`)).toBe(complete);
    expect(await count(sql`SELECT count(*) AS n FROM chunks WHERE part_id NOT IN (SELECT id FROM parts)`)).toBe(0);
    expect((await readDeskTips(db, DESK, deskKey)).length).toBe(opened.length);

    const audit = await verifyAuditChain(db.read);
    expect(audit, JSON.stringify(audit)).toMatchObject({ ok: true });
  } finally {
    db.close();
  }

  // No identity value and no plaintext in the database, its WAL, the server's temp directory or
  // anything any of the servers printed.
  const markers = sent.flatMap((t) => [t.marker, ...t.files.flatMap((f) => [f.marker, f.name])]);
  const scan = expectNoLeaks({ dirs: [dirs.dataDir, dirs.tmpDir], outputs, markers }, ['tipline.db']);
  expect(scan.canaries).toBeGreaterThan(markers.length);
  expect(outputs['server 0 stdout']).toMatch(/^PUT \/api\/v1\/uploads\/:uploadId\/chunks\/:index 204$/m);
}

interface UploadStatus { chunkCount: number; received: number; finished: boolean; missing: number[] }

async function uploadStatus(url: string, uploadId: string): Promise<UploadStatus> {
  const response = await withCanaryHeaders(fetch)(`${url}/api/v1/uploads/${uploadId}`);
  expect(response.status).toBe(200);
  return (await response.json()) as UploadStatus;
}

async function resumeUpload(url: string, tip: SentTip, file: SentFile, deskKey: KeyPair): Promise<void> {
  const http = withCanaryHeaders(fetch);
  const status = await uploadStatus(url, file.uploadId!);
  expect(status.finished).toBe(false);
  expect(status.received + status.missing.length).toBe(status.chunkCount);
  const missing = new Set(status.missing);
  const tipKey = openSealed(fromBase64(tip.sealedKey!), deskKey);
  const header: PartHeader = { kind: 'file', name: file.name, type: file.type, size: file.bytes.length };
  let index = 0;
  let sentChunks = 0;
  for await (const chunk of sealPartChunks(tipKey, fromBase64(file.noncePrefix!), header, fileToSend(file).open())) {
    const i = index++;
    if (!missing.has(i)) continue;
    const put = await http(`${url}/api/v1/uploads/${file.uploadId}/chunks/${i}`, {
      method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: chunk as Uint8Array<ArrayBuffer>,
    });
    expect(put.status).toBe(204);
    sentChunks++;
  }
  tipKey.fill(0);
  expect(index).toBe(status.chunkCount);
  expect(sentChunks).toBe(status.missing.length);
  const finish = await http(`${url}/api/v1/uploads/${file.uploadId}/finish`, { method: 'POST' });
  expect(finish.status, await finish.clone().text()).toBe(200);
  expect((await uploadStatus(url, file.uploadId!)).finished).toBe(true);
}
