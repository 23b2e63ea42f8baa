/**
 * Part sealing in two separable steps, for writers that seal chunks on several threads at
 * once (the source pages' Web Workers, src/client/seal-pool.ts):
 *
 *   partPlaintextChunks  P' = u32be(H) || header JSON || content || zero padding (docs/envelope.md
 *                        §4-§5), cut into CHUNK_SIZE pieces, each with its index and final flag (§6)
 *   ChunkSealer          c_i = crypto_secretbox(piece_i, prefix || u32be(i) || u32be(final), K)
 *
 * This works because each chunk's nonce is fixed by (prefix, i, final) alone: no chunk depends
 * on another, so they may be sealed in any order and on any thread. Sealing every piece of
 * partPlaintextChunks with one ChunkSealer gives exactly the bytes of sealPartChunks (which
 * stays the reference; tests/client/part-chunks.test.ts checks equality and the vectors).
 *
 * Misuse to avoid: sealing two DIFFERENT plaintexts under the same (key, prefix, index, final)
 * reuses a nonce. Seal only what partPlaintextChunks produced for one part, each index once
 * (sealing the same piece again, as a resumed upload does, gives the same bytes and is safe).
 */
import { assertBytes, writeU32BE } from './bytes.ts';
import { ChunkCipher } from './chunk-cipher.ts';
import { CHUNK_SIZE, HEADER_LENGTH_BYTES, NONCE_PREFIX_BYTES, TIP_KEY_BYTES } from './constants.ts';
import { fail } from './errors.ts';
import { encodeHeader, type PartHeader } from './header.ts';
import { chunkCount, chunkPlaintextLength } from './layout.ts';
import { padme } from './padme.ts';
import { assertByteSource, type ByteSource } from './source.ts';

/** One piece of P': `plaintext` is a fresh array the consumer owns (and should wipe when done). */
export interface PlainChunk {
  index: number;
  final: boolean;
  plaintext: Uint8Array<ArrayBuffer>;
}

/**
 * The pieces of P' for `header` and `content`, in order. Arguments are checked at once; content
 * longer or shorter than header.size throws EnvelopeError('bad_input') from the iterator. Holds
 * one unfinished piece; a piece not yet handed out is wiped if the consumer stops early.
 */
export function partPlaintextChunks(header: PartHeader, content: ByteSource): AsyncGenerator<PlainChunk> {
  const json = encodeHeader(header); // validates the header, including size <= MAX_CONTENT_SIZE
  assertByteSource(content, 'content');
  return pieces(json, header.size, content);
}

async function* pieces(json: Uint8Array, size: number, content: ByteSource): AsyncGenerator<PlainChunk> {
  const paddedSize = padme(HEADER_LENGTH_BYTES + json.length + size);
  const count = chunkCount(paddedSize);
  let index = 0;
  let piece: Uint8Array<ArrayBuffer> | null = new Uint8Array(chunkPlaintextLength(paddedSize, 0));
  // 4 + MAX_HEADER_BYTES < CHUNK_SIZE: the length and the header always fit in chunk 0.
  writeU32BE(piece, 0, json.length);
  piece.set(json, HEADER_LENGTH_BYTES);
  let fill = HEADER_LENGTH_BYTES + json.length;
  let contentLeft = size;
  /** Hands the current piece out and starts the next one (fresh arrays are already zero: padding). */
  const next = () => {
    const out = { index, final: index === count - 1, plaintext: piece! };
    piece = null;
    return out;
  };
  const start = () => {
    index += 1;
    piece = new Uint8Array(chunkPlaintextLength(paddedSize, index));
    fill = 0;
  };
  try {
    for await (const bytes of content) {
      assertBytes(bytes, 'content piece');
      if (bytes.length > contentLeft) fail('bad_input', 'content is longer than header.size');
      contentLeft -= bytes.length;
      let offset = 0;
      while (offset < bytes.length) {
        // A full piece is handed out only once more bytes are known to follow: it is then not
        // the last one (the last piece gets its final flag below).
        if (fill === piece!.length) {
          yield next();
          start();
        }
        const take = Math.min(piece!.length - fill, bytes.length - offset);
        piece!.set(bytes.subarray(offset, offset + take), fill);
        fill += take;
        offset += take;
      }
    }
    if (contentLeft !== 0) fail('bad_input', 'content is shorter than header.size');
    // The rest is zero padding, which may span further pieces for a large part.
    for (;;) {
      const out = next();
      yield out;
      if (out.final) return;
      start();
    }
  } finally {
    (piece as Uint8Array | null)?.fill(0);
  }
}

/** Seals pieces of one part (tip key K, nonce prefix) in any order; wipe with dispose(). */
export class ChunkSealer {
  readonly #cipher: ChunkCipher;
  #disposed = false;

  /** Copies the key, so the caller may wipe theirs. */
  constructor(tipKey: Uint8Array, noncePrefix: Uint8Array) {
    assertBytes(tipKey, 'tipKey', TIP_KEY_BYTES);
    assertBytes(noncePrefix, 'noncePrefix', NONCE_PREFIX_BYTES);
    this.#cipher = new ChunkCipher(tipKey, noncePrefix);
  }

  /**
   * tag || ciphertext of one piece, a fresh array (a view at offset 16 of its own buffer).
   * Every piece but the last is exactly CHUNK_SIZE bytes (§6); the plaintext is not modified.
   */
  seal(chunk: PlainChunk): Uint8Array<ArrayBuffer> {
    if (this.#disposed) fail('bad_input', 'the sealer was disposed');
    const { index, final, plaintext } = chunk;
    assertBytes(plaintext, 'plaintext');
    if (typeof final !== 'boolean') fail('bad_input', 'final must be a boolean');
    if (plaintext.length < 1 || plaintext.length > CHUNK_SIZE || (!final && plaintext.length !== CHUNK_SIZE)) {
      fail('bad_input', 'a piece holds 1..65536 bytes, and every piece but the last exactly 65536');
    }
    this.#cipher.plaintext.set(plaintext); // the cipher's zero-prefixed staging buffer
    return this.#cipher.seal(plaintext.length, index, final); // index is range-checked there
  }

  /** Wipes the key copy and the staging buffer. Safe to call more than once. */
  dispose(): void {
    this.#disposed = true;
    this.#cipher.dispose();
  }
}
