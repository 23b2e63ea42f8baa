import nacl from 'tweetnacl';
import fc from 'fast-check';
import { base64 as scureBase64 } from '@scure/base';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChunkCipher } from '../../src/crypto/chunk-cipher.ts';
import {
  boxKeyPairFromSecretKey,
  EnvelopeError,
  fromBase64,
  generateBoxKeyPair,
  newNoncePrefix,
  newTipKey,
  openSealed,
  randomBytes,
  sealToPublicKey,
  SEALED_TIP_KEY_BYTES,
  toBase64,
} from '../../src/crypto/index.ts';
import { sealToPublicKeyWithEphemeral } from '../../src/crypto/sealed-box.ts';
import { chunkNonce } from '../../src/crypto/nonce.ts';
import { expectBytes, expectThrows, seededBytes } from './helpers.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('EnvelopeError', () => {
  it('is an Error with a stable code', () => {
    const e = new EnvelopeError('bad_chunk', 'chunk 3');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('EnvelopeError');
    expect(e.code).toBe('bad_chunk');
    expect(e.message).toBe('bad_chunk: chunk 3');
  });
});

describe('randomBytes', () => {
  it('fills large buffers in pieces of at most 65536 bytes', () => {
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues');
    const bytes = randomBytes(200_000);
    expect(bytes.length).toBe(200_000);
    expect(spy.mock.calls.map(([a]) => (a as Uint8Array).length)).toEqual([65536, 65536, 65536, 3392]);
    expect(bytes.subarray(196_608).some((b) => b !== 0)).toBe(true);
    expect(randomBytes(0).length).toBe(0);
  });

  it('returns fresh values and rejects bad sizes', () => {
    expect(randomBytes(32)).not.toEqual(randomBytes(32));
    for (const n of [-1, 1.5, Number.NaN, Infinity]) expectThrows(() => randomBytes(n), 'bad_input');
  });
});

describe('base64', () => {
  it('uses the standard alphabet with padding and round trips', () => {
    expect(toBase64(new Uint8Array([0xfb, 0xff]))).toBe('+/8=');
    expect(fromBase64('+/8=')).toEqual(new Uint8Array([0xfb, 0xff]));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        expect(fromBase64(toBase64(b))).toEqual(b);
      }),
    );
  });

  it('rejects non-canonical or invalid input with bad_input', () => {
    for (const s of ['+/8', '-_8=', ' +/8=', '+/8=\n', '+/9=', 'a===', '@@@@']) expectThrows(() => fromBase64(s), 'bad_input');
    expectThrows(() => fromBase64(42 as unknown as string), 'bad_input');
    expectThrows(() => toBase64('x' as unknown as Uint8Array), 'bad_input');
  });

  it('accepts and rejects exactly what the strict decoder of @scure/base does', () => {
    const strict = (s: string): Uint8Array | 'rejected' => { try { return scureBase64.decode(s); } catch { return 'rejected'; } };
    const ours = (s: string): Uint8Array | 'rejected' => { try { return fromBase64(s); } catch { return 'rejected'; } };
    const near = fc.string({ unit: fc.constantFrom(...'AQgwBz09+/=-_ \n\u00e9\u0100'), maxLength: 12 });
    const mutated = fc.tuple(fc.uint8Array({ maxLength: 40 }), fc.nat(), fc.constantFrom('', '=', '==', 'A', ' ', '\u0000', '\uff21'))
      .map(([bytes, at, insert]) => { const text = toBase64(bytes); const i = at % (text.length + 1); return text.slice(0, i) + insert + text.slice(i + (insert ? 1 : 0)); });
    fc.assert(fc.property(fc.oneof(near, mutated, fc.string({ maxLength: 16 })), (s) => {
      expect(ours(s), JSON.stringify(s)).toEqual(strict(s));
    }), { numRuns: 5000 });
    for (const s of ['', '====', 'A===', 'AA==', 'AB==', 'AAA=', 'AAB=', 'AAAA', 'AA=A', '=AAA']) expect(ours(s), s).toEqual(strict(s));
  });
});

describe('keys', () => {
  it('generates X25519 key pairs consistent with nacl', () => {
    const pair = generateBoxKeyPair();
    expect(pair.publicKey.length).toBe(32);
    expect(pair.secretKey.length).toBe(32);
    expect(nacl.box.keyPair.fromSecretKey(pair.secretKey).publicKey).toEqual(pair.publicKey);
    expect(boxKeyPairFromSecretKey(pair.secretKey)).toEqual(pair);
    expect(generateBoxKeyPair().secretKey).not.toEqual(pair.secretKey);
    expectThrows(() => boxKeyPairFromSecretKey(new Uint8Array(31)), 'bad_input');
  });

  it('tip keys and nonce prefixes are fresh random bytes', () => {
    expect(newTipKey().length).toBe(32);
    expect(newTipKey()).not.toEqual(newTipKey());
    expect(newNoncePrefix().length).toBe(16);
    expect(newNoncePrefix()).not.toEqual(newNoncePrefix());
  });
});

describe('sealed box', () => {
  it('round trips messages of any length; a tip key seals to 80 bytes', () => {
    const desk = generateBoxKeyPair();
    for (const n of [0, 1, 32, 5000]) {
      const m = seededBytes(n, n + 3);
      expect(openSealed(sealToPublicKey(m, desk.publicKey), desk)).toEqual(m);
    }
    expect(sealToPublicKey(newTipKey(), desk.publicKey).length).toBe(SEALED_TIP_KEY_BYTES);
  });

  it('is randomized; the explicit-ephemeral variant is deterministic', () => {
    const desk = generateBoxKeyPair();
    const k = newTipKey();
    expect(sealToPublicKey(k, desk.publicKey)).not.toEqual(sealToPublicKey(k, desk.publicKey));
    const esk = seededBytes(32, 1);
    expect(sealToPublicKeyWithEphemeral(k, desk.publicKey, esk)).toEqual(sealToPublicKeyWithEphemeral(k, desk.publicKey, esk));
  });

  it('validates inputs with bad_input', () => {
    const desk = generateBoxKeyPair();
    expectThrows(() => sealToPublicKey(new Uint8Array(32), new Uint8Array(31)), 'bad_input');
    expectThrows(() => sealToPublicKey([1, 2] as unknown as Uint8Array, desk.publicKey), 'bad_input');
    expectThrows(() => openSealed(new Uint8Array(80), { publicKey: desk.publicKey, secretKey: new Uint8Array(3) }), 'bad_input');
    expectThrows(() => openSealed(new Uint8Array(80), null as unknown as typeof desk), 'bad_input');
  });
});

describe('ChunkCipher (tweetnacl lowlevel) equals nacl.secretbox', () => {
  it('seals to the same bytes and opens nacl output', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70_000 }), fc.integer(), fc.integer({ min: 0, max: 1000 }), fc.boolean(), (length, seed, index, final) => {
        const length0 = Math.min(length, 65536);
        const key = seededBytes(32, seed);
        const prefix = seededBytes(16, seed + 1);
        const plain = seededBytes(length0, seed + 2);
        const cipher = new ChunkCipher(key, prefix);
        cipher.plaintext.set(plain);
        const ours = cipher.seal(length0, index, final);
        const nonce = chunkNonce(prefix, index, final);
        const theirs = nacl.secretbox(plain, nonce, key);
        expectBytes(ours, theirs);
        expectBytes(cipher.open(theirs, index, final)!, plain);
        expect(cipher.open(theirs, index, !final)).toBeNull();
        expect(cipher.open(theirs, index + 1, final)).toBeNull();
        cipher.dispose();
      }),
      { numRuns: 40 },
    );
  });

  it('the staging buffer keeps its zero prefix across chunks', () => {
    const key = seededBytes(32, 9);
    const prefix = seededBytes(16, 10);
    const cipher = new ChunkCipher(key, prefix);
    cipher.plaintext.fill(0xff);
    const a = cipher.seal(100, 0, false);
    expect(a).toEqual(nacl.secretbox(new Uint8Array(100).fill(0xff), chunkNonce(prefix, 0, false), key));
  });
});
