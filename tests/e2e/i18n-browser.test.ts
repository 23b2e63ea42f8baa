// The source pages in Korean and Chinese in real Chromium against the real Node server, on a
// 320 px wide screen: nothing wider than the screen on any page, a codename in the page's
// language (made by the server without JavaScript, by the worker with it), typed back on
// another language's page in the other Unicode normal form, and the conversation opens.
// Screenshots of every page in each language go to test-artifacts/i18n-browser/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { runCli, startServer, type RunningServer } from '../helpers/processes.ts';
import { tempDir } from '../helpers/temp.ts';

const ARTIFACTS = 'test-artifacts/i18n-browser';
const WIDTH = 320;
const TIMEOUT = 240_000;
const MESSAGES = {
  ko: '항만청이 크레인 점검 기록을 조작하고 있습니다. 3월 회의록에 서명한 사람이 없습니다.',
  'zh-Hans': '港务局一直在伪造起重机检查记录。三月的会议纪要没有任何人签字。',
} as const;
type Language = keyof typeof MESSAGES;
const WORD: Record<Language, RegExp> = { ko: /^\p{Script=Hangul}+$/u, 'zh-Hans': /^\p{Script=Han}$/u };

let dir: ReturnType<typeof tempDir>;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = tempDir();
  const env = { DATABASE_URL: `file:${join(dir.path, 'tipline.db')}`, TIPLINE_POW_DIFFICULTY: '8' };
  const created = await runCli(['desk', 'create', 'politics', '--name', 'Politics', '--secret-key-out', join(dir.path, 'desk.key'), '--recovery-key-out', `${join(dir.path, 'desk.key')}.recovery`], env);
  expect(created.code, created.stderr).toBe(0);
  // A long name without spaces in Korean, as a desk might be named: it must wrap, not overflow.
  const translated = await runCli(['desk', 'translate', 'politics', '--locale', 'ko', '--name', '정치사회부탐사보도팀제보창구', '--description', '정부와 국회, 지방자치단체에 관한 제보를 받습니다.'], env);
  expect(translated.code, translated.stderr).toBe(0);
  server = await startServer(env);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop('SIGKILL');
  dir?.remove();
});

async function narrowPage(javaScriptEnabled: boolean) {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: WIDTH, height: 640 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) errors.push(m.text()); });
  return { context, page, errors };
}

/** How much wider than the screen the page is (0 when it fits), with the page's language. */
async function layoutOf(page: Page, name: string) {
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
  return page.evaluate(() => ({
    lang: document.documentElement.lang,
    overflow: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth,
  }));
}

async function codenameOn(page: Page): Promise<string[]> {
  const element = page.locator('#codename');
  await element.waitFor({ timeout: 120_000 });
  return (await element.textContent())!.trim().split(' ');
}

describe('the source pages in Korean and Chinese, 320 px wide', () => {
  it('fit the screen without JavaScript, and a codename in either language opens the other language’s pages', async () => {
    const { context, page, errors } = await narrowPage(false);
    const codenames: Partial<Record<Language, string>> = {};
    for (const lang of ['ko', 'zh-Hans'] as const) {
      for (const [name, path] of [['landing', ''], ['submit', '/submit/politics'], ['return', '/return']] as const) {
        await page.goto(`${server.url}/${lang}${path}`);
        expect(await layoutOf(page, `nojs-${lang}-${name}`), `${lang}${path}`).toEqual({ lang, overflow: 0 });
      }
      await page.goto(`${server.url}/${lang}/submit/politics`);
      await page.fill('#message', MESSAGES[lang]);
      await page.click('#submit-button');
      const words = await codenameOn(page);
      expect(words).toHaveLength(9);
      for (const word of words) expect(word, lang).toMatch(WORD[lang]);
      expect(await layoutOf(page, `nojs-${lang}-confirmation`)).toEqual({ lang, overflow: 0 });
      codenames[lang] = words.join(' ');
    }

    // The Korean codename as conjoining jamo on the Chinese page; the Chinese one on the Korean
    // page without spaces, as a Chinese keyboard types it.
    const typed: Array<[Language, string]> = [['zh-Hans', codenames.ko!.normalize('NFD')], ['ko', codenames['zh-Hans']!.replaceAll(' ', '')]];
    for (const [lang, codename] of typed) {
      await page.goto(`${server.url}/${lang}/return`);
      await page.fill('#codename-input', codename);
      await page.click('#return-form button[type="submit"]');
      await page.waitForURL(`${server.url}/${lang}/conversation`);
      await page.locator('#follow-up-form').waitFor();
      expect(await layoutOf(page, `nojs-${lang}-conversation`)).toEqual({ lang, overflow: 0 });
      await page.click('#logout-form button');
      await page.waitForURL(`${server.url}/${lang}`);
    }
    expect(errors).toEqual([]);
    await context.close();
  }, TIMEOUT);

  it('make a Korean codename in the browser with JavaScript, and open the conversation from the English page', async () => {
    const { context, page, errors } = await narrowPage(true);
    await page.goto(`${server.url}/ko/submit/politics`);
    await page.fill('#message', MESSAGES.ko);
    await page.click('#submit-button');
    const words = await codenameOn(page);
    expect(words).toHaveLength(9);
    for (const word of words) expect(word).toMatch(WORD.ko);
    // The language links are gone while the codename shows: following one would lose it.
    expect(await page.locator('nav.languages').count()).toBe(0);
    expect(await layoutOf(page, 'js-ko-confirmation')).toEqual({ lang: 'ko', overflow: 0 });

    await page.goto(`${server.url}/return`);
    await page.fill('#codename-input', words.join('\u3000').normalize('NFD'));
    await page.click('#return-form button[type="submit"]');
    await page.locator('#follow-up-form').waitFor({ timeout: 60_000 });
    expect(await page.locator('#replies').count()).toBe(1);
    expect(await layoutOf(page, 'js-en-conversation')).toEqual({ lang: 'en', overflow: 0 });
    expect(errors).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    await context.close();
  }, TIMEOUT);
});
