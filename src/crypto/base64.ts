/**
 * Base64 for keys and ciphertexts in JSON: RFC 4648 standard alphabet WITH
 * padding. Decoding is strict (no whitespace, canonical padding and pad bits),
 * so every byte string has exactly one accepted encoding.
 */
import { assertBytes } from './bytes.ts';
import { fail } from './errors.ts';

/**
 * Encoding is on the staff inbox's path (a page carries ~150 KB of message ciphertext), so it
 * takes the fastest way every runtime has. Measured on Node 20 for such a page: @scure/base
 * 2.8-4 ms, a table of one character per sextet ~0.9-1.6 ms, the table of character pairs below
 * ~0.4 ms (Node's Buffer 0.24 ms, but Workers without nodejs_compat and browsers have none).
 * Where the runtime has the built-in Uint8Array.prototype.toBase64 (TC39 "Uint8Array to/from
 * base64"), that is used. Both give exactly @scure/base's text (tests/crypto/base64.test.ts).
 */
export function toBase64(bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes');
  return nativeToBase64 ? (bytes as NativeBase64).toBase64() : pairTableBase64(bytes);
}

type NativeBase64 = Uint8Array & { toBase64(): string };
const nativeToBase64 = typeof (Uint8Array.prototype as Partial<NativeBase64>).toBase64 === 'function';

const ALPHABET_BYTES = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
/**
 * The two characters of every 12-bit value, as one 16-bit unit. Filled through a byte view, so
 * a unit read from here and written to the output keeps the two characters in memory order on
 * any endianness.
 */
const PAIRS = new Uint16Array(4096);
const pairBytes = new Uint8Array(PAIRS.buffer);
for (let v = 0; v < 4096; v += 1) {
  pairBytes[2 * v] = ALPHABET_BYTES[v >> 6]!;
  pairBytes[2 * v + 1] = ALPHABET_BYTES[v & 63]!;
}
const ascii = new TextDecoder();

/** toBase64 without the built-in; exported (not from index.ts) for the test that compares it. */
export function pairTableBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  const units = new Uint16Array(out.buffer, 0, out.length >> 1);
  const whole = n - (n % 3);
  let u = 0;
  let i = 0;
  for (; i < whole; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    units[u++] = PAIRS[v >> 12]!;
    units[u++] = PAIRS[v & 4095]!;
  }
  if (i < n) {
    const two = n - i === 2;
    const v = (bytes[i]! << 16) | (two ? bytes[i + 1]! << 8 : 0);
    let o = 2 * u;
    out[o++] = ALPHABET_BYTES[v >> 18]!;
    out[o++] = ALPHABET_BYTES[(v >> 12) & 63]!;
    out[o++] = two ? ALPHABET_BYTES[(v >> 6) & 63]! : 0x3d;
    out[o] = 0x3d;
  }
  return ascii.decode(out);
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
