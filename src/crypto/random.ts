/**
 * CSPRNG bytes from the Web Crypto API, which exists in browsers, Cloudflare
 * Workers and Node >= 19 as `globalThis.crypto`. We deliberately do not rely on
 * tweetnacl's own PRNG detection (it falls back to `require('crypto')`, which
 * does not exist in ESM bundles/Workers).
 */
import { fail } from './errors.ts';

/** getRandomValues throws QuotaExceededError above 65536 bytes per call (Web Crypto spec). */
const MAX_RANDOM_PER_CALL = 65536;

export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  if (!Number.isSafeInteger(n) || n < 0) fail('bad_input', 'randomBytes: n must be a non-negative integer');
  const webCrypto = (globalThis as { crypto?: Crypto }).crypto;
  if (webCrypto === undefined || typeof webCrypto.getRandomValues !== 'function') {
    // Not an EnvelopeError: this is a broken runtime, not bad data. Never fall back to Math.random.
    throw new Error('randomBytes: globalThis.crypto.getRandomValues is not available');
  }
  const out = new Uint8Array(n);
  for (let offset = 0; offset < n; offset += MAX_RANDOM_PER_CALL) {
    webCrypto.getRandomValues(out.subarray(offset, Math.min(n, offset + MAX_RANDOM_PER_CALL)));
  }
  return out;
}
