// Upload benchmark: one large file (1 GiB by default) sealed and sent through src/client/submit.ts
// to the real server, then opened back with `tipline tips export` and compared by SHA-256.
// Target (issue): peak RSS under 200 MB for sealing (client) and opening (export) a 1 GiB file;
// the server's peak is reported too, since it must hold no more than a chunk per request.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { cpuSeconds, finish, memoryMiB, runCli, spawnChild, spawnNode, startServer, tempDir, TSX } from './lib/processes.ts';

export interface UploadResult {
  megabytes: number;
  upload: {
    elapsedS: number; mibPerSec: number; clientPeakRssMiB: number; serverPeakRssMiB: number; serverIdleRssMiB: number; dbMiB: number;
    /** CPU seconds (all threads) each side spent during the upload: where the elapsed time went. */
    clientCpuS: number; serverCpuS: number;
  };
  export: { elapsedS: number; mibPerSec: number; peakRssMiB: number; measuredWith: string };
  sha256Match: boolean;
  pass: boolean;
  serverUnderLimit: boolean;
}

const RSS_LIMIT_MIB = 200 * 1e6 / 2 ** 20; // "200 MB" read as 10^6 bytes: ~190.7 MiB, the stricter reading
const TIME = '/usr/bin/time';

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), hash);
  return hash.digest('hex');
}

/** Runs the export CLI, with its peak RSS from `/usr/bin/time -v`, else sampled from /proc. */
async function exportTips(args: string[], databaseUrl: string, timeoutMs: number) {
  const env = { DATABASE_URL: databaseUrl };
  const started = performance.now();
  if (existsSync(TIME)) {
    const { code, output } = await finish(spawnChild(TIME, ['-v', process.execPath, 'bin/tipline.mjs', ...args], env), timeoutMs);
    if (code !== 0) throw new Error(`tips export exited ${code}: ${output}`);
    const kib = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(output)?.[1] ?? NaN);
    return { elapsedS: (performance.now() - started) / 1000, peakRssMiB: kib / 1024, measuredWith: 'time -v' };
  }
  const child = spawnNode(['bin/tipline.mjs', ...args], env);
  let peak = 0;
  const sampler = setInterval(() => { try { peak = Math.max(peak, memoryMiB(child.process.pid!).peak); } catch { /* exiting */ } }, 100);
  const { code, output } = await finish(child, timeoutMs);
  clearInterval(sampler);
  if (code !== 0) throw new Error(`tips export exited ${code}: ${output}`);
  return { elapsedS: (performance.now() - started) / 1000, peakRssMiB: peak, measuredWith: '/proc sampling (100 ms)' };
}

export async function runUpload(megabytes: number, log: (line: string) => void): Promise<UploadResult> {
  log(`upload: one ${megabytes} MiB file, sealed by the client, stored by the server, opened by export`);
  const dir = tempDir('upload');
  const dbPath = join(dir.path, 'tipline.db');
  const databaseUrl = `file:${dbPath}`;
  // Generous but finite: a stuck upload or export ends the run instead of hanging it.
  const timeoutMs = 120_000 + megabytes * 2_000;
  try {
    const keyFile = join(dir.path, 'desk.key');
    await runCli(['desk', 'create', 'bench', '--name', 'Bench', '--secret-key-out', keyFile, '--recovery-key-out', `${keyFile}.recovery`], databaseUrl);
    const server = await startServer('src/node.ts', { DATABASE_URL: databaseUrl });
    let sent: { sha256: string; elapsedMs: number; cpuS: number; peakRssMiB: number };
    let serverIdle: number, serverPeak: number, serverCpuS: number;
    try {
      serverIdle = memoryMiB(server.pid).current;
      serverCpuS = cpuSeconds(server.pid);
      const client = await finish(spawnNode([TSX, 'bench/upload-client.ts', '--server', server.url, '--desk', 'bench', '--mb', String(megabytes)]), timeoutMs);
      if (client.code !== 0) throw new Error(`upload client exited ${client.code}: ${client.output}`);
      sent = JSON.parse(client.output.trim().split('\n').filter((l) => l.startsWith('{')).pop()!);
      serverPeak = memoryMiB(server.pid).peak;
      serverCpuS = cpuSeconds(server.pid) - serverCpuS;
    } finally {
      await server.stop();
    }
    const dbMiB = ['', '-wal'].reduce((sum, s) => sum + (existsSync(dbPath + s) ? statSync(dbPath + s).size : 0), 0) / 2 ** 20;
    log(`  sent in ${(sent.elapsedMs / 1000).toFixed(1)} s (CPU: client ${sent.cpuS.toFixed(1)} s, server ${serverCpuS.toFixed(1)} s); ` +
      `client peak ${sent.peakRssMiB.toFixed(0)} MiB, server peak ${serverPeak.toFixed(0)} MiB`);

    const out = join(dir.path, 'export');
    const exported = await exportTips(['tips', 'export', '--desk', 'bench', '--secret-key', keyFile, '--out', out], databaseUrl, timeoutMs);
    const [tipDir] = readdirSync(out);
    const sha256Match = (await sha256File(join(out, tipDir!, 'bench-upload.bin'))) === sent.sha256;
    log(`  exported in ${exported.elapsedS.toFixed(1)} s; export peak ${exported.peakRssMiB.toFixed(0)} MiB; SHA-256 ${sha256Match ? 'matches' : 'DIFFERS'}`);

    const elapsedS = sent.elapsedMs / 1000;
    return {
      megabytes,
      upload: {
        elapsedS, mibPerSec: megabytes / elapsedS, clientPeakRssMiB: sent.peakRssMiB, serverPeakRssMiB: serverPeak, serverIdleRssMiB: serverIdle, dbMiB,
        clientCpuS: sent.cpuS, serverCpuS,
      },
      export: { ...exported, mibPerSec: megabytes / exported.elapsedS },
      sha256Match,
      // The target is about sealing (client) and opening (export); the server is reported beside it.
      pass: sha256Match && sent.peakRssMiB < RSS_LIMIT_MIB && exported.peakRssMiB < RSS_LIMIT_MIB,
      serverUnderLimit: serverPeak < RSS_LIMIT_MIB,
    };
  } finally {
    dir.remove();
  }
}
