/**
 * Every manipulation the server (or anyone between source and desk) can make
 * must be rejected with a specific code, and no plaintext from the bad chunk
 * or any later chunk may be released.
 */
import { describe, expect, it } from 'vitest';
import {
  CHUNK_SIZE,
  generateBoxKeyPair,
  newNoncePrefix,
  newTipKey,
  openMessage,
  openSealed,
  padme,
  parseSerializedPart,
  sealMessage,
  sealToPublicKey,
  serializePart,
  type PartHeader,
} from '../../src/crypto/index.ts';
import {
  asAsync,
  craftChunks,
  expectBytes,
  expectCode,
  expectRejects,
  expectThrows,
  openCollecting,
  rawPlaintext,
  sealToArray,
  seededBytes,
} from './helpers.ts';

const key = newTipKey();
const prefix = newNoncePrefix();
const content = seededBytes(200_000, 42);
const header: PartHeader = { kind: 'file', name: 'memo.pdf', type: 'application/pdf', size: content.length };
const headerBytes = new TextEncoder().encode(JSON.stringify({ v: 1, kind: 'file', name: 'memo.pdf', type: 'application/pdf', size: 200_000 })).length;
const chunks = await sealToArray(key, prefix, header, content); // 4 chunks
const otherPrefix = newNoncePrefix();
const otherChunks = await sealToArray(key, otherPrefix, header, content); // same tip, other part

/** Content bytes that live in chunks [0, index): the most a reader may release before chunk `index`. */
const contentBefore = (index: number): number => Math.max(0, Math.min(content.length, index * CHUNK_SIZE - 4 - headerBytes));

async function expectRejected(
  list: Uint8Array[],
  code: string,
  badIndex: number,
  opts: { count?: number; key?: Uint8Array; prefix?: Uint8Array } = {},
): Promise<void> {
  const result = await openCollecting(opts.key ?? key, opts.prefix ?? prefix, opts.count ?? list.length, list);
  expectCode(result.error, code as never);
  expect(result.content.length).toBeLessThanOrEqual(contentBefore(badIndex));
  expectBytes(result.content, content.subarray(0, result.content.length));
}

const flip = (bytes: Uint8Array, at: number): Uint8Array => {
  const copy = bytes.slice();
  copy[at]! ^= 0x01;
  return copy;
};
const replaced = (i: number, chunk: Uint8Array): Uint8Array[] => chunks.map((c, j) => (j === i ? chunk : c));

describe('tampering with chunks', () => {
  it('sanity: the untampered part opens', async () => {
    expect(chunks.length).toBe(4);
    const result = await openCollecting(key, prefix, 4, chunks);
    expect(result.error).toBeUndefined();
    expectBytes(result.content, content);
  });

  it('flipped bit in a tag, in the ciphertext, in the first and the last chunk: bad_chunk', async () => {
    await expectRejected(replaced(1, flip(chunks[1]!, 3)), 'bad_chunk', 1); // tag
    await expectRejected(replaced(2, flip(chunks[2]!, 40_000)), 'bad_chunk', 2); // ciphertext body
    await expectRejected(replaced(0, flip(chunks[0]!, 20)), 'bad_chunk', 0); // header chunk: nothing released
    await expectRejected(replaced(3, flip(chunks[3]!, chunks[3]!.length - 1)), 'bad_chunk', 3);
  });

  it('flipped bit in the nonce prefix (serialized form): bad_chunk on chunk 0', async () => {
    const serialized = flip(serializePart(prefix, chunks), 5);
    const parsed = parseSerializedPart(serialized);
    await expectRejected(parsed.chunks, 'bad_chunk', 0, { prefix: parsed.noncePrefix });
  });

  it('dropped middle chunk', async () => {
    const dropped = [chunks[0]!, chunks[2]!, chunks[3]!];
    await expectRejected(dropped, 'bad_chunk', 1, { count: 4 }); // count from the database
    await expectRejected(dropped, 'truncated', 0, { count: 3 }); // count derived from the data
  });

  it('dropped last chunk (truncation)', async () => {
    const truncated = chunks.slice(0, 3);
    await expectRejected(truncated, 'truncated', 3, { count: 4 });
    await expectRejected(truncated, 'truncated', 0, { count: 3 });
    await expectRejected(chunks.slice(0, 1), 'truncated', 0, { count: 1 }); // chunk 0 is not final
  });

  it('reordered chunks: bad_chunk', async () => {
    await expectRejected([chunks[0]!, chunks[2]!, chunks[1]!, chunks[3]!], 'bad_chunk', 1);
    await expectRejected([chunks[1]!, chunks[0]!, chunks[2]!, chunks[3]!], 'bad_chunk', 0);
  });

  it('duplicated chunk', async () => {
    const duplicated = [chunks[0]!, chunks[1]!, chunks[1]!, chunks[2]!, chunks[3]!];
    await expectRejected(duplicated, 'bad_chunk', 2, { count: 4 });
    await expectRejected(duplicated, 'extra_chunk', 0, { count: 5 });
    await expectRejected([...chunks, chunks[3]!], 'extra_chunk', 3, { count: 4 });
  });

  it('extra chunk appended after the final chunk', async () => {
    await expectRejected([...chunks, otherChunks[1]!], 'extra_chunk', 3, { count: 4 });
    await expectRejected([...chunks, otherChunks[1]!], 'extra_chunk', 0, { count: 5 });
    // also from an async source, where the check needs one more pull
    const result = await openCollecting(key, prefix, 4, asAsync([...chunks, chunks[0]!]));
    expectCode(result.error, 'extra_chunk');
    expect(result.content.length).toBeLessThanOrEqual(contentBefore(3));
  });

  it('chunk from another part of the same tip: bad_chunk', async () => {
    await expectRejected(replaced(2, otherChunks[2]!), 'bad_chunk', 2);
    await expectRejected(otherChunks, 'bad_chunk', 0); // whole chunk list under the wrong prefix
  });

  it('wrong tip key: bad_chunk before any plaintext', async () => {
    await expectRejected(chunks, 'bad_chunk', 0, { key: newTipKey() });
    await expectRejects(openMessage(newTipKey(), sealMessage(key, 'secret')), 'bad_chunk');
  });

  it('truncated or extended final chunk bytes: bad_chunk', async () => {
    await expectRejected(replaced(3, chunks[3]!.subarray(0, chunks[3]!.length - 1)), 'bad_chunk', 3);
    await expectRejected(replaced(3, new Uint8Array([...chunks[3]!, 0])), 'bad_chunk', 3);
    await expectRejected(replaced(3, new Uint8Array(10)), 'bad_chunk', 3);
  });
});

describe('tampering with the sealed tip key', () => {
  it('wrong desk secret key: bad_seal', () => {
    const desk = generateBoxKeyPair();
    const sealed = sealToPublicKey(key, desk.publicKey);
    expectThrows(() => openSealed(sealed, generateBoxKeyPair()), 'bad_seal');
    // right secret key but a different public key changes the nonce
    expectThrows(() => openSealed(sealed, { publicKey: generateBoxKeyPair().publicKey, secretKey: desk.secretKey }), 'bad_seal');
    for (const at of [0, 31, 32, 47, 48, 79]) expectThrows(() => openSealed(flip(sealed, at), desk), 'bad_seal');
    expectThrows(() => openSealed(sealed.subarray(0, 47), desk), 'bad_seal');
    expectThrows(() => openSealed(sealed.subarray(0, 79), desk), 'bad_seal');
    const lowOrder = sealed.slice();
    lowOrder.fill(0, 0, 32);
    expectThrows(() => openSealed(lowOrder, desk), 'bad_seal');
  });
});

describe('authentic but malformed parts (a malicious or buggy writer holding K)', () => {
  const json = '{"v":1,"kind":"message","size":5}';
  const text = new TextEncoder().encode('hello');
  const good = (padding: Uint8Array) => rawPlaintext(json, text, padding);
  const padLength = padme(4 + json.length + 5) - (4 + json.length + 5);

  it('sanity: the crafted encoding of a valid part opens', async () => {
    const crafted = craftChunks(key, prefix, good(new Uint8Array(padLength)));
    expect(await openMessage(key, serializePart(prefix, crafted))).toBe('hello');
  });

  it('non-zero padding in the final chunk: bad_padding, content not released', async () => {
    const padding = new Uint8Array(padLength);
    padding[padLength - 1] = 1;
    const crafted = craftChunks(key, prefix, good(padding));
    const result = await openCollecting(key, prefix, 1, crafted);
    expectCode(result.error, 'bad_padding');
    expect(result.content.length).toBe(0);
  });

  it('non-zero padding in a non-final chunk (padding spanning chunks): bad_padding', async () => {
    // Padding crosses chunk boundaries once Padmé's granularity exceeds 64 KiB (L >= 4 MiB):
    // L = 4 MiB + 1 pads to 4 MiB + 128 KiB, so chunk 64 holds content + padding and chunk 65 only padding.
    const bigJson = (n: number) => `{"v":1,"kind":"message","size":${n}}`;
    const size = 4 * 1024 * 1024 + 1 - 4 - bigJson(4_194_262).length;
    const body = seededBytes(size, 5);
    const total = padme(4 + bigJson(size).length + size);
    expect(total).toBe(4 * 1024 * 1024 + 128 * 1024);
    for (const [position, badChunk] of [[0, 64], [total - 4 - bigJson(size).length - size - 1, 65]] as const) {
      const padding = new Uint8Array(total - (4 + bigJson(size).length + size));
      padding[position] = 0x80;
      const crafted = craftChunks(key, prefix, rawPlaintext(bigJson(size), body, padding));
      expect(crafted.length).toBe(66);
      const result = await openCollecting(key, prefix, crafted.length, crafted);
      expectCode(result.error, 'bad_padding');
      // exactly the content of the chunks before the one with bad padding (chunk 64 holds the last content byte)
      expect(result.content.length).toBe(Math.min(size, badChunk * CHUNK_SIZE - 4 - bigJson(size).length));
    }
  });

  it('plaintext shorter or longer than padme(4+H+N): bad_length', async () => {
    await expectRejects(openMessage(key, serializePart(prefix, craftChunks(key, prefix, good(new Uint8Array(padLength + 8))))), 'bad_length');
    // same chunk count, final chunk one byte short: not a padded size, so build the chunk list directly
    const short = craftChunks(key, prefix, good(new Uint8Array(padLength - 1)));
    expectCode((await openCollecting(key, prefix, 1, short)).error, 'bad_length');
  });

  it('non-final chunk that is not full: bad_length', async () => {
    const crafted = craftChunks(key, prefix, good(new Uint8Array(padLength)), [10, 4 + json.length + 5 + padLength - 10]);
    expectCode((await openCollecting(key, prefix, 2, crafted)).error, 'bad_length');
  });

  it('header length 0, > 4096, or beyond the plaintext: bad_header', async () => {
    for (const h of [0, 4097, 0xffffffff]) {
      const crafted = craftChunks(key, prefix, rawPlaintext(json, text, new Uint8Array(padLength), h));
      expectCode((await openCollecting(key, prefix, 1, crafted)).error, 'bad_header');
    }
    const crafted = craftChunks(key, prefix, rawPlaintext(json, text, new Uint8Array(padLength), 1000));
    expectCode((await openCollecting(key, prefix, 1, crafted)).error, 'bad_header'); // part ends inside header
  });

  it('invalid header JSON or fields: bad_header', async () => {
    const bad = [
      '{"v":1,"kind":"message","size":5',
      '{"v":2,"kind":"message","size":5}',
      '{"kind":"message","size":5}',
      '{"v":1,"kind":"image","size":5}',
      '{"v":1,"kind":"message","size":"5"}',
      '{"v":1,"kind":"message","size":-5}',
      '{"v":1,"kind":"message","size":5.5}',
      '{"v":1,"kind":"message","name":"x","size":5}',
      '{"v":1,"kind":"file","type":"","size":5}',
      '{"v":1,"kind":"file","name":"","type":"","size":5}',
      '{"v":1,"kind":"file","name":"a\\u0000b","type":"","size":5}',
      '{"v":1,"kind":"file","name":"a","size":5}',
      '[1,"message",5]',
      'null',
      '\uFEFF{"v":1,"kind":"message","size":5}',
    ];
    for (const j of bad) {
      const plain = rawPlaintext(j, text, new Uint8Array(0));
      const crafted = craftChunks(key, prefix, rawPlaintext(j, text, new Uint8Array(padme(plain.length) - plain.length)));
      const result = await openCollecting(key, prefix, 1, crafted);
      expectCode(result.error, 'bad_header');
    }
    const invalidUtf8 = new Uint8Array([...new TextEncoder().encode('{"v":1,"kind":"file","name":"'), 0xff, ...new TextEncoder().encode('","type":"","size":5}')]);
    const plain = rawPlaintext(invalidUtf8, text, new Uint8Array(0));
    const crafted = craftChunks(key, prefix, rawPlaintext(invalidUtf8, text, new Uint8Array(padme(plain.length) - plain.length)));
    expectCode((await openCollecting(key, prefix, 1, crafted)).error, 'bad_header');
  });

  it('header size that implies a different chunk count', async () => {
    const big = '{"v":1,"kind":"message","size":100000}'; // implies 2 chunks, only 1 exists
    const plain = rawPlaintext(big, text, new Uint8Array(0));
    const crafted = craftChunks(key, prefix, rawPlaintext(big, text, new Uint8Array(padme(plain.length) - plain.length)));
    expectCode((await openCollecting(key, prefix, 1, crafted)).error, 'truncated');
  });

  it('unknown header keys are ignored', async () => {
    const extra = '{"v":1,"kind":"message","size":5,"future":true}';
    const plain = rawPlaintext(extra, text, new Uint8Array(0));
    const crafted = craftChunks(key, prefix, rawPlaintext(extra, text, new Uint8Array(padme(plain.length) - plain.length)));
    expect(await openMessage(key, serializePart(prefix, crafted))).toBe('hello');
  });
});
