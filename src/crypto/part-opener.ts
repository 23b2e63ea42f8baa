/**
 * Synchronous core of part decryption (docs/envelope.md §8). Chunks are pushed
 * in order; each is authenticated BEFORE any of its bytes are returned, so no
 * plaintext from or after a bad chunk ever reaches the caller.
 *
 * Checks, in order: chunk authenticity for (index, final = index === n-1);
 * non-final chunks hold exactly CHUNK_SIZE bytes; header length and JSON;
 * chunkCount(padme(4+H+N)) === n (else 'truncated' / 'extra_chunk'); the final
 * chunk ends exactly at padme(4+H+N) (else 'bad_length');
 * every padding byte is zero (checked before the content of that chunk is returned).
 */
import { assertBytes, isAllZero } from './bytes.ts';
import { ChunkCipher } from './chunk-cipher.ts';
import { CHUNK_SIZE, MAX_CHUNK_COUNT, NONCE_PREFIX_BYTES, TIP_KEY_BYTES } from './constants.ts';
import { fail } from './errors.ts';
import { HeaderReader } from './header-reader.ts';
import type { PartHeader } from './header.ts';
import { chunkCount } from './layout.ts';
import { padme } from './padme.ts';

const EMPTY = new Uint8Array(0);

export class PartOpener {
  readonly #cipher: ChunkCipher;
  readonly #count: number;
  #index = 0;
  readonly #headerReader = new HeaderReader();
  #header: PartHeader | null = null;
  #contentStart = 0;
  #contentEnd = 0;
  #paddedSize = 0;

  constructor(tipKey: Uint8Array, noncePrefix: Uint8Array, count: number) {
    assertBytes(tipKey, 'tipKey', TIP_KEY_BYTES);
    assertBytes(noncePrefix, 'noncePrefix', NONCE_PREFIX_BYTES);
    if (!Number.isSafeInteger(count) || count < 1 || count > MAX_CHUNK_COUNT) {
      fail('bad_input', 'chunkCount must be an integer in [1, 2^32-1]');
    }
    this.#count = count;
    this.#cipher = new ChunkCipher(tipKey, noncePrefix);
  }

  get header(): PartHeader | null {
    return this.#header;
  }

  /** True once the final chunk has been accepted. */
  get done(): boolean {
    return this.#index === this.#count;
  }

  /** Called when the chunk source ended; throws unless the final chunk was seen. */
  end(): void {
    if (!this.done) fail('truncated', `chunk stream ended after ${this.#index} of ${this.#count} chunks`);
  }

  /** Authenticates the next chunk and returns its content bytes (a view, possibly empty). */
  push(box: Uint8Array): Uint8Array {
    assertBytes(box, 'chunk');
    if (this.done) fail('extra_chunk', `more than ${this.#count} chunks`);
    const index = this.#index;
    const final = index === this.#count - 1;
    const plain = this.#decrypt(box, index, final);
    this.#index++;
    if (!final && plain.length !== CHUNK_SIZE) fail('bad_length', `chunk ${index} is not a full chunk`);
    let offset = 0;
    if (this.#header === null) {
      offset = this.#headerReader.absorb(plain);
      const header = this.#headerReader.header;
      if (header === null) {
        if (final) fail('bad_header', 'part ends inside its header');
        return EMPTY;
      }
      this.#setHeader(header);
    }
    return this.#content(plain, index * CHUNK_SIZE, offset, final);
  }

  dispose(): void {
    this.#cipher.dispose();
  }

  #decrypt(box: Uint8Array, index: number, final: boolean): Uint8Array {
    const plain = this.#cipher.open(box, index, final);
    if (plain !== null) return plain;
    // Diagnosis only (the chunk is rejected either way): a chunk that is authentic
    // with the opposite final flag tells us the stream was cut or extended here.
    const other = this.#cipher.open(box, index, !final);
    if (other !== null) {
      other.fill(0);
      fail(final ? 'truncated' : 'extra_chunk', `chunk ${index} has the wrong final flag`);
    }
    return fail('bad_chunk', `chunk ${index} does not authenticate`);
  }

  #setHeader(header: PartHeader): void {
    this.#contentStart = this.#headerReader.encodedLength;
    this.#contentEnd = this.#contentStart + header.size;
    this.#paddedSize = padme(this.#contentEnd);
    // The authenticated header fixes how many chunks the writer produced; the
    // stream we were given (its count came from storage) is shorter or longer.
    const expected = chunkCount(this.#paddedSize);
    if (expected > this.#count) fail('truncated', `header implies ${expected} chunks, got ${this.#count}`);
    if (expected < this.#count) fail('extra_chunk', `header implies ${expected} chunks, got ${this.#count}`);
    this.#header = header;
  }

  /** Content view of chunk plaintext `plain` (starting at P' offset `base`), after length/padding checks. */
  #content(plain: Uint8Array, base: number, offset: number, final: boolean): Uint8Array {
    if (final && base + plain.length !== this.#paddedSize) fail('bad_length', 'final chunk has the wrong length');
    const start = Math.max(offset, this.#contentStart - base);
    const end = Math.max(start, Math.min(plain.length, this.#contentEnd - base));
    // Padding lives in [contentEnd, paddedSize); it can span several chunks for big parts.
    const paddingStart = Math.max(offset, this.#contentEnd - base);
    if (paddingStart < plain.length && !isAllZero(plain.subarray(paddingStart))) {
      fail('bad_padding', `non-zero padding in chunk ${base / CHUNK_SIZE}`);
    }
    return plain.subarray(start, end);
  }
}
