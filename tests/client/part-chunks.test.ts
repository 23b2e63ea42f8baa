// The two-step sealing the source pages' lanes use (src/crypto/part-chunks.ts): P' cut into
// pieces, each sealed on its own. Sealing every piece with one ChunkSealer, in any order, must
// give exactly what sealPartChunks gives (the known-answer vectors included), and the pieces
// must be P' itself (the reference encoder of tests/vectors).
import { readFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2.js';
import { hex } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { seededBytes } from '../crypto/helpers.ts';
import {
  CHUNK_SIZE, ChunkSealer, EnvelopeError, newNoncePrefix, newTipKey, partPlaintextChunks, sealPartChunks, serializePart,
  type PartHeader, type PlainChunk,
} from '../../src/crypto/index.ts';
import { patternText, referencePaddedPlaintext } from '../vectors/envelope-v1.ts';

const committed = JSON.parse(readFileSync(new URL('../vectors/envelope-v1.json', import.meta.url), 'utf8'));

async function all<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

/** `bytes` in pieces of irregular sizes (some empty), as a file reader might give them. */
function* irregular(bytes: Uint8Array, seed: number): Generator<Uint8Array> {
  let at = 0;
  let x = seed;
  while (at < bytes.length) {
    x = (x * 1103515245 + 12345) >>> 0;
    const take = x % 5 === 0 ? 0 : 1 + (x % 150_000);
    yield bytes.subarray(at, Math.min(bytes.length, at + take));
    at += take;
  }
}

const fileHeader = (size: number): PartHeader => ({ kind: 'file', name: 'board-minutes.pdf', type: 'application/pdf', size });
const headerBytes = 4 + new TextEncoder().encode(JSON.stringify({ v: 1, ...fileHeader(0) })).length;

describe('partPlaintextChunks + ChunkSealer', () => {
  // Around the edges: empty, one byte, content ending exactly at and next to a chunk boundary,
  // padding that fills a chunk, several chunks.
  const sizes = [0, 1, CHUNK_SIZE - headerBytes - 1, CHUNK_SIZE - headerBytes, CHUNK_SIZE - headerBytes + 1, 3 * CHUNK_SIZE, 200_000, 1_000_003];

  it('gives exactly the chunks of sealPartChunks, sealed in any order', async () => {
    const key = newTipKey();
    const prefix = newNoncePrefix();
    for (const [n, size] of sizes.entries()) {
      const content = seededBytes(size, n + 1);
      const reference = await all(sealPartChunks(key, prefix, fileHeader(size), [content]));
      const pieces = await all(partPlaintextChunks(fileHeader(size), irregular(content, n + 7)));
      expect(pieces.map((p) => [p.index, p.final]), `size ${size}`).toEqual(reference.map((_, i) => [i, i === reference.length - 1]));
      const sealer = new ChunkSealer(key, prefix);
      const sealed: Uint8Array[] = [];
      for (const piece of [...pieces].reverse()) sealed[piece.index] = sealer.seal(piece);
      sealer.dispose();
      expect(sealed.map((c) => hex.encode(c)), `size ${size}`).toEqual(reference.map((c) => hex.encode(c)));
    }
  });

  it('cuts exactly P\': length, header, content and zero padding', async () => {
    for (const [n, size] of [0, 5, 70_000, 131_000].entries()) {
      const content = seededBytes(size, 40 + n);
      const expected = referencePaddedPlaintext(fileHeader(size), content).bytes;
      const pieces = await all(partPlaintextChunks(fileHeader(size), [content]));
      const joined = new Uint8Array(pieces.reduce((a, p) => a + p.plaintext.length, 0));
      let at = 0;
      for (const p of pieces) {
        joined.set(p.plaintext, at);
        at += p.plaintext.length;
      }
      expect(hex.encode(joined)).toBe(hex.encode(expected));
      expect(pieces.slice(0, -1).every((p) => p.plaintext.length === CHUNK_SIZE)).toBe(true);
    }
  });

  it('reproduces the committed known-answer vectors', async () => {
    const tipKey = hex.decode(committed.sealedTipKey.tipKey);
    const sealPart = async (prefix: Uint8Array, header: PartHeader, content: Uint8Array) => {
      const sealer = new ChunkSealer(tipKey, prefix);
      const chunks = (await all(partPlaintextChunks(header, [content]))).map((p) => sealer.seal(p));
      sealer.dispose();
      return serializePart(prefix, chunks);
    };
    const small = committed.parts.filter((p: { serialized?: string }) => p.serialized !== undefined);
    expect(small.length).toBe(3);
    for (const part of small) {
      const serialized = await sealPart(hex.decode(part.noncePrefix), part.header, hex.decode(part.content));
      expect(hex.encode(serialized), part.name).toBe(part.serialized);
    }
    const multi = committed.parts.find((p: { name: string }) => p.name === 'message-multichunk');
    const serialized = await sealPart(hex.decode(multi.noncePrefix), multi.header, new TextEncoder().encode(patternText(150_000)));
    expect(hex.encode(sha256(serialized))).toBe(multi.serializedSha256);
  });

  it('refuses content of the wrong length, and pieces a reader would reject', async () => {
    const wrong = async (size: number, content: Uint8Array[]) => {
      const error = await all(partPlaintextChunks(fileHeader(size), content)).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(EnvelopeError);
      expect((error as EnvelopeError).code).toBe('bad_input');
    };
    await wrong(10, [new Uint8Array(9)]);
    await wrong(10, [new Uint8Array(6), new Uint8Array(6)]);
    await wrong(200_000, [new Uint8Array(199_999)]);
    expect(() => partPlaintextChunks({ kind: 'message', size: -1 }, [])).toThrow(EnvelopeError);
    expect(() => partPlaintextChunks(fileHeader(1), 7 as unknown as Uint8Array[])).toThrow(EnvelopeError);

    expect(() => new ChunkSealer(new Uint8Array(31), newNoncePrefix())).toThrow(EnvelopeError);
    expect(() => new ChunkSealer(newTipKey(), new Uint8Array(15))).toThrow(EnvelopeError);
    const sealer = new ChunkSealer(newTipKey(), newNoncePrefix());
    const piece = (length: number, final: boolean, index = 0): PlainChunk => ({ index, final, plaintext: new Uint8Array(length) });
    expect(() => sealer.seal(piece(CHUNK_SIZE - 1, false))).toThrow(EnvelopeError); // not the last: must be full
    expect(() => sealer.seal(piece(CHUNK_SIZE + 1, true))).toThrow(EnvelopeError);
    expect(() => sealer.seal(piece(0, true))).toThrow(EnvelopeError);
    expect(() => sealer.seal(piece(10, true, -1))).toThrow(EnvelopeError);
    expect(sealer.seal(piece(10, true)).length).toBe(26);
    sealer.dispose();
    expect(() => sealer.seal(piece(10, true))).toThrow(EnvelopeError);
  });

  it('leaves the caller\'s key and plaintext as they were', async () => {
    const key = newTipKey();
    const keyCopy = key.slice();
    const sealer = new ChunkSealer(key, newNoncePrefix());
    const [piece] = await all(partPlaintextChunks(fileHeader(100), [seededBytes(100, 3)]));
    const before = piece!.plaintext.slice();
    sealer.seal(piece!);
    sealer.dispose();
    expect(key).toEqual(keyCopy);
    expect(piece!.plaintext).toEqual(before);
  });
});
