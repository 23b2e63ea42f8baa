// One large file through stripMetadata, streamed from disk to /dev/null-like sink; prints JSON
// with the time and this process's peak RSS (VmHWM), so the parent can compare formats.
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { stripMetadata } from '../src/strip/index.ts';

const path = process.argv[2]!;
const fd = openSync(path, 'r');
const source = {
  size: fstatSync(fd).size,
  read: async (offset: number, length: number) => {
    const buffer = new Uint8Array(length);
    const n = readSync(fd, buffer, 0, length, offset);
    return buffer.subarray(0, n);
  },
};
const started = performance.now();
const result = await stripMetadata(source);
let bytes = 0;
if (result.status === 'cleaned') for await (const piece of result.open()) bytes += piece.length;
const seconds = (performance.now() - started) / 1000;
closeSync(fd);
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
console.log(JSON.stringify({ seconds, bytes, peakRssMiB: Number(hwm?.[1] ?? 0) / 1024, status: result.status }));
