// A linear pre-scan of an XML document, run before the DOM parser sees it. It bounds what the
// parser will build (nodes, nesting) and refuses DTD internal subsets, so that no input can make
// the parser expand entities (billion laughs, XML 1.0 §4.2), reach out for external entities
// (XXE), or spend quadratic time on deep, mismatched nesting.
import { reject } from './errors.ts';
import type { StripLimits } from './types.ts';

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

/** Checks nesting depth, node count and the DOCTYPE of `text`; rejects anything over the limits. */
export function checkXmlShape(text: string, limits: StripLimits, what: string): void {
  let depth = 0;
  let nodes = 0;
  let at = text.indexOf('<');
  while (at !== -1) {
    const end = markupEnd(text, at, what);
    const kind = text.charCodeAt(at + 1);
    // Elements, comments, processing instructions and CDATA sections each become a node.
    if (kind !== SLASH && ++nodes > limits.maxElements) reject('too_many_elements', `${what}: more than ${limits.maxElements} XML nodes`);
    if (kind === SLASH) {
      if (--depth < 0) reject('malformed', `${what}: end tag without a start tag`);
    } else if (kind !== 0x21 /* ! */ && kind !== 0x3f /* ? */ && text.charCodeAt(end - 1) !== SLASH) {
      if (++depth > limits.maxDepth) reject('too_deep', `${what}: XML nested more than ${limits.maxDepth} levels deep`);
    }
    at = text.indexOf('<', end + 1);
  }
  if (depth !== 0) reject('malformed', `${what}: unclosed XML elements`);
}

/** Index of the `>` that closes the markup starting at `at` (a `<`). */
function markupEnd(text: string, at: number, what: string): number {
  const closeAt = (terminator: string, from: number) => {
    const found = text.indexOf(terminator, from);
    if (found === -1) reject('malformed', `${what}: unterminated XML markup`);
    return found + terminator.length - 1;
  };
  if (text.startsWith('<!--', at)) return closeAt('-->', at + 4);
  if (text.startsWith('<![CDATA[', at)) return closeAt(']]>', at + 9);
  if (text.startsWith('<?', at)) return closeAt('?>', at + 2);
  if (text.startsWith('<!DOCTYPE', at)) return doctypeEnd(text, at, what);
  if (text.charCodeAt(at + 1) === 0x21) reject('malformed', `${what}: unexpected XML declaration markup`);
  return tagEnd(text, at, what);
}

/** End of a DOCTYPE, which must not have an internal subset. */
function doctypeEnd(text: string, at: number, what: string): number {
  for (let i = at + 9; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      i = text.indexOf(c === DQUOTE ? '"' : "'", i + 1);
      if (i === -1) break;
    } else if (c === 0x5b /* [ */) {
      // The internal subset is where entities are declared (XML 1.0 §2.8, §4.2). OPC package
      // XML may not use DTDs at all (ECMA-376 Part 2, XML usage rules) and an SVG needs none.
      reject('malformed', `${what}: the XML has a DOCTYPE internal subset that can declare entities (refused: entity expansion, external entities)`);
    } else if (c === GT) {
      return i;
    }
  }
  return reject('malformed', `${what}: unterminated DOCTYPE`);
}

/** End of a tag, skipping quoted attribute values (which may contain `>` and `/`). */
function tagEnd(text: string, at: number, what: string): number {
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      i = text.indexOf(c === DQUOTE ? '"' : "'", i + 1);
      if (i === -1) break;
    } else if (c === GT) {
      return i;
    } else if (c === LT) {
      reject('malformed', `${what}: "<" inside an XML tag`);
    }
  }
  return reject('malformed', `${what}: unterminated XML tag`);
}
