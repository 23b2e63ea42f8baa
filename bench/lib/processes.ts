// Child processes for the benchmarks: servers started the way tests/helpers/processes.ts starts
// them (`node node_modules/tsx/dist/cli.mjs <script>`), CLI runs, temp dirs, and peak-memory
// readings from /proc. Every child gets its own process group and is registered, so that an
// exception or Ctrl-C in the bench never leaves a server listening or a tsx loader behind.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');

const live = new Set<ChildProcess>();
/** Last resort (also reached via process.exit from a signal handler): kill every group we made. */
export function killAll(): void {
  for (const child of live) {
    try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
  }
  live.clear();
}
process.on('exit', killAll);

export interface Child {
  process: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

/** Spawns `node ...args` in ROOT as the leader of a new process group, capturing its output. */
export function spawnNode(args: string[], env: Record<string, string> = {}): Child {
  return spawnChild(process.execPath, args, env);
}

export function spawnChild(command: string, args: string[], env: Record<string, string> = {}): Child {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  live.add(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => { live.delete(child); resolve(code); }));
  return { process: child, exited, output: () => output };
}

/** Waits for a child, SIGKILLing its whole group after `timeoutMs`. Returns exit code and output. */
export async function finish(child: Child, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  const timer = setTimeout(() => { try { process.kill(-child.process.pid!, 'SIGKILL'); } catch { /* gone */ } }, timeoutMs);
  const code = await child.exited;
  clearTimeout(timer);
  return { code, output: child.output() };
}

/** `node bin/tipline.mjs ...` against DATABASE_URL; throws on a non-zero exit. */
export async function runCli(args: string[], databaseUrl: string, timeoutMs = 120_000) {
  const result = await finish(spawnNode(['bin/tipline.mjs', ...args], { DATABASE_URL: databaseUrl }), timeoutMs);
  if (result.code !== 0) throw new Error(`tipline ${args.slice(0, 2).join(' ')} exited ${result.code}: ${result.output}`);
  return result.output;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface Server {
  url: string;
  /** The node process that actually serves (tsx's child), for /proc readings. */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts `script` through tsx on a free loopback port and waits (at most 30 s) for /healthz.
 * With `nodeFlags` (e.g. --cpu-prof, refused in NODE_OPTIONS) it runs `node <flags> --import tsx
 * <script>` instead: one process, no tsx wrapper.
 */
export async function startServer(script: string, env: Record<string, string>, nodeFlags?: string[]): Promise<Server> {
  const port = await freePort();
  const args = nodeFlags ? [...nodeFlags, '--import', 'tsx', script] : [TSX, script];
  const child = spawnNode(args, { HOST: '127.0.0.1', PORT: String(port), ...env });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.process.exitCode === null) child.process.kill('SIGTERM'); // tsx relays it to the server
    await finish(child, 10_000);
    try { process.kill(-child.process.pid!, 'SIGKILL'); } catch { /* group already empty */ }
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.process.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`${script} ${child.process.exitCode !== null ? 'exited early' : 'did not become healthy'}: ${child.output()}`);
    }
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: serverPid(child.process.pid!), stop };
}

/** tsx runs the script in a child node process: find it (the one descendant running node). */
function serverPid(tsxPid: number): number {
  const children = (pid: number) => readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  const nodes = children(tsxPid).filter((pid) => /node$/.test(readFileSync(`/proc/${pid}/comm`, 'utf8').trim()));
  return nodes[0] ?? tsxPid; // no child: tsx ran it in-process
}

/** Peak (VmHWM) and current (VmRSS) resident set size of a live process, in MiB. */
export function memoryMiB(pid: number | 'self'): { peak: number; current: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { peak: kib('VmHWM') / 1024, current: kib('VmRSS') / 1024 };
}

const CLOCK_TICKS = (() => {
  try { return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100; } catch { return 100; }
})();

/** CPU time (user + system, all threads) a live process has used so far, in seconds. */
export function cpuSeconds(pid: number): number {
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of stat.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `tipline-bench-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
