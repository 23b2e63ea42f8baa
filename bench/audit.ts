// `tipline audit verify` on 1,000,000 entries (issue 6 target: under 10 s).
//
// The trail is built fast but for real: raw SQL in big transactions, every hash computed by the
// chain's own code (ChainHasher, the same bytes appendAudit writes), a realistic mix of actors,
// actions and details, and 1,400 signed checkpoints (a year of them after thinning: every 10
// minutes for the last week, one a day before; src/domain/audit-checkpoints.ts). Then the CLI's
// whole verify path is timed as a user runs it: `node bin/tipline.mjs audit verify --public-key`,
// process start to exit, three times as configured by default (one thread) and twice with a
// thread per core (TIPLINE_AUDIT_VERIFY_THREADS), with the CPU time each run used.
import { createPrivateKey, hash, sign } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { createClient, type InValue } from '@libsql/client';
import { checkpointMessage, generateSigningKeyPair, toBase64 } from '../src/crypto/index.ts';
import { openNodeDatabase } from '../src/db/open-node.ts';
import { ChainHasher, GENESIS_HASH } from '../src/domain/audit-hash.ts';
import { finish, spawnNode, tempDir } from './lib/processes.ts';

export interface AuditBenchResult {
  entries: number;
  checkpoints: number;
  buildSeconds: number;
  dbMiB: number;
  runs: Array<{ threads: number; wallSeconds: number; cpuSeconds: number; loadAvg: number }>;
  /** Median wall time of the default runs. */
  medianSeconds: number;
  entriesPerSecond: number;
  output: string;
  pass: boolean;
}

const ENTRIES = 1_000_000;
const CHECKPOINTS = 1_400;
const ROWS_PER_INSERT = 250; // 8 columns each: 2,000 parameters per statement
const ROWS_PER_TRANSACTION = 100_000;
const TARGET_SECONDS = 10;

/** CPU seconds of this process's finished, waited-for children (cutime + cstime of /proc/self/stat). */
function childrenCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /s, '').split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100; // USER_HZ is 100 on Linux
}

const hexId = (n: number) => hash('sha256', `id${n}`, 'hex').slice(0, 32);
const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/** The fields of entry `seq`: what a busy newsroom's trail looks like. */
function entryFields(seq: number) {
  const day = new Date(Date.UTC(2026, 0, 1) + Math.floor((seq / ENTRIES) * 365 * 86_400_000));
  const tip = hexId(seq >> 3);
  const staff = `staff:${hexId(seq % 17)}`;
  switch (seq % 8) {
    case 0: return { at: day.toISOString().slice(0, 10), actor: 'source', action: 'tip.received', subject: tip, details: '{}' };
    case 1: return { at: day.toISOString(), actor: staff, action: 'tip.viewed', subject: tip, details: '{}' };
    case 2: return { at: day.toISOString(), actor: staff, action: 'tip.status_changed', subject: tip, details: '{"from":"new","to":"in_review"}' };
    case 3: return { at: day.toISOString(), actor: staff, action: 'tip.file_opened', subject: tip, details: `{"part":"${hexId(seq)}"}` };
    case 4: return { at: day.toISOString(), actor: staff, action: 'tip.note_added', subject: tip, details: `{"note":"${hexId(seq + 1)}"}` };
    case 5: return { at: day.toISOString(), actor: staff, action: 'tip.labels_changed', subject: tip, details: `{"added":["${hexId(seq + 2)}"],"removed":[]}` };
    case 6: return { at: day.toISOString(), actor: 'system', action: 'tip.upload_purged', subject: tip, details: `{"part":"${hexId(seq + 3)}"}` };
    default: return { at: day.toISOString(), actor: staff, action: 'staff.login', subject: staff.slice(6), details: '{"factor":"totp"}' };
  }
}

export async function build(dbUrl: string, log: (line: string) => void) {
  (await openNodeDatabase({ url: dbUrl })).close(); // schema via the real migrations
  const client = createClient({ url: dbUrl });
  await client.execute('PRAGMA synchronous=OFF'); // a bench fixture, not data anyone keeps
  const hasher = new ChainHasher((data) => hash('sha256', data, 'buffer'));
  const signer = generateSigningKeyPair();
  const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: b64url(signer.seed), x: b64url(signer.publicKey) }, format: 'jwk' });
  const checkpointEvery = Math.floor(ENTRIES / CHECKPOINTS);
  const insertSql = `INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) VALUES ${Array(ROWS_PER_INSERT).fill('(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
  let prevHash: Uint8Array = GENESIS_HASH;
  let checkpoints = 0;
  for (let start = 1; start <= ENTRIES; start += ROWS_PER_TRANSACTION) {
    const tx = await client.transaction('write');
    for (let first = start; first < start + ROWS_PER_TRANSACTION && first <= ENTRIES; first += ROWS_PER_INSERT) {
      const args: InValue[] = [];
      const cps: InValue[][] = [];
      for (let seq = first; seq < first + ROWS_PER_INSERT; seq++) {
        const fields = { seq, ...entryFields(seq) };
        const entryHash = hasher.entry(prevHash, fields);
        args.push(seq, fields.at, fields.actor, fields.action, fields.subject, fields.details, prevHash, entryHash);
        prevHash = entryHash;
        if (seq % checkpointEvery === 0 && checkpoints < CHECKPOINTS) {
          const signature = sign(null, checkpointMessage(seq, entryHash), privateKey);
          cps.push([seq, entryHash, `${fields.at.slice(0, 10)}T23:59:00.000Z`, signer.publicKey, new Uint8Array(signature)]);
          checkpoints += 1;
        }
      }
      await tx.execute({ sql: insertSql, args });
      for (const cp of cps) await tx.execute({ sql: 'INSERT INTO audit_checkpoints (seq, head_hash, at, public_key, signature) VALUES (?, ?, ?, ?, ?)', args: cp });
    }
    await tx.commit();
    log(`audit: ${Math.min(start + ROWS_PER_TRANSACTION - 1, ENTRIES)} entries written`);
  }
  await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  client.close();
  return { publicKey: toBase64(signer.publicKey), checkpoints };
}

export async function runAudit(log: (line: string) => void): Promise<AuditBenchResult> {
  const dir = tempDir('audit');
  try {
    const dbUrl = `file:${join(dir.path, 'audit.db')}`;
    const started = performance.now();
    const { publicKey, checkpoints } = await build(dbUrl, log);
    const buildSeconds = (performance.now() - started) / 1000;
    const dbMiB = statSync(join(dir.path, 'audit.db')).size / 2 ** 20;
    log(`audit: built ${ENTRIES} entries and ${checkpoints} checkpoints in ${buildSeconds.toFixed(1)} s (${dbMiB.toFixed(0)} MiB)`);
    const runs: AuditBenchResult['runs'] = [];
    let output = '';
    for (const threads of [1, 1, 1, availableParallelism(), availableParallelism()]) {
      const t0 = performance.now();
      const cpu0 = childrenCpuSeconds();
      const env = { DATABASE_URL: dbUrl, ...(threads > 1 ? { TIPLINE_AUDIT_VERIFY_THREADS: String(threads) } : {}) };
      const result = await finish(spawnNode(['bin/tipline.mjs', 'audit', 'verify', '--public-key', publicKey], env), 300_000);
      const run = { threads, wallSeconds: (performance.now() - t0) / 1000, cpuSeconds: childrenCpuSeconds() - cpu0, loadAvg: loadavg()[0]! };
      runs.push(run);
      output = result.output;
      if (result.code !== 0 || !output.includes(`intact: ${ENTRIES} entries`)) throw new Error(`audit verify exited ${result.code}: ${output}`);
      log(`audit: verify, ${run.threads} thread(s): ${run.wallSeconds.toFixed(2)} s wall, ${run.cpuSeconds.toFixed(2)} s CPU`);
    }
    const medianSeconds = runs.slice(0, 3).map((r) => r.wallSeconds).sort((a, b) => a - b)[1]!;
    return {
      entries: ENTRIES, checkpoints, buildSeconds, dbMiB, runs, medianSeconds,
      entriesPerSecond: ENTRIES / medianSeconds, output: output.trim(), pass: medianSeconds < TARGET_SECONDS,
    };
  } finally {
    dir.remove();
  }
}

// `tsx bench/audit.ts`: this benchmark alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runAudit((line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
}
