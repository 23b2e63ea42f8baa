// The staff member's personal secret key, opened from the passphrase at login, lives in this
// tab's sessionStorage only: it survives reloads and page changes in the tab, dies with the tab,
// is never in localStorage (which would outlive the session on disk) and is never sent anywhere.
// Logging out wipes it. It is stored with the staff id, so another account in the same tab
// never picks it up, and with its public key, computed once at login (every page would otherwise
// spend an X25519 multiplication recomputing it before it can open anything).
import { boxKeyPairFromSecretKey, fromBase64, toBase64, type KeyPair } from '../../crypto/index.ts';

const SLOT = 'tipline.staff.personalKey';

export function keepPersonalKey(staffId: string, secretKey: Uint8Array): void {
  const pair = boxKeyPairFromSecretKey(secretKey);
  sessionStorage.setItem(SLOT, JSON.stringify({ staffId, secretKey: toBase64(pair.secretKey), publicKey: toBase64(pair.publicKey) }));
  pair.secretKey.fill(0);
}

export function personalKey(staffId: string): KeyPair | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(SLOT) ?? 'null') as { staffId?: string; secretKey?: string; publicKey?: string } | null;
    if (!stored || stored.staffId !== staffId || typeof stored.secretKey !== 'string') return null;
    const secretKey = fromBase64(stored.secretKey);
    if (typeof stored.publicKey !== 'string') return boxKeyPairFromSecretKey(secretKey);
    return { secretKey, publicKey: fromBase64(stored.publicKey) };
  } catch {
    return null;
  }
}

export function forgetPersonalKey(): void {
  sessionStorage.removeItem(SLOT);
}
