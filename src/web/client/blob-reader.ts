// The chosen file as the strippers read it (a ByteSource over the File), reading ahead: once
// large pieces are read one after the other, the next pieces of the same length are already
// being read. Sending
// streams a file front to back in 1 MiB pieces (src/strip/isobmff-output.ts), and each Blob read
// is a round trip to the browser's blob store; without reading ahead the worker waits for every
// piece in turn, while the sealing lanes run out of work. Every read returns a fresh array, so
// a stripper that keeps a piece never sees it change.
import type { ByteSource } from '../../strip/index.ts';

/** Reads of at least this size, each starting where the last ended, are streaming: read ahead. */
export const READ_AHEAD_MIN_BYTES = 256 * 1024;
/** Pieces read ahead: at 1 MiB each, a few MiB of the file in memory at most. */
export const READ_AHEAD_PIECES = 3;

interface Ahead {
  offset: number;
  length: number;
  bytes: Promise<Uint8Array>;
}

export function readingAheadSource(blob: Blob, pieces = READ_AHEAD_PIECES): ByteSource {
  const readNow = (offset: number, length: number) => blob.slice(offset, offset + length).arrayBuffer().then((b) => new Uint8Array(b));
  let ahead: Ahead[] = [];
  let lastEnd = -1;
  return {
    size: blob.size,
    read(offset, length) {
      const found = ahead.findIndex((a) => a.offset === offset && a.length === length);
      // A read elsewhere (the stripper jumped) drops what was read ahead.
      const bytes = found >= 0 ? ahead[found]!.bytes : readNow(offset, length);
      ahead = found >= 0 ? ahead.slice(found + 1) : [];
      // Only a second large read in a row reads ahead: a single one (a whole image read to be
      // parsed) must not leave megabytes read for nothing in memory.
      const streaming = length >= READ_AHEAD_MIN_BYTES && offset === lastEnd;
      lastEnd = offset + length;
      if (streaming) {
        let next = ahead.length > 0 ? ahead.at(-1)!.offset + ahead.at(-1)!.length : offset + length;
        while (ahead.length < pieces && next < blob.size) {
          const piece = Math.min(length, blob.size - next);
          const read = readNow(next, piece);
          read.catch(() => undefined); // a piece read ahead and never asked for fails quietly
          ahead.push({ offset: next, length: piece, bytes: read });
          next += piece;
        }
      }
      return bytes;
    },
  };
}
