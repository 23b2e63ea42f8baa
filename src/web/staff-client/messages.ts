// The bundle's words, from the same staff catalogs as the pages (the `js.` keys and a few shared
// ones), in the page's language (<html lang>). Only `{name}` is substituted here, so the bundle
// carries no ICU formatter; tests/web/staff-pages.test.ts checks the `js.` keys need no more.
import { en, type StaffMessageKey } from '../staff/i18n/en.ts';
import { ko } from '../staff/i18n/ko.ts';

export function say(key: StaffMessageKey, values: Record<string, string | number> = {}): string {
  const catalog = document.documentElement.lang === 'ko' ? ko : en;
  return catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
