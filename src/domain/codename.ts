// Codenames: how a source comes back without ever giving a name. Words from a published list
// (BIP-39, 2048 words, 11 bits each, via @scure/bip39), nine of them: 99 random bits, in the
// source's language (English, Korean or Simplified Chinese: the same 2048-word size, so the
// same entropy). They are not BIP-39 mnemonics (no checksum); the lists are just well-known,
// unambiguous ones that a source can write down and type on their own keyboard.
import { wordlist as english } from '@scure/bip39/wordlists/english.js';
import { wordlist as korean } from '@scure/bip39/wordlists/korean.js';
import { wordlist as chinese } from '@scure/bip39/wordlists/simplified-chinese.js';
import { randomBytes } from '../crypto/index.ts';
import type { Locale } from './locales.ts';

export const CODENAME_WORDS = 9;

export const CODENAME_WORDLISTS: Record<Locale, readonly string[]> = { en: english, ko: korean, 'zh-Hans': chinese };

/** The list codenames are made of on a page in `locale`. */
export function codenameWordlist(locale: Locale): readonly string[] {
  return CODENAME_WORDLISTS[locale];
}

/** Unbiased index below 2048 from two random bytes (2048 divides 65536). */
function randomWordIndex(): number {
  const [a, b] = randomBytes(2);
  return ((a! << 8) | b!) & 0x7ff;
}

/**
 * Nine words joined by spaces, Chinese too (its words are single characters; the spaces keep
 * them apart when read aloud or copied). Shown in NFC: the Korean list is stored decomposed
 * (conjoining jamo), which some fonts and every clipboard treat differently from the syllables
 * a Korean keyboard types. Which form comes back does not matter: see normaliseCodename.
 */
export function generateCodename(list: readonly string[] = english): string {
  if (list.length !== 2048) throw new Error('codename lists must have 2048 words');
  return Array.from({ length: CODENAME_WORDS }, () => list[randomWordIndex()]).join(' ').normalize('NFC');
}

/** A Han character (a Chinese word); \p{Script=Han} leaves out Hangul and kana. */
const HAN = /(\p{Script=Han})/gu;

/**
 * The form a codename is derived from, whatever was typed, in whichever language it was issued:
 * Unicode NFKD (so Hangul typed as syllables or as conjoining jamo, and full-width forms,
 * agree), lower case, one ASCII space between words. Any Unicode white space separates words,
 * the ideographic space U+3000 of a Chinese or Korean keyboard included; each Han character is
 * a word of its own, so Chinese typed without spaces still matches. A codename's language is
 * not recorded anywhere: the text alone decides, so it works on every language's pages.
 */
export function normaliseCodename(input: string): string {
  return input.normalize('NFKD').toLowerCase().replace(HAN, ' $1 ').trim().split(/\s+/u).filter(Boolean).join(' ');
}
