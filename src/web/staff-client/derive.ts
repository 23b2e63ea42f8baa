// Passphrase to keys, in this browser: the account's salt and cost come from the server, the
// login key goes back to it, the key-encryption key never leaves this function's caller.
import { decryptSecretKey, deriveStaffKeys, fromBase64, type StaffKeys } from '../../crypto/index.ts';
import { api } from './api.ts';

export async function deriveForAccount(username: string, passphrase: string): Promise<StaffKeys> {
  const params = await api<{ kdfSalt: string; kdfLogN: number }>('POST', '/login/parameters', { username });
  return deriveStaffKeys(passphrase, fromBase64(params.kdfSalt), params.kdfLogN);
}

/** The personal secret key, or null when the passphrase does not open it. */
export function openPersonalSecret(encryptedSecretKey: string, kek: Uint8Array): Uint8Array | null {
  return decryptSecretKey(fromBase64(encryptedSecretKey), kek);
}
