// One file of `tipline strip`: read it, strip it, write the cleaned copy, and say what happened in
// one line.
import { closeSync, fstatSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describeRemovals, stripMetadata, type ByteSource, type CleanedFile } from '../strip/index.ts';

export interface FileOutcome {
  /** The line for stdout, without its newline. */
  line: string;
  rejected: boolean;
}

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

/**
 * Writes the cleaned copy piece by piece as the stripper yields it (memory stays bounded for a
 * large MP4). Synchronous writes: a folder of small files would otherwise spend its time handing
 * open/write/close to libuv's thread pool and back. A copy that fails half-way is removed, so that
 * nothing partial is left under the file's name.
 */
async function writeCleaned(file: CleanedFile, target: string): Promise<void> {
  const fd = openSync(target, 'w');
  let written = false;
  try {
    for await (const piece of file.open()) {
      for (let done = 0; done < piece.length; ) done += writeSync(fd, piece, done, piece.length - done);
    }
    written = true;
  } finally {
    closeSync(fd);
    if (!written) rmSync(target, { force: true });
  }
}

/** Strips `path` into `out`/<its name>. Nothing is written for a rejected or unsupported file. */
export async function stripFile(path: string, out: string): Promise<FileOutcome> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return { line: `${path}: rejected: cannot read the file`, rejected: true };
  }
  try {
    const result = await stripMetadata(fileSource(fd));
    if (result.status === 'cleaned') {
      await writeCleaned(result, join(out, basename(path)));
      return { line: `${path}: ${result.kind}, removed: ${describeRemovals(result.removed)}`, rejected: false };
    }
    if (result.status === 'unsupported') return { line: `${path}: unsupported (${result.reason}); not written`, rejected: false };
    return { line: `${path}: rejected (${result.code}: ${result.reason}); not written`, rejected: true };
  } finally {
    closeSync(fd);
  }
}
