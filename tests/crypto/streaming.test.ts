/** API behaviour of the streaming and message functions: validation, laziness, early exit. */
import { describe, expect, it } from 'vitest';
import {
  CHUNK_SIZE,
  newNoncePrefix,
  newTipKey,
  openMessage,
  openPartChunks,
  parseSerializedPart,
  sealMessage,
  sealPartChunks,
  serializePart,
  type PartHeader,
} from '../../src/crypto/index.ts';
import { asAsync, collect, concat, expectBytes, expectRejects, expectThrows, sealToArray, seededBytes } from './helpers.ts';

const key = newTipKey();
const prefix = newNoncePrefix();
const header = (size: number): PartHeader => ({ kind: 'file', name: 'f.bin', type: '', size });

describe('sealPartChunks', () => {
  it('validates its arguments synchronously', () => {
    expectThrows(() => sealPartChunks(new Uint8Array(31), prefix, header(0), []), 'bad_input');
    expectThrows(() => sealPartChunks(key, new Uint8Array(15), header(0), []), 'bad_input');
    expectThrows(() => sealPartChunks(key, prefix, { kind: 'message', size: -1 }, []), 'bad_input');
    expectThrows(() => sealPartChunks(key, prefix, header(0), 42 as unknown as Uint8Array[]), 'bad_input');
  });

  it('rejects content that does not match header.size, and non-byte pieces', async () => {
    await expectRejects(collect(sealPartChunks(key, prefix, header(10), [new Uint8Array(9)])), 'bad_input');
    await expectRejects(collect(sealPartChunks(key, prefix, header(10), [new Uint8Array(6), new Uint8Array(6)])), 'bad_input');
    await expectRejects(collect(sealPartChunks(key, prefix, header(1), ['x' as unknown as Uint8Array])), 'bad_input');
  });

  it('streams: the first chunk comes out before the content is consumed', async () => {
    let produced = 0;
    function* content(): Generator<Uint8Array> {
      const piece = new Uint8Array(16_384);
      for (let i = 0; i < 64; i++) {
        produced++;
        yield piece;
      }
    }
    const iterator = sealPartChunks(key, prefix, header(64 * 16_384), content());
    const first = await iterator.next();
    expect(first.value.length).toBe(CHUNK_SIZE + 16);
    expect(produced).toBeLessThanOrEqual(5);
    await iterator.return(undefined);
  });

  it('does not mutate or retain caller buffers it is given', async () => {
    const content = seededBytes(70_000, 1);
    const copy = content.slice();
    const chunks = await sealToArray(key, prefix, header(content.length), content);
    expectBytes(content, copy);
    const opened = await openPartChunks(key, prefix, chunks.length, chunks);
    expectBytes(concat(await collect(opened.content)), copy);
  });
});

describe('openPartChunks', () => {
  it('validates its arguments', async () => {
    const chunks = await sealToArray(key, prefix, header(5), new Uint8Array(5));
    await expectRejects(openPartChunks(new Uint8Array(32).subarray(1), prefix, 1, chunks), 'bad_input');
    await expectRejects(openPartChunks(key, prefix.subarray(1), 1, chunks), 'bad_input');
    for (const n of [0, -1, 1.5, 2 ** 32]) await expectRejects(openPartChunks(key, prefix, n, chunks), 'bad_input');
    await expectRejects(openPartChunks(key, prefix, 1, 5 as unknown as Uint8Array[]), 'bad_input');
    await expectRejects(openPartChunks(key, prefix, 1, ['x' as unknown as Uint8Array]), 'bad_input');
    await expectRejects(openPartChunks(key, prefix, 1, []), 'truncated');
  });

  it('an empty part yields no content', async () => {
    const chunks = await sealToArray(key, prefix, header(0), new Uint8Array(0));
    const opened = await openPartChunks(key, prefix, 1, chunks);
    expect(opened.header).toEqual(header(0));
    expect(await collect(opened.content)).toEqual([]);
  });

  it('closes the chunk source when the consumer stops early or a check fails', async () => {
    const content = seededBytes(300_000, 2);
    const chunks = await sealToArray(key, prefix, header(content.length), content);
    let closed = 0;
    async function* source(list: Uint8Array[]): AsyncGenerator<Uint8Array> {
      try {
        yield* list;
      } finally {
        closed++;
      }
    }
    const opened = await openPartChunks(key, prefix, chunks.length, source(chunks));
    for await (const _ of opened.content) break;
    expect(closed).toBe(1);
    await expectRejects(openPartChunks(newTipKey(), prefix, chunks.length, source(chunks)), 'bad_chunk');
    expect(closed).toBe(2);
  });

  it('holds few chunks: content is pulled one chunk at a time', async () => {
    const content = seededBytes(5 * CHUNK_SIZE, 3);
    const chunks = await sealToArray(key, prefix, header(content.length), content);
    let pulled = 0;
    function* source(): Generator<Uint8Array> {
      for (const c of chunks) {
        pulled++;
        yield c;
      }
    }
    const opened = await openPartChunks(key, prefix, chunks.length, source());
    expect(pulled).toBe(1);
    const it = opened.content[Symbol.asyncIterator]();
    await it.next(); // content from chunk 0
    await it.next(); // content from chunk 1
    expect(pulled).toBe(2);
    await it.return(undefined);
  });
});

describe('sealMessage / openMessage', () => {
  it('round trips text of any size, with a fresh prefix each time', async () => {
    for (const text of ['', 'Hello, newsroom', 'Grüße 👋 \u2028 mixed scripts – 漢字', 'x'.repeat(150_000)]) {
      const sealed = sealMessage(key, text);
      expect(sealed[0]).toBe(1);
      expect(await openMessage(key, sealed)).toBe(text);
    }
    expect(sealMessage(key, 'same')).not.toEqual(sealMessage(key, 'same'));
  });

  it('rejects non-strings, file parts and invalid UTF-8', async () => {
    expectThrows(() => sealMessage(key, 5 as unknown as string), 'bad_input');
    expectThrows(() => sealMessage(new Uint8Array(3), 'x'), 'bad_input');
    const filePart = serializePart(prefix, await sealToArray(key, prefix, header(3), new Uint8Array(3)));
    await expectRejects(openMessage(key, filePart), 'bad_header');
    const invalid = serializePart(prefix, await sealToArray(key, prefix, { kind: 'message', size: 2 }, new Uint8Array([0xc3, 0x28])));
    await expectRejects(openMessage(key, invalid), 'bad_input');
    await expectRejects(openMessage(key, new Uint8Array(10)), 'bad_input');
    await expectRejects(openMessage(key, new Uint8Array([1, ...new Uint8Array(20)])), 'bad_length');
  });

  it('serialized messages parse structurally', () => {
    const parsed = parseSerializedPart(sealMessage(key, 'Hello, newsroom'));
    expect(parsed.paddedSize).toBe(56);
    expect(parsed.chunks.length).toBe(1);
  });

  it('async sources work for sealing too', async () => {
    const content = seededBytes(100_000, 4);
    const chunks = await collect(sealPartChunks(key, prefix, header(content.length), asAsync([content.subarray(0, 7), content.subarray(7)])));
    const opened = await openPartChunks(key, prefix, chunks.length, chunks);
    expectBytes(concat(await collect(opened.content)), content);
  });
});

describe('caller-owned keys', () => {
  it('are never wiped or modified, even when passed as a Node Buffer (whose slice() is a view)', async () => {
    const { Buffer } = await import('node:buffer');
    const tipKey = Buffer.from(newTipKey());
    const snapshot = Buffer.from(tipKey);
    const chunks = await collect(sealPartChunks(tipKey, prefix, header(10), [new Uint8Array(10)]));
    const opened = await openPartChunks(tipKey, prefix, chunks.length, chunks);
    await collect(opened.content);
    expect(tipKey.equals(snapshot)).toBe(true);
    expect(await openMessage(tipKey, sealMessage(tipKey, 'x'))).toBe('x');
    expect(tipKey.equals(snapshot)).toBe(true);
  });
});
