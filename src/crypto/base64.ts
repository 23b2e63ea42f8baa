/**
 * Base64 for keys and ciphertexts in JSON: RFC 4648 standard alphabet WITH
 * padding. @scure/base decodes strictly (no whitespace, canonical padding and
 * pad bits), so every byte string has exactly one accepted encoding.
 */
import { base64 } from '@scure/base';
import { assertBytes } from './bytes.ts';
import { fail } from './errors.ts';

export function toBase64(bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes');
  return base64.encode(bytes);
}

/** Throws EnvelopeError('bad_input') for anything that is not canonical padded base64. */
export function fromBase64(text: string): Uint8Array {
  if (typeof text !== 'string') fail('bad_input', 'base64 input must be a string');
  try {
    return base64.decode(text);
  } catch {
    return fail('bad_input', 'invalid base64');
  }
}
