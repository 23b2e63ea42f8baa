// Fuzzing the envelope parsers (src/crypto), which read bytes nobody vouches for: serialized
// parts from request bodies and export files, chunk streams from the database, part headers,
// sealed tip keys, session cookies and base64. Random and mutated inputs must give either the
// exact original or an EnvelopeError with a documented code: never another exception, never a
// different plaintext, never a hang.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chunkCount, EnvelopeError, fromBase64, generateBoxKeyPair, newNoncePrefix, newTipKey, openMessage, openPartChunks,
  openSealed, openSession, paddedPartSize, paddedSizeFromCiphertextLength, parseSerializedPart, randomBytes,
  SEALED_SESSION_BYTES, sealMessage, sealPartChunks, sealSession, sealToPublicKey, toBase64, type PartHeader,
} from '../../src/crypto/index.ts';
import { decodeHeader } from '../../src/crypto/header.ts';
import { bounded, concat, mutate, mutation, params, runs, sameBytes, timeoutFor, type Mutation } from './harness.ts';

const MS = 2_000;

/** Either `run` returns, or it throws an EnvelopeError whose code is one of `codes`. */
async function outcome<T>(run: () => Promise<T> | T, codes: readonly string[]): Promise<{ ok: true; value: T } | { ok: false; code: string }> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (!(error instanceof EnvelopeError)) throw error;
    expect(codes).toContain(error.code);
    return { ok: false, code: error.code };
  }
}

const tipKey = newTipKey();
const otherKey = newTipKey();

/** Messages of 0 to 3 chunks (a chunk holds 64 KiB), in several scripts. */
const MESSAGES = ['', 'x', 'Die Hafenbehörde fälscht Prüfberichte. 항만청이 점검 기록을 위조합니다. 港务局伪造检查记录。',
  'a'.repeat(65_000), 'b'.repeat(65_600), '€'.repeat(50_000)];
const SEALED_MESSAGES = MESSAGES.map((text) => ({ text, sealed: sealMessage(tipKey, text) }));

async function collectAll(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const pieces: Uint8Array[] = [];
  for await (const piece of source) pieces.push(piece.slice());
  return concat(...pieces);
}

async function sealFile(content: Uint8Array, name = 'minutes.pdf') {
  const header: PartHeader = { kind: 'file', name, type: 'application/pdf', size: content.length };
  const noncePrefix = newNoncePrefix();
  const chunks = await collectChunks(sealPartChunks(tipKey, noncePrefix, header, [content]));
  return { header, noncePrefix, chunks, content };
}

async function collectChunks(source: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk.slice());
  return chunks;
}

describe('parseSerializedPart', () => {
  /** Lengths of real parts, give or take a little: where the layout arithmetic is tested. */
  const nearValid = fc.tuple(fc.integer({ min: 0, max: 300_000 }), fc.integer({ min: -40, max: 40 })).map(([size, delta]) => {
    const padded = paddedPartSize({ kind: 'message', size });
    const total = 17 + padded + 16 * chunkCount(padded);
    return Math.max(0, total + delta);
  });
  const input = fc.oneof(
    fc.uint8Array({ maxLength: 2_000 }),
    fc.tuple(nearValid, fc.nat(255), fc.boolean()).map(([length, first, keepVersion]) => {
      const bytes = new Uint8Array(length);
      if (length) bytes[0] = keepVersion ? 1 : first;
      return bytes;
    }),
  );
  const n = runs(600);
  it(`splits exactly what a layout allows and refuses the rest (${n} inputs)`, { timeout: timeoutFor(n, 20) }, async () => {
    await fc.assert(fc.asyncProperty(input, async (bytes) => {
      const result = await bounded('parseSerializedPart', MS, () => outcome(() => parseSerializedPart(bytes), ['bad_input', 'bad_length']));
      if (!result.ok) return;
      const { noncePrefix, chunks, paddedSize } = result.value;
      expect(bytes[0]).toBe(1);
      expect(noncePrefix.length).toBe(16);
      expect(chunks.length).toBe(chunkCount(paddedSize));
      expect(17 + chunks.reduce((sum, c) => sum + c.length, 0)).toBe(bytes.length);
      expect(paddedSizeFromCiphertextLength(bytes.length - 17)).toBe(paddedSize);
    }), params(n));
  });
});

describe('openMessage', () => {
  const n = runs(200);
  it(`opens a mutated message to the original or refuses it (${n} inputs)`, { timeout: timeoutFor(n, 50) }, async () => {
    const arb = fc.record({
      which: fc.nat(SEALED_MESSAGES.length - 1),
      mutations: fc.array(mutation, { minLength: 0, maxLength: 3 }),
      wrongKey: fc.boolean(),
    });
    await fc.assert(fc.asyncProperty(arb, async ({ which, mutations, wrongKey }) => {
      const { text, sealed } = SEALED_MESSAGES[which]!;
      const bytes = mutate(sealed, mutations);
      const key = wrongKey ? otherKey : tipKey;
      const result = await bounded('openMessage', MS, () =>
        outcome(() => openMessage(key, bytes), ['bad_input', 'bad_length', 'bad_chunk', 'truncated', 'extra_chunk', 'bad_header', 'bad_padding']));
      if (result.ok) {
        // Only the untouched message under the right key opens, and only to itself.
        expect(result.value).toBe(text);
        expect(wrongKey).toBe(false);
        expect(sameBytes(bytes, sealed)).toBe(true);
      } else {
        expect(wrongKey || !sameBytes(bytes, sealed)).toBe(true);
      }
    }), params(n));
  });

  const m = runs(300);
  it(`refuses random bytes and random serialized parts (${m} inputs)`, { timeout: timeoutFor(m, 30) }, async () => {
    const arb = fc.oneof(
      fc.uint8Array({ maxLength: 3_000 }),
      // Well-formed layout, random chunks: structurally valid, cryptographically garbage.
      fc.integer({ min: 0, max: 70_000 }).map((size) => {
        const padded = paddedPartSize({ kind: 'message', size });
        return concat(new Uint8Array([1]), randomBytes(16 + padded + 16 * chunkCount(padded)));
      }),
    );
    await fc.assert(fc.asyncProperty(arb, async (bytes) => {
      const result = await bounded('openMessage(random)', MS, () => outcome(() => openMessage(tipKey, bytes), ['bad_input', 'bad_length', 'bad_chunk']));
      expect(result.ok).toBe(false);
    }), params(m));
  });
});

describe('openPartChunks', () => {
  type ChunkEdit =
    | { kind: 'drop'; at: number }
    | { kind: 'duplicate'; at: number }
    | { kind: 'swap'; a: number; b: number }
    | { kind: 'foreign'; at: number }
    | { kind: 'bytes'; at: number; mutations: Mutation[] }
    | { kind: 'append' }
    | { kind: 'count'; delta: number }
    | { kind: 'prefix' };
  const edit: fc.Arbitrary<ChunkEdit> = fc.oneof(
    fc.record({ kind: fc.constant('drop' as const), at: fc.nat(8) }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(8) }),
    fc.record({ kind: fc.constant('swap' as const), a: fc.nat(8), b: fc.nat(8) }),
    fc.record({ kind: fc.constant('foreign' as const), at: fc.nat(8) }),
    fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(8), mutations: fc.array(mutation, { minLength: 1, maxLength: 2 }) }),
    fc.record({ kind: fc.constant('append' as const) }),
    fc.record({ kind: fc.constant('count' as const), delta: fc.integer({ min: -2, max: 2 }) }),
    fc.record({ kind: fc.constant('prefix' as const) }),
  );

  const n = runs(200);
  it(`streams a damaged chunk list to the original or refuses it (${n} inputs)`, { timeout: timeoutFor(n, 100) }, async () => {
    // Files of 0 bytes to 3 chunks, and a second part under the same tip key to splice from.
    const files = await Promise.all([0, 1, 1000, 65_000, 140_000].map((size) => sealFile(randomBytes(size))));
    const other = await sealFile(randomBytes(140_000), 'other.pdf');
    await fc.assert(fc.asyncProperty(fc.nat(files.length - 1), fc.array(edit, { maxLength: 3 }), async (which, edits) => {
      const file = files[which]!;
      let chunks = [...file.chunks];
      let count = chunks.length;
      let prefix = file.noncePrefix;
      for (const e of edits) {
        const at = (i: number) => (chunks.length ? i % chunks.length : 0);
        if (e.kind === 'drop' && chunks.length) chunks.splice(at(e.at), 1);
        else if (e.kind === 'duplicate' && chunks.length) chunks.splice(at(e.at), 0, chunks[at(e.at)]!);
        else if (e.kind === 'swap' && chunks.length) [chunks[at(e.a)], chunks[at(e.b)]] = [chunks[at(e.b)]!, chunks[at(e.a)]!];
        else if (e.kind === 'foreign' && chunks.length) chunks[at(e.at)] = other.chunks[e.at % other.chunks.length]!;
        else if (e.kind === 'bytes' && chunks.length) chunks[at(e.at)] = mutate(chunks[at(e.at)]!, e.mutations);
        else if (e.kind === 'append') chunks.push(other.chunks[other.chunks.length - 1]!);
        else if (e.kind === 'count') count = Math.max(0, count + e.delta);
        else if (e.kind === 'prefix') prefix = newNoncePrefix();
      }
      const unchanged = count === file.chunks.length && prefix === file.noncePrefix && chunks.length === file.chunks.length &&
        chunks.every((c, i) => sameBytes(c, file.chunks[i]!));
      const result = await bounded('openPartChunks', MS, () => outcome(async () => {
        const opened = await openPartChunks(tipKey, prefix, count, chunks);
        return { header: opened.header, content: await collectAll(opened.content) };
      }, ['bad_input', 'bad_length', 'bad_chunk', 'truncated', 'extra_chunk', 'bad_header', 'bad_padding']));
      if (result.ok) {
        expect(result.value.header).toEqual(file.header);
        expect(sameBytes(result.value.content, file.content)).toBe(true);
        // Only the original chunk list (by content: swapping two equal chunks changes nothing) opens.
        expect(unchanged).toBe(true);
      } else {
        expect(unchanged).toBe(false);
      }
    }), params(n));
  });
});

describe('decodeHeader (the authenticated part header)', () => {
  const json = fc.oneof(
    fc.record({
      v: fc.oneof(fc.constant(1), fc.jsonValue()),
      kind: fc.oneof(fc.constantFrom('message', 'file'), fc.jsonValue()),
      name: fc.oneof(fc.string({ maxLength: 1100 }), fc.jsonValue()),
      type: fc.oneof(fc.string({ maxLength: 300 }), fc.jsonValue()),
      size: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(2 ** 47, 2 ** 47 + 1, 2 ** 53, -1, Number.MAX_VALUE), fc.jsonValue()),
    }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
    fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
    fc.string({ maxLength: 200 }),
  );
  const input = fc.oneof(json.map((s) => new TextEncoder().encode(s)), fc.uint8Array({ maxLength: 5_000 }));
  const n = runs(600);
  it(`yields a valid header or bad_header (${n} inputs)`, { timeout: timeoutFor(n, 20) }, async () => {
    await fc.assert(fc.asyncProperty(input, async (bytes) => {
      const result = await bounded('decodeHeader', MS, () => outcome(() => decodeHeader(bytes), ['bad_header']));
      if (!result.ok) return;
      const header = result.value;
      expect(Number.isSafeInteger(header.size) && header.size >= 0).toBe(true);
      expect(['message', 'file']).toContain(header.kind);
      if (header.kind === 'file') {
        expect(header.name.length).toBeGreaterThan(0);
        expect(header.name).not.toContain('\u0000');
      }
      // What the reader accepts, the writer can write.
      expect(paddedPartSize(header)).toBeGreaterThan(0);
    }), params(n));
  });
});

describe('openSealed (the sealed tip key)', () => {
  const desk = generateBoxKeyPair();
  const key = newTipKey();
  const sealed = sealToPublicKey(key, desk.publicKey);
  const n = runs(300);
  it(`opens only the untouched sealed key (${n} inputs)`, { timeout: timeoutFor(n, 20) }, async () => {
    const arb = fc.oneof(fc.array(mutation, { maxLength: 3 }).map((m) => mutate(sealed, m)), fc.uint8Array({ maxLength: 200 }));
    await fc.assert(fc.asyncProperty(arb, async (bytes) => {
      const result = await bounded('openSealed', MS, () => outcome(() => openSealed(bytes, desk), ['bad_seal', 'bad_input']));
      if (result.ok) {
        expect(sameBytes(bytes, sealed)).toBe(true);
        expect(sameBytes(result.value, key)).toBe(true);
      } else {
        expect(sameBytes(bytes, sealed)).toBe(false);
      }
    }), params(n));
  });
});

describe('openSession (the no-JavaScript session cookie)', () => {
  const sessionKey = randomBytes(32);
  const contents = { sourceId: randomBytes(16), replySecretKey: randomBytes(32), expiryMinute: 29_000_000 };
  const sealed = sealSession(sessionKey, contents);
  const n = runs(300);
  it(`answers null, never throws, for anything but the cookie it sealed (${n} inputs)`, { timeout: timeoutFor(n, 20) }, async () => {
    expect(sealed.length).toBe(SEALED_SESSION_BYTES);
    const arb = fc.oneof(fc.array(mutation, { maxLength: 3 }).map((m) => mutate(sealed, m)), fc.uint8Array({ maxLength: 300 }));
    await fc.assert(fc.asyncProperty(arb, async (bytes) => {
      const opened = await bounded('openSession', MS, () => openSession(sessionKey, bytes));
      if (sameBytes(bytes, sealed)) {
        expect(opened).not.toBeNull();
        expect(sameBytes(opened!.sourceId, contents.sourceId)).toBe(true);
        expect(opened!.expiryMinute).toBe(contents.expiryMinute);
      } else {
        expect(opened).toBeNull();
      }
    }), params(n));
  });
});

describe('fromBase64 (every binary field of the API)', () => {
  const alphabet = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/='.split(''), '-', '_', ' ', '\n', '\u00e9', '\u0000');
  const arb = fc.oneof(
    fc.string({ unit: alphabet, maxLength: 64 }),
    fc.uint8Array({ maxLength: 48 }).chain((bytes) => fc.array(mutation, { maxLength: 2 }).map((m) =>
      new TextDecoder().decode(mutate(new TextEncoder().encode(toBase64(bytes)), m)))),
    fc.string({ maxLength: 64 }),
  );
  const n = runs(600);
  it(`decodes exactly the canonical encodings (${n} inputs)`, { timeout: timeoutFor(n, 10) }, async () => {
    await fc.assert(fc.asyncProperty(arb, async (text) => {
      const result = await bounded('fromBase64', MS, () => outcome(() => fromBase64(text), ['bad_input']));
      // Accepted means canonical: the bytes encode back to the very same text.
      if (result.ok) expect(toBase64(result.value)).toBe(text);
      else expect(() => toBase64(fromBase64(text))).toThrow(EnvelopeError);
    }), params(n));
  });
});
