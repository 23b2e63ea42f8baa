// The Worker's [vars] become the same AppConfig the Node server builds from its environment
// (both go through src/settings.ts): same names, same defaults, the languages too, and a bad
// value stops the Worker instead of running half-set.
import { describe, expect, it } from 'vitest';
import { DEFAULT_FORM_SLOTS } from '../../src/http/form-slots.ts';
import { DEFAULT_INTAKE_LIMITS } from '../../src/http/intake-gate.ts';
import { DEFAULT_FORM_MAX_BYTES, DEFAULT_MIN_MESSAGE_CHARS, DEFAULT_NEWSROOM } from '../../src/http/page-deps.ts';
import { UNFINISHED_UPLOAD_DAYS } from '../../src/domain/retention.ts';
import { appConfigFromEnv } from '../../src/settings.ts';
import { configFromVars, unfinishedUploadDays } from '../../src/worker/config.ts';

describe('the Worker configuration', () => {
  it('uses the Node defaults when nothing is set', () => {
    expect(configFromVars({ DATABASE_URL: 'libsql://x.turso.io' })).toEqual({
      accessLog: false,
      intake: DEFAULT_INTAKE_LIMITS,
      newsroom: DEFAULT_NEWSROOM,
      formMaxBytes: DEFAULT_FORM_MAX_BYTES,
      formSlots: DEFAULT_FORM_SLOTS,
      minMessageChars: DEFAULT_MIN_MESSAGE_CHARS,
    });
    expect(unfinishedUploadDays({})).toBe(UNFINISHED_UPLOAD_DAYS);
  });

  it('reads every var', () => {
    const config = configFromVars({
      TIPLINE_ACCESS_LOG: '1', TIPLINE_NEWSROOM_NAME: 'The Ledger', TIPLINE_NEWSROOM_INTRO: 'Write to us.',
      TIPLINE_NEWSROOM_LOGO: '/static/logo.svg', TIPLINE_ONION_ADDRESS: 'http://abc.onion', TIPLINE_FORM_MAX_BYTES: '16777216',
      TIPLINE_FORM_SLOTS: '1', TIPLINE_MIN_MESSAGE_CHARS: '5', TIPLINE_POW_DIFFICULTY: '0', TIPLINE_INTAKE_PER_MINUTE: '60',
      TIPLINE_DESK_INTAKE_PER_MINUTE: '30',
    });
    expect(config).toEqual({
      accessLog: true,
      intake: { globalPerMinute: 60, perDeskPerMinute: 30, powDifficulty: 0 },
      newsroom: { name: 'The Ledger', intro: 'Write to us.', logoPath: '/static/logo.svg' },
      onionAddress: 'http://abc.onion',
      formMaxBytes: 16_777_216,
      formSlots: 1,
      minMessageChars: 5,
    });
    expect(unfinishedUploadDays({ TIPLINE_UNFINISHED_UPLOAD_DAYS: '3' })).toBe(3);
  });

  it('gives the settings the Node server gets from the same environment, languages included', () => {
    const env = {
      DATABASE_URL: 'libsql://x.turso.io', TIPLINE_DEFAULT_LOCALE: 'ko', TIPLINE_NEWSROOM_NAME: 'The Ledger',
      TIPLINE_NEWSROOM_NAME_KO: '레저', TIPLINE_NEWSROOM_INTRO_ZH_HANS: '请告诉我们。', TIPLINE_POW_DIFFICULTY: '12',
      TIPLINE_FORM_SLOTS: '1', TIPLINE_ONION_ADDRESS: 'http://abc.onion',
    };
    const assets = { fetch: async () => new Response(null, { status: 404 }) };
    const worker = configFromVars({ ...env, ASSETS: assets });
    // src/node.ts passes process.env to the same parser.
    expect(worker).toEqual(appConfigFromEnv(env));
    expect(worker.defaultLocale).toBe('ko');
    expect(worker.newsroom?.translations).toEqual({ ko: { name: '레저' }, 'zh-Hans': { intro: '请告诉我们。' } });
    // A [vars] value written as a TOML number arrives as a number: read as its digits.
    expect(configFromVars({ TIPLINE_FORM_SLOTS: 3 }).formSlots).toBe(3);
  });

  it('refuses values that are not what they claim', () => {
    expect(() => configFromVars({ TIPLINE_FORM_SLOTS: '0' })).toThrow(/TIPLINE_FORM_SLOTS must be a whole number of at least 1/);
    expect(() => configFromVars({ TIPLINE_FORM_MAX_BYTES: '10MB' })).toThrow(/TIPLINE_FORM_MAX_BYTES/);
    expect(() => configFromVars({ TIPLINE_POW_DIFFICULTY: '-1' })).toThrow(/TIPLINE_POW_DIFFICULTY/);
    expect(() => configFromVars({ TIPLINE_NEWSROOM_LOGO: 'https://cdn.example/logo.svg' })).toThrow(/path on this site/);
    expect(() => configFromVars({ TIPLINE_DEFAULT_LOCALE: 'de' })).toThrow(/TIPLINE_DEFAULT_LOCALE/);
    expect(() => unfinishedUploadDays({ TIPLINE_UNFINISHED_UPLOAD_DAYS: '0' })).toThrow(/at least 1/);
  });
});
