// The catalogs: every message is valid ICU, plurals and dates go through Intl, and the pages
// never fall back to a key name.
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { formatList, localePath, t, type MessageKey } from '../../src/web/i18n/i18n.ts';
import { en } from '../../src/web/i18n/messages/en.ts';

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
  });
});
