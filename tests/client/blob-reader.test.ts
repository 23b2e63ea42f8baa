// The worker's file reader (src/web/client/blob-reader.ts): every read gives exactly the bytes
// asked for, in any order; sequential large reads are read ahead (the next pieces are already
// asked of the Blob when they are wanted), a lone large read or small parsing reads are not.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { READ_AHEAD_PIECES, readingAheadSource } from '../../src/web/client/blob-reader.ts';

const MiB = 1 << 20;

/** A Blob that records which ranges were sliced from it. */
function countingBlob(bytes: Uint8Array<ArrayBuffer>) {
  const blob = new Blob([bytes]);
  const sliced: Array<[number, number]> = [];
  const proxy = { size: blob.size, slice: (from: number, to: number) => (sliced.push([from, to]), blob.slice(from, to)) } as unknown as Blob;
  return { blob: proxy, sliced };
}

describe('readingAheadSource', () => {
  it('reads exactly what is asked, sequentially and anywhere', async () => {
    const bytes = new Uint8Array(randomBytes(5 * MiB + 123));
    const { blob } = countingBlob(bytes);
    const source = readingAheadSource(blob);
    expect(source.size).toBe(bytes.length);
    const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
    for (let at = 0; at < bytes.length; at += MiB) {
      expect(same(await source.read(at, Math.min(MiB, bytes.length - at)), bytes.subarray(at, at + MiB))).toBe(true);
    }
    for (const [offset, length] of [[7, 10], [3 * MiB, MiB], [MiB + 5, 2 * MiB], [0, MiB], [MiB, MiB], [bytes.length - 1, 1]]) {
      expect(same(await source.read(offset!, length!), bytes.subarray(offset!, offset! + length!)), `${offset}+${length}`).toBe(true);
    }
  });

  it('reads ahead once large reads follow each other, and not for a single one', async () => {
    const bytes = new Uint8Array(randomBytes(8 * MiB));
    const { blob, sliced } = countingBlob(bytes);
    const source = readingAheadSource(blob);
    await source.read(0, MiB);
    expect(sliced).toEqual([[0, MiB]]); // one large read: nothing more
    await source.read(MiB, MiB);
    // The second in a row: the next pieces are asked for at once.
    expect(sliced).toEqual([[0, MiB], [MiB, 2 * MiB], ...Array.from({ length: READ_AHEAD_PIECES }, (_, i) => [(2 + i) * MiB, (3 + i) * MiB])]);
    const before = sliced.length;
    await source.read(2 * MiB, MiB); // already on its way: served from what was read ahead
    expect(sliced.slice(before)).toEqual([[(2 + READ_AHEAD_PIECES) * MiB, (3 + READ_AHEAD_PIECES) * MiB]]);
    // Small reads (parsing a header) read nothing ahead.
    const small = countingBlob(bytes);
    const parsing = readingAheadSource(small.blob);
    for (let at = 0; at < 64 * 1024; at += 4096) await parsing.read(at, 4096);
    expect(small.sliced.length).toBe(16);
  });
});
