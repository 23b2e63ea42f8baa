// The catalogs: every shipped language translates every key, every message is valid ICU with
// the same placeholders as the English, plurals and dates go through Intl per language, and
// paths carry the language.
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { CATALOGS, formatList, LOCALES, localePath, t, type MessageKey } from '../../src/web/i18n/i18n.ts';
import { en } from '../../src/web/i18n/messages/en.ts';

interface AstElement {
  type: number;
  value?: unknown;
  options?: Record<string, { value: AstElement[] }>;
}

/** The placeholders of a message and how each is formatted (`min:plural`, `name:argument`). */
function placeholders(text: string, locale: string): string[] {
  const ARGUMENT_KINDS: Record<number, string> = { 1: 'argument', 2: 'number', 3: 'date', 4: 'time', 5: 'select', 6: 'plural' };
  const found = new Set<string>();
  const walk = (elements: AstElement[]) => {
    for (const element of elements) {
      const kind = ARGUMENT_KINDS[element.type];
      if (kind) found.add(`${String(element.value)}:${kind}`);
      for (const option of Object.values(element.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(text, locale, undefined, { ignoreTag: true }).getAst() as AstElement[]);
  return [...found].sort();
}

describe('i18n', () => {
  it('parses every English message as ICU MessageFormat', () => {
    for (const [key, text] of Object.entries(en)) {
      expect(() => new IntlMessageFormat(text, 'en', undefined, { ignoreTag: true }), key).not.toThrow();
    }
  });

  it('formats plurals, numbers, lists and calendar days', () => {
    expect(t('en', 'error.busy', { seconds: 1 })).toMatch(/in 1 second\.$/);
    expect(t('en', 'error.busy', { seconds: 30 })).toMatch(/in 30 seconds\.$/);
    expect(t('en', 'submit.message.hint', { min: 1 })).toContain('at least 1 character.');
    expect(t('en', 'submit.files.hint', { max: 50, megabytes: 1024 })).toContain('1,024 MB');
    // A stored day is a UTC calendar day, whatever the server's time zone.
    expect(t('en', 'conversation.reply.day', { day: new Date('2026-01-01T00:00:00Z') })).toBe('Received on January 1, 2026');
    expect(formatList('en', ['location', 'dates', 'author names'])).toBe('location, dates, and author names');
  });

  it('keeps text as text: markup-like characters are not tags', () => {
    const key: MessageKey = 'error.fileTooLarge';
    expect(t('en', key, { name: '<b>x</b>.pdf' })).toContain('“<b>x</b>.pdf”');
  });

  it('puts other languages under a prefix', () => {
    expect(localePath('en', '/return')).toBe('/return');
    expect(localePath('en', '/')).toBe('/');
    expect(localePath('ko', '/return')).toBe('/ko/return');
    expect(localePath('zh-Hans', '/')).toBe('/zh-Hans');
    // On a Korean newsroom's instance Korean is at `/` and English under its prefix.
    expect(localePath('ko', '/submit/politics', 'ko')).toBe('/submit/politics');
    expect(localePath('en', '/return', 'ko')).toBe('/en/return');
  });

  it('ships a complete catalog for every language: every key, nothing empty, the same placeholders', () => {
    const keys = Object.keys(en).sort();
    expect(LOCALES).toEqual(['en', 'ko', 'zh-Hans']);
    expect(Object.keys(CATALOGS).sort()).toEqual([...LOCALES].sort());
    for (const locale of LOCALES) {
      const catalog: Record<string, string> = CATALOGS[locale];
      expect(Object.keys(catalog).sort(), locale).toEqual(keys);
      for (const key of keys) {
        const text = catalog[key]!;
        expect(text.trim(), `${locale} ${key}`).not.toBe('');
        // Parses as ICU in its own language, and asks for exactly what the pages pass in.
        expect(placeholders(text, locale), `${locale} ${key}`).toEqual(placeholders(en[key as MessageKey], 'en'));
      }
    }
  });

  it('translates: only the title pattern reads the same as the English', () => {
    for (const locale of ['ko', 'zh-Hans'] as const) {
      const same = Object.keys(en).filter((key) => CATALOGS[locale][key as MessageKey] === en[key as MessageKey]);
      expect(same, locale).toEqual(['meta.title']);
    }
  });

  it('names the checkbox in the unsupported-file message exactly as the form labels it', () => {
    for (const locale of LOCALES) {
      expect(t(locale, 'error.fileUnsupported', { name: 'x.bin' }), locale).toContain(t(locale, 'submit.allowUnsupported.label'));
    }
  });

  it('formats counts, numbers, lists and calendar days in Korean and Chinese', () => {
    const day = new Date('2026-01-01T00:00:00Z');
    expect(t('ko', 'error.busy', { seconds: 1 })).toContain('1초 뒤에');
    expect(t('ko', 'error.busy', { seconds: 30 })).toContain('30초 뒤에');
    expect(t('ko', 'submit.files.hint', { max: 50, megabytes: 1024 })).toContain('1,024MB');
    expect(t('ko', 'conversation.reply.day', { day })).toBe('받은 날: 2026년 1월 1일');
    expect(formatList('ko', ['위치', '날짜', '작성자 이름'])).toBe('위치, 날짜 및 작성자 이름');
    expect(t('zh-Hans', 'submit.message.hint', { min: 20 })).toContain('至少 20 个字');
    expect(t('zh-Hans', 'error.busy', { seconds: 30 })).toContain('30 秒后');
    expect(t('zh-Hans', 'conversation.reply.day', { day })).toBe('收到日期：2026年1月1日');
    expect(formatList('zh-Hans', ['位置', '日期', '作者姓名'])).toBe('位置、日期和作者姓名');
  });
});
