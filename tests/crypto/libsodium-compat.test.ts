/**
 * Interoperability with libsodium (the reference implementation desks may use
 * from Python/Go/Rust), in both directions, using only the documented format.
 */
import { readFileSync } from 'node:fs';
import { hex } from '@scure/base';
import sodium from 'libsodium-wrappers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  boxKeyPairFromSecretKey,
  generateBoxKeyPair,
  newNoncePrefix,
  newTipKey,
  openPartChunks,
  openSealed,
  paddedPartSize,
  parseSerializedPart,
  sealMessage,
  sealToPublicKey,
  type PartHeader,
} from '../../src/crypto/index.ts';
import { referencePaddedPlaintext } from '../vectors/envelope-v1.ts';
import { collect, concat, expectBytes, expectThrows, sealToArray, seededBytes } from './helpers.ts';

const vectors = JSON.parse(readFileSync(new URL('../vectors/envelope-v1.json', import.meta.url), 'utf8'));

/** The documented nonce, built by hand: prefix || u32be(i) || u32be(final). */
function documentedNonce(prefix: Uint8Array, index: number, final: boolean): Uint8Array {
  const nonce = new Uint8Array(24);
  nonce.set(prefix);
  new DataView(nonce.buffer).setUint32(16, index);
  new DataView(nonce.buffer).setUint32(20, final ? 1 : 0);
  return nonce;
}

function libsodiumOpenChunks(key: Uint8Array, prefix: Uint8Array, chunks: Uint8Array[]): Uint8Array {
  return concat(chunks.map((c, i) => sodium.crypto_secretbox_open_easy(c, documentedNonce(prefix, i, i === chunks.length - 1), key)));
}

beforeAll(async () => {
  await sodium.ready;
});

describe('sealed tip key <-> libsodium crypto_box_seal', () => {
  it('libsodium crypto_box_seal_open opens our sealed boxes', () => {
    const desk = generateBoxKeyPair();
    for (const length of [0, 1, 32, 1000]) {
      const message = seededBytes(length, length + 1);
      const sealed = sealToPublicKey(message, desk.publicKey);
      expect(sealed.length).toBe(length + 48);
      expect(sodium.crypto_box_seal_open(sealed, desk.publicKey, desk.secretKey)).toEqual(message);
    }
  });

  it('our openSealed opens libsodium crypto_box_seal', () => {
    const desk = sodium.crypto_box_keypair();
    const ours = boxKeyPairFromSecretKey(desk.privateKey);
    expect(ours.publicKey).toEqual(desk.publicKey);
    for (const length of [0, 32, 777]) {
      const message = seededBytes(length, 99);
      expect(openSealed(sodium.crypto_box_seal(message, desk.publicKey), ours)).toEqual(message);
    }
  });

  it('the committed vector opens with libsodium and its nonce is BLAKE2b-192(epk || pk)', () => {
    const v = vectors.sealedTipKey;
    const tipKey = sodium.crypto_box_seal_open(hex.decode(v.sealed), hex.decode(v.deskPublicKey), hex.decode(v.deskSecretKey));
    expect(hex.encode(tipKey)).toBe(v.tipKey);
    const nonce = sodium.crypto_generichash(24, concat([hex.decode(v.ephemeralPublicKey), hex.decode(v.deskPublicKey)]), null);
    expect(hex.encode(nonce)).toBe(v.nonce);
  });

  it('both reject a small-order (all-zero) recipient key', () => {
    const zero = new Uint8Array(32);
    expect(() => sodium.crypto_box_seal(new Uint8Array(32), zero)).toThrow();
    expectThrows(() => sealToPublicKey(new Uint8Array(32), zero), 'bad_input');
  });
});

describe('chunks <-> libsodium crypto_secretbox_easy', () => {
  it('libsodium opens every chunk of every committed part with the documented nonce', () => {
    const key = hex.decode(vectors.sealedTipKey.tipKey);
    for (const part of vectors.parts.filter((p: { serialized?: string }) => p.serialized !== undefined)) {
      const { noncePrefix, chunks } = parseSerializedPart(hex.decode(part.serialized));
      part.chunkNonces.forEach((n: string, i: number) => expect(hex.encode(documentedNonce(noncePrefix, i, i === chunks.length - 1))).toBe(n));
      expect(hex.encode(libsodiumOpenChunks(key, noncePrefix, chunks))).toBe(part.paddedPlaintext);
    }
  });

  it('libsodium opens a fresh multi-chunk file part to the reference padded plaintext', async () => {
    const key = newTipKey();
    const prefix = newNoncePrefix();
    const content = seededBytes(200_000, 7);
    const header: PartHeader = { kind: 'file', name: 'scan.tiff', type: 'image/tiff', size: content.length };
    const chunks = await sealToArray(key, prefix, header, content);
    expect(chunks.length).toBe(4);
    const plain = libsodiumOpenChunks(key, prefix, chunks);
    expect(plain.length).toBe(paddedPartSize(header));
    expectBytes(plain, referencePaddedPlaintext(header, content).bytes);
  });

  it('libsodium opens a sealMessage part', () => {
    const key = newTipKey();
    const { noncePrefix, chunks } = parseSerializedPart(sealMessage(key, 'Grüße aus der Redaktion'));
    const header: PartHeader = { kind: 'message', size: new TextEncoder().encode('Grüße aus der Redaktion').length };
    expect(libsodiumOpenChunks(key, noncePrefix, chunks)).toEqual(
      referencePaddedPlaintext(header, new TextEncoder().encode('Grüße aus der Redaktion')).bytes,
    );
  });

  it('we open a part that libsodium sealed following the spec', async () => {
    const key = sodium.crypto_secretbox_keygen();
    const prefix = sodium.randombytes_buf(16);
    const content = seededBytes(140_000, 3);
    const header: PartHeader = { kind: 'file', name: 'from-libsodium.bin', type: 'application/octet-stream', size: content.length };
    const padded = referencePaddedPlaintext(header, content).bytes;
    const count = Math.ceil(padded.length / 65536);
    const chunks = Array.from({ length: count }, (_, i) =>
      sodium.crypto_secretbox_easy(padded.subarray(i * 65536, (i + 1) * 65536), documentedNonce(prefix, i, i === count - 1), key),
    );
    const opened = await openPartChunks(key, prefix, count, chunks);
    expect(opened.header).toEqual(header);
    expectBytes(concat(await collect(opened.content)), content);
  });
});
