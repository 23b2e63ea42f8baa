/**
 * Serialized part: 0x01 || noncePrefix (16) || c_0 || ... || c_{n-1}.
 * Used for the message inside the submission JSON and for exported files.
 * Only structure is checked here (no key): lengths must match a valid layout.
 */
import { assertBytes } from './bytes.ts';
import { NONCE_PREFIX_BYTES, PART_FORMAT_VERSION, SERIALIZED_PREFIX_BYTES } from './constants.ts';
import { fail } from './errors.ts';
import { chunkCiphertextLength, chunkCount, paddedSizeFromCiphertextLength } from './layout.ts';

export function serializePart(noncePrefix: Uint8Array, chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  assertBytes(noncePrefix, 'noncePrefix', NONCE_PREFIX_BYTES);
  if (!Array.isArray(chunks) || chunks.length === 0) fail('bad_input', 'chunks must be a non-empty array');
  let total = 0;
  for (const chunk of chunks) {
    assertBytes(chunk, 'chunk');
    total += chunk.length;
  }
  const paddedSize = paddedSizeFromCiphertextLength(total);
  if (paddedSize === null || chunkCount(paddedSize) !== chunks.length) fail('bad_input', 'chunks do not form a valid part');
  const out = new Uint8Array(SERIALIZED_PREFIX_BYTES + total);
  out[0] = PART_FORMAT_VERSION;
  out.set(noncePrefix, 1);
  let offset = SERIALIZED_PREFIX_BYTES;
  chunks.forEach((chunk, index) => {
    if (chunk.length !== chunkCiphertextLength(paddedSize, index)) fail('bad_input', `chunk ${index} has the wrong length`);
    out.set(chunk, offset);
    offset += chunk.length;
  });
  return out;
}

/**
 * Splits a serialized part. The returned prefix and chunks are VIEWS into
 * `bytes` (no copy). 'bad_input': not bytes or unknown version byte;
 * 'bad_length': no valid part has this length.
 */
export function parseSerializedPart(bytes: Uint8Array): {
  noncePrefix: Uint8Array;
  chunks: Uint8Array[];
  paddedSize: number;
} {
  assertBytes(bytes, 'serialized part');
  if (bytes.length > 0 && bytes[0] !== PART_FORMAT_VERSION) fail('bad_input', 'unsupported part format version');
  if (bytes.length < SERIALIZED_PREFIX_BYTES) fail('bad_length', 'serialized part too short');
  const paddedSize = paddedSizeFromCiphertextLength(bytes.length - SERIALIZED_PREFIX_BYTES);
  if (paddedSize === null) fail('bad_length', 'no valid part has this length');
  const count = chunkCount(paddedSize);
  const chunks: Uint8Array[] = [];
  let offset = SERIALIZED_PREFIX_BYTES;
  for (let index = 0; index < count; index++) {
    const length = chunkCiphertextLength(paddedSize, index);
    chunks.push(bytes.subarray(offset, offset + length));
    offset += length;
  }
  return { noncePrefix: bytes.subarray(1, SERIALIZED_PREFIX_BYTES), chunks, paddedSize };
}
