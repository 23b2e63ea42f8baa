// The words the bundle adds to a page. Wherever the server's pages already say something (the
// confirmation, the conversation, the errors) the bundle uses the same catalog key through the
// same formatter (src/web/i18n), so both paths read alike, in the page's language (<html lang>).
// The few things only the JavaScript path says (progress, the per-file warning before sending,
// network trouble) have `js.*` keys: a catalog that defines one wins, otherwise the English
// below is shown. The list is in docs/source-flow.md ("Strings of the browser bundle").
import { DEFAULT_LOCALE, isLocale, t as catalogText, type Locale, type MessageKey, type MessageValues } from '../i18n/i18n.ts';
import { en } from '../i18n/messages/en.ts';

export const JS_ONLY_ENGLISH: Record<string, string> = {
  'js.file.checking': 'Checking {name} for hidden information…',
  'js.file.unsupported': '{name}: hidden information cannot be removed from this kind of file. It may show who you are or which device you used.',
  'js.file.drop': 'Don’t send this file',
  'js.file.dropped': '{name} will not be sent.',
  'js.status.checking': 'Checking your files…',
  'js.status.keys': 'Making your codename…',
  'js.status.sending': 'Locking and sending…',
  'js.status.opening': 'Opening your conversation. This takes a few seconds…',
  'js.error.network': 'Tipline could not be reached. Check your connection and try again.',
  'js.error.worker': 'This browser could not start the protection this page needs, so nothing was sent. Try again, or turn JavaScript off (in Tor Browser: the “Safest” setting) to send through the server.',
  'js.error.failed': 'Something went wrong. Please try again.',
  'js.sent.filesFailed': 'Your message arrived, but some files could not be sent. You can send them later with your codename.',
  'js.conversation.deleted': 'Your copy of the answer was deleted.',
};

export function pageLocale(): Locale {
  const lang = document.documentElement.lang;
  return isLocale(lang) ? lang : DEFAULT_LOCALE;
}

export function t(key: string, values: MessageValues = {}): string {
  // Object.hasOwn: the catalogs are plain objects; keys like `constructor` are not messages.
  if (Object.hasOwn(en, key)) return catalogText(pageLocale(), key as MessageKey, values);
  const template = JS_ONLY_ENGLISH[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
