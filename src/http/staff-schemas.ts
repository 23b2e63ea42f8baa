// zod shapes shared by the staff routes: keys and credentials as base64, ids as hex.
import { z } from 'zod';
import { ENCRYPTED_SECRET_KEY_BYTES, SEALED_TIP_KEY_BYTES, STAFF_SALT_BYTES } from '../crypto/index.ts';
import { base64Bytes } from './validate.ts';

/** Every staff JSON body is small: keys, ids and short texts. Ciphertext bodies set their own caps. */
export const STAFF_JSON_MAX_BYTES = 64 * 1024;

export const username = z.string().min(1).max(64);

export const credentials = {
  kdfSalt: base64Bytes(STAFF_SALT_BYTES),
  kdfLogN: z.number().int(),
  loginKey: base64Bytes(32),
  publicKey: base64Bytes(32),
  encryptedSecretKey: base64Bytes(ENCRYPTED_SECRET_KEY_BYTES),
};

export const sealedSecret = base64Bytes(SEALED_TIP_KEY_BYTES);
