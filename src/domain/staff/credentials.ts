// What a staff client sends when it sets or proves a passphrase: everything derived in the
// browser (src/crypto/staff-keys.ts). Checked here for shape; the server cannot check more.
import { ENCRYPTED_SECRET_KEY_BYTES, loginVerifier, STAFF_SALT_BYTES } from '../../crypto/index.ts';
import { DomainError } from '../errors.ts';

/** The pages always use 2^15; the floor lets tests and slow devices use less, never trivially little. */
export const MIN_KDF_LOG_N = 10;
export const MAX_KDF_LOG_N = 20;

export interface StaffCredentials {
  kdfSalt: Uint8Array;
  kdfLogN: number;
  loginKey: Uint8Array;
  publicKey: Uint8Array;
  encryptedSecretKey: Uint8Array;
}

export function checkCredentials(c: StaffCredentials) {
  if (c.kdfSalt.length !== STAFF_SALT_BYTES) throw new DomainError('invalid_input', `kdfSalt is ${STAFF_SALT_BYTES} bytes`);
  if (!Number.isInteger(c.kdfLogN) || c.kdfLogN < MIN_KDF_LOG_N || c.kdfLogN > MAX_KDF_LOG_N) {
    throw new DomainError('invalid_input', `kdfLogN is ${MIN_KDF_LOG_N}-${MAX_KDF_LOG_N}`);
  }
  if (c.loginKey.length !== 32) throw new DomainError('invalid_input', 'loginKey is 32 bytes');
  if (c.publicKey.length !== 32) throw new DomainError('invalid_input', 'publicKey is 32 bytes');
  if (c.encryptedSecretKey.length !== ENCRYPTED_SECRET_KEY_BYTES) {
    throw new DomainError('invalid_input', `encryptedSecretKey is ${ENCRYPTED_SECRET_KEY_BYTES} bytes`);
  }
  return {
    kdfSalt: c.kdfSalt, kdfLogN: c.kdfLogN, loginVerifier: loginVerifier(c.loginKey),
    publicKey: c.publicKey, encryptedSecretKey: c.encryptedSecretKey,
  };
}
