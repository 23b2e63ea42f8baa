// Fuzzing codename input: what a source types to come back.
//   - normaliseCodename (src/domain/codename.ts) on its own, at the full count: any Unicode in,
//     one canonical form out (idempotent, single ASCII spaces, nothing around), in bounded time
//     even for megabytes; and every way a real codename can be typed (case, any white space
//     including the ideographic space, NFC or NFD Hangul, full-width letters, Chinese without
//     spaces) gives the same form as the codename itself.
//   - The return page, POST /return through the app (fewer inputs: every one runs the codename
//     KDF, on purpose): the real codename, typed in any of those ways, logs in (303 and the
//     session cookie); anything else, random text, another codename with one word changed,
//     damaged and oversized bodies, gets the same refusal page; never a 5xx, and the server
//     writes nothing either way (sessions live in the cookie only).
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { deriveSourceKeys, fromBase64, generateBoxKeyPair, newTipKey, sealMessage, sealToPublicKey, toBase64 } from '../../src/crypto/index.ts';
import { CODENAME_WORDLISTS, generateCodename, normaliseCodename } from '../../src/domain/codename.ts';
import { createDesk } from '../../src/domain/desks.ts';
import { instanceSecret } from '../../src/domain/instance.ts';
import { bounded, fuzzApp, mutate, mutation, params, runs, slowRuns, timeoutFor, type FuzzApp } from './harness.ts';

const LOCALES = ['en', 'ko', 'zh-Hans'] as const;
type Locale = (typeof LOCALES)[number];

const SPACES = [' ', '  ', '\t', '\n', '\r\n', '\u3000', '\u00a0', '\u2003', ' \u3000 '];

/** The ways a person may type a codename back: same words, any spacing, case and Unicode form. */
const typing = fc.record({
  separators: fc.array(fc.constantFrom(...SPACES), { minLength: 8, maxLength: 8 }),
  around: fc.tuple(fc.constantFrom('', ' ', '\u3000', '\n\t'), fc.constantFrom('', ' ', '\u3000', '\n')),
  upper: fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }),
  form: fc.constantFrom('NFC', 'NFD', 'NFKC', 'NFKD', 'asIs'),
  fullWidth: fc.boolean(),
  noSpacesForHan: fc.boolean(),
});
type Typing = typeof typing extends fc.Arbitrary<infer T> ? T : never;

function typeBack(codename: string, locale: Locale, how: Typing): string {
  const words = codename.split(' ');
  const cased = words.map((w, i) => (how.upper[i] ? w.toUpperCase() : w));
  const widened = how.fullWidth ? cased.map((w) => w.replace(/[a-zA-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))) : cased;
  const joined = locale === 'zh-Hans' && how.noSpacesForHan
    ? widened.join('')
    : widened.map((w, i) => (i === 0 ? w : `${how.separators[i - 1]}${w}`)).join('');
  const text = `${how.around[0]}${joined}${how.around[1]}`;
  return how.form === 'asIs' ? text : text.normalize(how.form);
}

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.array(fc.constantFrom(...SPACES, 'a', 'Z', '가', '각', '\u1100\u1161', '中', '國', '\u0301', 'ß', 'İ', 'ﬁ', 'Ａ', '\ud800', '\u200b', '\ufeff'), { maxLength: 60 }).map((a) => a.join('')),
);

describe('normaliseCodename', () => {
  const n = runs(600);
  it(`gives one canonical form for any input (${n} inputs)`, { timeout: timeoutFor(n, 10) }, async () => {
    await fc.assert(fc.asyncProperty(anyText, async (text) => {
      const once = await bounded('normaliseCodename', 1_000, () => normaliseCodename(text));
      expect(once).toBe(once.trim());
      expect(once).not.toMatch(/\s\s|[^\S ]/u);
      expect(normaliseCodename(once)).toBe(once);
    }), params(n));
  });

  const m = runs(200);
  it(`maps every way of typing a codename back to the codename (${m} inputs)`, { timeout: timeoutFor(m, 10) }, async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...LOCALES), typing, async (locale, how) => {
      const codename = generateCodename(CODENAME_WORDLISTS[locale]);
      const typed = typeBack(codename, locale, how);
      expect(await bounded('normaliseCodename', 1_000, () => normaliseCodename(typed))).toBe(normaliseCodename(codename));
    }), params(m));
  });

  it('takes linear time on huge input', async () => {
    for (const piece of ['a ', '中', '\u3000', 'x\u0301', '가나 ']) {
      const huge = piece.repeat(Math.ceil(1_000_000 / piece.length));
      await bounded(`normaliseCodename(1 MB of ${JSON.stringify(piece)})`, 5_000, () => normaliseCodename(huge));
    }
  });
});

describe('POST /return', () => {
  let t: FuzzApp | undefined;
  afterAll(() => t?.close());

  const n = slowRuns(6);
  it(`logs in the real codename however it is typed, refuses everything else alike, writes nothing (${n} inputs)`, { timeout: timeoutFor(n, 5_000) }, async () => {
    t = await fuzzApp();
    const app = t;
    const desk = generateBoxKeyPair();
    await createDesk({ ctx: app.ctx, input: { slug: 'investigations', name: 'Investigations', publicKey: desk.publicKey, actor: { kind: 'admin-cli' } } });
    // A source registered from the browser (JavaScript), coming back without it: both sides must agree.
    const locale: Locale = LOCALES[Math.floor(Math.random() * LOCALES.length)]!;
    const codename = generateCodename(CODENAME_WORDLISTS[locale]);
    const salt = fromBase64(((await (await app.app.request('/api/v1/instance')).json()) as { kdf: { salt: string } }).kdf.salt);
    const keys = await deriveSourceKeys(normaliseCodename(codename), salt);
    const key = newTipKey();
    const registered = await app.app.request('/api/v1/tips', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        desk: 'investigations', keyVersion: 1, sealedKey: toBase64(sealToPublicKey(key, desk.publicKey)), message: toBase64(sealMessage(key, 'first tip, with a codename')),
        source: { lookupKey: toBase64(keys.lookupKey), replyPublicKey: toBase64(keys.reply.publicKey) },
      }),
    });
    expect(registered.status).toBe(201);
    await instanceSecret(app.ctx, 'session_key'); // made at first use: made now, so that any write after this is a finding

    const words = CODENAME_WORDLISTS[locale];
    const input = fc.oneof(
      { weight: 2, arbitrary: typing.map((how) => ({ kind: 'real' as const, text: typeBack(codename, locale, how) })) },
      { weight: 1, arbitrary: fc.tuple(fc.nat(8), fc.nat(words.length - 1)).map(([at, w]) => {
        const changed = codename.split(' ');
        changed[at] = words[w] === changed[at] ? words[(w + 1) % words.length]! : words[w]!;
        return { kind: 'other' as const, text: changed.join(' ') };
      }) },
      { weight: 1, arbitrary: anyText.map((text) => ({ kind: 'other' as const, text })) },
      { weight: 1, arbitrary: fc.constantFrom('', 'x'.repeat(9_000), codename.repeat(20)).map((text) => ({ kind: 'other' as const, text })) },
    );
    const encoding = fc.oneof(
      { weight: 4, arbitrary: fc.constant({ kind: 'urlencoded' as const }) },
      { weight: 1, arbitrary: fc.constant({ kind: 'multipart' as const }) },
      { weight: 1, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }).map((m) => ({ kind: 'damaged' as const, mutations: m })) },
    );
    const paths = fc.constantFrom('/return', '/ko/return', '/zh-Hans/return', '/en/return');

    await fc.assert(fc.asyncProperty(input, encoding, paths, async (typed, enc, path) => {
      let init: RequestInit;
      if (enc.kind === 'multipart') {
        const form = new FormData();
        form.append('codename', typed.text);
        init = { method: 'POST', body: form };
      } else {
        const body = new TextEncoder().encode(new URLSearchParams({ codename: typed.text }).toString());
        init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: (enc.kind === 'damaged' ? mutate(body, enc.mutations) : body) as Uint8Array<ArrayBuffer> };
      }
      const before = await app.dataVersion();
      const response = await bounded(`POST ${path}`, 20_000, () => app.app.request(path, init));
      await response.arrayBuffer();
      expect(response.status).toBeLessThan(500);
      expect(await app.dataVersion(), 'POST /return wrote to the database').toBe(before);
      const cookie = response.headers.get('set-cookie');
      // Intact bodies say exactly who this is; a damaged one may still carry the real codename.
      if (enc.kind !== 'damaged' && typed.kind === 'real' && typed.text.length <= 1000) {
        expect(response.status).toBe(303);
        expect(cookie).toMatch(/^tl_session=[A-Za-z0-9_-]+;/);
      } else if (enc.kind !== 'damaged' || response.status !== 303) {
        expect([400, 403, 413]).toContain(response.status);
        expect(response.headers.get('content-type')).toMatch(/^text\/html/);
        expect(cookie).toBeNull();
      }
    }), params(n));
  });
});
