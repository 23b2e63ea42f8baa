/**
 * Deterministic computation of the envelope v1 known-answer vectors.
 * scripts/make-vectors.ts writes the result to tests/vectors/envelope-v1.json;
 * tests/crypto/vectors.test.ts recomputes it and compares with the committed file.
 *
 * Every "random" input is SHA-256 of a fixed ASCII label, so another
 * implementation can rebuild the same inputs without our code.
 */
import { blake2b } from '@noble/hashes/blake2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hex } from '@scure/base';
import {
  boxKeyPairFromSecretKey,
  paddedSizeFromCiphertextLength,
  padme,
  sealPartChunks,
  serializePart,
  type PartHeader,
} from '../../src/crypto/index.ts';
import { sealToPublicKeyWithEphemeral } from '../../src/crypto/sealed-box.ts';

const utf8 = new TextEncoder();
const label = (name: string): Uint8Array => sha256(utf8.encode(`tipline/envelope-v1/test-vector/${name}`));

export const LABELS = {
  deskSecretKey: 'tipline/envelope-v1/test-vector/desk-secret-key',
  ephemeralSecretKey: 'tipline/envelope-v1/test-vector/ephemeral-secret-key',
  tipKey: 'tipline/envelope-v1/test-vector/tip-key',
  noncePrefix: 'first 16 bytes of SHA-256("tipline/envelope-v1/test-vector/nonce-prefix/<part name>")',
} as const;

export const deskSecretKey = label('desk-secret-key');
export const ephemeralSecretKey = label('ephemeral-secret-key');
export const tipKey = label('tip-key');
export const noncePrefixFor = (part: string): Uint8Array => label(`nonce-prefix/${part}`).slice(0, 16);

/** ASCII lines "line <i>: the quick brown fox jumps over the lazy dog\n", i = 0, 1, ..., cut at `size` bytes. */
export function patternText(size: number): string {
  let text = '';
  for (let i = 0; text.length < size; i++) text += `line ${i}: the quick brown fox jumps over the lazy dog\n`;
  return text.slice(0, size);
}

/** Bytes b[i] = (31 * i + 7) mod 256. */
export function patternBytes(size: number): Uint8Array {
  return Uint8Array.from({ length: size }, (_, i) => (31 * i + 7) % 256);
}

const PADME_LENGTHS = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 16, 17, 31, 33, 53, 63, 65, 100, 127, 129, 255, 257, 1000, 1025, 4097,
  65535, 65536, 65537, 100000, 150053, 1048575, 1048577, 123456789, 2 ** 31 + 1, 2 ** 32 + 1, 2 ** 33 - 1,
  2 ** 33 + 1, 10 ** 12,
];

const CIPHERTEXT_LENGTHS = [0, 16, 17, 21, 72, 73, 65552, 65553, 65568, 131104, 131105, 133136, 146000, 197936];

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

function nonceHex(prefix: Uint8Array, index: number, final: boolean): string {
  const nonce = new Uint8Array(24);
  nonce.set(prefix);
  new DataView(nonce.buffer).setUint32(16, index);
  new DataView(nonce.buffer).setUint32(20, final ? 1 : 0);
  return hex.encode(nonce);
}

/**
 * Reference encoder for P' written straight from docs/envelope.md, independent
 * of src/crypto: u32be(H) || header JSON || content || zeros up to padme(4+H+N).
 */
export function referencePaddedPlaintext(header: PartHeader, content: Uint8Array): { json: string; bytes: Uint8Array } {
  const json =
    header.kind === 'message'
      ? `{"v":1,"kind":"message","size":${header.size}}`
      : `{"v":1,"kind":"file","name":${JSON.stringify(header.name)},"type":${JSON.stringify(header.type)},"size":${header.size}}`;
  const h = utf8.encode(json);
  const bytes = new Uint8Array(padme(4 + h.length + content.length));
  new DataView(bytes.buffer).setUint32(0, h.length);
  bytes.set(h, 4);
  bytes.set(content, 4 + h.length);
  return { json, bytes };
}

async function partVector(name: string, header: PartHeader, content: Uint8Array, full: boolean) {
  const prefix = noncePrefixFor(name);
  const reference = referencePaddedPlaintext(header, content);
  const chunks = await collect(sealPartChunks(tipKey, prefix, header, [content]));
  const serialized = serializePart(prefix, chunks);
  const common = {
    name,
    noncePrefix: hex.encode(prefix),
    header,
    headerJson: reference.json,
    paddedSize: paddedSizeFromCiphertextLength(serialized.length - 17),
    chunkCount: chunks.length,
    chunkNonces: chunks.map((_, i) => nonceHex(prefix, i, i === chunks.length - 1)),
    serializedLength: serialized.length,
  };
  if (full) {
    return {
      ...common,
      content: hex.encode(content),
      paddedPlaintext: hex.encode(reference.bytes),
      serialized: hex.encode(serialized),
    };
  }
  return {
    ...common,
    contentSha256: hex.encode(sha256(content)),
    paddedPlaintextSha256: hex.encode(sha256(reference.bytes)),
    chunkCiphertextSha256: chunks.map((c) => hex.encode(sha256(c))),
    serializedSha256: hex.encode(sha256(serialized)),
    serializedFirst64: hex.encode(serialized.subarray(0, 64)),
  };
}

export async function computeVectors() {
  const desk = boxKeyPairFromSecretKey(deskSecretKey);
  const ephemeral = boxKeyPairFromSecretKey(ephemeralSecretKey);
  const sealed = sealToPublicKeyWithEphemeral(tipKey, desk.publicKey, ephemeralSecretKey);
  const hello = utf8.encode('Hello, newsroom');
  const big = utf8.encode(patternText(150_000));
  return {
    format: 'tipline envelope v1',
    spec: 'docs/envelope.md',
    note: 'All byte strings are lowercase hex. Regenerate with: npx tsx scripts/make-vectors.ts',
    labels: LABELS,
    sealedTipKey: {
      deskSecretKey: hex.encode(desk.secretKey),
      deskPublicKey: hex.encode(desk.publicKey),
      ephemeralSecretKey: hex.encode(ephemeral.secretKey),
      ephemeralPublicKey: hex.encode(ephemeral.publicKey),
      // libsodium sealed-box nonce: BLAKE2b-192(epk || deskPk), shown for reimplementers.
      nonce: hex.encode(blake2b(concat(ephemeral.publicKey, desk.publicKey), { dkLen: 24 })),
      tipKey: hex.encode(tipKey),
      sealed: hex.encode(sealed),
    },
    padme: PADME_LENGTHS.map((length) => [length, padme(length)]),
    paddedSizeFromCiphertextLength: CIPHERTEXT_LENGTHS.map((t) => [t, paddedSizeFromCiphertextLength(t)]),
    parts: [
      await partVector('message-hello', { kind: 'message', size: hello.length }, hello, true),
      await partVector('message-empty', { kind: 'message', size: 0 }, new Uint8Array(0), true),
      await partVector(
        'file-small',
        { kind: 'file', name: 'Prüfbericht 2024 – Entwurf.pdf', type: 'application/pdf', size: 300 },
        patternBytes(300),
        true,
      ),
      {
        ...(await partVector('message-multichunk', { kind: 'message', size: big.length }, big, false)),
        contentRecipe: 'UTF-8 of patternText(150000): lines "line <i>: the quick brown fox jumps over the lazy dog\\n" for i = 0,1,..., truncated to 150000 bytes',
      },
    ],
  };
}
