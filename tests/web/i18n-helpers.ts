// Finding English on a page that should have none: the literal text of every English message
// (placeholders cut out), wherever the translation of the same key does not say the same.
import { IntlMessageFormat } from 'intl-messageformat';
import { CATALOGS, type Locale, type MessageKey } from '../../src/web/i18n/i18n.ts';
import { en } from '../../src/web/i18n/messages/en.ts';

interface AstElement {
  type: number;
  value?: unknown;
  options?: Record<string, { value: AstElement[] }>;
}

/** The literal pieces of an ICU message (between placeholders, in every plural branch). */
function literalPieces(text: string, locale: string): string[] {
  const pieces: string[] = [];
  const walk = (elements: AstElement[]) => {
    for (const element of elements) {
      if (element.type === 0) pieces.push(String(element.value));
      for (const option of Object.values(element.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(text, locale, undefined, { ignoreTag: true }).getAst() as AstElement[]);
  return pieces.map((piece) => piece.trim()).filter((piece) => piece.length > 3);
}

/** English pieces that must not appear on a page in `locale`, with the key they belong to. */
export function englishPieces(locale: Locale): Array<{ key: string; piece: string }> {
  const found: Array<{ key: string; piece: string }> = [];
  for (const key of Object.keys(en) as MessageKey[]) {
    const translated = new Set(literalPieces(CATALOGS[locale][key], locale));
    for (const piece of literalPieces(en[key], 'en')) if (!translated.has(piece)) found.push({ key, piece });
  }
  return found;
}

const decode = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" })[name]!);

/**
 * What a reader, or a screen reader, gets from a page: its text and the attributes that are
 * read out (aria-label, alt, title, placeholder), one per line; class names and ids are not.
 */
export function readable(html: string): string {
  const attributes = [...html.matchAll(/\s(?:aria-label|alt|title|placeholder)="([^"]*)"/g)].map((m) => m[1]!);
  const text = html.replace(/<[^>]*>/g, '\n');
  return decode([text, ...attributes].join('\n'));
}

/** English catalog text or catalog keys found on a page meant to be in `locale`. */
export function englishOn(html: string, locale: Locale): string[] {
  const text = readable(html);
  const leftovers = englishPieces(locale).filter(({ piece }) => text.includes(piece)).map(({ key, piece }) => `${key}: ${piece}`);
  const keys = Object.keys(en).filter((key) => text.includes(key)).map((key) => `key ${key}`);
  return [...leftovers, ...keys];
}
