/**
 * Throughput benchmark for the envelope v1 chunk stream (single JS thread).
 *
 *   npx tsx bench/crypto.ts                 # 256 MiB stream
 *   npx tsx bench/crypto.ts --size-mb 1024  # 1 GiB stream
 *   npx tsx bench/crypto.ts --json out.json # JSON to a file instead of the last stdout line
 *   npx tsx bench/crypto.ts --rounds 3      # best of 3 per operation (noisy/shared machines)
 *
 * Measures, on the same generated content (one random 64 KiB buffer re-sent as
 * every piece, so generation costs nothing and nothing is materialised):
 *   - nacl.secretbox on 64 KiB chunks (the reference: the primitive we build on)
 *   - libsodium-wrappers crypto_secretbox_easy on 64 KiB chunks (for context)
 *   - sealPartChunks (content pieces in, chunk ciphertexts out)
 *   - openPartChunks fed straight from sealPartChunks; the time spent inside the
 *     producer is measured and subtracted, so ciphertext never has to be stored
 * MB = 10^6 bytes of content. Peak RSS is sampled every 16 chunks during the whole run.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import sodium from 'libsodium-wrappers';
import nacl from 'tweetnacl';
import {
  CHUNK_SIZE,
  chunkCount,
  newNoncePrefix,
  newTipKey,
  openPartChunks,
  paddedPartSize,
  sealPartChunks,
  type PartHeader,
} from '../src/crypto/index.ts';

const { values } = parseArgs({
  options: {
    'size-mb': { type: 'string', default: '256' },
    rounds: { type: 'string', default: '1' },
    json: { type: 'string' },
  },
});
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be a positive integer');
const sizeMiB = Number(values['size-mb']);
if (!Number.isInteger(sizeMiB) || sizeMiB < 1) throw new Error('--size-mb must be a positive integer');
const SIZE = sizeMiB * 1024 * 1024;
const WARMUP = 16 * 1024 * 1024;

const piece = crypto.getRandomValues(new Uint8Array(CHUNK_SIZE));
const key = newTipKey();

let peakRss = process.memoryUsage.rss();
let samples = 0;
function sampleRss(): void {
  if ((samples++ & 15) === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
}

function* content(size: number): Generator<Uint8Array> {
  for (let sent = 0; sent < size; sent += CHUNK_SIZE) yield piece.subarray(0, Math.min(CHUNK_SIZE, size - sent));
}

function nonceFor(index: number): Uint8Array {
  const nonce = new Uint8Array(24);
  new DataView(nonce.buffer).setUint32(16, index);
  return nonce;
}

function naclReference(size: number): number {
  const t0 = performance.now();
  let i = 0;
  for (const p of content(size)) {
    nacl.secretbox(p, nonceFor(i++), key);
    sampleRss();
  }
  return performance.now() - t0;
}

function libsodiumReference(size: number): number {
  const t0 = performance.now();
  let i = 0;
  for (const p of content(size)) {
    sodium.crypto_secretbox_easy(p, nonceFor(i++), key);
    sampleRss();
  }
  return performance.now() - t0;
}

const headerFor = (size: number): PartHeader => ({ kind: 'file', name: 'bench.bin', type: 'application/octet-stream', size });

async function seal(size: number): Promise<number> {
  const t0 = performance.now();
  let bytes = 0;
  for await (const chunk of sealPartChunks(key, newNoncePrefix(), headerFor(size), content(size))) {
    bytes += chunk.length;
    sampleRss();
  }
  if (bytes < size) throw new Error('seal produced too little output');
  return performance.now() - t0;
}

/** Returns [open ms (producer time subtracted), whole pipeline ms]. */
async function open(size: number): Promise<[number, number]> {
  const prefix = newNoncePrefix();
  const header = headerFor(size);
  const producer = { ms: 0 };
  async function* timedChunks(): AsyncGenerator<Uint8Array> {
    const it = sealPartChunks(key, prefix, header, content(size));
    for (;;) {
      const t = performance.now();
      const r = await it.next();
      producer.ms += performance.now() - t;
      if (r.done === true) return;
      yield r.value;
    }
  }
  const count = chunkCount(paddedPartSize(header));
  const t0 = performance.now();
  const opened = await openPartChunks(key, prefix, count, timedChunks());
  let bytes = 0;
  for await (const view of opened.content) {
    bytes += view.length;
    sampleRss();
  }
  const total = performance.now() - t0;
  if (bytes !== size) throw new Error(`open returned ${bytes} bytes, expected ${size}`);
  return [total - producer.ms, total];
}

const mbps = (bytes: number, ms: number): number => bytes / 1e6 / (ms / 1000);

await sodium.ready;
const baselineRss = process.memoryUsage.rss();

// Warm up the JIT on every path before measuring.
naclReference(WARMUP);
libsodiumReference(WARMUP);
await seal(WARMUP);
await open(WARMUP);

// Operations are interleaved per round so a noisy neighbour hurts all of them alike; keep the best.
let [naclMs, sodiumMs, sealMs, openMs, pipelineMs] = [Infinity, Infinity, Infinity, Infinity, Infinity];
for (let round = 0; round < rounds; round++) {
  naclMs = Math.min(naclMs, naclReference(SIZE));
  sodiumMs = Math.min(sodiumMs, libsodiumReference(SIZE));
  sealMs = Math.min(sealMs, await seal(SIZE));
  const [o, p] = await open(SIZE);
  openMs = Math.min(openMs, o);
  pipelineMs = Math.min(pipelineMs, p);
}

const rows = [
  ['nacl.secretbox, 64 KiB chunks (reference)', naclMs],
  ['libsodium crypto_secretbox_easy, 64 KiB chunks', sodiumMs],
  ['sealPartChunks', sealMs],
  ['openPartChunks (producer time subtracted)', openMs],
  ['seal -> open pipeline', pipelineMs],
] as const;

const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
console.log(`\nEnvelope v1 throughput, ${mib(SIZE)} stream, Node ${process.version}, single JS thread, best of ${rounds}\n`);
console.log('| operation | MB/s | vs nacl.secretbox | seconds |');
console.log('|---|---:|---:|---:|');
for (const [name, ms] of rows) {
  console.log(`| ${name} | ${mbps(SIZE, ms).toFixed(1)} | ${((naclMs / ms) * 100).toFixed(0)}% | ${(ms / 1000).toFixed(2)} |`);
}
console.log(`\nRSS: baseline ${mib(baselineRss)}, peak ${mib(peakRss)} (sampled every 16 chunks)\n`);

const result = {
  benchmark: 'envelope-v1-crypto',
  node: process.version,
  sizeBytes: SIZE,
  rounds,
  mbPerSec: {
    naclSecretbox: mbps(SIZE, naclMs),
    libsodiumSecretbox: mbps(SIZE, sodiumMs),
    sealPartChunks: mbps(SIZE, sealMs),
    openPartChunks: mbps(SIZE, openMs),
    pipeline: mbps(SIZE, pipelineMs),
  },
  relativeToNacl: { seal: naclMs / sealMs, open: naclMs / openMs },
  rssBytes: { baseline: baselineRss, peak: peakRss },
};
if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
else console.log(JSON.stringify(result));
