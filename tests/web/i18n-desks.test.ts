// Desk names and descriptions per language: set with the verb (validated, audited in the same
// transaction) or `tipline desk translate`, shown on the start page, the form and the
// conversation in that language, and the desk's own words everywhere else.
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/domain/audit.ts';
import { setDeskTranslations } from '../../src/domain/desk-translations.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { addDesk, testApp, type TestApp } from '../helpers/app.ts';
import { runCli } from '../helpers/processes.ts';
import { codenameOf, multipart, postForm } from './helpers.ts';

const admin = { kind: 'admin-cli' } as const;

function translate(t: TestApp, input: { slug?: string; locale: string; name?: string; description?: string }) {
  return setDeskTranslations({ ctx: t.ctx, input: { slug: 'politics', ...input, actor: admin } });
}

async function page(t: TestApp, path: string, cookie?: string): Promise<string> {
  const res = await t.app.request(path, cookie ? { headers: { cookie } } : {});
  expect(res.status, path).toBe(200);
  return res.text();
}

describe('desk translations', () => {
  it('show the desk in the reader’s language where it is translated, and its own words elsewhere', async () => {
    const t = await testApp();
    await addDesk(t, 'politics');
    const stored = await translate(t, { locale: 'ko', name: '  정치부 ', description: '정부와 국회에 관한 제보' });
    expect(stored).toEqual({ slug: 'politics', locale: 'ko', name: '정치부', description: '정부와 국회에 관한 제보' });
    await translate(t, { locale: 'zh-Hans', name: '政治部' });

    const ko = await page(t, '/ko');
    expect(ko).toContain('제보 보내기: 정치부');
    expect(ko).toContain('<p>정부와 국회에 관한 제보</p>');
    expect(ko).not.toContain('Desk politics');
    const form = await page(t, '/ko/submit/politics');
    expect(form).toContain('<h1>제보 보내기: 정치부</h1>');
    expect(form).toContain('<p class="intro">정부와 국회에 관한 제보</p>');
    // Chinese has a name only; English has nothing: the desk's own words fill in.
    expect(await page(t, '/zh-Hans')).toContain('把线索发给政治部');
    expect(await page(t, '/')).toContain('Send a tip to Desk politics');
    expect(await page(t, '/submit/politics')).not.toContain('정치부');

    // The conversation page names the desk in the reader's language too.
    const confirmation = await (await postForm(t, '/ko/submit/politics', multipart({ message: '항만청이 점검 기록을 조작하고 있습니다.' }))).text();
    const login = await postForm(t, '/ko/return', new URLSearchParams({ codename: codenameOf(confirmation) }));
    const cookie = /^(tl_session=[A-Za-z0-9_-]+)/.exec(login.headers.get('set-cookie') ?? '')![1]!;
    expect(await page(t, '/ko/conversation', cookie)).toContain('<h1>대화 상대: 정치부</h1>');
    expect(await page(t, '/conversation', cookie)).toContain('<h1>Your conversation with Desk politics</h1>');
  }, 30_000);

  it('are audited as desk.translated in the same chain, and an empty text removes one', async () => {
    const t = await testApp();
    await addDesk(t, 'politics');
    await translate(t, { locale: 'ko', name: '정치부', description: '정부에 관한 제보' });
    expect(await translate(t, { locale: 'ko', description: '' })).toEqual({ slug: 'politics', locale: 'ko', name: '정치부' });
    const ko = await page(t, '/ko');
    expect(ko).toContain('정치부');
    expect(ko).not.toContain('정부에 관한 제보');
    expect(await translate(t, { locale: 'ko', name: '' })).toEqual({ slug: 'politics', locale: 'ko' });
    expect(await page(t, '/ko')).toContain('제보 보내기: Desk politics');

    const desk = (await t.db.read.query.desks.findFirst())!;
    expect(JSON.parse(desk.translations)).toEqual({});
    const entries = (await t.db.read.query.auditLog.findMany()).filter((e) => e.action === 'desk.translated');
    expect(entries.map((e) => [e.actor, e.subject, JSON.parse(e.details)])).toEqual([
      ['admin-cli', desk.id, { fields: ['name', 'description'], locale: 'ko', slug: 'politics' }],
      ['admin-cli', desk.id, { fields: ['description'], locale: 'ko', slug: 'politics' }],
      ['admin-cli', desk.id, { fields: ['name'], locale: 'ko', slug: 'politics' }],
    ]);
    expect((await verifyAuditChain(t.db.read)).ok).toBe(true);
  });

  it('refuse an unknown language or desk, overlong texts and an empty request, changing nothing', async () => {
    const t = await testApp();
    await addDesk(t, 'politics');
    const refusals: Array<[Parameters<typeof translate>[1], string]> = [
      [{ locale: 'fr', name: 'Politique' }, 'invalid_input'],
      [{ locale: 'ko-KR', name: '정치부' }, 'invalid_input'],
      [{ locale: 'ko' }, 'invalid_input'],
      [{ locale: 'ko', name: '정'.repeat(121) }, 'invalid_input'],
      [{ locale: 'ko', description: '설'.repeat(2001) }, 'invalid_input'],
      [{ slug: 'nobody', locale: 'ko', name: '아무도' }, 'unknown_desk'],
    ];
    for (const [input, code] of refusals) {
      const error = await translate(t, input).catch((e: unknown) => e);
      expect(error, JSON.stringify(input)).toBeInstanceOf(DomainError);
      expect((error as DomainError).code, JSON.stringify(input)).toBe(code);
    }
    expect((await t.db.read.query.desks.findFirst())!.translations).toBe('{}');
    expect((await t.db.read.query.auditLog.findMany()).map((e) => e.action)).toEqual(['desk.created', 'desk.key_added']);
  });

  it('are set with `tipline desk translate`', async () => {
    const t = await testApp();
    await addDesk(t, 'politics');
    const env = { DATABASE_URL: t.dbUrl };
    const done = await runCli(['desk', 'translate', 'politics', '--locale', 'zh-Hans', '--name', '政治部', '--description', '关于政府的线索'], env);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('politics');
    const zh = await page(t, '/zh-Hans');
    expect(zh).toContain('把线索发给政治部');
    expect(zh).toContain('<p>关于政府的线索</p>');
    const wrong = await runCli(['desk', 'translate', 'politics', '--locale', 'fr', '--name', 'Politique'], env);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/en, ko, zh-Hans/);
    const usage = await runCli(['desk', 'translate', 'politics', '--locale', 'ko'], env);
    expect(usage.code).toBe(2);
  }, 60_000);
});
