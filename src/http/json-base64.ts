// Bytes into JSON responses as standard padded base64 (RFC 4648 §4), the same text as toBase64
// (src/crypto), on the fastest path every runtime has: a page of the inbox carries ~150 KB of
// message ciphertext. Measured on Node 20 for such a page: @scure/base 2.8-4 ms, a table of one
// character per sextet ~0.9-1.6 ms, the table of character pairs below ~0.4 ms (Node's Buffer
// 0.24 ms, but Workers without nodejs_compat have none). Where the runtime has the built-in
// Uint8Array.prototype.toBase64 (TC39 "Uint8Array to/from base64"), that is used instead.

const ALPHABET = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');

/**
 * The two characters of every 12-bit value, as one 16-bit unit. Filled through a byte view, so
 * a unit read from here and written to the output keeps the two characters in memory order on
 * any endianness.
 */
const PAIRS = new Uint16Array(4096);
const pairBytes = new Uint8Array(PAIRS.buffer);
for (let v = 0; v < 4096; v += 1) {
  pairBytes[2 * v] = ALPHABET[v >> 6]!;
  pairBytes[2 * v + 1] = ALPHABET[v & 63]!;
}
const ascii = new TextDecoder();

type NativeBase64 = Uint8Array & { toBase64(): string };
const native = typeof (Uint8Array.prototype as Partial<NativeBase64>).toBase64 === 'function';

export function base64Of(bytes: Uint8Array): string {
  if (native) return (bytes as NativeBase64).toBase64();
  return pairTableBase64(bytes);
}

/** Exported for the test that holds it to toBase64 on runtimes where the built-in is used above. */
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
    out[o++] = ALPHABET[v >> 18]!;
    out[o++] = ALPHABET[(v >> 12) & 63]!;
    out[o++] = two ? ALPHABET[(v >> 6) & 63]! : 0x3d;
    out[o] = 0x3d;
  }
  return ascii.decode(out);
}
