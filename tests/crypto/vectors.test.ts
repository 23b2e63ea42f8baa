import { readFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2.js';
import { hex } from '@scure/base';
import { describe, expect, it } from 'vitest';
import {
  boxKeyPairFromSecretKey,
  openMessage,
  openPartChunks,
  openSealed,
  paddedSizeFromCiphertextLength,
  padme,
  parseSerializedPart,
  serializePart,
} from '../../src/crypto/index.ts';
import { computeVectors, patternText } from '../vectors/envelope-v1.ts';
import { collect, concat, sealToArray } from './helpers.ts';

const committed = JSON.parse(readFileSync(new URL('../vectors/envelope-v1.json', import.meta.url), 'utf8'));

describe('envelope v1 known-answer vectors', () => {
  it('recomputing the vectors reproduces the committed JSON exactly', async () => {
    expect(JSON.parse(JSON.stringify(await computeVectors()))).toEqual(committed);
  });

  it('the committed sealed tip key opens with the committed desk key', () => {
    const v = committed.sealedTipKey;
    const desk = boxKeyPairFromSecretKey(hex.decode(v.deskSecretKey));
    expect(hex.encode(desk.publicKey)).toBe(v.deskPublicKey);
    expect(v.sealed.length / 2).toBe(80);
    expect(v.sealed.slice(0, 64)).toBe(v.ephemeralPublicKey);
    expect(hex.encode(openSealed(hex.decode(v.sealed), desk))).toBe(v.tipKey);
  });

  it('padme and length tables match', () => {
    for (const [length, padded] of committed.padme) expect(padme(length)).toBe(padded);
    for (const [t, s] of committed.paddedSizeFromCiphertextLength) expect(paddedSizeFromCiphertextLength(t)).toBe(s);
  });

  it('every committed part opens to its content and header', async () => {
    const tipKey = hex.decode(committed.sealedTipKey.tipKey);
    for (const part of committed.parts.filter((p: { serialized?: string }) => p.serialized !== undefined)) {
      const bytes = hex.decode(part.serialized);
      const parsed = parseSerializedPart(bytes);
      expect(hex.encode(parsed.noncePrefix)).toBe(part.noncePrefix);
      expect(parsed.paddedSize).toBe(part.paddedSize);
      const opened = await openPartChunks(tipKey, parsed.noncePrefix, parsed.chunks.length, parsed.chunks);
      expect(opened.header).toEqual(part.header);
      expect(hex.encode(concat(await collect(opened.content)))).toBe(part.content);
    }
    const hello = committed.parts.find((p: { name: string }) => p.name === 'message-hello');
    expect(await openMessage(tipKey, hex.decode(hello.serialized))).toBe('Hello, newsroom');
  });

  it('the multi-chunk message matches its recipe, chunk hashes and opens again', async () => {
    const tipKey = hex.decode(committed.sealedTipKey.tipKey);
    const part = committed.parts.find((p: { name: string }) => p.name === 'message-multichunk');
    const text = patternText(150_000);
    const content = new TextEncoder().encode(text);
    expect(hex.encode(sha256(content))).toBe(part.contentSha256);
    const prefix = hex.decode(part.noncePrefix);
    const chunks = await sealToArray(tipKey, prefix, part.header, content);
    expect(chunks.map((c) => hex.encode(sha256(c)))).toEqual(part.chunkCiphertextSha256);
    const serialized = serializePart(prefix, chunks);
    expect(hex.encode(sha256(serialized))).toBe(part.serializedSha256);
    expect(hex.encode(serialized.subarray(0, 64))).toBe(part.serializedFirst64);
    expect(await openMessage(tipKey, serialized)).toBe(text);
  });
});
