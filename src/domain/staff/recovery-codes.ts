// Single-use recovery codes for a lost authenticator: ten codes of 60 random bits each, shown
// once at enrollment; only their SHA-256 is stored. Spelled in Crockford-like base32 groups so
// they can be read off paper.
import { sha256 } from '@noble/hashes/sha2.js';
import { base32crockford } from '@scure/base';
import { randomBytes } from '../../crypto/index.ts';

export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const text = base32crockford.encode(randomBytes(8)).slice(0, 12).toLowerCase();
    return `${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8, 12)}`;
  });
}

/** Case, spaces and hyphens do not matter when a code is typed back. */
export function recoveryCodeHash(code: string): Uint8Array {
  return sha256(new TextEncoder().encode(code.toLowerCase().replace(/[\s-]/g, '')));
}
