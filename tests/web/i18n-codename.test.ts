// Codenames in the source's language: each word list keeps the English entropy, the normal
// form agrees however a codename was typed (Hangul syllables or jamo, full-width spaces,
// Chinese without spaces), and a codename issued in one language opens the conversation from
// every other language's return page, through the real app and its real key derivation.
import { describe, expect, it } from 'vitest';
import { CODENAME_WORDLISTS, CODENAME_WORDS, codenameWordlist, generateCodename, normaliseCodename } from '../../src/domain/codename.ts';
import { LOCALES } from '../../src/domain/locales.ts';
import { deriveCodenameKeys } from '../../src/web/no-js/source-login.ts';
import { addDesk, testApp, type TestApp } from '../helpers/app.ts';
import { codenameOf, multipart, postForm } from './helpers.ts';

const HANGUL_WORD = /^\p{Script=Hangul}+$/u;
const HAN_WORD = /^\p{Script=Han}$/u;

describe('codename word lists', () => {
  it('give every language 2048 distinct words, so nine of them carry 99 bits', () => {
    for (const locale of LOCALES) {
      const list = codenameWordlist(locale);
      // Distinct after normalisation too: two words that typed alike would lose entropy.
      const normalised = new Set(list.map(normaliseCodename));
      expect(normalised.size, locale).toBe(2048);
      for (const word of normalised) expect(word, locale).toMatch(/^\S+$/u);
      expect(CODENAME_WORDS * Math.log2(normalised.size), locale).toBe(99);
    }
    expect(Object.keys(CODENAME_WORDLISTS)).toEqual([...LOCALES]);
  });

  it('make nine words of the page’s language, spaced, Hangul as composed syllables', () => {
    const ko = generateCodename(codenameWordlist('ko')).split(' ');
    expect(ko).toHaveLength(9);
    for (const word of ko) {
      expect(word).toMatch(HANGUL_WORD);
      expect(word).toBe(word.normalize('NFC'));
      expect(codenameWordlist('ko')).toContain(word.normalize('NFKD'));
    }
    const zh = generateCodename(codenameWordlist('zh-Hans')).split(' ');
    expect(zh).toHaveLength(9);
    for (const word of zh) {
      expect(word).toMatch(HAN_WORD);
      expect(codenameWordlist('zh-Hans')).toContain(word);
    }
    expect(generateCodename()).toMatch(/^[a-z]+( [a-z]+){8}$/);
    // Random: two codenames are not the same.
    expect(generateCodename(codenameWordlist('ko'))).not.toBe(generateCodename(codenameWordlist('ko')));
  });
});

describe('the normal form of a typed codename', () => {
  const korean = '가격 가끔 가난 가능 가득 가르침 가뭄 가방 가상';

  it('is the same for composed syllables and conjoining jamo', () => {
    const nfc = korean.normalize('NFC');
    const nfd = korean.normalize('NFD');
    expect(nfc).not.toBe(nfd);
    expect(normaliseCodename(nfd)).toBe(normaliseCodename(nfc));
  });

  it('splits words at full-width and other Unicode spaces, and folds case and full-width letters', () => {
    expect(normaliseCodename(korean.replaceAll(' ', '\u3000'))).toBe(normaliseCodename(korean));
    expect(normaliseCodename(`\u3000${korean.replaceAll(' ', ' \t\u00a0\n')}\u3000`)).toBe(normaliseCodename(korean));
    expect(normaliseCodename('ＡＢＡＮＤＯＮ\u3000Ability  able')).toBe('abandon ability able');
  });

  it('reads Chinese typed without spaces as the same words', () => {
    expect(normaliseCodename('的一是在不了有和人')).toBe('的 一 是 在 不 了 有 和 人');
    expect(normaliseCodename('的一是\u3000在 不了有和 人')).toBe('的 一 是 在 不 了 有 和 人');
    // Latin and Hangul words keep their spaces: only Han characters are words of one character.
    expect(normaliseCodename('abandon ability')).toBe('abandon ability');
    expect(normaliseCodename('가격가끔')).not.toBe(normaliseCodename('가격 가끔'));
  });

  it('derives the same keys from NFC and NFD Hangul (the real KDF)', async () => {
    const t = await testApp();
    const [composed, decomposed, other] = await Promise.all([
      deriveCodenameKeys(t.ctx, korean.normalize('NFC')),
      deriveCodenameKeys(t.ctx, korean.normalize('NFD').replaceAll(' ', '\u3000')),
      deriveCodenameKeys(t.ctx, '가격 가끔 가난 가능 가득 가르침 가뭄 가방 가사'),
    ]);
    expect(Buffer.from(decomposed.lookupKey)).toEqual(Buffer.from(composed.lookupKey));
    expect(Buffer.from(decomposed.reply.publicKey)).toEqual(Buffer.from(composed.reply.publicKey));
    expect(Buffer.from(other.lookupKey)).not.toEqual(Buffer.from(composed.lookupKey));
  }, 30_000);
});

/** Submits a first tip through `prefix`'s form; the codename on the confirmation. */
async function codenameFrom(t: TestApp, prefix: string): Promise<string> {
  const res = await postForm(t, `${prefix}/submit/politics`, multipart({ message: 'The harbour master signs reports he never read. 항만 / 港口' }));
  expect(res.status).toBe(200);
  return codenameOf(await res.text());
}

async function logsIn(t: TestApp, prefix: string, typed: string): Promise<string | null> {
  const res = await postForm(t, `${prefix}/return`, new URLSearchParams({ codename: typed }));
  return res.status === 303 ? res.headers.get('location') : null;
}

describe('a codename from any language', () => {
  it('is made in the page’s language, and opens the conversation from every language’s return page', async () => {
    const t = await testApp();
    await addDesk(t, 'politics');
    const korean = await codenameFrom(t, '/ko');
    const chinese = await codenameFrom(t, '/zh-Hans');
    const english = await codenameFrom(t, '');
    expect(korean.split(' ').every((word) => HANGUL_WORD.test(word))).toBe(true);
    expect(chinese.split(' ').every((word) => HAN_WORD.test(word))).toBe(true);
    expect(english).toMatch(/^[a-z]+( [a-z]+){8}$/);

    // Korean, typed back on the English page as conjoining jamo with ideographic spaces.
    expect(await logsIn(t, '', korean.normalize('NFD').replaceAll(' ', '\u3000'))).toBe('/conversation');
    // English, typed on the Korean page in capitals; Chinese on the Korean page without spaces.
    expect(await logsIn(t, '/ko', english.toUpperCase())).toBe('/ko/conversation');
    expect(await logsIn(t, '/ko', chinese.replaceAll(' ', ''))).toBe('/ko/conversation');
    expect(await logsIn(t, '/zh-Hans', korean)).toBe('/zh-Hans/conversation');
    // One word off: nothing opens, in any language.
    expect(await logsIn(t, '', korean.split(' ').slice(1).join(' '))).toBeNull();
  }, 60_000);
});
