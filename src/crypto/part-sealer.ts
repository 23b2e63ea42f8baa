/**
 * Synchronous core of part sealing (docs/envelope.md §4-§6). Plaintext is
 * written straight into the cipher's single 64 KiB staging buffer:
 *
 *   P' = u32be(H) || header JSON (H bytes) || content (N bytes) || zeros up to padme(4+H+N)
 *
 * cut into CHUNK_SIZE pieces, each sealed with its index and final flag. The
 * generators yield each chunk as soon as it is complete so at most one
 * plaintext chunk and one ciphertext chunk are alive at a time.
 */
import { assertBytes, writeU32BE } from './bytes.ts';
import { ChunkCipher } from './chunk-cipher.ts';
import { CHUNK_SIZE, HEADER_LENGTH_BYTES, NONCE_PREFIX_BYTES, TIP_KEY_BYTES } from './constants.ts';
import { fail } from './errors.ts';
import { encodeHeader, type PartHeader } from './header.ts';
import { chunkCount, chunkPlaintextLength } from './layout.ts';
import { padme } from './padme.ts';

export class PartSealer {
  readonly paddedSize: number;
  readonly chunkCount: number;
  readonly #cipher: ChunkCipher;
  readonly #plain: Uint8Array;
  #index = 0;
  #fill = 0;
  #contentLeft: number;

  constructor(tipKey: Uint8Array, noncePrefix: Uint8Array, header: PartHeader) {
    assertBytes(tipKey, 'tipKey', TIP_KEY_BYTES);
    assertBytes(noncePrefix, 'noncePrefix', NONCE_PREFIX_BYTES);
    const json = encodeHeader(header); // validates header, including size <= MAX_CONTENT_SIZE
    this.paddedSize = padme(HEADER_LENGTH_BYTES + json.length + header.size);
    this.chunkCount = chunkCount(this.paddedSize);
    this.#contentLeft = header.size;
    this.#cipher = new ChunkCipher(tipKey, noncePrefix);
    this.#plain = this.#cipher.plaintext;
    // 4 + MAX_HEADER_BYTES < CHUNK_SIZE, so the length and header always fit in chunk 0.
    writeU32BE(this.#plain, 0, json.length);
    this.#plain.set(json, HEADER_LENGTH_BYTES);
    this.#fill = HEADER_LENGTH_BYTES + json.length;
  }

  /** Appends content bytes; yields every chunk that becomes complete. Must be iterated to the end. */
  *write(piece: Uint8Array): Generator<Uint8Array<ArrayBuffer>, void, undefined> {
    assertBytes(piece, 'content piece');
    if (piece.length > this.#contentLeft) fail('bad_input', 'content is longer than header.size');
    this.#contentLeft -= piece.length;
    let offset = 0;
    while (offset < piece.length) {
      // Flush lazily: a full buffer is only sealed once we know more bytes follow,
      // so the final chunk is never sealed here (it gets the final flag in finish()).
      if (this.#fill === CHUNK_SIZE) yield this.#emit();
      const take = Math.min(CHUNK_SIZE - this.#fill, piece.length - offset);
      this.#plain.set(piece.subarray(offset, offset + take), this.#fill);
      this.#fill += take;
      offset += take;
    }
  }

  /** Checks the content length, appends the zero padding and yields the remaining chunks. */
  *finish(): Generator<Uint8Array<ArrayBuffer>, void, undefined> {
    if (this.#contentLeft !== 0) fail('bad_input', 'content is shorter than header.size');
    while (this.#index < this.chunkCount) {
      const length = chunkPlaintextLength(this.paddedSize, this.#index);
      if (this.#fill < length) {
        // The staging buffer still holds earlier plaintext: padding must be written, not assumed.
        this.#plain.fill(0, this.#fill, length);
        this.#fill = length;
      }
      yield this.#emit();
    }
  }

  /** Wipes key copy and plaintext buffer. Safe to call more than once. */
  dispose(): void {
    this.#cipher.dispose();
  }

  #emit(): Uint8Array<ArrayBuffer> {
    const index = this.#index;
    if (index >= this.chunkCount || this.#fill !== chunkPlaintextLength(this.paddedSize, index)) {
      throw new Error('PartSealer: internal chunk accounting error'); // unreachable; guards refactors
    }
    const box = this.#cipher.seal(this.#fill, index, index === this.chunkCount - 1);
    this.#index++;
    this.#fill = 0;
    return box;
  }
}
