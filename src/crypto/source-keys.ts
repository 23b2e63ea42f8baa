/**
 * A source's keys, derived from their codename (DESIGN.md §2): the codename is never stored,
 * only what a slow KDF makes of it.
 *
 *   okm          = scrypt(codename (normalised, UTF-8), instanceSalt, N=2^15, r=8, p=1, dkLen=64)
 *   lookupKey    = okm[0..32)   -> the server stores SHA-256(lookupKey) to find the source
 *   replySecret  = okm[32..64)  -> X25519 secret key; its public key is given to the newsroom,
 *                                  which seals replies to it (crypto_box_seal)
 *
 * scrypt is RFC 7914, from @noble/hashes. It is slow and memory-hard (32 MiB at these
 * parameters) so that a stolen database cannot be turned back into codenames by guessing; the
 * codename itself carries at least 96 bits. The instance-wide salt makes a precomputed table for
 * one Tipline useless for another.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { boxKeyPairFromSecretKey, type KeyPair } from './keys.ts';
import { fail } from './errors.ts';

export interface SourceKdfParams {
  /** log2 of scrypt's N. */
  logN: number;
  r: number;
  p: number;
}

export const SOURCE_KDF_PARAMS: SourceKdfParams = { logN: 15, r: 8, p: 1 };

export interface SourceKeys {
  lookupKey: Uint8Array;
  reply: KeyPair;
}

export async function deriveSourceKeys(
  normalisedCodename: string,
  instanceSalt: Uint8Array,
  params: SourceKdfParams = SOURCE_KDF_PARAMS,
): Promise<SourceKeys> {
  if (normalisedCodename.length === 0) fail('bad_input', 'empty codename');
  if (instanceSalt.length < 16) fail('bad_input', 'the instance salt must be at least 16 bytes');
  // asyncTick lets a browser page (or the server's event loop) breathe during the 32 MiB work.
  const okm = await scryptAsync(new TextEncoder().encode(normalisedCodename), instanceSalt, {
    N: 2 ** params.logN, r: params.r, p: params.p, dkLen: 64, asyncTick: 10,
  });
  const lookupKey = okm.slice(0, 32);
  const reply = boxKeyPairFromSecretKey(okm.subarray(32, 64));
  okm.fill(0);
  return { lookupKey, reply };
}

/** What the server stores to find a source: a hash, so a database copy cannot log anyone in. */
export function lookupHash(lookupKey: Uint8Array): Uint8Array {
  if (lookupKey.length !== 32) fail('bad_input', 'a lookup key is 32 bytes');
  return sha256(lookupKey);
}
