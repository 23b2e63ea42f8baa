// CSS inside an SVG (style attributes and <style> elements, SVG 1.1 §6.4, §6.5): the files it
// refers to are cleaned like href values. The CSS is split, leniently, into quoted strings,
// url(...) tokens and the rest (CSS Syntax Level 3 §4.3.5 strings, §4.3.6 url tokens):
// - url(...) goes through the reference rules, also when damage left it without its closing
//   parenthesis (it then runs to the end of the declaration);
// - a quoted string that is a file-system path is emptied, and one that is a data: URI is
//   cleaned, wherever it is (a url() whose name was damaged leaves its string behind);
// - a bare file-system path in the rest is removed: CSS has no other use for one.
import { containsUserFolder, isLocalPath, isWebReference } from './xml-values.ts';
import { isDataUri } from './svg-data-uri.ts';
import type { RemovalLog } from './xml-removals.ts';

/** The reference as it should stay, or null when it must go (svg.ts cleanReference). */
export type ReferenceCleaner = (value: string) => Promise<string | null>;

/** A path outside strings and url(): file: URL, drive letter, UNC share, or a user's home folder. */
const BARE_PATH = /(?:file:|\b[a-z]:[\\/]|\\\\)[^\s'";)}]*|[^\s'";(){}]*[\\/](?:users|home|documents and settings)[\\/][^\s'";)}]*/gi;

export async function cleanCss(css: string, cleanReference: ReferenceCleaner, log: RemovalLog): Promise<string> {
  let out = '';
  let plain = '';
  const flushPlain = () => {
    out += plain.replace(BARE_PATH, () => {
      log.add('paths', 'svg-file-path');
      return '';
    });
    plain = '';
  };
  for (let at = 0; at < css.length; ) {
    const c = css[at]!;
    if (c === '"' || c === "'") {
      const end = stringEnd(css, at);
      flushPlain();
      out += await cleanString(css.slice(at, end), cleanReference, log);
      at = end;
    } else if (/^url\(/i.test(css.slice(at, at + 4))) {
      const end = urlEnd(css, at + 4);
      flushPlain();
      out += await cleanUrl(css.slice(at, end), cleanReference);
      at = end;
    } else {
      plain += c;
      at++;
    }
  }
  flushPlain();
  return out;
}

/** The end of the string starting at `at` (after its closing quote, or the end of the CSS). */
function stringEnd(css: string, at: number): number {
  const quote = css[at];
  for (let i = at + 1; i < css.length; i++) {
    if (css[i] === '\\') i++;
    else if (css[i] === quote) return i + 1;
  }
  return css.length;
}

/**
 * The end of a url( token whose contents start at `from`: after ')', or before ';' / '}' / the
 * end. A quote opens a string only as the first thing inside (§4.3.6: in an unquoted url a quote
 * is an error, and the url runs to its ')').
 */
function urlEnd(css: string, from: number): number {
  let i = from;
  while (i < css.length && /\s/.test(css[i]!)) i++;
  if (css[i] === '"' || css[i] === "'") i = stringEnd(css, i);
  for (; i < css.length; i++) {
    const c = css[i]!;
    if (c === ')') return i + 1;
    if (c === ';' || c === '}') return i;
  }
  return css.length;
}

async function cleanUrl(token: string, cleanReference: ReferenceCleaner): Promise<string> {
  const reference = unquoted(token.slice(4).replace(/\)$/, '').trim());
  const cleaned = await cleanReference(reference);
  if (cleaned === null) return 'none';
  return cleaned === reference && token.endsWith(')') ? token : `url("${cleaned}")`;
}

/** A url()'s contents without their quotes (a missing closing quote tolerated). */
function unquoted(inner: string): string {
  if (inner[0] !== '"' && inner[0] !== "'") return inner;
  const end = stringEnd(inner, 0);
  return inner.slice(1, end > 1 && inner[end - 1] === inner[0] ? end - 1 : end);
}

async function cleanString(token: string, cleanReference: ReferenceCleaner, log: RemovalLog): Promise<string> {
  const quote = token[0]!;
  const inner = token.length > 1 && token.endsWith(quote) ? token.slice(1, -1) : token.slice(1);
  if (isDataUri(inner)) {
    const cleaned = await cleanReference(inner);
    return `${quote}${cleaned ?? ''}${quote}`;
  }
  if (isWebReference(inner) || !(isLocalPath(inner) || containsUserFolder(inner))) return token;
  log.add('paths', 'svg-file-path');
  return `${quote}${quote}`;
}
