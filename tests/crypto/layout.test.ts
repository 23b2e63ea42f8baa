import { describe, expect, it } from 'vitest';
import {
  CHUNK_CIPHERTEXT_SIZE,
  CHUNK_SIZE,
  chunkCiphertextLength,
  chunkCount,
  MAX_HEADER_BYTES,
  NONCE_PREFIX_BYTES,
  PART_FORMAT_VERSION,
  paddedPartSize,
  paddedSizeFromCiphertextLength,
  padme,
  parseSerializedPart,
  SEALED_TIP_KEY_BYTES,
  serializePart,
  TAG_BYTES,
  TIP_KEY_BYTES,
} from '../../src/crypto/index.ts';
import { expectThrows } from './helpers.ts';

describe('constants', () => {
  it('have the documented values', () => {
    expect([CHUNK_SIZE, TAG_BYTES, CHUNK_CIPHERTEXT_SIZE, NONCE_PREFIX_BYTES, TIP_KEY_BYTES, SEALED_TIP_KEY_BYTES, MAX_HEADER_BYTES, PART_FORMAT_VERSION]).toEqual([
      65536, 16, 65552, 16, 32, 80, 4096, 1,
    ]);
  });
});

describe('chunk layout', () => {
  it('chunkCount and chunkCiphertextLength', () => {
    expect(chunkCount(1)).toBe(1);
    expect(chunkCount(65536)).toBe(1);
    expect(chunkCount(67584)).toBe(2);
    expect(chunkCiphertextLength(56, 0)).toBe(72);
    expect(chunkCiphertextLength(67584, 0)).toBe(65552);
    expect(chunkCiphertextLength(67584, 1)).toBe(2048 + 16);
    expect(chunkCiphertextLength(131072, 1)).toBe(65552);
  });

  it('reject bad arguments with bad_input', () => {
    for (const s of [0, -1, 1.5, Number.NaN, 2 ** 53]) expectThrows(() => chunkCount(s), 'bad_input');
    expectThrows(() => chunkCiphertextLength(67584, 2), 'bad_input');
    expectThrows(() => chunkCiphertextLength(67584, -1), 'bad_input');
    expectThrows(() => chunkCiphertextLength(67584, 0.5), 'bad_input');
    expectThrows(() => padme(-1), 'bad_input');
    expectThrows(() => padme(0.5), 'bad_input');
  });

  it('paddedSizeFromCiphertextLength examples', () => {
    expect(paddedSizeFromCiphertextLength(72)).toBe(56);
    expect(paddedSizeFromCiphertextLength(65552 + 2064)).toBe(67584);
    expect(paddedSizeFromCiphertextLength(65552 + 16)).toBeNull(); // empty last chunk
    expect(paddedSizeFromCiphertextLength(65552 + 10)).toBeNull(); // last chunk shorter than a tag
    expect(paddedSizeFromCiphertextLength(0)).toBeNull();
    expect(paddedSizeFromCiphertextLength(-72)).toBeNull();
    expect(paddedSizeFromCiphertextLength(72.5)).toBeNull();
    expect(paddedSizeFromCiphertextLength(Number.NaN)).toBeNull();
  });

  it('paddedPartSize = padme(4 + H + size)', () => {
    expect(paddedPartSize({ kind: 'message', size: 15 })).toBe(56);
    const h = '{"v":1,"kind":"file","name":"a.pdf","type":"application/pdf","size":1000000}'.length;
    expect(paddedPartSize({ kind: 'file', name: 'a.pdf', type: 'application/pdf', size: 1_000_000 })).toBe(padme(4 + h + 1_000_000));
  });
});

describe('serialized parts (structure only)', () => {
  const prefix = new Uint8Array(16).fill(7);
  const chunks = [new Uint8Array(65552).fill(1), new Uint8Array(2064).fill(2)];

  it('serialize and parse round trip with views', () => {
    const bytes = serializePart(prefix, chunks);
    expect(bytes.length).toBe(17 + 65552 + 2064);
    expect(bytes[0]).toBe(1);
    const parsed = parseSerializedPart(bytes);
    expect(parsed.paddedSize).toBe(67584);
    expect(parsed.noncePrefix).toEqual(prefix);
    expect(parsed.chunks.map((c) => c.length)).toEqual([65552, 2064]);
    expect(parsed.chunks[1]!.buffer).toBe(bytes.buffer); // no copy
  });

  it('parse rejects unknown versions (bad_input) and impossible lengths (bad_length)', () => {
    const bytes = serializePart(prefix, chunks);
    const v2 = bytes.slice();
    v2[0] = 2;
    expectThrows(() => parseSerializedPart(v2), 'bad_input');
    expectThrows(() => parseSerializedPart('x' as unknown as Uint8Array), 'bad_input');
    expectThrows(() => parseSerializedPart(new Uint8Array(0)), 'bad_length');
    expectThrows(() => parseSerializedPart(bytes.subarray(0, 17)), 'bad_length');
    expectThrows(() => parseSerializedPart(bytes.subarray(0, bytes.length - 1)), 'bad_length');
    expectThrows(() => parseSerializedPart(bytes.subarray(0, 17 + 65552 + 10)), 'bad_length');
  });

  it('serialize rejects inconsistent chunk lists (bad_input)', () => {
    expectThrows(() => serializePart(prefix, []), 'bad_input');
    expectThrows(() => serializePart(prefix.subarray(0, 15), chunks), 'bad_input');
    expectThrows(() => serializePart(prefix, [chunks[1]!, chunks[0]!]), 'bad_input'); // short chunk first
    expectThrows(() => serializePart(prefix, [new Uint8Array(73)]), 'bad_input'); // 57 is not a padded size
    expectThrows(() => serializePart(prefix, ['x' as unknown as Uint8Array]), 'bad_input');
  });
});
