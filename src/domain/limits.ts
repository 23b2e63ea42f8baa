// Explicit intake limits (documented in docs/api.md). Sizes are padded plaintext sizes (Padmé
// buckets, see docs/envelope.md); ciphertext adds 16 bytes per 64 KiB chunk.

/** A message travels inside the JSON body of POST /api/v1/tips. */
export const MAX_MESSAGE_PADDED_SIZE = 256 * 1024;
/** One file: 2 GiB padded, i.e. at most 32,768 chunks. */
export const MAX_FILE_PADDED_SIZE = 2 * 1024 * 1024 * 1024;
/** Files attached to one tip. */
export const MAX_FILES_PER_TIP = 50;
/** JSON bodies (tip submission, upload creation). */
export const MAX_JSON_BODY_BYTES = 512 * 1024;
