import { describe, expect, it } from 'vitest';
import { HeaderReader } from '../../src/crypto/header-reader.ts';
import { decodeHeader, encodeHeader, type PartHeader } from '../../src/crypto/header.ts';
import { expectThrows } from './helpers.ts';

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const bytes = (s: string) => new TextEncoder().encode(s);

describe('header encoding (writer)', () => {
  it('uses the documented key order', () => {
    expect(text(encodeHeader({ kind: 'message', size: 15 }))).toBe('{"v":1,"kind":"message","size":15}');
    expect(text(encodeHeader({ kind: 'file', name: 'a "b".pdf', type: 'application/pdf', size: 0 }))).toBe(
      '{"v":1,"kind":"file","name":"a \\"b\\".pdf","type":"application/pdf","size":0}',
    );
  });

  it('drops unknown properties of the input object', () => {
    const extra = { kind: 'message', size: 1, secret: 'x' } as unknown as PartHeader;
    expect(text(encodeHeader(extra))).toBe('{"v":1,"kind":"message","size":1}');
  });

  it('rejects invalid headers with bad_input', () => {
    const bad: unknown[] = [
      null,
      'message',
      { kind: 'message' },
      { kind: 'message', size: -1 },
      { kind: 'message', size: 1.5 },
      { kind: 'message', size: Number.NaN },
      { kind: 'message', size: 2 ** 47 + 1 },
      { kind: 'message', size: '5' },
      { kind: 'message', name: 'x', size: 1 },
      { kind: 'other', size: 1 },
      { kind: 'file', name: '', type: '', size: 1 },
      { kind: 'file', name: 'a\u0000b', type: '', size: 1 },
      { kind: 'file', name: 'é'.repeat(513), type: '', size: 1 }, // 1026 UTF-8 bytes
      { kind: 'file', name: 'a', type: 't'.repeat(256), size: 1 },
      { kind: 'file', name: 'a', size: 1 },
      { kind: 'file', name: '\u0001'.repeat(1000), type: '', size: 1 }, // 6000 bytes once JSON-escaped
    ];
    for (const h of bad) expectThrows(() => encodeHeader(h as PartHeader), 'bad_input');
  });

  it('accepts the limits', () => {
    encodeHeader({ kind: 'file', name: 'é'.repeat(512), type: 't'.repeat(255), size: 2 ** 47 });
    encodeHeader({ kind: 'file', name: 'x', type: '', size: 0 });
  });
});

describe('header decoding (reader)', () => {
  it('round trips and normalizes', () => {
    const file: PartHeader = { kind: 'file', name: 'Ünïcode 📄.txt', type: 'text/plain', size: 9 };
    expect(decodeHeader(encodeHeader(file))).toEqual(file);
    expect(decodeHeader(bytes('{"size":3,"kind":"message","v":1,"x":[1]}'))).toEqual({ kind: 'message', size: 3 });
  });

  it('rejects malformed headers with bad_header', () => {
    for (const s of ['', '{', '{"v":"1","kind":"message","size":1}', '{"v":1,"kind":"message","size":1e300}', '{"v":1,"kind":"message","size":1} x']) {
      expectThrows(() => decodeHeader(bytes(s)), 'bad_header');
    }
    expectThrows(() => decodeHeader(new Uint8Array([0x7b, 0xc3, 0x28, 0x7d])), 'bad_header'); // invalid UTF-8
    expectThrows(() => decodeHeader(new Uint8Array(4097).fill(0x20)), 'bad_header');
  });
});

describe('HeaderReader (header spanning chunks: the general case)', () => {
  it('assembles the length and header from 1-byte pieces', () => {
    const json = encodeHeader({ kind: 'file', name: 'x.txt', type: 'text/plain', size: 3 });
    const stream = new Uint8Array([0, 0, 0, json.length, ...json, 0x61, 0x62, 0x63]);
    const reader = new HeaderReader();
    let consumed = 0;
    for (let i = 0; i < stream.length && reader.header === null; i++) consumed += reader.absorb(stream.subarray(i, i + 1));
    expect(reader.header).toEqual({ kind: 'file', name: 'x.txt', type: 'text/plain', size: 3 });
    expect(consumed).toBe(4 + json.length);
    expect(reader.encodedLength).toBe(4 + json.length);
  });

  it('stops at the end of the header inside a larger piece', () => {
    const json = encodeHeader({ kind: 'message', size: 2 });
    const reader = new HeaderReader();
    expect(reader.absorb(new Uint8Array([0, 0]))).toBe(2);
    expect(reader.absorb(new Uint8Array([0, json.length, ...json, 0x68, 0x69]))).toBe(2 + json.length);
    expect(reader.header).toEqual({ kind: 'message', size: 2 });
  });

  it('rejects a length outside 1..4096 before allocating', () => {
    expectThrows(() => new HeaderReader().absorb(new Uint8Array([0xff, 0xff, 0xff, 0xff])), 'bad_header');
    expectThrows(() => new HeaderReader().absorb(new Uint8Array([0, 0, 0, 0])), 'bad_header');
  });
});
