/** Shared helpers for the envelope tests (not a test file: vitest only runs *.test.ts). */
import { expect } from 'vitest';
import { ChunkCipher } from '../../src/crypto/chunk-cipher.ts';
import { CHUNK_SIZE, EnvelopeError, openPartChunks, sealPartChunks, type PartHeader } from '../../src/crypto/index.ts';

export async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const item of source) out.push(item);
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Deterministic pseudo-random bytes (xorshift32) so failures are reproducible from the seed. */
export function seededBytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed | 0 || 0x9e3779b9;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Splits `bytes` at the given (unsorted, possibly repeated) cut points. */
export function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => Math.min(bytes.length, Math.max(0, c))))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const p of [...points, bytes.length]) {
    pieces.push(bytes.subarray(start, p));
    start = p;
  }
  return pieces;
}

export async function sealToArray(key: Uint8Array, prefix: Uint8Array, header: PartHeader, content: Uint8Array) {
  return collect(sealPartChunks(key, prefix, header, [content]));
}

export async function* asAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield item;
}

/**
 * Opens a part and returns what was yielded before any error, plus the error.
 * Used to prove that no plaintext is released from or after a bad chunk.
 */
export async function openCollecting(
  key: Uint8Array,
  prefix: Uint8Array,
  count: number,
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): Promise<{ header?: PartHeader; content: Uint8Array; error?: unknown }> {
  const yielded: Uint8Array[] = [];
  try {
    const opened = await openPartChunks(key, prefix, count, chunks);
    try {
      for await (const view of opened.content) yielded.push(view.slice());
    } catch (error) {
      return { header: opened.header, content: concat(yielded), error };
    }
    return { header: opened.header, content: concat(yielded) };
  } catch (error) {
    return { content: concat(yielded), error };
  }
}

/** Fast byte comparison (vitest's deep equality is slow on large typed arrays). */
export function expectBytes(actual: Uint8Array, expected: Uint8Array): void {
  let firstDiff = -1;
  const n = Math.min(actual.length, expected.length);
  for (let i = 0; i < n; i++) {
    if (actual[i] !== expected[i]) {
      firstDiff = i;
      break;
    }
  }
  if (firstDiff === -1 && actual.length === expected.length) return;
  expect({ length: actual.length, firstDiff }).toEqual({ length: expected.length, firstDiff: -1 });
}

export function expectCode(error: unknown, code: EnvelopeError['code']): void {
  expect(error).toBeInstanceOf(EnvelopeError);
  expect((error as EnvelopeError).code).toBe(code);
}

export async function expectRejects(promise: Promise<unknown>, code: EnvelopeError['code']): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expectCode(caught, code);
}

export function expectThrows(fn: () => unknown, code: EnvelopeError['code']): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expectCode(caught, code);
}

/**
 * Seals an ARBITRARY padded plaintext with the low-level chunk cipher, cut into
 * the given piece lengths (default: CHUNK_SIZE pieces), with correct nonces.
 * Lets tests build authentic-but-malformed parts (bad padding, bad header, ...).
 */
export function craftChunks(
  key: Uint8Array,
  prefix: Uint8Array,
  paddedPlaintext: Uint8Array,
  pieceLengths?: number[],
): Uint8Array[] {
  const lengths = pieceLengths ?? [];
  if (pieceLengths === undefined) {
    for (let o = 0; o < paddedPlaintext.length; o += CHUNK_SIZE) lengths.push(Math.min(CHUNK_SIZE, paddedPlaintext.length - o));
  }
  const cipher = new ChunkCipher(key, prefix);
  const chunks: Uint8Array[] = [];
  let offset = 0;
  lengths.forEach((length, index) => {
    cipher.plaintext.set(paddedPlaintext.subarray(offset, offset + length));
    chunks.push(cipher.seal(length, index, index === lengths.length - 1));
    offset += length;
  });
  cipher.dispose();
  return chunks;
}

/** u32be(H) || json || content || padding, exactly as given (no padme applied). */
export function rawPlaintext(json: string | Uint8Array, content: Uint8Array, padding: Uint8Array, headerLength?: number): Uint8Array {
  const h = typeof json === 'string' ? new TextEncoder().encode(json) : json;
  const out = new Uint8Array(4 + h.length + content.length + padding.length);
  new DataView(out.buffer).setUint32(0, headerLength ?? h.length);
  out.set(h, 4);
  out.set(content, 4 + h.length);
  out.set(padding, 4 + h.length + content.length);
  return out;
}
