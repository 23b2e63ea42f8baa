// Every source page in Korean and Simplified Chinese, driven as a browser without JavaScript
// would: no English catalog text and no key name on any of them; the language menu on every
// page (plain links, each language named in itself) and the links work; Accept-Language
// changes nothing; the instance's default language and the newsroom's own words per language.
import { describe, expect, it } from 'vitest';
import { sealReply } from '../../src/client/reply.ts';
import { replyRecipients, sendReply } from '../../src/domain/replies.ts';
import { LOCALES, t as text, type Locale } from '../../src/web/i18n/i18n.ts';
import { addDesk, testApp, type TestApp } from '../helpers/app.ts';
import { englishOn, englishPieces } from './i18n-helpers.ts';
import { codenameOf, csrfOf, multipart, phoneJpeg, postForm } from './helpers.ts';

const MESSAGES: Record<Exclude<Locale, 'en'>, string> = {
  ko: '항만청이 크레인 점검 기록을 조작하고 있습니다. 3월 회의록에 서명한 사람이 없습니다.',
  'zh-Hans': '港务局一直在伪造起重机检查记录。三月的会议纪要没有任何人签字。',
};
/** A JPEG cut off after its first marker: metadata removal refuses it as damaged. */
const CUT_JPEG = new Uint8Array([0xff, 0xd8, 0xff]);

/** Every page a source can meet in `locale`, no JavaScript: [what, status, html]. */
async function everyPage(t: TestApp, locale: Locale): Promise<Array<[string, number, string]>> {
  const pages: Array<[string, number, string]> = [];
  const at = (path: string) => `/${locale}${path}`;
  const keep = async (what: string, res: Response) => {
    const html = await res.text();
    pages.push([what, res.status, html]);
    return html;
  };
  const post = (path: string, fields: Record<string, string>, files: Parameters<typeof multipart>[1] = [], cookie?: string) =>
    postForm(t, at(path), multipart(fields, files), cookie ? { cookie } : {});
  const message = MESSAGES[locale as Exclude<Locale, 'en'>];

  await keep('start page', await t.app.request(`/${locale}`));
  await keep('form', await t.app.request(at('/submit/politics')));
  await keep('codename form', await t.app.request(at('/return')));
  await keep('unknown codename', await postForm(t, at('/return'), new URLSearchParams({ codename: 'not my codename' })));
  await keep('too short', await post('/submit/politics', { message: '짧음' }));
  await keep('unsupported file', await post('/submit/politics', { message }, [{ name: 'notes.bin', bytes: new Uint8Array([0xde, 0xad, 0xbe, 0xef, 1, 2, 3]) }]));
  await keep('rejected file', await post('/submit/politics', { message }, [{ name: 'minutes.jpg', type: 'image/jpeg', bytes: CUT_JPEG }]));
  await keep('honeypot', await post('/submit/politics', { message, website: 'https://spam.example' }));
  const confirmation = await keep('confirmation', await post('/submit/politics', { message, allow_unsupported: '1' }, [
    { name: 'crane.jpg', type: 'image/jpeg', bytes: phoneJpeg() },
    { name: 'notes.bin', bytes: new Uint8Array([0xde, 0xad, 0xbe, 0xef, 1, 2, 3]) },
    { name: 'plain.txt', type: 'text/plain', bytes: 'minutes of 3 March' },
  ]));

  const tip = (await t.db.read.query.tips.findFirst())!;
  const recipients = (await replyRecipients(t.ctx, tip.id))!;
  const desk = (await t.db.read.query.desks.findFirst())!;
  const deskKey = (await t.db.read.query.deskKeys.findFirst())!;
  expect(desk.slug).toBe('politics');
  const sealed = sealReply('감사합니다 / 谢谢', recipients.replyPublicKey, deskKey.publicKey);
  await sendReply({ ctx: t.ctx, input: { tipId: tip.id, ...sealed, deskKeyVersion: 1, actor: { kind: 'staff', id: 'ed' } } });

  const login = await postForm(t, at('/return'), new URLSearchParams({ codename: codenameOf(confirmation) }));
  expect(login.status).toBe(303);
  expect(login.headers.get('location')).toBe(at('/conversation'));
  const cookie = /^(tl_session=[A-Za-z0-9_-]+)/.exec(login.headers.get('set-cookie') ?? '')![1]!;
  const conversation = await keep('conversation', await t.app.request(at('/conversation'), { headers: { cookie } }));
  const csrf = csrfOf(conversation);
  await keep('follow-up sent', await post('/conversation/follow-up', { message: '북쪽 부두 / 北码头', csrf }, [], cookie));
  await keep('follow-up too short', await post('/conversation/follow-up', { message: '', csrf }, [], cookie));
  await keep('unknown answer', await post('/conversation/replies/not-an-id/delete', { csrf }, [], cookie));
  await keep('stale form', await post('/logout', { csrf: 'stale' }, [], cookie));
  // Four submissions a minute to a desk (the test's app; the refused files counted too): the
  // fifth gets the form back, busy.
  await keep('busy', await post('/submit/politics', { message }));
  await keep('no such page', await t.app.request(at('/nothing-here')));
  await keep('no such desk', await t.app.request(at('/submit/nobody')));
  await keep('session ended', await t.app.request(at('/conversation'), { headers: { cookie: 'tl_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } }));

  const small = await testApp({ config: { formMaxBytes: 2048 } });
  await addDesk(small, 'politics');
  await keep('too large', await postForm(small, at('/submit/politics'), multipart({ message }, [{ name: 'big.txt', bytes: 'x'.repeat(4096) }])));
  return pages;
}

describe('source pages in Korean and Chinese', () => {
  for (const locale of ['ko', 'zh-Hans'] as const) {
    it(`show no English and no key names in ${locale}, on every page a source can meet`, async () => {
      const t = await testApp({ intake: { perDeskPerMinute: 4 } });
      await addDesk(t, 'politics');
      const pages = await everyPage(t, locale);
      const statuses = Object.fromEntries(pages.map(([what, status]) => [what, status]));
      expect(statuses).toEqual({
        'start page': 200, form: 200, 'codename form': 200, 'unknown codename': 403, 'too short': 400, 'unsupported file': 422,
        'rejected file': 422, honeypot: 200, confirmation: 200, conversation: 200, 'follow-up sent': 200, 'follow-up too short': 400,
        'unknown answer': 404, 'stale form': 403, busy: 429, 'no such page': 404, 'no such desk': 404, 'session ended': 403, 'too large': 413,
      });
      for (const [what, , html] of pages) {
        expect(html, what).toContain(`<html lang="${locale}">`);
        expect(englishOn(html, locale), what).toEqual([]);
      }
      // The pages did say what they are for, in the reader's language.
      const page = (what: string) => pages.find(([w]) => w === what)![2];
      expect(page('too short')).toContain(text(locale, 'error.messageTooShort', { min: 20 }));
      expect(page('rejected file')).toContain(text(locale, 'error.fileRejected', { name: 'minutes.jpg', reason: text(locale, 'reject.malformed') }));
      expect(page('busy')).toContain(text(locale, 'error.chooseFilesAgain'));
      expect(page('confirmation')).toContain(text(locale, 'confirm.file.unsupported', { name: 'notes.bin' }));
      expect(page('confirmation')).toContain(text(locale, 'confirm.file.nothing', { name: 'plain.txt' }));
      expect(page('conversation')).toContain(text(locale, 'conversation.reply.day', { day: new Date('2026-11-22T00:00:00Z') }));
      expect(page('too large')).toContain(text(locale, 'error.tooLarge', { megabytes: 0 }));
    }, 60_000);
  }

  it('would notice an English sentence left on a page', () => {
    // The checker itself: English text, a key name and a half-translated plural are found.
    expect(englishPieces('ko').length).toBeGreaterThan(100);
    const html = `<p>${text('ko', 'landing.title')}</p><p>${text('en', 'safety.close')}</p><p>landing.desks.none</p><p>&#39;${text('en', 'error.busy', { seconds: 3 })}</p>`;
    expect(englishOn(html, 'ko')).toEqual([
      'safety.close: Close the browser when you are done.',
      'error.busy: Tipline is receiving many tips right now. Nothing was lost; please try again in',
      'error.busy: second', 'error.busy: seconds',
      'key landing.desks.none',
    ]);
  });
});

/** The language menu of a page: [href, lang, hreflang, name, current]. */
function menuOf(html: string): string[][] {
  const nav = /<nav class="languages" aria-label="[^"]+"><ul>([\s\S]*?)<\/ul><\/nav>/.exec(html);
  if (!nav) return [];
  return [...nav[1]!.matchAll(/<a href="([^"]*)" lang="([^"]*)" hreflang="([^"]*)"( aria-current="page")?>([^<]*)<\/a>/g)]
    .map((m) => [m[1]!, m[2]!, m[3]!, m[5]!, m[4] ? 'current' : '']);
}

describe('the language menu', () => {
  it('links every page to itself in every language, each named in itself, and the links work without JavaScript', async () => {
    const t = await testApp();
    await addDesk(t, 'politics');
    for (const path of ['/', '/submit/politics', '/return']) {
      for (const locale of LOCALES) {
        const here = locale === 'en' ? path : `/${locale}${path === '/' ? '' : path}`;
        const html = await (await t.app.request(here)).text();
        const menu = menuOf(html);
        expect(menu, here).toEqual([
          [path, 'en', 'en', 'English', locale === 'en' ? 'current' : ''],
          [path === '/' ? '/ko' : `/ko${path}`, 'ko', 'ko', '한국어', locale === 'ko' ? 'current' : ''],
          [path === '/' ? '/zh-Hans' : `/zh-Hans${path}`, 'zh-Hans', 'zh-Hans', '简体中文', locale === 'zh-Hans' ? 'current' : ''],
        ]);
        for (const [href, lang] of menu) {
          const res = await t.app.request(href!);
          expect(res.status, href).toBe(200);
          const target = await res.text();
          expect(target, href).toContain(`<html lang="${lang}">`);
          // The same page: the same form, the same desk.
          if (path !== '/') expect(target, href).toContain(`action="${href}"`);
        }
      }
    }
  });

  it('is left off the page that shows a codename, which must not be left by accident', async () => {
    const t = await testApp();
    await addDesk(t, 'politics');
    const res = await postForm(t, '/ko/submit/politics', multipart({ message: MESSAGES.ko }));
    const html = await res.text();
    expect(codenameOf(html).split(' ')).toHaveLength(9);
    expect(menuOf(html)).toEqual([]);
    expect(html).not.toContain('hreflang');
  });

  it('keeps the prefix of the language on every link, form and redirect', async () => {
    const t = await testApp();
    await addDesk(t, 'politics');
    const landing = await (await t.app.request('/zh-Hans')).text();
    expect(landing).toContain('href="/zh-Hans/submit/politics"');
    expect(landing).toContain('href="/zh-Hans/return"');
    expect(landing).toContain('class="brand" href="/zh-Hans"');
    // Typed by hand with a slash at the end, the start page is still found.
    const slash = await t.app.request('/zh-Hans/');
    expect([slash.status, slash.headers.get('location')]).toEqual([301, '/zh-Hans']);
    const noSession = await t.app.request('/ko/conversation');
    expect([noSession.status, noSession.headers.get('location')]).toEqual([303, '/ko/return']);
    // English is reachable under its own prefix as well.
    const english = await t.app.request('/en/return');
    expect(english.status).toBe(200);
    expect(await english.text()).toContain('<html lang="en">');
  });
});

describe('the language of a page', () => {
  it('is never taken from Accept-Language', async () => {
    const t = await testApp();
    await addDesk(t, 'politics');
    for (const path of ['/', '/return', '/submit/politics', '/ko/return', '/nothing']) {
      const plain = await (await t.app.request(path)).text();
      for (const header of ['ko-KR,ko;q=0.9', 'zh-CN,zh-Hans;q=0.9', 'en-US']) {
        const asked = await (await t.app.request(path, { headers: { 'accept-language': header } })).text();
        expect(asked, `${path} ${header}`).toBe(plain);
      }
      expect(plain).toContain(`<html lang="${path.startsWith('/ko') ? 'ko' : 'en'}">`);
    }
  });

  it('at / is the instance default, and every language keeps its prefix', async () => {
    const t = await testApp({ config: { defaultLocale: 'ko' } });
    await addDesk(t, 'politics');
    const root = await (await t.app.request('/')).text();
    expect(root).toContain('<html lang="ko">');
    expect(englishOn(root, 'ko')).toEqual([]);
    expect(root).toContain('href="/submit/politics"');
    expect(menuOf(root).map(([href, lang]) => `${lang} ${href}`)).toEqual(['en /en', 'ko /', 'zh-Hans /zh-Hans']);
    const english = await (await t.app.request('/en')).text();
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('href="/en/submit/politics"');
    expect(english).toContain('Send us a tip');
    expect(await (await t.app.request('/ko/return')).text()).toContain('<html lang="ko">');
    expect(await (await t.app.request('/zh-Hans/return')).text()).toContain('<html lang="zh-Hans">');
    const missing = await t.app.request('/nothing-here');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain(text('ko', 'error.notFound'));

    // The no-JS flow stays in English under /en, start to end.
    const confirmation = await (await postForm(t, '/en/submit/politics', multipart({ message: 'The harbour master signs reports he never read.' }))).text();
    const codename = codenameOf(confirmation);
    expect(codename).toMatch(/^[a-z]+( [a-z]+){8}$/);
    const login = await postForm(t, '/en/return', new URLSearchParams({ codename }));
    expect([login.status, login.headers.get('location')]).toEqual([303, '/en/conversation']);
    const cookie = /^(tl_session=[A-Za-z0-9_-]+)/.exec(login.headers.get('set-cookie') ?? '')![1]!;
    const conversation = await (await t.app.request('/en/conversation', { headers: { cookie } })).text();
    expect(conversation).toContain('<html lang="en">');
    expect(conversation).toContain('action="/en/conversation/follow-up"');
    expect(conversation).toMatch(/<form id="logout-form" method="post" action="\/en\/logout">/);
    // The same session reads the Korean page at `/`.
    expect(await (await t.app.request('/conversation', { headers: { cookie } })).text()).toContain('<html lang="ko">');
  }, 30_000);

  it('shows the newsroom in the reader’s language where it is given, its default words elsewhere', async () => {
    const t = await testApp({
      config: {
        newsroom: {
          name: 'The Harbour Gazette', intro: 'Tell us what the port hides.',
          translations: { ko: { name: '항구 신문', intro: '항구가 숨기는 것을 알려 주세요.' }, 'zh-Hans': { name: '港口报' } },
        },
      },
    });
    const ko = await (await t.app.request('/ko')).text();
    expect(ko).toContain(`<title>${text('ko', 'landing.title')} · 항구 신문</title>`);
    expect(ko).toContain('<span>항구 신문</span>');
    expect(ko).toContain('항구가 숨기는 것을 알려 주세요.');
    expect(ko).not.toContain('The Harbour Gazette');
    const zh = await (await t.app.request('/zh-Hans')).text();
    expect(zh).toContain('<span>港口报</span>');
    expect(zh).toContain('Tell us what the port hides.');
    const en = await (await t.app.request('/')).text();
    expect(en).toContain('<span>The Harbour Gazette</span>');
    expect(en).toContain('Tell us what the port hides.');
  });
});
