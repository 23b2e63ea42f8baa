/**
 * Anonymous public-key encryption, byte-compatible with libsodium's
 * crypto_box_seal / crypto_box_seal_open
 * (https://doc.libsodium.org/public-key_cryptography/sealed_boxes):
 *
 *   epk, esk = crypto_box_keypair()
 *   nonce    = BLAKE2b-192(epk || recipient_pk)          (unkeyed, 24-byte output)
 *   sealed   = epk || crypto_box_easy(m, nonce, recipient_pk, esk)   (tag || ciphertext)
 *
 * tweetnacl has no sealed boxes, so we compose them from nacl.box (= libsodium
 * crypto_box_easy layout) and BLAKE2b from @noble/hashes, exactly as libsodium
 * does in crypto_box_seal.c. Nothing else is added.
 */
import { blake2b } from '@noble/hashes/blake2.js';
import nacl from 'tweetnacl';
import { isAllZero, ownBytes } from './bytes.ts';
import {
  BOX_PUBLIC_KEY_BYTES,
  BOX_SECRET_KEY_BYTES,
  NONCE_BYTES,
  SEAL_OVERHEAD_BYTES,
} from './constants.ts';
import { fail } from './errors.ts';
import type { KeyPair } from './keys.ts';
import { randomBytes } from './random.ts';

/** libsodium _crypto_box_seal_nonce: BLAKE2b(epk || pk) truncated by construction to 24 bytes. */
function sealNonce(ephemeralPublicKey: Uint8Array, recipientPublicKey: Uint8Array): Uint8Array {
  return blake2b.create({ dkLen: NONCE_BYTES }).update(ephemeralPublicKey).update(recipientPublicKey).digest();
}

interface NaclCore {
  crypto_core_hsalsa20(out: Uint8Array, input: Uint8Array, key: Uint8Array, constant: Uint8Array): number;
}
// tweetnacl's .d.ts omits `lowlevel`; it is part of its documented API.
const { crypto_core_hsalsa20 } = (nacl as unknown as { lowlevel: NaclCore }).lowlevel;
/** Salsa20's constant "expand 32-byte k" (NaCl crypto_box_beforenm uses it with HSalsa20). */
const SIGMA = new TextEncoder().encode('expand 32-byte k');
const ZERO_16 = new Uint8Array(16);

/**
 * crypto_box_beforenm(pk, sk) = HSalsa20(X25519(sk, pk), 0), as NaCl and libsodium define it,
 * plus the check libsodium performs and tweetnacl does not: libsodium's crypto_scalarmult fails
 * when the X25519 output is all zero (a small-order public key), so crypto_box_seal(_open)
 * fails too. We mirror that so both implementations accept and reject the same inputs.
 * Computed from one X25519 operation (nacl.box.before would repeat it): re-sealing every tip
 * key of a desk during rotation is bounded by X25519 speed. Returns null on a small-order key.
 */
function sharedKey(publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array | null {
  const shared = nacl.scalarMult(secretKey, publicKey);
  if (isAllZero(shared)) return null;
  const key = new Uint8Array(32);
  crypto_core_hsalsa20(key, ZERO_16, shared, SIGMA);
  shared.fill(0);
  return key;
}

/**
 * Deterministic variant with a caller-chosen ephemeral secret key.
 * ONLY for test vectors (scripts/make-vectors.ts, tests): reusing an ephemeral
 * key breaks the anonymity/IND-CCA properties of sealed boxes. Not exported
 * from index.ts on purpose.
 */
export function sealToPublicKeyWithEphemeral(
  message: Uint8Array,
  recipientPublicKey: Uint8Array,
  ephemeralSecretKey: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const plain = ownBytes(message, 'message');
  const recipient = ownBytes(recipientPublicKey, 'recipientPublicKey', BOX_PUBLIC_KEY_BYTES);
  const ephemeral = nacl.box.keyPair.fromSecretKey(ownBytes(ephemeralSecretKey, 'ephemeralSecretKey', BOX_SECRET_KEY_BYTES));
  try {
    const key = sharedKey(recipient, ephemeral.secretKey);
    if (key === null) fail('bad_input', 'recipient public key has small order');
    const nonce = sealNonce(ephemeral.publicKey, recipient);
    const box = nacl.secretbox(plain, nonce, key); // == nacl.box(m, nonce, pk, esk)
    key.fill(0);
    const sealed = new Uint8Array(BOX_PUBLIC_KEY_BYTES + box.length);
    sealed.set(ephemeral.publicKey, 0);
    sealed.set(box, BOX_PUBLIC_KEY_BYTES);
    return sealed;
  } finally {
    ephemeral.secretKey.fill(0);
  }
}

/** libsodium crypto_box_seal. Output is message.length + 48 bytes (80 for a tip key). */
export function sealToPublicKey(message: Uint8Array, recipientPublicKey: Uint8Array): Uint8Array<ArrayBuffer> {
  const ephemeralSecretKey = randomBytes(BOX_SECRET_KEY_BYTES);
  try {
    return sealToPublicKeyWithEphemeral(message, recipientPublicKey, ephemeralSecretKey);
  } finally {
    // Forgetting esk is what makes the box "sealed": not even the sender can reopen it.
    ephemeralSecretKey.fill(0);
  }
}

/** libsodium crypto_box_seal_open. Any failure is EnvelopeError('bad_seal'). */
export function openSealed(sealed: Uint8Array, recipient: KeyPair): Uint8Array {
  const box = ownBytes(sealed, 'sealed');
  if (typeof recipient !== 'object' || recipient === null) fail('bad_input', 'recipient must be a KeyPair');
  const publicKey = ownBytes(recipient.publicKey, 'recipient.publicKey', BOX_PUBLIC_KEY_BYTES);
  const secretKey = ownBytes(recipient.secretKey, 'recipient.secretKey', BOX_SECRET_KEY_BYTES);
  if (box.length < SEAL_OVERHEAD_BYTES) fail('bad_seal', 'sealed box too short');

  const ephemeralPublicKey = box.subarray(0, BOX_PUBLIC_KEY_BYTES);
  // The nonce is recomputed from OUR public key: a box sealed to another key cannot verify.
  const nonce = sealNonce(ephemeralPublicKey, publicKey);
  const key = sharedKey(ephemeralPublicKey, secretKey);
  if (key === null) fail('bad_seal', 'ephemeral public key has small order');
  const opened = nacl.secretbox.open(box.subarray(BOX_PUBLIC_KEY_BYTES), nonce, key);
  key.fill(0);
  if (opened === null) fail('bad_seal', 'sealed box does not authenticate');
  // Return a compact copy (nacl returns a view at offset 32 of a larger buffer) and wipe the original.
  const message = opened.slice();
  opened.fill(0);
  return message;
}
