/**
 * Signed checkpoints of the audit chain: Ed25519 (RFC 8032, PureEdDSA over edwards25519, as
 * tweetnacl's nacl.sign.detached implements it) over
 *
 *   message = "tipline-audit-checkpoint-v1" || 0x00 || u64be(seq) || headHash (32 bytes)
 *
 * The label separates these signatures from anything else the key could ever sign; the seq is
 * fixed-width big-endian so that no two (seq, headHash) pairs share a message. The signing key
 * is a 32-byte RFC 8032 private key (the seed); its secret never enters the database.
 */
import nacl from 'tweetnacl';
import { assertBytes, ownBytes } from './bytes.ts';
import { fail } from './errors.ts';
import { randomBytes } from './random.ts';

export const CHECKPOINT_LABEL = new TextEncoder().encode('tipline-audit-checkpoint-v1\0');
export const SIGNING_SEED_BYTES = 32;
export const SIGNING_PUBLIC_KEY_BYTES = 32;
export const CHECKPOINT_SIGNATURE_BYTES = 64;
const HEAD_HASH_BYTES = 32;

export interface SigningKeyPair {
  publicKey: Uint8Array;
  /** nacl's 64-byte form: seed || publicKey. */
  secretKey: Uint8Array;
}

/** A fresh signing key pair; `seed` (the RFC 8032 private key) is what a key file keeps. */
export function generateSigningKeyPair(): SigningKeyPair & { seed: Uint8Array } {
  const seed = randomBytes(SIGNING_SEED_BYTES);
  return { ...signingKeyPairFromSeed(seed), seed };
}

export function signingKeyPairFromSeed(seed: Uint8Array): SigningKeyPair {
  const pair = nacl.sign.keyPair.fromSeed(ownBytes(seed, 'seed', SIGNING_SEED_BYTES));
  return { publicKey: pair.publicKey, secretKey: pair.secretKey };
}

export function checkpointMessage(seq: number, headHash: Uint8Array): Uint8Array {
  if (!Number.isSafeInteger(seq) || seq < 0) fail('bad_input', 'seq must be a non-negative safe integer');
  assertBytes(headHash, 'headHash', HEAD_HASH_BYTES);
  const message = new Uint8Array(CHECKPOINT_LABEL.length + 8 + HEAD_HASH_BYTES);
  message.set(CHECKPOINT_LABEL, 0);
  new DataView(message.buffer).setBigUint64(CHECKPOINT_LABEL.length, BigInt(seq), false);
  message.set(headHash, CHECKPOINT_LABEL.length + 8);
  return message;
}

export function signCheckpoint(secretKey: Uint8Array, seq: number, headHash: Uint8Array): Uint8Array {
  return nacl.sign.detached(checkpointMessage(seq, headHash), ownBytes(secretKey, 'secretKey', 64));
}

/** False for a wrong signature, key or message; never throws on wrong lengths of stored values. */
export function verifyCheckpoint(publicKey: Uint8Array, seq: number, headHash: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== SIGNING_PUBLIC_KEY_BYTES || signature.length !== CHECKPOINT_SIGNATURE_BYTES || headHash.length !== HEAD_HASH_BYTES) return false;
  if (!Number.isSafeInteger(seq) || seq < 0) return false;
  return nacl.sign.detached.verify(checkpointMessage(seq, headHash), ownBytes(signature, 'signature'), ownBytes(publicKey, 'publicKey'));
}

export type CheckpointVerifier = (seq: number, headHash: Uint8Array, signature: Uint8Array) => Promise<boolean>;

/**
 * A verifier true when any of `publicKeys` signed the checkpoint. Uses Web Crypto's Ed25519
 * (the same RFC 8032 verification, native: Node >= 20, workerd, current browsers) where the
 * platform has it, tens of times faster than tweetnacl; else tweetnacl.
 */
export async function checkpointVerifier(publicKeys: readonly Uint8Array[]): Promise<CheckpointVerifier> {
  const keys = publicKeys.map((key) => ownBytes(key, 'publicKey', SIGNING_PUBLIC_KEY_BYTES));
  const subtle = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  let imported: CryptoKey[] | null = null;
  try {
    if (subtle) imported = await Promise.all(keys.map((key) => subtle.importKey('raw', new Uint8Array(key), { name: 'Ed25519' }, false, ['verify'])));
  } catch {
    imported = null; // no Ed25519 in this platform's Web Crypto
  }
  return async (seq, headHash, signature) => {
    if (signature.length !== CHECKPOINT_SIGNATURE_BYTES || headHash.length !== HEAD_HASH_BYTES || !Number.isSafeInteger(seq) || seq < 0) return false;
    if (!imported || !subtle) return keys.some((key) => verifyCheckpoint(key, seq, headHash, signature));
    const message = checkpointMessage(seq, headHash) as Uint8Array<ArrayBuffer>;
    const sig = new Uint8Array(signature);
    for (const key of imported) {
      if (await subtle.verify({ name: 'Ed25519' }, key, sig, message)) return true;
    }
    return false;
  };
}
