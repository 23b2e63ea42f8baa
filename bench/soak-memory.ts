// Memory soak: intake load (POST /api/v1/tips, pre-sealed ~4 KiB tips, proof of work and flood
// limits off) against the real server for `minutes` (10 by default), sampling the serving
// process's resident memory (VmRSS in /proc/<pid>/status) every 10 s. What matters is the
// trend once the server is warm: a leak grows RSS with every request; a healthy server levels
// off after its first minute (V8 sizes its heap, SQLite fills its page cache).
//
// Verdict: the median RSS of the last minute is at most max(20 MiB, 10%) above the median of
// the first minute under load. Also reported: idle RSS before the load, the least-squares slope
// over the second half (MiB per minute), requests served, and the database's size.
import { statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { leakScan } from '../tests/helpers/leak-scan.ts';
import { makeBodies } from './intake.ts';
import { intakeLoad, prepareInstance, startTipline } from './load.ts';
import { memoryMiB, tempDir } from './lib/processes.ts';

export interface SoakOptions { minutes: number; connections: number; sampleSeconds: number }
export const SOAK_FULL: SoakOptions = { minutes: 10, connections: 10, sampleSeconds: 10 };
export const SOAK_QUICK: SoakOptions = { minutes: 1, connections: 10, sampleSeconds: 10 };

export interface SoakResult {
  options: SoakOptions;
  idleRssMiB: number;
  samples: Array<{ seconds: number; rssMiB: number }>;
  firstMinuteMedianMiB: number; lastMinuteMedianMiB: number; growthMiB: number; growthPercent: number;
  /** Least-squares slope of RSS over the second half of the run. */
  secondHalfSlopeMiBPerMin: number;
  peakRssMiB: number; requests: number; reqPerSec: number; non2xx: number; errors: number; timeouts: number;
  dbMiB: number; loadAvgStart: number; loadAvgEnd: number; leakHits: number; pass: boolean;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};

function slope(points: Array<{ seconds: number; rssMiB: number }>): number {
  if (points.length < 2) return 0;
  const mx = points.reduce((a, p) => a + p.seconds, 0) / points.length;
  const my = points.reduce((a, p) => a + p.rssMiB, 0) / points.length;
  const num = points.reduce((a, p) => a + (p.seconds - mx) * (p.rssMiB - my), 0);
  const den = points.reduce((a, p) => a + (p.seconds - mx) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60;
}

export async function runSoakMemory(options: SoakOptions, log: (line: string) => void): Promise<SoakResult> {
  const dir = tempDir('soak-memory');
  try {
    log(`soak-memory: intake load for ${options.minutes} min, ${options.connections} connections, RSS every ${options.sampleSeconds} s`);
    const instance = await prepareInstance(dir.path);
    const server = await startTipline(instance.env);
    const samples: Array<{ seconds: number; rssMiB: number }> = [];
    let idle = 0;
    let peak = 0;
    let result;
    const loadAvgStart = loadavg()[0]!;
    try {
      const bodies = makeBodies(300, instance.publicKey);
      idle = memoryMiB(server.pid).current;
      const started = Date.now();
      const sample = () => {
        const { current, peak: hwm } = memoryMiB(server.pid);
        peak = Math.max(peak, hwm);
        const seconds = Math.round((Date.now() - started) / 1000);
        samples.push({ seconds, rssMiB: current });
        log(`  ${String(seconds).padStart(4)} s  RSS ${current.toFixed(1)} MiB`);
      };
      const timer = setInterval(sample, options.sampleSeconds * 1000);
      try {
        result = await intakeLoad(server.url, bodies, options.connections, Math.round(options.minutes * 60));
      } finally {
        clearInterval(timer);
      }
      sample();
    } finally {
      await server.stop();
    }
    const under = (from: number, to: number) => samples.filter((s) => s.seconds > from && s.seconds <= to).map((s) => s.rssMiB);
    const total = options.minutes * 60;
    const first = median(under(0, Math.min(60, total / 2)));
    const last = median(under(Math.max(total - 60, total / 2), total + 60));
    const growth = last - first;
    const dbMiB = statSync(join(instance.dirs.dataDir, 'tipline.db')).size / 2 ** 20;
    const scan = leakScan({ dirs: [instance.dirs.dataDir, instance.dirs.tmpDir], outputs: { server: server.output() } });
    const soak: SoakResult = {
      options, idleRssMiB: idle, samples, firstMinuteMedianMiB: first, lastMinuteMedianMiB: last, growthMiB: growth,
      growthPercent: (growth / first) * 100, secondHalfSlopeMiBPerMin: slope(samples.filter((s) => s.seconds > total / 2)),
      peakRssMiB: peak, requests: result.requests.total, reqPerSec: result.requests.total / result.duration,
      non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, dbMiB,
      loadAvgStart, loadAvgEnd: loadavg()[0]!, leakHits: scan.hits.length,
      pass: growth <= Math.max(20, 0.1 * first) && result.non2xx === 0 && result.errors === 0 && scan.hits.length === 0,
    };
    log(`  RSS first minute ${first.toFixed(1)} MiB, last minute ${last.toFixed(1)} MiB: ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MiB; ` +
      `second-half slope ${soak.secondHalfSlopeMiBPerMin.toFixed(2)} MiB/min; ${soak.requests} requests, database ${dbMiB.toFixed(0)} MiB`);
    return soak;
  } finally {
    dir.remove();
  }
}
