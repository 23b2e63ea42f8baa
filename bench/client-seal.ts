// Client-side cost of a large file in the source's browser: real Chromium runs the production
// worker (dist/web/strip-worker.js, built first) through the page's worker protocol: it strips
// a 100 MB video (tests/fixtures/strip/media/iphone.mov with a large mdat box appended: metadata
// to remove, media to stream through) and seals it for upload, with the real submitter
// (src/client/submit.ts: chunking, 4 uploads in flight, progress events) and the real sealing
// lanes (dist/web/seal-worker.js: one per reported core but one, 1 to 3, with the worker sealing
// too; src/client/seal-pool.ts). `--lanes 0` refuses the lane script (404), so the worker seals
// everything itself: the path a browser without nested workers takes.
//
// The worker is started and answers once before the clock starts, as on the submission page,
// which starts it when the page loads, long before a file is chosen; its start-up (loading and
// compiling the ~1 MB script) is reported apart as `workerStartMs`.
//
// What is left out is the network: the worker is loaded through a small wrapper that answers
// the API inside the worker (global `fetch` replaced, chunks counted and dropped) and then runs
// the production bundle unchanged with importScripts. Chromium's per-request cost on this
// machine (several ms per 64 KiB chunk PUT, more under Playwright's instrumentation) would
// otherwise hide the client's own speed, and the real upload rate depends on the server anyway.
// Key derivation (scrypt, a fixed ~1 s) is left out too: the submission is a follow-up.
//
// Meanwhile the page's main thread runs a 10 ms timer and a requestAnimationFrame loop; the
// longest gap between their ticks says whether the page stayed responsive.
//
// Also reported: the CPU time the browser used in the measured window (`browserCpuS`), and with
// BENCH_THREADS=1 per thread (`threadCpuS`). On a shared machine the wall-clock rate mostly says
// how busy the others were: Linux shares CPU time fairly between sessions (autogroups), so a
// busy machine gives this benchmark's whole browser a fixed slice whatever its thread count,
// and extra threads only help when cores are free. CPU time says what the work itself cost.
//
//   npx tsx bench/client-seal.ts [--mb 100] [--lanes 0]
//
// Prints one Markdown table row on stdout (details as JSON on stderr).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { generateBoxKeyPair, randomBytes, toBase64 } from '../src/crypto/index.ts';
import { buildWeb, WEB_OUT } from '../scripts/build-web.ts';
import { launchBrowser } from '../tests/helpers/browser.ts';
import { cpuSeconds } from './lib/processes.ts';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '100' }, lanes: { type: 'string' } } });
const megabytes = Number(values.mb);
if (!(megabytes > 0)) throw new Error('--mb must be a positive number');
if (values.lanes !== undefined && values.lanes !== '0') throw new Error('--lanes takes only 0 (the lane count is the browser\'s)');
const noLanes = values.lanes === '0';
/**
 * CPU time (user + system, all threads) of every process this one started, i.e. the browser:
 * on this shared machine wall time mostly says how busy the other users were, CPU time says
 * what the work cost.
 */
function browserCpuSeconds(): number {
  let total = 0;
  for (const pid of descendants()) {
    try {
      total += cpuSeconds(pid);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Every process this one started, and theirs. */
function descendants(): Set<number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // gone meanwhile
    }
  }
  const ours = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of parents) if (ours.has(parent) && !ours.has(pid)) (ours.add(pid), (grew = true));
  }
  ours.delete(process.pid);
  return ours;
}

/**
 * With BENCH_THREADS=1: CPU seconds per browser thread name (DedicatedWorker thread, the
 * renderer's main thread, ...), sampled every 100 ms so threads that end are counted too.
 */
function threadSampler(): { stop(): Record<string, number> } {
  const last = new Map<string, { name: string; ticks: number }>();
  const sample = () => {
    for (const pid of descendants()) {
      let tasks: string[] = [];
      try {
        tasks = readdirSync(`/proc/${pid}/task`);
      } catch {
        continue;
      }
      for (const task of tasks) {
        try {
          const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
          const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          const ticks = Number(fields[11]) + Number(fields[12]);
          const key = `${pid}/${task}`;
          last.set(key, { name, ticks });
        } catch {
          // gone meanwhile
        }
      }
    }
  };
  sample();
  const baseline = new Map([...last].map(([key, { ticks }]) => [key, ticks]));
  const timer = setInterval(sample, 100);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const byName: Record<string, number> = {};
      for (const [key, { name, ticks }] of last) {
        const used = (ticks - (baseline.get(key) ?? 0)) / 100;
        // Workers each by thread (their names are cut to 15 characters and all alike).
        const label = name.startsWith('DedicatedWorker') ? `${name} ${key}` : name;
        if (used > 0) byName[label] = Math.round(((byName[label] ?? 0) + used) * 100) / 100;
      }
      return byName;
    },
  };
}

/** A frame at 60 Hz is 16.7 ms; a gap over 100 ms is a stutter a person notices. */
const RESPONSIVE_MAX_GAP_MS = 100;

await buildWeb({ quiet: true });
const productionWorker = readFileSync(`${WEB_OUT}/strip-worker.js`);
// Absent in trees from before the sealing lanes (for before/after runs from a copy of such a tree).
const sealWorker = existsSync(`${WEB_OUT}/seal-worker.js`) ? readFileSync(`${WEB_OUT}/seal-worker.js`) : null;
const movie = readFileSync('tests/fixtures/strip/media/iphone.mov');
const desk = { slug: 'bench', name: 'Bench', keyVersion: 1, publicKey: toBase64(generateBoxKeyPair().publicKey) };
const salt = toBase64(randomBytes(16));

/** The API of docs/api.md, just enough for one tip with files, answered inside the worker. */
const wrapper = `
const desk = ${JSON.stringify(desk)};
const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const id = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
let chunks = 0;
self.fetch = async (input, init = {}) => {
  const path = new URL(String(input), self.location.href).pathname;
  if (path === '/api/v1/desks') return json(200, { desks: [desk] });
  if (path === '/api/v1/instance') return json(200, { kdf: { algorithm: 'scrypt', salt: ${JSON.stringify(salt)}, logN: 15, r: 8, p: 1 }, codenameWords: 9, powRequired: false });
  if (path === '/api/v1/tips') return json(201, { id: id(), uploadToken: id() + id() });
  if (path.startsWith('/api/v1/tips/') && path.endsWith('/files')) return json(201, { uploadId: id(), chunkCount: 0 });
  if (path.includes('/chunks/')) { chunks += 1; return new Response(null, { status: 204 }); }
  if (path.endsWith('/finish')) return json(200, { chunkCount: chunks });
  return json(404, { error: { code: 'not_found', message: path } });
};
importScripts('/static/strip-worker.js');
`;

const server = createServer((req, res) => {
  if (req.url === '/static/strip-worker.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(productionWorker);
  if (req.url === '/bench-worker.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(wrapper);
  if (req.url === '/static/seal-worker.js') {
    if (noLanes || !sealWorker) return void res.writeHead(404).end();
    return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(sealWorker);
  }
  res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body><p>bench</p></body></html>');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  if (process.env.BENCH_DEBUG) {
    page.on('console', (m) => process.stderr.write(`console: ${m.text()}\n`));
    page.on('worker', (w) => w.on('console', (m) => process.stderr.write(`worker: ${m.text()}\n`)));
    page.on('crash', () => process.stderr.write('page crashed\n'));
    page.on('pageerror', (e) => process.stderr.write(`pageerror ${e}\n`));
  }
  await page.goto(`${origin}/bench`);
  // tsx compiles with keepNames, so functions below call a __name helper the page lacks.
  await page.evaluate('window.__name = (f) => f');
  // Set-up (not timed): the file, the worker started and answering, kept on `window.bench`.
  const workerStartMs = await page.evaluate(async ({ movieBytes, bytes }) => {
    // The file: the movie, then one mdat box of `bytes` pseudo-random bytes.
    const parts: BlobPart[] = [new Uint8Array(movieBytes)];
    const header = new Uint8Array(8);
    new DataView(header.buffer).setUint32(0, bytes + 8);
    header.set([0x6d, 0x64, 0x61, 0x74], 4); // 'mdat'
    parts.push(header);
    const piece = new Uint8Array(65536);
    for (let left = bytes; left > 0; left -= piece.length) {
      crypto.getRandomValues(piece);
      parts.push(piece.slice(0, Math.min(piece.length, left)));
    }
    const file = new File(parts, 'bench.mov', { type: 'video/quicktime' });

    // The page's side of src/web/client/protocol.ts, by hand.
    const worker = new Worker('/bench-worker.js');
    let next = 1;
    const call = (op: string, args: unknown, onEvent?: (event: { type: string; phase?: string }) => void) => new Promise<unknown>((resolve, reject) => {
      const id = next++;
      worker.addEventListener('message', function listen(event: MessageEvent) {
        const message = event.data as { id: number; event?: { type: string }; result?: unknown; error?: unknown };
        if (message.id !== id) return;
        if (message.event) return onEvent?.(message.event);
        worker.removeEventListener('message', listen);
        if (message.error) reject(new Error(JSON.stringify(message.error)));
        else resolve(message.result);
      });
      worker.postMessage({ id, op, args });
    });

    // Started and answering before the clock starts, as on the page (see the top of this file).
    const started = performance.now();
    await call('forget', { keys: [] });
    (window as unknown as { bench: unknown }).bench = { file, worker, call };
    return performance.now() - started;
  }, { movieBytes: [...movie], bytes: Math.round(megabytes * 1_000_000) });

  const cpuBefore = browserCpuSeconds();
  const threads = process.env.BENCH_THREADS ? threadSampler() : undefined;
  const result = await page.evaluate(async () => {
    type Call = (op: string, args: unknown, onEvent?: (event: { type: string; phase?: string }) => void) => Promise<unknown>;
    const { file, worker, call } = (window as unknown as { bench: { file: File; worker: Worker; call: Call } }).bench;
    // The main thread's heartbeat: the longest wait between timer ticks and between frames.
    let maxTimerGap = 0;
    let maxFrameGap = 0;
    let lastTimer = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      maxTimerGap = Math.max(maxTimerGap, now - lastTimer);
      lastTimer = now;
    }, 10);
    let lastFrame = performance.now();
    let frames = 0;
    let running = true;
    const frame = (now: number) => {
      maxFrameGap = Math.max(maxFrameGap, now - lastFrame);
      lastFrame = now;
      frames += 1;
      if (running) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);

    const t0 = performance.now();
    const report = (await call('strip', { key: 'bench', file })) as { status: string; categories?: string[] };
    const t1 = performance.now();
    let sendingAt = 0;
    let chunks = 0;
    let sealing: unknown = null;
    // A follow-up, so no codename key derivation (scrypt) is timed: only what grows with the file.
    await call('submit', {
      desk: 'bench', message: 'benchmark', files: [{ key: 'bench', file }], allowUnsupported: false,
      followUp: { lookupKey: new Uint8Array(32) },
    }, (event) => {
      if (event.type === 'phase' && event.phase === 'sending') sendingAt = performance.now();
      if (event.type === 'chunk') chunks += 1;
      if (event.type === 'sealed') sealing = event;
    });
    const t2 = performance.now();
    running = false;
    clearInterval(timer);
    worker.terminate();
    return {
      size: file.size, report, stripMs: t1 - t0, sealMs: t2 - (sendingAt || t1), totalMs: t2 - t0, chunks, sealing,
      cores: navigator.hardwareConcurrency, maxTimerGap, maxFrameGap, frames,
    };
  });
  const browserCpuS = browserCpuSeconds() - cpuBefore;
  const details = { ...result, workerStartMs, browserCpuS, loadAverage: loadavg(), ...(threads ? { threadCpuS: threads.stop() } : {}) };

  const mb = result.size / 1_000_000;
  const rate = (ms: number) => (mb / (ms / 1000)).toFixed(1);
  const responsive = result.maxTimerGap < RESPONSIVE_MAX_GAP_MS;
  process.stderr.write(`${JSON.stringify(details)}\n`);
  if (result.report.status !== 'cleaned') throw new Error(`the bench file was not cleaned: ${JSON.stringify(result.report)}`);
  const expectedChunks = Math.ceil(result.size / 65536);
  if (result.chunks < expectedChunks) throw new Error(`sealed ${result.chunks} chunks, expected at least ${expectedChunks}`);
  const sealing = result.sealing as { lanesReady: number; sealedInLanes: number; sealedHere: number } | null;
  const lanes = sealing ? `${sealing.lanesReady} lanes of ${result.cores} cores, ${sealing.sealedInLanes} chunks in lanes, ${sealing.sealedHere} in the worker` : 'no lanes';
  console.log(
    `| client strip + seal (Chromium, Web Worker, ${lanes}, ${mb.toFixed(0)} MB video, network left out) | ${rate(result.totalMs)} MB/s ` +
    `(strip ${rate(result.stripMs)} MB/s, seal ${rate(result.sealMs)} MB/s; target 50) | ` +
    `main thread: longest timer gap ${result.maxTimerGap.toFixed(0)} ms, frame gap ${result.maxFrameGap.toFixed(0)} ms: ` +
    `${responsive ? 'responsive' : 'NOT responsive'}; browser CPU ${browserCpuS.toFixed(2)} s, load ${loadavg()[0]!.toFixed(1)} |`,
  );
} finally {
  await browser.close();
  server.close();
}
