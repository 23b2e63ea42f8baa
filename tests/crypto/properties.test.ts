/** Property-based tests (fast-check): round trips around chunk boundaries, Padmé, layout inversion. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHUNK_CIPHERTEXT_SIZE,
  CHUNK_SIZE,
  chunkCiphertextLength,
  chunkCount,
  isPaddedSize,
  newNoncePrefix,
  newTipKey,
  openPartChunks,
  paddedPartSize,
  paddedSizeFromCiphertextLength,
  padme,
  sealPartChunks,
  type PartHeader,
} from '../../src/crypto/index.ts';
import { asAsync, collect, concat, expectBytes, seededBytes, splitAt } from './helpers.ts';

/** Independent Padmé exactly as in the paper (Algorithm 1), on BigInt with bit operations. */
function padmeReference(length: number): number {
  const L = BigInt(length);
  if (L < 2n) return length;
  const E = BigInt(L.toString(2).length - 1);
  const S = BigInt(E.toString(2).length);
  const z = E - S;
  const mask = (1n << z) - 1n;
  return Number((L + mask) & ~mask);
}

/** Content sizes that put the end of P' just around chunk boundaries (header length depends on size). */
function boundarySizes(): number[] {
  const sizes = new Set<number>([0, 1, 2, 100, 65_000, 150_000, 200_000]);
  for (const boundary of [CHUNK_SIZE, 2 * CHUNK_SIZE, 3 * CHUNK_SIZE]) {
    for (let k = -3; k <= 3; k++) {
      const h = `{"v":1,"kind":"message","size":${boundary}}`.length;
      sizes.add(boundary - 4 - h + k);
      sizes.add(boundary + k);
    }
  }
  return [...sizes].filter((s) => s >= 0 && s <= 200_000);
}

const headerFor = (kind: 'message' | 'file', size: number): PartHeader =>
  kind === 'message' ? { kind, size } : { kind, name: 'ünïcødé name.bin', type: 'application/octet-stream', size };

describe('round trip', () => {
  it('random contents near chunk boundaries, delivered in random pieces, open to the same bytes', async () => {
    const key = newTipKey();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...boundarySizes()), fc.integer({ min: 0, max: 200_000 })),
        fc.constantFrom<'message' | 'file'>('message', 'file'),
        fc.integer(),
        fc.array(fc.integer({ min: 0, max: 200_000 }), { maxLength: 8 }),
        fc.boolean(),
        async (size, kind, seed, cuts, asyncSource) => {
          const content = seededBytes(size, seed);
          const header = headerFor(kind, size);
          const prefix = newNoncePrefix();
          const pieces = splitAt(content, cuts);
          const chunks = await collect(sealPartChunks(key, prefix, header, asyncSource ? asAsync(pieces) : pieces));
          const padded = paddedPartSize(header);
          expect(chunks.length).toBe(chunkCount(padded));
          chunks.forEach((c, i) => expect(c.length).toBe(chunkCiphertextLength(padded, i)));
          const total = chunks.reduce((n, c) => n + c.length, 0);
          expect(paddedSizeFromCiphertextLength(total)).toBe(padded);
          const opened = await openPartChunks(key, prefix, chunks.length, asyncSource ? chunks : asAsync(chunks));
          expect(opened.header).toEqual(header);
          expectBytes(concat(await collect(opened.content)), content);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('padme', () => {
  const lengths = fc.oneof(fc.integer({ min: 0, max: 1 << 20 }), fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 52 }));

  it('matches the paper\u2019s bitwise algorithm', () => {
    fc.assert(fc.property(lengths, (L) => padme(L) === padmeReference(L)), { numRuns: 2000 });
    for (let L = 0; L < 5000; L++) expect(padme(L)).toBe(padmeReference(L));
  });

  it('is >= L, idempotent, a padded size, and adds at most 12%', () => {
    fc.assert(
      fc.property(lengths, (L) => {
        const p = padme(L);
        expect(p).toBeGreaterThanOrEqual(L);
        expect(padme(p)).toBe(p);
        expect(p - L).toBeLessThanOrEqual(0.12 * L);
        if (L >= 1) expect(isPaddedSize(p)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('isPaddedSize is false for 0, negatives, fractions and non-fixed points', () => {
    for (const s of [0, -1, 1.5, Number.NaN, Infinity, 9, 17, 65537, 2 ** 53]) expect(isPaddedSize(s)).toBe(false);
  });
});

describe('paddedSizeFromCiphertextLength', () => {
  const layoutLength = (S: number) => S + 16 * chunkCount(S);

  it('inverts the layout for every padded size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (L) => {
        const S = padme(L);
        const n = chunkCount(S);
        // T from the per-chunk layout: n-1 full chunks plus the last one
        const T = (n - 1) * CHUNK_CIPHERTEXT_SIZE + chunkCiphertextLength(S, n - 1);
        expect(T).toBe(layoutLength(S));
        if (n > 1) expect(chunkCiphertextLength(S, n - 2)).toBe(CHUNK_CIPHERTEXT_SIZE);
        expect(paddedSizeFromCiphertextLength(T)).toBe(S);
      }),
      { numRuns: 1000 },
    );
  });

  it('returns null for lengths no valid part has, and only valid sizes otherwise', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 2 ** 40 }), (T) => {
        const S = paddedSizeFromCiphertextLength(T);
        if (S === null) {
          // no padded size maps to T (the map S -> T is strictly increasing, so one candidate suffices)
          const candidate = T - 16 * Math.ceil(T / CHUNK_CIPHERTEXT_SIZE);
          const lastChunk = T - CHUNK_CIPHERTEXT_SIZE * (Math.ceil(T / CHUNK_CIPHERTEXT_SIZE) - 1);
          expect(T <= 0 || lastChunk < 17 || !isPaddedSize(candidate)).toBe(true);
        } else {
          expect(isPaddedSize(S)).toBe(true);
          expect(layoutLength(S)).toBe(T);
        }
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 2 ** 40 }), (L) => {
        const S = padme(L) + 1; // never a padded size right after one (for S > 8)
        fc.pre(!isPaddedSize(S));
        expect(paddedSizeFromCiphertextLength(layoutLength(S))).toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});
