// Codenames: how a source comes back without ever giving a name. Words from a published list
// (BIP-39 English, 2048 words, 11 bits each, via @scure/bip39), nine of them: 99 random bits.
// They are not BIP-39 mnemonics (no checksum); the list is just a well-known, unambiguous one.
import { wordlist as english } from '@scure/bip39/wordlists/english.js';
import { randomBytes } from '../crypto/index.ts';

export const CODENAME_WORDS = 9;

/** Unbiased index below 2048 from two random bytes (2048 divides 65536). */
function randomWordIndex(): number {
  const [a, b] = randomBytes(2);
  return ((a! << 8) | b!) & 0x7ff;
}

export function generateCodename(list: readonly string[] = english): string {
  if (list.length !== 2048) throw new Error('codename lists must have 2048 words');
  return Array.from({ length: CODENAME_WORDS }, () => list[randomWordIndex()]).join(' ');
}

/**
 * The form a codename is derived from, whatever was typed: Unicode NFKD (so Hangul typed as
 * jamo or as syllables, and full-width forms, agree), lower case, one space between words.
 */
export function normaliseCodename(input: string): string {
  return input.normalize('NFKD').toLowerCase().trim().split(/\s+/u).filter(Boolean).join(' ');
}
