/**
 * The authenticated part header: UTF-8 JSON, encrypted inside chunk 0 right
 * after its u32be length. It tells the reader what the part is and how many
 * content bytes to expect, which is how the reader finds where padding starts.
 *
 * Keys are emitted in a fixed order so encodings are deterministic (test vectors):
 *   {"v":1,"kind":"message","size":N}
 *   {"v":1,"kind":"file","name":"...","type":"...","size":N}
 */
import { MAX_CONTENT_SIZE, MAX_HEADER_BYTES } from './constants.ts';
import { fail } from './errors.ts';

export type PartHeader =
  | { kind: 'message'; size: number }
  | { kind: 'file'; name: string; type: string; size: number };

const MAX_NAME_BYTES = 1024;
const MAX_TYPE_CHARS = 255;

const encoder = new TextEncoder();
// fatal: invalid UTF-8 is an error, not U+FFFD; ignoreBOM: keep a BOM so JSON.parse rejects it.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Returns a normalized header (known keys only) or a reason string. Shared by writer and reader. */
function check(value: unknown): PartHeader | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'header must be an object';
  const h = value as Record<string, unknown>;
  const size = h.size;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0 || size > MAX_CONTENT_SIZE) {
    return 'size must be an integer in [0, 2^47]';
  }
  if (h.kind === 'message') {
    if ('name' in h || 'type' in h) return 'message header must not have name/type';
    return { kind: 'message', size };
  }
  if (h.kind !== 'file') return 'kind must be "message" or "file"';
  const { name, type } = h;
  if (typeof name !== 'string') return 'file name must be a string';
  const nameBytes = encoder.encode(name).length;
  if (nameBytes < 1 || nameBytes > MAX_NAME_BYTES) return 'file name must be 1..1024 UTF-8 bytes';
  if (name.includes('\u0000')) return 'file name must not contain NUL';
  if (typeof type !== 'string' || type.length > MAX_TYPE_CHARS) return 'file type must be a string of 0..255 chars';
  return { kind: 'file', name, type, size };
}

/** Writer side: validated, deterministic JSON bytes. Invalid headers are the caller's fault: 'bad_input'. */
export function encodeHeader(header: PartHeader): Uint8Array {
  const valid = check(header);
  if (typeof valid === 'string') fail('bad_input', valid);
  const json =
    valid.kind === 'message'
      ? JSON.stringify({ v: 1, kind: valid.kind, size: valid.size })
      : JSON.stringify({ v: 1, kind: valid.kind, name: valid.name, type: valid.type, size: valid.size });
  const bytes = encoder.encode(json);
  // JSON escaping can grow a 1024-byte name (e.g. control characters) past the limit.
  if (bytes.length > MAX_HEADER_BYTES) fail('bad_input', 'encoded header exceeds 4096 bytes');
  return bytes;
}

/**
 * Reader side. The header is authenticated, so a bad one means a buggy or
 * malicious writer holding the tip key: 'bad_header'. Unknown keys are ignored
 * (reserved for backward-compatible additions); v must be exactly 1.
 */
export function decodeHeader(bytes: Uint8Array): PartHeader {
  if (bytes.length < 1 || bytes.length > MAX_HEADER_BYTES) fail('bad_header', 'header length out of range');
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(bytes));
  } catch {
    fail('bad_header', 'header is not UTF-8 JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { v?: unknown }).v !== 1) {
    fail('bad_header', 'header version must be 1');
  }
  const valid = check(parsed);
  if (typeof valid === 'string') fail('bad_header', valid);
  return valid;
}
