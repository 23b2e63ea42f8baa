/**
 * Size arithmetic of a part. Everything here is public information (the
 * server sees every length), so it needs no key and is shared by the server's
 * upload checks, the writer and the reader. See docs/envelope.md §7.
 */
import {
  CHUNK_CIPHERTEXT_SIZE,
  CHUNK_SIZE,
  HEADER_LENGTH_BYTES,
  MAX_CHUNK_COUNT,
  TAG_BYTES,
} from './constants.ts';
import { fail } from './errors.ts';
import { encodeHeader, type PartHeader } from './header.ts';
import { isPaddedSize, padme } from './padme.ts';

function assertSize(paddedSize: number): void {
  if (!Number.isSafeInteger(paddedSize) || paddedSize < 1) {
    fail('bad_input', 'paddedSize must be a positive safe integer');
  }
}

/** n = ceil(S / CHUNK_SIZE): every part has at least one chunk. */
export function chunkCount(paddedSize: number): number {
  assertSize(paddedSize);
  return Math.ceil(paddedSize / CHUNK_SIZE);
}

/** Plaintext bytes in chunk `index`: CHUNK_SIZE except for the last chunk (1..CHUNK_SIZE). */
export function chunkPlaintextLength(paddedSize: number, index: number): number {
  const count = chunkCount(paddedSize);
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
    fail('bad_input', `chunk index must be in [0, ${count})`);
  }
  return index < count - 1 ? CHUNK_SIZE : paddedSize - CHUNK_SIZE * (count - 1);
}

/** Ciphertext bytes of chunk `index` (plaintext + 16-byte tag). */
export function chunkCiphertextLength(paddedSize: number, index: number): number {
  return chunkPlaintextLength(paddedSize, index) + TAG_BYTES;
}

/**
 * Server-side check of an upload without any key: the padded plaintext size
 * implied by `totalChunkBytes` ciphertext bytes (the serialized part minus its
 * 17-byte version+prefix header), or null when no valid part has that length.
 */
export function paddedSizeFromCiphertextLength(totalChunkBytes: number): number | null {
  if (!Number.isSafeInteger(totalChunkBytes) || totalChunkBytes <= 0) return null;
  const count = Math.ceil(totalChunkBytes / CHUNK_CIPHERTEXT_SIZE);
  if (count > MAX_CHUNK_COUNT) return null;
  const last = totalChunkBytes - CHUNK_CIPHERTEXT_SIZE * (count - 1);
  if (last < TAG_BYTES + 1) return null; // the last chunk carries at least one plaintext byte
  const paddedSize = totalChunkBytes - TAG_BYTES * count;
  return isPaddedSize(paddedSize) ? paddedSize : null;
}

/** |P'| = padme(4 + H + size) for the part this header describes. */
export function paddedPartSize(header: PartHeader): number {
  return padme(HEADER_LENGTH_BYTES + encodeHeader(header).length + header.size);
}
