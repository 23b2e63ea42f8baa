/**
 * Per-chunk nonces: nonce_i = prefix (16 random bytes per part) || u32be(i) || u32be(final).
 *
 * Binding the index makes reordering/duplication/dropping fail authentication;
 * binding the final flag makes truncation at a chunk boundary and extension
 * after the real last chunk fail; the random prefix keeps nonces unique across
 * the parts of one tip (all parts share the tip key) and makes chunks of one part
 * useless in another. This is the STREAM construction of Hoang, Reyhanitabar,
 * Rogaway, Vizár ("Online Authenticated-Encryption and its Nonce-Reuse
 * Misuse-Resistance", CRYPTO 2015) instantiated with XSalsa20-Poly1305.
 */
import { writeU32BE } from './bytes.ts';
import { MAX_CHUNK_COUNT, NONCE_BYTES, NONCE_PREFIX_BYTES } from './constants.ts';
import { fail } from './errors.ts';
import { randomBytes } from './random.ts';

/** 128 random bits: collisions across all parts ever sealed under one key are negligible. */
export function newNoncePrefix(): Uint8Array<ArrayBuffer> {
  return randomBytes(NONCE_PREFIX_BYTES);
}

/** Writes the nonce for chunk `index` into `nonce`, whose first 16 bytes must already hold the prefix. */
export function setChunkNonce(nonce: Uint8Array, index: number, final: boolean): Uint8Array {
  if (!Number.isSafeInteger(index) || index < 0 || index > MAX_CHUNK_COUNT - 1) {
    fail('bad_input', 'chunk index out of range');
  }
  writeU32BE(nonce, NONCE_PREFIX_BYTES, index);
  writeU32BE(nonce, NONCE_PREFIX_BYTES + 4, final ? 1 : 0);
  return nonce;
}

/** Fresh nonce buffer for chunk `index` of the part with `prefix`. */
export function chunkNonce(prefix: Uint8Array, index: number, final: boolean): Uint8Array {
  const nonce = new Uint8Array(NONCE_BYTES);
  nonce.set(prefix.subarray(0, NONCE_PREFIX_BYTES), 0);
  return setChunkNonce(nonce, index, final);
}
