// The inbox's base64 for JSON responses is the same text as toBase64 (src/crypto, RFC 4648 §4
// with padding), whichever path the runtime takes: the pair table here, the built-in where present.
import { describe, expect, it } from 'vitest';
import { fromBase64, randomBytes, toBase64 } from '../../src/crypto/index.ts';
import { base64Of, pairTableBase64 } from '../../src/http/json-base64.ts';

describe('base64 for JSON responses', () => {
  it('gives exactly toBase64’s text for every length and remainder, and decodes back', () => {
    const inputs = [new Uint8Array(0), new Uint8Array(7).fill(255), ...Array.from({ length: 200 }, (_, n) => randomBytes(n + 1)), randomBytes(150_001)];
    for (const bytes of inputs) {
      const expected = toBase64(bytes);
      expect(pairTableBase64(bytes)).toBe(expected);
      expect(base64Of(bytes)).toBe(expected);
      if (bytes.length < 1000) expect(fromBase64(pairTableBase64(bytes))).toEqual(bytes);
    }
    // A view into a larger buffer encodes only its own bytes.
    const whole = randomBytes(64);
    expect(pairTableBase64(whole.subarray(5, 40))).toBe(toBase64(whole.slice(5, 40)));
  });
});
