// Load benchmark: autocannon on loopback against the real server (src/node.ts, started as
// `npm start` runs it, on a fresh temporary database), one bounded window per route:
//   intake   POST /api/v1/tips, pre-sealed ~4 KiB tips (proof of work and flood limits off)
//   return   GET /return, the source's way back (a page render, no database write)
//   inbox    GET /api/v1/staff/tips?desk=all as a logged-in desk member (staff enrolled over
//            the API, granted the desk with `tipline desk grant`), 50 tips a page with their
//            sealed messages, over the tips the intake window stored
// Each reports req/s, p50 and p99 latency, non-2xx / errors / timeouts, and the server's CPU per
// request. Every request carries the canary identity headers, and afterwards the leak scan
// (tests/helpers/leak-scan.ts) looks through the database, the server's TMPDIR and everything it
// printed: zero hits required.
//
// Also the server start-up shared with bench/soak-memory.ts: a process group, its output kept,
// and the pid of the node process that really serves (tsx runs it as a child) for /proc readings.
import autocannon from 'autocannon';
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fromBase64 } from '../src/crypto/index.ts';
import { systemClock } from '../src/domain/context.ts';
import { CANARY_IDENTITY_HEADERS, leakScan, serverDirs } from '../tests/helpers/leak-scan.ts';
import type { TestApp } from '../tests/helpers/app.ts';
import { enrollStaff } from '../tests/helpers/staff.ts';
import { makeBodies } from './intake.ts';
import { cpuSeconds, finish, freePort, memoryMiB, runCli, spawnNode, tempDir, TSX, type Child } from './lib/processes.ts';

export interface LoadOptions { warmupSeconds: number; seconds: number; connections: number }
export const LOAD_FULL: LoadOptions = { warmupSeconds: 2, seconds: 10, connections: 10 };
export const LOAD_QUICK: LoadOptions = { warmupSeconds: 1, seconds: 3, connections: 10 };

export interface RouteFigures {
  name: string; method: string; path: string; reqPerSec: number; p50Ms: number; p99Ms: number; requests: number;
  non2xx: number; errors: number; timeouts: number; statusCodes: Record<string, number>; serverCpuMsPerReq: number; loadAvg: number;
}
export interface LoadResult {
  options: LoadOptions; routes: RouteFigures[]; skipped: string[]; serverPeakRssMiB: number;
  leakScan: { hits: number; files: number; megabytes: number; canaries: number };
  valid: boolean;
}

export interface Tipline {
  url: string;
  /** The node process that serves (for /proc readings). */
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** `node tsx src/node.ts` in its own process group on a free port; waits (30 s at most) for /healthz. */
export async function startTipline(env: Record<string, string>): Promise<Tipline> {
  const port = await freePort();
  const child: Child = spawnNode([TSX, 'src/node.ts'], { HOST: '127.0.0.1', PORT: String(port), ...env });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.process.exitCode === null) child.process.kill('SIGTERM');
    await finish(child, 10_000);
    try { process.kill(-child.process.pid!, 'SIGKILL'); } catch { /* group already empty */ }
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.process.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`tipline ${child.process.exitCode !== null ? 'exited early' : 'did not become healthy'}: ${child.output()}`);
    }
    if (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: servingPid(child.process.pid!), output: child.output, stop };
}

/** tsx runs the script in a child node process: that one serves. */
function servingPid(tsxPid: number): number {
  const children = readdirSync(`/proc/${tsxPid}/task`).flatMap((task) =>
    readFileSync(`/proc/${tsxPid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  return children.find((pid) => /node$/.test(readFileSync(`/proc/${pid}/comm`, 'utf8').trim())) ?? tsxPid;
}

/** A fresh instance: database and TMPDIR under `root`, a desk `bench` with its key file. */
export async function prepareInstance(root: string) {
  const dirs = serverDirs(root);
  const keyFile = join(root, 'desk.key');
  await runCli(['desk', 'create', 'bench', '--name', 'Bench', '--secret-key-out', keyFile, '--recovery-key-out', join(root, 'recovery.txt')], dirs.dbUrl);
  const publicKey = fromBase64((JSON.parse(readFileSync(keyFile, 'utf8')) as { publicKey: string }).publicKey);
  const env = {
    ...dirs.env, TIPLINE_POW_DIFFICULTY: '0', TIPLINE_INTAKE_PER_MINUTE: '1e9', TIPLINE_DESK_INTAKE_PER_MINUTE: '1e9',
  };
  return { dirs, keyFile, publicKey, env };
}

const IDENTITY: Record<string, string> = { ...CANARY_IDENTITY_HEADERS };

/** What autocannon resolves to (bench/lib/autocannon.d.ts declares it inside the module only). */
export type AutocannonResult = Awaited<ReturnType<typeof autocannon>>;

export function intakeLoad(url: string, bodies: Buffer[], connections: number, seconds: number) {
  let next = 0;
  return autocannon({
    url, connections, duration: seconds, pipelining: 1, timeout: 10,
    requests: [{
      method: 'POST', path: '/api/v1/tips', headers: { ...IDENTITY, 'content-type': 'application/json' },
      setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length]! }),
    }],
  });
}

function getLoad(url: string, path: string, headers: Record<string, string>, connections: number, seconds: number) {
  return autocannon({ url, connections, duration: seconds, pipelining: 1, timeout: 10, requests: [{ method: 'GET', path, headers: { ...IDENTITY, ...headers } }] });
}

export async function runLoad(options: LoadOptions, log: (line: string) => void): Promise<LoadResult> {
  const dir = tempDir('load');
  try {
    log(`load: ${options.connections} connections, ${options.warmupSeconds} s warm-up + ${options.seconds} s per route`);
    const instance = await prepareInstance(dir.path);
    // An admin to read the inbox: invited by the CLI, enrolled over the API, then given the desk.
    const invite = await runCli(['admin', 'create'], instance.dirs.dbUrl);
    const token = /\/staff\/enroll\/(\S+)/.exec(invite)![1]!;
    const server = await startTipline(instance.env);
    const routes: RouteFigures[] = [];
    const skipped: string[] = [];
    let peak = 0;
    try {
      const overHttp = { app: { request: (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init) }, ctx: { clock: systemClock } } as unknown as TestApp;
      const admin = await enrollStaff(overHttp, 'admin', { username: 'benchadmin', token });
      await runCli(['desk', 'grant', 'bench', '--staff', admin.username, '--secret-key', instance.keyFile], instance.dirs.dbUrl);

      const bodies = makeBodies(200, instance.publicKey);
      const measure = async (name: string, method: string, path: string, run: (seconds: number) => Promise<AutocannonResult>) => {
        await run(options.warmupSeconds);
        const loadAvg = loadavg()[0]!;
        const cpu = cpuSeconds(server.pid);
        const r = await run(options.seconds);
        const cpuUsed = cpuSeconds(server.pid) - cpu;
        peak = Math.max(peak, memoryMiB(server.pid).peak);
        const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, { count }]) => [code, count]));
        const figures: RouteFigures = {
          name, method, path, reqPerSec: r.requests.total / r.duration, p50Ms: r.latency.p50, p99Ms: r.latency.p99, requests: r.requests.total,
          non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, statusCodes, serverCpuMsPerReq: (cpuUsed * 1000) / Math.max(1, r.requests.total), loadAvg,
        };
        log(`  ${name}: ${figures.reqPerSec.toFixed(0)} req/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, non-2xx ${figures.non2xx}, ` +
          `errors ${figures.errors}, server CPU ${figures.serverCpuMsPerReq.toFixed(2)} ms/req, load ${loadAvg.toFixed(2)}`);
        routes.push(figures);
      };

      await measure('intake', 'POST', '/api/v1/tips', (s) => intakeLoad(server.url, bodies, options.connections, s));
      await measure('return page', 'GET', '/return', (s) => getLoad(server.url, '/return', {}, options.connections, s));
      const inbox = '/api/v1/staff/tips?desk=all';
      const probe = await fetch(`${server.url}${inbox}`, { headers: { cookie: `tl_staff=${admin.cookie}` } });
      if (probe.status === 404) {
        skipped.push(`inbox: GET ${inbox} answered 404 (the staff inbox API is not there yet)`);
      } else if (probe.status !== 200) {
        throw new Error(`inbox probe answered ${probe.status}: ${(await probe.text()).slice(0, 300)}`);
      } else {
        const page = (await probe.json()) as { tips: unknown[] };
        log(`  inbox: ${page.tips.length} tips a page`);
        await measure('staff inbox', 'GET', inbox, (s) => getLoad(server.url, inbox, { cookie: `tl_staff=${admin.cookie}` }, options.connections, s));
      }
    } finally {
      await server.stop();
    }
    const report = leakScan({ dirs: [instance.dirs.dataDir, instance.dirs.tmpDir], outputs: { server: server.output() } });
    for (const hit of report.hits) log(`  LEAK ${hit.canary} in ${hit.where} (${hit.encoding})`);
    const valid = report.hits.length === 0 && routes.every((r) => r.non2xx === 0 && r.errors === 0 && r.timeouts === 0);
    return {
      options, routes, skipped, serverPeakRssMiB: peak, valid,
      leakScan: { hits: report.hits.length, files: report.scanned.length, megabytes: report.bytes / 2 ** 20, canaries: report.canaries },
    };
  } finally {
    dir.remove();
  }
}
