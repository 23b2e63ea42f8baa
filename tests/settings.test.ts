// The settings parser both entries use (src/settings.ts): names, defaults, the languages, and a
// refusal, naming the variable, for every value that is not what it claims.
import { describe, expect, it } from 'vitest';
import { DEFAULT_FORM_SLOTS } from '../src/http/form-slots.ts';
import { DEFAULT_INTAKE_LIMITS } from '../src/http/intake-gate.ts';
import { DEFAULT_FORM_MAX_BYTES, DEFAULT_MIN_MESSAGE_CHARS, DEFAULT_NEWSROOM } from '../src/http/page-deps.ts';
import { appConfigFromEnv, listenAddress } from '../src/settings.ts';

describe('settings from the environment', () => {
  it('gives the defaults for an empty environment, and for empty values', () => {
    const defaults = {
      accessLog: false, intake: DEFAULT_INTAKE_LIMITS, newsroom: DEFAULT_NEWSROOM,
      formMaxBytes: DEFAULT_FORM_MAX_BYTES, formSlots: DEFAULT_FORM_SLOTS, minMessageChars: DEFAULT_MIN_MESSAGE_CHARS,
    };
    expect(appConfigFromEnv({})).toEqual(defaults);
    // An empty TIPLINE_POW_DIFFICULTY is unset, not 0: it must not turn the proof of work off.
    expect(appConfigFromEnv({ TIPLINE_POW_DIFFICULTY: '', TIPLINE_DEFAULT_LOCALE: '', TIPLINE_NEWSROOM_NAME_KO: '', TIPLINE_FORM_SLOTS: '' })).toEqual(defaults);
    expect(listenAddress({})).toEqual({ hostname: '127.0.0.1', port: 8787 });
    expect(listenAddress({ HOST: '0.0.0.0', PORT: '0' })).toEqual({ hostname: '0.0.0.0', port: 0 });
  });

  it('reads the language of / and the newsroom texts per language', () => {
    const config = appConfigFromEnv({
      TIPLINE_DEFAULT_LOCALE: 'zh-Hans', TIPLINE_NEWSROOM_NAME: 'The Ledger', TIPLINE_NEWSROOM_INTRO: 'Write to us.',
      TIPLINE_NEWSROOM_NAME_KO: '레저', TIPLINE_NEWSROOM_INTRO_KO: '제보해 주세요.', TIPLINE_NEWSROOM_NAME_ZH_HANS: '账本',
      TIPLINE_NEWSROOM_NAME_FR: 'Le Registre', // not a language of the pages: ignored
    });
    expect(config.defaultLocale).toBe('zh-Hans');
    expect(config.newsroom).toEqual({
      name: 'The Ledger', intro: 'Write to us.',
      translations: { ko: { name: '레저', intro: '제보해 주세요.' }, 'zh-Hans': { name: '账本' } },
    });
  });

  it('refuses values that are not what they claim, naming the variable', () => {
    expect(() => appConfigFromEnv({ TIPLINE_DEFAULT_LOCALE: 'fr' })).toThrow(/TIPLINE_DEFAULT_LOCALE must be one of en, ko, zh-Hans/);
    expect(() => appConfigFromEnv({ TIPLINE_DEFAULT_LOCALE: 'zh-hans' })).toThrow(/TIPLINE_DEFAULT_LOCALE/);
    expect(() => appConfigFromEnv({ TIPLINE_INTAKE_PER_MINUTE: '0' })).toThrow(/TIPLINE_INTAKE_PER_MINUTE must be a whole number of at least 1/);
    expect(() => appConfigFromEnv({ TIPLINE_DESK_INTAKE_PER_MINUTE: 'many' })).toThrow(/TIPLINE_DESK_INTAKE_PER_MINUTE/);
    expect(() => appConfigFromEnv({ TIPLINE_MIN_MESSAGE_CHARS: '2.5' })).toThrow(/TIPLINE_MIN_MESSAGE_CHARS/);
    expect(() => appConfigFromEnv({ TIPLINE_NEWSROOM_LOGO: '//cdn.example/logo.svg' })).toThrow(/path on this site/);
    expect(() => listenAddress({ PORT: '80a' })).toThrow(/PORT/);
    expect(() => listenAddress({ PORT: '70000' })).toThrow(/PORT must be a whole number of at most 65535/);
  });
});
