/**
 * A staff member's keys, derived in their own browser (or the CLI) from their passphrase
 * (DESIGN.md §2). The server receives the login key, of which it keeps only a hash; it never
 * receives the passphrase or the key-encryption key.
 *
 *   okm       = scrypt(NFKC(passphrase) as UTF-8, salt (16 random bytes per account), N=2^logN, r=8, p=1, dkLen=64)
 *   loginKey  = okm[0..32)   -> sent at login; the server stores SHA-256(loginKey) (the verifier)
 *   kek       = okm[32..64)  -> never leaves the client; opens the personal secret key
 *
 *   encryptedSecretKey = nonce (24 random bytes) || secretbox(personal X25519 secret key, nonce, kek)
 *
 * scrypt is RFC 7914 (@noble/hashes); XSalsa20-Poly1305 is nacl.secretbox. Splitting one KDF
 * output into two independent 32-byte halves is sound because scrypt's output is PBKDF2-HMAC-
 * SHA256 output: its blocks are independent pseudo-random values.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import nacl from 'tweetnacl';
import { ownBytes } from './bytes.ts';
import { BOX_SECRET_KEY_BYTES, NONCE_BYTES, TAG_BYTES } from './constants.ts';
import { fail } from './errors.ts';
import { randomBytes } from './random.ts';

/** 2^15 (32 MiB): about a second in a browser, and each guess at a stolen verifier costs as much. */
export const STAFF_KDF_LOG_N = 15;
export const STAFF_SALT_BYTES = 16;
export const ENCRYPTED_SECRET_KEY_BYTES = NONCE_BYTES + TAG_BYTES + BOX_SECRET_KEY_BYTES;
export const MIN_PASSPHRASE_CHARS = 12;

export interface StaffKeys {
  loginKey: Uint8Array;
  kek: Uint8Array;
}

export function newStaffSalt(): Uint8Array {
  return randomBytes(STAFF_SALT_BYTES);
}

export async function deriveStaffKeys(passphrase: string, salt: Uint8Array, logN = STAFF_KDF_LOG_N): Promise<StaffKeys> {
  if (passphrase.length === 0) fail('bad_input', 'empty passphrase');
  if (salt.length !== STAFF_SALT_BYTES) fail('bad_input', `the salt is ${STAFF_SALT_BYTES} bytes`);
  if (!Number.isInteger(logN) || logN < 1 || logN > 20) fail('bad_input', 'scrypt logN must be 1-20');
  const okm = await scryptAsync(new TextEncoder().encode(passphrase.normalize('NFKC')), salt, {
    N: 2 ** logN, r: 8, p: 1, dkLen: 64, asyncTick: 10,
  });
  const keys = { loginKey: okm.slice(0, 32), kek: okm.slice(32, 64) };
  okm.fill(0);
  return keys;
}

/** What the server keeps of a login key. */
export function loginVerifier(loginKey: Uint8Array): Uint8Array {
  return sha256(ownBytes(loginKey, 'loginKey', 32));
}

export function encryptSecretKey(secretKey: Uint8Array, kek: Uint8Array): Uint8Array {
  const key = ownBytes(kek, 'kek', 32);
  const nonce = randomBytes(NONCE_BYTES);
  const box = nacl.secretbox(ownBytes(secretKey, 'secretKey', BOX_SECRET_KEY_BYTES), nonce, key);
  const out = new Uint8Array(ENCRYPTED_SECRET_KEY_BYTES);
  out.set(nonce, 0);
  out.set(box, NONCE_BYTES);
  return out;
}

/** The personal secret key, or null when the passphrase (hence the kek) is wrong. */
export function decryptSecretKey(encrypted: Uint8Array, kek: Uint8Array): Uint8Array | null {
  const bytes = ownBytes(encrypted, 'encrypted');
  if (bytes.length !== ENCRYPTED_SECRET_KEY_BYTES) return null;
  return nacl.secretbox.open(bytes.subarray(NONCE_BYTES), bytes.subarray(0, NONCE_BYTES), ownBytes(kek, 'kek', 32));
}
