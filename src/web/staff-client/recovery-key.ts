// A new desk's offline recovery key (DESIGN.md §2), made in the admin's browser beside the desk
// key: the desk secret is sealed to it, and its secret is shown once, as the printable text the
// CLI writes for `desk create --recovery-key-out` (src/cli/recovery-key-file.ts reads it back:
// 24 BIP-39 words with a checksum, the same bytes in base64, the public key to check them).
import { entropyToMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { toBase64, type KeyPair } from '../../crypto/index.ts';

export function recoveryWords(secretKey: Uint8Array): string[] {
  return entropyToMnemonic(secretKey, wordlist).split(' ');
}

/** The same text as the CLI's recovery key file, so a saved copy works with `--recovery-key`. */
export function recoveryKeyText(desk: string, keyPair: KeyPair): string {
  const words = recoveryWords(keyPair.secretKey);
  const rows: string[] = [];
  for (let i = 0; i < words.length; i += 4) {
    rows.push(words.slice(i, i + 4).map((w, j) => `${String(i + j + 1).padStart(2)}. ${w.padEnd(9)}`).join(' ').trimEnd());
  }
  return [
    'Tipline desk recovery key (tipline-desk-recovery-key-v1)',
    `desk: ${desk}`,
    '',
    'Whoever holds this can read every tip of the desk, and it is how the desk\'s tips are recovered',
    'if every member is gone. Print it, check the printout, keep it offline in a safe, and delete',
    'this file. Tipline will not show it again.',
    '',
    'recovery phrase (BIP-39, English):',
    ...rows,
    '',
    `secret key (base64): ${toBase64(keyPair.secretKey)}`,
    `public key: ${toBase64(keyPair.publicKey)}`,
    '',
  ].join('\n');
}
