// tipline strip --out <dir> <file>...: removes metadata from each file and writes the cleaned
// copy under the same name into <dir>. One line per file: what was removed, or why the file
// was rejected or is unsupported. Nothing is written for a rejected or unsupported file; exit 1
// if any file was rejected.
import { createWriteStream, mkdirSync, openSync, closeSync, readSync, fstatSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { describeRemovals, stripMetadata, type ByteSource } from '../strip/index.ts';
import { CliError, parse, required } from './util.ts';

/** Random access to a file on disk without reading it whole (MP4 and MP3 are streamed). */
function fileSource(fd: number): ByteSource {
  return {
    size: fstatSync(fd).size,
    read: async (offset, length) => {
      const buffer = new Uint8Array(length);
      let got = 0;
      while (got < length) {
        const n = readSync(fd, buffer, got, length - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      return buffer.subarray(0, got);
    },
  };
}

export async function strip(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { out: { type: 'string' } }, -1);
  const out = required(values.out, '--out');
  if (positionals.length === 0) throw new CliError('name at least one file to strip (see tipline --help)', 2);
  mkdirSync(out, { recursive: true });
  let rejected = 0;
  for (const path of positionals) {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      process.stdout.write(`${path}: rejected: cannot read the file\n`);
      rejected += 1;
      continue;
    }
    try {
      const result = await stripMetadata(fileSource(fd));
      if (result.status === 'cleaned') {
        await pipeline(result.open(), createWriteStream(join(out, basename(path))));
        process.stdout.write(`${path}: ${result.kind}, removed: ${describeRemovals(result.removed)}\n`);
      } else if (result.status === 'unsupported') {
        process.stdout.write(`${path}: unsupported (${result.reason}); not written\n`);
      } else {
        process.stdout.write(`${path}: rejected (${result.code}: ${result.reason}); not written\n`);
        rejected += 1;
      }
    } finally {
      closeSync(fd);
    }
  }
  return rejected === 0 ? 0 : 1;
}
