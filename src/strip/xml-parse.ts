// XML bytes to a DOM and back, defensively: bounded by the limits (see xml-scan.ts), strict about
// well-formedness, and always written out as UTF-8.
import { DOMParser, XMLSerializer, type Document } from '@xmldom/xmldom';
import { reject } from './errors.ts';
import type { StripLimits } from './types.ts';
import { checkXmlShape } from './xml-scan.ts';

/** Decodes XML bytes by their byte-order mark or first characters (XML 1.0 Appendix F). */
export function decodeXml(bytes: Uint8Array, what: string): string {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes);
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16le', { fatal: true }).decode(swapBytePairs(bytes));
    if (bytes[0] === 0x3c && bytes[1] === 0x00) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes);
    if (bytes[0] === 0x00 && bytes[1] === 0x3c) return new TextDecoder('utf-16le', { fatal: true }).decode(swapBytePairs(bytes));
    // Anything else is read as UTF-8 (the BOM, if any, is dropped). Legacy 8-bit encodings are
    // refused rather than guessed: a wrong guess could hide a name from the checks.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return reject('malformed', `${what}: XML that is neither UTF-8 nor UTF-16`);
  }
}

/** UTF-16BE to UTF-16LE (not every runtime's TextDecoder knows utf-16be). */
function swapBytePairs(bytes: Uint8Array): Uint8Array {
  if (bytes.length % 2 !== 0) reject('malformed', 'UTF-16 text with an odd number of bytes');
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += 2) {
    out[i] = bytes[i + 1]!;
    out[i + 1] = bytes[i]!;
  }
  return out;
}

/** XML 1.0 §2.11 end-of-line handling only; xmldom's default also rewrites U+2028/U+0085, which is content. */
const normalizeLineEndings = (text: string) => text.replace(/\r\n?/g, '\n');

export function parseXml(bytes: Uint8Array, limits: StripLimits, what: string): Document {
  const text = decodeXml(bytes, what);
  checkXmlShape(text, limits, what);
  let problem: string | undefined;
  const parser = new DOMParser({
    locator: false,
    normalizeLineEndings,
    onError: (level, message) => {
      // A U+FFFD in the text is content, not an error; every other complaint (warnings included:
      // xmldom "repairs" unquoted attributes and such) means the input is not well-formed XML.
      if (level === 'warning' && /replacement character/i.test(message)) return;
      problem ??= message;
      throw new Error(message);
    },
  });
  let doc: Document;
  try {
    doc = parser.parseFromString(text, 'application/xml');
  } catch (error) {
    return reject('malformed', `${what}: not well-formed XML (${problem ?? (error instanceof Error ? error.message : 'parse error')})`.slice(0, 300));
  }
  if (!doc.documentElement) reject('malformed', `${what}: XML without a root element`);
  return doc;
}

/**
 * Serializes as UTF-8 with a fresh XML declaration (the original may have named another
 * encoding). `standalone="yes"` is kept because Office writes it and some readers expect it.
 * The document loses its declaration node in the process: serialize it last.
 */
export function serializeXml(doc: Document): Uint8Array {
  let declaration = '';
  const first = doc.firstChild;
  if (first && first.nodeType === 7 /* PROCESSING_INSTRUCTION_NODE */ && first.nodeName === 'xml') {
    const standalone = /standalone\s*=\s*["'](yes|no)["']/.exec(first.nodeValue ?? '')?.[1];
    declaration = `<?xml version="1.0" encoding="UTF-8"${standalone ? ` standalone="${standalone}"` : ''}?>\n`;
    doc.removeChild(first);
  }
  // Whitespace around the root element is insignificant (XML 1.0 §2.8 Misc): drop it so that
  // serializing a parsed serialization gives the same bytes.
  for (let node = doc.firstChild; node; ) {
    const next = node.nextSibling;
    if (node.nodeType === 3 /* TEXT_NODE */ && (node.nodeValue ?? '').trim() === '') doc.removeChild(node);
    node = next;
  }
  const body = new XMLSerializer().serializeToString(doc);
  return new TextEncoder().encode(declaration + body);
}
