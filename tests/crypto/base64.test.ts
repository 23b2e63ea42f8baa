// toBase64 gives exactly @scure/base's text (RFC 4648 §4, with padding) on whichever path the
// runtime takes: the pair table (src/crypto/base64.ts), or the built-in where present.
import { base64 as scureBase64 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { pairTableBase64 } from '../../src/crypto/base64.ts';
import { fromBase64, randomBytes, toBase64 } from '../../src/crypto/index.ts';

describe('toBase64', () => {
  it('gives exactly @scure/base’s text for every length and remainder, and decodes back', () => {
    const inputs = [new Uint8Array(0), new Uint8Array(7).fill(255), ...Array.from({ length: 200 }, (_, n) => randomBytes(n + 1)), randomBytes(150_001)];
    for (const bytes of inputs) {
      const expected = scureBase64.encode(bytes);
      expect(pairTableBase64(bytes)).toBe(expected);
      expect(toBase64(bytes)).toBe(expected);
      if (bytes.length < 1000) expect(fromBase64(pairTableBase64(bytes))).toEqual(bytes);
    }
    // A view into a larger buffer encodes only its own bytes.
    const whole = randomBytes(64);
    expect(pairTableBase64(whole.subarray(5, 40))).toBe(scureBase64.encode(whole.slice(5, 40)));
  });
});
