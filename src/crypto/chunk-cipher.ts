/**
 * Chunk encryption: NaCl crypto_secretbox (XSalsa20-Poly1305) under the tip
 * key with the per-chunk nonce. Output bytes are exactly nacl.secretbox(piece,
 * nonce, K) = libsodium crypto_secretbox_easy: tag(16) || ciphertext.
 *
 * WHY the tweetnacl `lowlevel` functions instead of nacl.secretbox: the
 * high-level wrapper allocates two buffers and copies the message with a
 * per-byte JS loop on every call, about 20-30% of the cost for 64 KiB chunks.
 * The low-level NaCl API takes the classic zero-padded layout instead, so we
 * keep ONE reusable buffer whose first 32 bytes stay zero forever and let the
 * writer fill the plaintext directly behind them. Same construction, same
 * bytes (tests/crypto/chunk-cipher.test.ts compares against nacl.secretbox
 * and libsodium).
 */
import nacl from 'tweetnacl';
import { CHUNK_CIPHERTEXT_SIZE, CHUNK_SIZE, NONCE_BYTES, TAG_BYTES } from './constants.ts';
import { setChunkNonce } from './nonce.ts';

interface NaclLowLevel {
  crypto_secretbox(c: Uint8Array, m: Uint8Array, d: number, n: Uint8Array, k: Uint8Array): number;
  crypto_secretbox_open(m: Uint8Array, c: Uint8Array, d: number, n: Uint8Array, k: Uint8Array): number;
}
// tweetnacl's .d.ts omits `lowlevel`; it is part of its documented API.
const lowlevel = (nacl as unknown as { lowlevel: NaclLowLevel }).lowlevel;

/** crypto_secretbox_ZEROBYTES: zero bytes the NaCl API expects before the message. */
const ZERO_BYTES = 32;
/** crypto_secretbox_BOXZEROBYTES: zero bytes before the tag in the NaCl ciphertext layout. */
const BOX_ZERO_BYTES = ZERO_BYTES - TAG_BYTES;

export class ChunkCipher {
  readonly #key: Uint8Array;
  readonly #nonce = new Uint8Array(NONCE_BYTES);
  #sealBuffer: Uint8Array | null = null; // 32 zero bytes || plaintext
  #openBuffer: Uint8Array | null = null; // 16 zero bytes || tag || ciphertext

  /** Copies the key so the caller may wipe theirs; call dispose() to wipe ours. */
  constructor(key: Uint8Array, noncePrefix: Uint8Array) {
    // `new Uint8Array(x)` always copies; `x.slice()` would be a VIEW for a Node Buffer,
    // and dispose() would then wipe the caller's key.
    this.#key = new Uint8Array(key);
    this.#nonce.set(noncePrefix, 0);
  }

  /** The CHUNK_SIZE-byte area the writer fills with the next chunk's plaintext (reused per chunk). */
  get plaintext(): Uint8Array {
    this.#sealBuffer ??= new Uint8Array(ZERO_BYTES + CHUNK_SIZE);
    return this.#sealBuffer.subarray(ZERO_BYTES);
  }

  /** Encrypts the first `length` bytes of `plaintext`. Returns a fresh tag||ciphertext array. */
  seal(length: number, index: number, final: boolean): Uint8Array<ArrayBuffer> {
    const message = this.#sealBuffer;
    if (message === null || length < 1 || length > CHUNK_SIZE) throw new Error('ChunkCipher.seal: bad length');
    const out = new Uint8Array(ZERO_BYTES + length);
    lowlevel.crypto_secretbox(out, message, ZERO_BYTES + length, setChunkNonce(this.#nonce, index, final), this.#key);
    return out.subarray(BOX_ZERO_BYTES);
  }

  /** Decrypts one chunk; null when it does not authenticate for (index, final). */
  open(box: Uint8Array, index: number, final: boolean): Uint8Array | null {
    if (box.length < TAG_BYTES || box.length > CHUNK_CIPHERTEXT_SIZE) return null;
    this.#openBuffer ??= new Uint8Array(BOX_ZERO_BYTES + CHUNK_CIPHERTEXT_SIZE);
    const input = this.#openBuffer;
    input.set(box, BOX_ZERO_BYTES);
    const length = BOX_ZERO_BYTES + box.length;
    // Fresh output per chunk: the reader hands out views of it, so it must not be reused.
    const out = new Uint8Array(length);
    const nonce = setChunkNonce(this.#nonce, index, final);
    if (lowlevel.crypto_secretbox_open(out, input, length, nonce, this.#key) !== 0) return null;
    return out.subarray(ZERO_BYTES);
  }

  /** Wipes the key copy and the plaintext staging buffer. */
  dispose(): void {
    this.#key.fill(0);
    this.#sealBuffer?.fill(0);
    this.#openBuffer?.fill(0);
  }
}
