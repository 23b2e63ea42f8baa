/** Key generation: desk X25519 key pairs and per-tip symmetric keys. */
import nacl from 'tweetnacl';
import { ownBytes } from './bytes.ts';
import { BOX_SECRET_KEY_BYTES, TIP_KEY_BYTES } from './constants.ts';
import { randomBytes } from './random.ts';

export interface KeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/**
 * X25519 key pair for crypto_box / crypto_box_seal. Equivalent to
 * nacl.box.keyPair() (which is "32 random bytes, then scalarmult_base"), but
 * the random bytes come from our randomBytes so all randomness has one audited
 * source that works in every runtime.
 */
export function generateBoxKeyPair(): KeyPair {
  const secretKey = randomBytes(BOX_SECRET_KEY_BYTES);
  try {
    return boxKeyPairFromSecretKey(secretKey);
  } finally {
    secretKey.fill(0); // fromSecretKey copied it
  }
}

/** Recompute the public key (e.g. when a desk key is restored from backup). Copies the input. */
export function boxKeyPairFromSecretKey(secretKey: Uint8Array): KeyPair {
  const pair = nacl.box.keyPair.fromSecretKey(ownBytes(secretKey, 'secretKey', BOX_SECRET_KEY_BYTES));
  return { publicKey: pair.publicKey, secretKey: pair.secretKey };
}

/** Fresh random tip key K (crypto_secretbox key), one per tip. */
export function newTipKey(): Uint8Array<ArrayBuffer> {
  return randomBytes(TIP_KEY_BYTES);
}
