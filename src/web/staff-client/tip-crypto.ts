// Opening what the server hands over as ciphertext: a tip key sealed to a desk key, and message
// parts (tip messages, notes, draft-link notes) under a tip key. Results go into the DOM as text
// only; none of it is ever sent anywhere.
import { fromBase64, openMessage } from '../../crypto/index.ts';
import type { Keyring } from './keyring.ts';

export const PREVIEW_CHARS = 140;

/** The tip key, or null when this member holds no key for that desk version. */
export function openTipKey(ring: Keyring, deskId: string, keyVersion: number, sealedKey: string): Uint8Array | null {
  return ring.openForDesk(deskId, keyVersion, sealedKey);
}

export function openText(tipKey: Uint8Array, serializedPart: string): Promise<string> {
  return openMessage(tipKey, fromBase64(serializedPart));
}

/** The first characters of a message on one line (whole code points, never half a surrogate pair). */
export function previewOf(text: string): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > PREVIEW_CHARS ? `${chars.slice(0, PREVIEW_CHARS).join('')}…` : chars.join('');
}
