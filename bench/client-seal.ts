// Client-side cost of a large file in the source's browser: real Chromium runs the production
// worker (dist/web/strip-worker.js, built first) through the page's worker protocol: it strips
// a 100 MB video (tests/fixtures/strip/media/iphone.mov with a large mdat box appended: metadata
// to remove, media to stream through) and seals it for upload, with the real submitter
// (src/client/submit.ts: chunking, 4 uploads in flight, progress events).
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
//   npx tsx bench/client-seal.ts [--mb 100]
//
// Prints one Markdown table row on stdout (details as JSON on stderr).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { generateBoxKeyPair, randomBytes, toBase64 } from '../src/crypto/index.ts';
import { buildWeb, WEB_OUT } from '../scripts/build-web.ts';
import { launchBrowser } from '../tests/helpers/browser.ts';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '100' } } });
const megabytes = Number(values.mb);
if (!(megabytes > 0)) throw new Error('--mb must be a positive number');
/** A frame at 60 Hz is 16.7 ms; a gap over 100 ms is a stutter a person notices. */
const RESPONSIVE_MAX_GAP_MS = 100;

await buildWeb({ quiet: true });
const productionWorker = readFileSync(`${WEB_OUT}/strip-worker.js`);
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
  const result = await page.evaluate(async ({ movieBytes, bytes }) => {
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
    // A follow-up, so no codename key derivation (scrypt) is timed: only what grows with the file.
    await call('submit', {
      desk: 'bench', message: 'benchmark', files: [{ key: 'bench', file }], allowUnsupported: false,
      followUp: { lookupKey: new Uint8Array(32) },
    }, (event) => {
      if (event.type === 'phase' && event.phase === 'sending') sendingAt = performance.now();
      if (event.type === 'chunk') chunks += 1;
    });
    const t2 = performance.now();
    running = false;
    clearInterval(timer);
    worker.terminate();
    return { size: file.size, report, stripMs: t1 - t0, sealMs: t2 - (sendingAt || t1), totalMs: t2 - t0, chunks, maxTimerGap, maxFrameGap, frames };
  }, { movieBytes: [...movie], bytes: Math.round(megabytes * 1_000_000) });

  const mb = result.size / 1_000_000;
  const rate = (ms: number) => (mb / (ms / 1000)).toFixed(1);
  const responsive = result.maxTimerGap < RESPONSIVE_MAX_GAP_MS;
  process.stderr.write(`${JSON.stringify(result)}\n`);
  if (result.report.status !== 'cleaned') throw new Error(`the bench file was not cleaned: ${JSON.stringify(result.report)}`);
  const expectedChunks = Math.ceil(result.size / 65536);
  if (result.chunks < expectedChunks) throw new Error(`sealed ${result.chunks} chunks, expected at least ${expectedChunks}`);
  console.log(
    `| client strip + seal (Chromium, Web Worker, ${mb.toFixed(0)} MB video, network left out) | ${rate(result.totalMs)} MB/s ` +
    `(strip ${rate(result.stripMs)} MB/s, seal ${rate(result.sealMs)} MB/s; target 50) | ` +
    `main thread: longest timer gap ${result.maxTimerGap.toFixed(0)} ms, frame gap ${result.maxFrameGap.toFixed(0)} ms: ` +
    `${responsive ? 'responsive' : 'NOT responsive'} |`,
  );
} finally {
  await browser.close();
  server.close();
}
