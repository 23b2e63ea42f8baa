// Intake benchmark: POST /api/v1/tips with ~4 KiB sealed messages, 20 connections, loopback.
// Three servers, one after another, each in its own child process on its own fresh temp DB:
//   tipline   the real server (src/node.ts)
//   baseline  bench/baseline-server.ts: same rows, same durability, no framework around it
//   bare      bench/baseline-server.ts BENCH_MODE=bare: JSON in, 201 out, no database
//   tipline-sqld  the real server with DATABASE_URL on a local libSQL server (`sqld`, over HTTP):
//             not in the target, reported beside the embedded file (issue 7)
// Target (issue): tipline req/s >= 85% of baseline req/s, with zero non-2xx answers.
//
// Tipline's flood limits and proof of work are switched off through its environment: the limits
// would cap intake at 5 tips/s per desk by design, and proof of work is a different exchange (an
// extra challenge transaction per tip) that the baseline does not model. See docs/performance.md.
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fromBase64, newTipKey, sealMessage, sealToPublicKey, toBase64 } from '../src/crypto/index.ts';
import { dbShape, shapeDiff, type Shape } from './lib/db-shape.ts';
import { startSqld } from '../tests/helpers/sqld.ts';
import { cpuSeconds, memoryMiB, runCli, startServer, tempDir } from './lib/processes.ts';

export interface IntakeOptions { warmupSeconds: number; seconds: number; connections: number; bodies: number }
export const INTAKE_FULL: IntakeOptions = { warmupSeconds: 3, seconds: 10, connections: 20, bodies: 300 };
export const INTAKE_QUICK: IntakeOptions = { warmupSeconds: 1, seconds: 3, connections: 20, bodies: 100 };

export interface ServerFigures {
  name: string; reqPerSec: number; p50Ms: number; p99Ms: number; requests: number;
  non2xx: number; errors: number; timeouts: number; statusCodes: Record<string, number>; serverPeakRssMiB: number; tipsStored: number | null;
  /** Server CPU time per answered request in the measured window: less sensitive than req/s to other load. */
  serverCpuMsPerReq: number;
  /** 1-minute load average when the measured window started (2 cores: above ~2 means contention). */
  loadAvg: number;
}
export interface IntakeResult {
  options: IntakeOptions; messageBytes: number; bodyBytes: number; servers: ServerFigures[]; ratio: number;
  /** Where the baseline's rows differ from the real server's (must be empty for a valid run). */
  rowMismatches: string[]; valid: boolean; pass: boolean;
  /** baseline CPU ms/req over tipline CPU ms/req: the ratio again, far less sensitive to other load. */
  cpuRatio: number;
  /** tipline-sqld req/s over tipline req/s (the embedded file): what a remote database costs. */
  sqldRatio: number;
}

const TIPLINE_ENV = { TIPLINE_POW_DIFFICULTY: '0', TIPLINE_INTAKE_PER_MINUTE: '1e9', TIPLINE_DESK_INTAKE_PER_MINUTE: '1e9' };
export const TARGETS: Array<{ name: string; script: string; env: Record<string, string>; usesDb: boolean; sqld?: true }> = [
  { name: 'baseline', script: 'bench/baseline-server.ts', env: { BENCH_MODE: 'baseline' }, usesDb: true },
  { name: 'tipline', script: 'src/node.ts', env: TIPLINE_ENV, usesDb: true },
  { name: 'bare', script: 'bench/baseline-server.ts', env: { BENCH_MODE: 'bare' }, usesDb: false },
  { name: 'tipline-sqld', script: 'src/node.ts', env: TIPLINE_ENV, usesDb: true, sqld: true },
];
const MESSAGE_CHARS = 4096;

/** Distinct request bodies, each a fresh tip key, message and sealed key, as src/client/submit.ts builds them. */
export function makeBodies(count: number, publicKey: Uint8Array): Buffer[] {
  const words = ['leak', 'budget', 'council', 'contract', 'invoice', 'memo', 'meeting', 'minutes', 'the', 'of', 'and', 'to'];
  return Array.from({ length: count }, (_, i) => {
    let text = `tip ${i}:`;
    for (let w = i; text.length < MESSAGE_CHARS; w = (w * 7 + 3) % 9973) text += ` ${words[w % words.length]}`;
    const tipKey = newTipKey();
    const message = toBase64(sealMessage(tipKey, text.slice(0, MESSAGE_CHARS)));
    const sealedKey = toBase64(sealToPublicKey(tipKey, publicKey));
    return Buffer.from(JSON.stringify({ desk: 'bench', keyVersion: 1, sealedKey, message }));
  });
}

export async function load(url: string, bodies: Buffer[], connections: number, seconds: number) {
  let next = 0; // shared by all connections, so concurrent requests carry different bodies
  return autocannon({
    url, connections, duration: seconds, pipelining: 1, timeout: 10,
    requests: [{
      method: 'POST', path: '/api/v1/tips', headers: { 'content-type': 'application/json' },
      setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length]! }),
    }],
  });
}

export async function measure(target: (typeof TARGETS)[number], options: IntakeOptions, log: (line: string) => void) {
  const dir = tempDir(`intake-${target.name}`);
  const sqld = target.sqld ? await startSqld() : null;
  const databaseUrl = sqld ? sqld.url : `file:${join(dir.path, 'tipline.db')}`;
  try {
    const keyFile = join(dir.path, 'desk.key');
    await runCli(['desk', 'create', 'bench', '--name', 'Bench', '--secret-key-out', keyFile, '--recovery-key-out', `${keyFile}.recovery`], databaseUrl);
    const bodies = makeBodies(options.bodies, fromBase64(JSON.parse(readFileSync(keyFile, 'utf8')).publicKey));
    const server = await startServer(target.script, { DATABASE_URL: databaseUrl, ...target.env });
    let warm, result, peak, cpu, loadAvg;
    try {
      // One request first: if the server refuses these bodies, say why instead of counting 4xx.
      const probe = await fetch(`${server.url}/api/v1/tips`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[0]!.toString() });
      if (probe.status !== 201) throw new Error(`${target.name} answered ${probe.status}: ${(await probe.text()).slice(0, 300)}`);
      warm = await load(server.url, bodies, options.connections, options.warmupSeconds);
      loadAvg = loadavg()[0]!;
      cpu = cpuSeconds(server.pid);
      result = await load(server.url, bodies, options.connections, options.seconds);
      cpu = cpuSeconds(server.pid) - cpu;
      peak = memoryMiB(server.pid).peak;
    } finally {
      await server.stop();
    }
    // Proof that the servers did the work they answered 201 for: every 2xx is a tip row, and
    // the audit chain (written by raw SQL in the baseline) verifies with Tipline's own checker.
    let tipsStored: number | null = null;
    let shape: Shape | null = null;
    if (target.usesDb) {
      const verify = await runCli(['audit', 'verify'], databaseUrl);
      tipsStored = Number(/(\d+) entr/.exec(verify)?.[1] ?? NaN) - 2; // minus desk.created, desk.key_added
      // autocannon stops counting at the deadline, so about one request per connection and run
      // is stored but not counted (seen: 41 for 20 connections and two runs, so allow a few more).
      const answered = 1 + warm['2xx'] + result['2xx']; // with the probe
      if (!(tipsStored >= answered && tipsStored <= answered + 3 * options.connections)) {
        throw new Error(`${target.name}: ${tipsStored} tips in the audit chain for ${answered} 2xx answers`);
      }
      shape = await dbShape(databaseUrl, tipsStored);
    }
    const statusCodes: Record<string, number> = {};
    for (const r of [warm, result]) for (const [code, { count }] of Object.entries(r.statusCodeStats)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
    const figures: ServerFigures = {
      name: target.name, reqPerSec: result.requests.total / result.duration, p50Ms: result.latency.p50, p99Ms: result.latency.p99,
      requests: result.requests.total, non2xx: warm.non2xx + result.non2xx, errors: warm.errors + result.errors,
      timeouts: warm.timeouts + result.timeouts, statusCodes, serverPeakRssMiB: peak, tipsStored,
      serverCpuMsPerReq: (cpu * 1000) / result.requests.total, loadAvg,
    };
    log(`  ${target.name}: ${figures.reqPerSec.toFixed(0)} req/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, ` +
      `non-2xx ${figures.non2xx}, server CPU ${figures.serverCpuMsPerReq.toFixed(2)} ms/req, load ${loadAvg.toFixed(2)}`);
    return { figures, shape, bodyBytes: bodies[0]!.length };
  } finally {
    await sqld?.stop();
    dir.remove();
  }
}

export async function runIntake(options: IntakeOptions, log: (line: string) => void): Promise<IntakeResult> {
  log(`intake: ${options.connections} connections, ${options.warmupSeconds} s warm-up + ${options.seconds} s per server`);
  const servers: ServerFigures[] = [];
  const shapes: Record<string, Shape | null> = {};
  let bodyBytes = 0;
  for (const target of TARGETS) {
    const measured = await measure(target, options, log);
    servers.push(measured.figures);
    shapes[target.name] = measured.shape;
    bodyBytes = measured.bodyBytes;
  }
  const by = (name: string) => servers.find((s) => s.name === name)!;
  const ratio = by('tipline').reqPerSec / by('baseline').reqPerSec;
  const rowMismatches = shapeDiff(shapes.tipline!, shapes.baseline!);
  for (const line of rowMismatches) log(`  ROWS DIFFER ${line}`);
  const valid = rowMismatches.length === 0 && servers.every((s) => s.non2xx === 0 && s.errors === 0 && s.timeouts === 0);
  const cpuRatio = by('baseline').serverCpuMsPerReq / by('tipline').serverCpuMsPerReq;
  const sqldRatio = by('tipline-sqld').reqPerSec / by('tipline').reqPerSec;
  return { options, messageBytes: MESSAGE_CHARS, bodyBytes, servers, ratio, cpuRatio, sqldRatio, rowMismatches, valid, pass: valid && ratio >= 0.85 };
}
