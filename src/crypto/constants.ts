/**
 * Envelope v1 constants. These numbers ARE the wire format: changing any of
 * them requires a new PART_FORMAT_VERSION (docs/envelope.md §1).
 */

/** Plaintext bytes per chunk (the last chunk may be shorter, never empty). */
export const CHUNK_SIZE = 65536;
/** Poly1305 tag prepended to every secretbox ciphertext (crypto_secretbox_MACBYTES). */
export const TAG_BYTES = 16;
/** Ciphertext bytes of a full chunk. */
export const CHUNK_CIPHERTEXT_SIZE = CHUNK_SIZE + TAG_BYTES;
/** Random per-part nonce prefix; the remaining 8 nonce bytes are index + final flag. */
export const NONCE_PREFIX_BYTES = 16;
/** XSalsa20 nonce size (crypto_secretbox_NONCEBYTES / crypto_box_NONCEBYTES). */
export const NONCE_BYTES = 24;
/** Symmetric per-tip key (crypto_secretbox_KEYBYTES). */
export const TIP_KEY_BYTES = 32;
/** X25519 key sizes (crypto_box_PUBLICKEYBYTES / crypto_box_SECRETKEYBYTES). */
export const BOX_PUBLIC_KEY_BYTES = 32;
export const BOX_SECRET_KEY_BYTES = 32;
/** crypto_box_SEALBYTES: ephemeral public key + tag. */
export const SEAL_OVERHEAD_BYTES = BOX_PUBLIC_KEY_BYTES + TAG_BYTES;
/** A sealed tip key: 32 (epk) + 16 (tag) + 32 (K). */
export const SEALED_TIP_KEY_BYTES = SEAL_OVERHEAD_BYTES + TIP_KEY_BYTES;
/** Upper bound on the JSON header; keeps it inside chunk 0 and bounds reader memory. */
export const MAX_HEADER_BYTES = 4096;
/** Big-endian u32 length that precedes the header JSON. */
export const HEADER_LENGTH_BYTES = 4;
/** First byte of a serialized part. */
export const PART_FORMAT_VERSION = 1;
/** Bytes before the first chunk in a serialized part: version byte + nonce prefix. */
export const SERIALIZED_PREFIX_BYTES = 1 + NONCE_PREFIX_BYTES;
/** The chunk index is a u32 inside the nonce. */
export const MAX_CHUNK_COUNT = 0xffffffff;
/**
 * Largest content size a header may declare (128 TiB). Chosen so that
 * padme(4 + MAX_HEADER_BYTES + size) stays below MAX_CHUNK_COUNT * CHUNK_SIZE
 * (Padmé adds < 12%) and every size computation stays an exact integer in a double.
 */
export const MAX_CONTENT_SIZE = 2 ** 47;
