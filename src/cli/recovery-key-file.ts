// A desk's offline recovery key (DESIGN.md §2): an X25519 key pair to which every desk key version
// is sealed. The file is made to be printed and kept in a safe: the 32-byte secret as 24 BIP-39
// English words (entropyToMnemonic: 256 bits + an 8-bit SHA-256 checksum, BIP-0039 "Generating
// the mnemonic", so a mistyped word is caught), the same bytes in base64, and the public key to
// check it against. Written with mode 0600, refused if the file exists.
//
// Reading accepts the whole file, or a file holding only the 24 words or only the base64 (what
// someone types back in from the paper copy).
import { closeSync, fsyncSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { entropyToMnemonic, mnemonicToEntropy } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { boxKeyPairFromSecretKey, fromBase64, toBase64, type KeyPair } from '../crypto/index.ts';
import { CliError } from './util.ts';

const FORMAT = 'tipline-desk-recovery-key-v1';
const SECRET_LINE = 'secret key (base64):';
const PUBLIC_LINE = 'public key:';

/**
 * Forces a just-written key file (and its directory entry) to disk. A key file is written before
 * the database commit that makes its key matter; without this, a power cut right after that
 * commit could leave an empty file (delayed allocation) and a key version nobody holds.
 */
export function syncToDisk(path: string): void {
  for (const target of [path, dirname(path)]) {
    const fd = openSync(target, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

export function recoveryPhrase(secretKey: Uint8Array): string[] {
  return entropyToMnemonic(secretKey, wordlist).split(' ');
}

export function writeRecoveryKeyFile(path: string, desk: string, keyPair: KeyPair): void {
  const words = recoveryPhrase(keyPair.secretKey);
  const rows: string[] = [];
  for (let i = 0; i < words.length; i += 4) {
    rows.push(words.slice(i, i + 4).map((w, j) => `${String(i + j + 1).padStart(2)}. ${w.padEnd(9)}`).join(' ').trimEnd());
  }
  const text = [
    `Tipline desk recovery key (${FORMAT})`,
    `desk: ${desk}`,
    '',
    'Whoever holds this can read every tip of the desk, and it is how the desk\'s tips are recovered',
    'if every member is gone. Print it, check the printout, keep it offline in a safe, and delete',
    'this file. Tipline will not show it again.',
    '',
    'recovery phrase (BIP-39, English):',
    ...rows,
    '',
    `${SECRET_LINE} ${toBase64(keyPair.secretKey)}`,
    `${PUBLIC_LINE} ${toBase64(keyPair.publicKey)}`,
    '',
  ].join('\n');
  try {
    writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'} (it must not exist yet)`);
  }
  syncToDisk(path);
}

/** The recovery key pair from a recovery key file (or a file with just the words or the base64). */
export function readRecoveryKeyFile(path: string): KeyPair {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const fromWords = secretFromWords(text);
  const fromLine = secretFromLine(text, path);
  if (fromWords && fromLine && toBase64(fromWords) !== toBase64(fromLine)) {
    throw new CliError(`${path}: the recovery phrase and the base64 secret key differ`);
  }
  const secret = fromLine ?? fromWords;
  if (!secret) throw new CliError(`${path} holds no recovery phrase (24 words) and no base64 secret key`);
  const keyPair = boxKeyPairFromSecretKey(secret);
  secret.fill(0);
  const publicLine = text.split('\n').find((l) => l.startsWith(PUBLIC_LINE));
  if (publicLine && publicLine.slice(PUBLIC_LINE.length).trim() !== toBase64(keyPair.publicKey)) {
    throw new CliError(`${path}: the secret key does not match its public key`);
  }
  return keyPair;
}

function secretFromLine(text: string, path: string): Uint8Array | undefined {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => l.startsWith(SECRET_LINE));
  const value = line ? line.slice(SECRET_LINE.length).trim() : lines.length === 1 && /^[A-Za-z0-9+/]{43}=$/.test(lines[0]!) ? lines[0]! : undefined;
  if (value === undefined) return undefined;
  try {
    const bytes = fromBase64(value);
    if (bytes.length === 32) return bytes;
  } catch {
    // reported below
  }
  throw new CliError(`${path}: the base64 secret key is not 32 bytes of base64`);
}

/**
 * The phrase: the words after "recovery phrase" up to the next blank line, or, in a file that is
 * nothing but words, all of them. Not 24 words: no phrase (undefined); 24 with an unknown word
 * or a failing checksum: an error that says so.
 */
function secretFromWords(text: string): Uint8Array | undefined {
  const lines = text.split('\n');
  const marker = lines.findIndex((l) => l.startsWith('recovery phrase'));
  let block: string[];
  if (marker >= 0) {
    const end = lines.findIndex((l, i) => i > marker && l.trim() === '');
    block = lines.slice(marker + 1, end < 0 ? undefined : end);
  } else if (lines.every((l) => /^[\sA-Za-z0-9.]*$/.test(l))) {
    block = lines;
  } else {
    return undefined;
  }
  const words = block.join(' ').toLowerCase().split(/[^a-z]+/).filter(Boolean);
  if (words.length !== 24) return undefined;
  const known = new Set(wordlist);
  const unknown = words.findIndex((w) => !known.has(w));
  if (unknown >= 0) throw new CliError(`word ${unknown + 1} of the recovery phrase (${words[unknown]}) is not a BIP-39 English word`);
  try {
    return mnemonicToEntropy(words.join(' '), wordlist);
  } catch {
    throw new CliError('the recovery phrase does not check out (a word is wrong or out of order)');
  }
}
