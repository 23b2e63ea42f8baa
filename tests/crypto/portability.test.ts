/**
 * Static guards for the module rules: src/crypto runs unchanged in browsers,
 * Workers and Node (no node:*, Buffer, require, process), imports only the
 * vetted crypto packages, and is the only place that imports tweetnacl.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/crypto/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cryptoDir = join(root, 'src/crypto');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return /\.(ts|tsx|js|mjs)$/.test(name) ? [path] : [];
  });
}

const stripComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

describe('src/crypto portability', () => {
  const files = walk(cryptoDir);

  it('uses no Node-only APIs', () => {
    for (const file of files) {
      const code = stripComments(readFileSync(file, 'utf8'));
      expect({ file, hit: code.match(/from\s+['"]node:|\bBuffer\b|\brequire\s*\(|\bprocess\.|import\s*\(/)?.[0] }).toEqual({ file, hit: undefined });
    }
  });

  it('imports only local files and the vetted packages', () => {
    const allowed = new Set(['tweetnacl', '@noble/hashes/blake2.js', '@noble/hashes/scrypt.js', '@noble/hashes/sha2.js', '@scure/base']);
    for (const file of files) {
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from\s+['"]([^'"]+)['"]/g)) {
        expect({ file, spec, ok: spec!.startsWith('./') ? spec!.endsWith('.ts') : allowed.has(spec!) }).toEqual({ file, spec, ok: true });
      }
    }
  });

  it('is the only place in src/ that imports tweetnacl', () => {
    const offenders = walk(join(root, 'src'))
      .filter((f) => !f.startsWith(cryptoDir))
      .filter((f) => /['"]tweetnacl['"]/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });

  it('exports the documented API and keeps test-only helpers private', () => {
    const expected = [
      'CHUNK_CIPHERTEXT_SIZE', 'CHUNK_SIZE', 'EnvelopeError', 'MAX_HEADER_BYTES', 'NONCE_PREFIX_BYTES', 'PART_FORMAT_VERSION',
      'SEALED_TIP_KEY_BYTES', 'TAG_BYTES', 'TIP_KEY_BYTES', 'boxKeyPairFromSecretKey', 'chunkCiphertextLength', 'chunkCount',
      'fromBase64', 'generateBoxKeyPair', 'isPaddedSize', 'newNoncePrefix', 'newTipKey', 'openMessage', 'openPartChunks',
      'openSealed', 'paddedPartSize', 'paddedSizeFromCiphertextLength', 'padme', 'parseSerializedPart', 'randomBytes',
      'sealMessage', 'sealPartChunks', 'sealToPublicKey', 'serializePart', 'toBase64',
      // Source keys (source-keys.ts) and the no-JavaScript session cookie (session-box.ts).
      'SOURCE_KDF_PARAMS', 'deriveSourceKeys', 'lookupHash', 'SEALED_SESSION_BYTES', 'openSession', 'sealSession',
      // Staff keys (staff-keys.ts) and signed audit checkpoints (checkpoint-sign.ts).
      'ENCRYPTED_SECRET_KEY_BYTES', 'MIN_PASSPHRASE_CHARS', 'STAFF_KDF_LOG_N', 'STAFF_SALT_BYTES', 'decryptSecretKey', 'deriveStaffKeys',
      'encryptSecretKey', 'loginVerifier', 'newStaffSalt',
      'checkpointMessage', 'CHECKPOINT_SIGNATURE_BYTES', 'checkpointVerifier', 'generateSigningKeyPair', 'signCheckpoint',
      'SIGNING_PUBLIC_KEY_BYTES', 'SIGNING_SEED_BYTES', 'signingKeyPairFromSeed', 'verifyCheckpoint',
      // Sealing a part's chunks one at a time, in parallel lanes (part-chunks.ts).
      'ChunkSealer', 'partPlaintextChunks',
    ];
    expect(Object.keys(api).sort()).toEqual(expected.sort());
    expect('sealToPublicKeyWithEphemeral' in api).toBe(false);
  });
});

describe('Uint8Arrays from another realm (iframes, vm contexts, jsdom)', () => {
  const foreign = (bytes: Uint8Array): Uint8Array => {
    const array = runInNewContext(`new Uint8Array(${bytes.length})`) as Uint8Array;
    array.set(bytes);
    return array;
  };

  it('are accepted everywhere and give the same results', async () => {
    expect(foreign(new Uint8Array(1)) instanceof Uint8Array).toBe(false);
    const desk = api.generateBoxKeyPair();
    const key = api.newTipKey();
    const sealed = api.sealToPublicKey(foreign(key), foreign(desk.publicKey));
    expect(api.openSealed(foreign(sealed), { publicKey: foreign(desk.publicKey), secretKey: foreign(desk.secretKey) })).toEqual(key);
    expect(api.boxKeyPairFromSecretKey(foreign(desk.secretKey))).toEqual(desk);
    const prefix = api.newNoncePrefix();
    const content = new Uint8Array(70_000).fill(7);
    const chunks: Uint8Array[] = [];
    for await (const c of api.sealPartChunks(foreign(key), foreign(prefix), { kind: 'message', size: content.length }, [foreign(content)])) chunks.push(c);
    const opened = await api.openPartChunks(foreign(key), foreign(prefix), chunks.length, chunks.map(foreign));
    let total = 0;
    for await (const v of opened.content) total += v.length;
    expect(total).toBe(content.length);
    expect(api.toBase64(foreign(new Uint8Array([1, 2])))).toBe('AQI=');
  });

  it('objects that only pretend to be Uint8Arrays are rejected', () => {
    const fake = { length: 32, [Symbol.toStringTag]: 'Uint8Array' };
    expect(() => api.boxKeyPairFromSecretKey(fake as unknown as Uint8Array)).toThrow(api.EnvelopeError);
    expect(() => api.toBase64(new DataView(new ArrayBuffer(2)) as unknown as Uint8Array)).toThrow(api.EnvelopeError);
    expect(() => api.toBase64(new Uint16Array(2) as unknown as Uint8Array)).toThrow(api.EnvelopeError);
  });
});
