/**
 * Collects `u32be(H) || header JSON` from the start of the decrypted plaintext
 * stream. Written for the general case (the header may span chunks), even
 * though 4 + MAX_HEADER_BYTES < CHUNK_SIZE means it always ends inside chunk 0
 * today: readers must not depend on that accident of the constants.
 */
import { readU32BE } from './bytes.ts';
import { HEADER_LENGTH_BYTES, MAX_HEADER_BYTES } from './constants.ts';
import { fail } from './errors.ts';
import { decodeHeader, type PartHeader } from './header.ts';

export class HeaderReader {
  #buffer = new Uint8Array(HEADER_LENGTH_BYTES);
  #fill = 0;
  #lengthKnown = false;
  #header: PartHeader | null = null;

  /** The parsed header once complete, else null. */
  get header(): PartHeader | null {
    return this.#header;
  }

  /** Bytes of P' before the content: 4 + H (valid once the header is complete). */
  get encodedLength(): number {
    return HEADER_LENGTH_BYTES + this.#buffer.length;
  }

  /** Consumes header bytes from the front of `plain`; returns how many bytes were consumed. */
  absorb(plain: Uint8Array): number {
    let offset = 0;
    while (this.#header === null && offset < plain.length) {
      const take = Math.min(this.#buffer.length - this.#fill, plain.length - offset);
      this.#buffer.set(plain.subarray(offset, offset + take), this.#fill);
      this.#fill += take;
      offset += take;
      if (this.#fill < this.#buffer.length) break;
      if (this.#lengthKnown) {
        this.#header = decodeHeader(this.#buffer); // throws 'bad_header'
      } else {
        const length = readU32BE(this.#buffer, 0);
        // Checked before allocating: a forged length must not make us allocate 4 GiB.
        if (length < 1 || length > MAX_HEADER_BYTES) fail('bad_header', 'header length out of range');
        this.#buffer = new Uint8Array(length);
        this.#fill = 0;
        this.#lengthKnown = true;
      }
    }
    return offset;
  }
}
