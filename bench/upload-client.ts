// The source side of the upload benchmark, run by bench/upload.ts as its own process so that its
// peak RSS is the client's alone: seals and sends one file of --mb MiB through src/client's
// submitTip, and prints one JSON line (elapsed time, SHA-256 of what it sent, peak RSS).
//
// The file is deterministic pseudo-random bytes (AES-256-CTR keystream under a fixed key, fast
// and incompressible), produced 1 MiB at a time and hashed as it goes: it never exists whole.
import { createCipheriv, createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { submitTip, type FileToSend } from '../src/client/submit.ts';
import { memoryMiB } from './lib/processes.ts';

const { values } = parseArgs({ options: { server: { type: 'string' }, desk: { type: 'string' }, mb: { type: 'string' } } });
const size = Number(values.mb) * 1024 * 1024;
if (!values.server || !values.desk || !Number.isSafeInteger(size) || size <= 0) {
  throw new Error('usage: upload-client.ts --server URL --desk SLUG --mb N');
}

const PIECE = 1024 * 1024;
let sha256 = '';

/** Regenerates the same bytes on every call (submitTip may open a file again to start over). */
async function* generate(): AsyncGenerator<Uint8Array> {
  const stream = createCipheriv('aes-256-ctr', Buffer.alloc(32, 7), Buffer.alloc(16, 0));
  const hash = createHash('sha256');
  const zeros = Buffer.alloc(PIECE);
  for (let sent = 0; sent < size; sent += PIECE) {
    const piece = stream.update(zeros.subarray(0, Math.min(PIECE, size - sent)));
    hash.update(piece);
    yield piece;
  }
  sha256 = hash.digest('hex');
}

const file: FileToSend = { name: 'bench-upload.bin', type: 'application/octet-stream', size, open: generate };
// Sampled too (VmHWM below is the authoritative peak): shows whether memory grows with the file.
let sampledPeak = 0;
const sampler = setInterval(() => { sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss / 2 ** 20); }, 250);
const started = performance.now();
let lastReport = started;
const { tipId } = await submitTip({
  server: values.server, desk: values.desk, message: 'benchmark upload', files: [file],
  onProgress: (_file, chunk, chunks) => {
    if (performance.now() - lastReport < 10_000) return; // a line every 10 s on stderr, for the impatient
    lastReport = performance.now();
    process.stderr.write(`upload: ${chunk + 1}/${chunks} chunks\n`);
  },
});
const elapsedMs = performance.now() - started;
clearInterval(sampler);
const cpu = process.cpuUsage();
console.log(JSON.stringify({ tipId, bytes: size, sha256, elapsedMs, cpuS: (cpu.user + cpu.system) / 1e6, peakRssMiB: memoryMiB('self').peak, sampledPeakRssMiB: sampledPeak }));
