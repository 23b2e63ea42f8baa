/**
 * Base64 for keys and ciphertexts in JSON: RFC 4648 standard alphabet WITH
 * padding. Decoding is strict (no whitespace, canonical padding and pad bits),
 * so every byte string has exactly one accepted encoding.
 */
import { base64 } from '@scure/base';
import { assertBytes } from './bytes.ts';
import { fail } from './errors.ts';

export function toBase64(bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes');
  return base64.encode(bytes);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Sextet value of each ASCII code, -1 for anything outside the alphabet (including '='). */
const SEXTET = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) SEXTET[ALPHABET.charCodeAt(i)] = i;

function sextet(text: string, at: number): number {
  const code = text.charCodeAt(at);
  const value = code < 128 ? SEXTET[code]! : -1;
  if (value < 0) fail('bad_input', 'invalid base64');
  return value;
}

/**
 * Throws EnvelopeError('bad_input') for anything that is not canonical padded base64.
 *
 * Decoded here with a lookup table rather than by @scure/base: it is on the intake path of every
 * message and upload chunk, and this is ~3× faster. It accepts exactly what @scure/base's
 * strict decoder does (tests/crypto/primitives.test.ts compares the two): length a multiple of
 * 4, the standard alphabet, at most two '=' at the end only, and zero pad bits. (atob would be
 * native but is lenient: whitespace, missing padding, non-zero pad bits; and slower on Node 20.)
 */
export function fromBase64(text: string): Uint8Array {
  if (typeof text !== 'string') fail('bad_input', 'base64 input must be a string');
  const length = text.length;
  if (length % 4 !== 0) fail('bad_input', 'invalid base64');
  if (length === 0) return new Uint8Array(0);
  const pad = text.charCodeAt(length - 1) === 61 ? (text.charCodeAt(length - 2) === 61 ? 2 : 1) : 0;
  const out = new Uint8Array((length / 4) * 3 - pad);
  const whole = pad === 0 ? length : length - 4;
  let o = 0;
  for (let i = 0; i < whole; i += 4) {
    const v = (sextet(text, i) << 18) | (sextet(text, i + 1) << 12) | (sextet(text, i + 2) << 6) | sextet(text, i + 3);
    out[o++] = v >>> 16;
    out[o++] = (v >>> 8) & 0xff;
    out[o++] = v & 0xff;
  }
  if (pad === 1) {
    const v = (sextet(text, whole) << 18) | (sextet(text, whole + 1) << 12) | (sextet(text, whole + 2) << 6);
    if ((v & 0xff) !== 0) fail('bad_input', 'invalid base64');
    out[o++] = v >>> 16;
    out[o] = (v >>> 8) & 0xff;
  } else if (pad === 2) {
    const v = (sextet(text, whole) << 18) | (sextet(text, whole + 1) << 12);
    if ((v & 0xffff) !== 0) fail('bad_input', 'invalid base64');
    out[o] = v >>> 16;
  }
  return out;
}
