// SVG (SVG 1.1 Second Edition). Removed: <metadata> (§21) and RDF anywhere, editor namespaces'
// elements, attributes and declarations (svg-namespaces.ts), XML comments (generator banners),
// "Created with …" descriptions, references into the author's file system (href/src and CSS
// url() that are not in-document fragments or web URLs), and the metadata of embedded data:
// images, which are stripped through the dispatcher and re-encoded, or dropped if they cannot be
// cleaned. Kept: the drawing, its text, <title> and <desc> (accessibility content).
import type { Attr, Document, Element } from '@xmldom/xmldom';
import { reject } from './errors.ts';
import { cleanedBytes, collect, readAll } from './source.ts';
import type { StripContext, Stripper } from './types.ts';
import { dataUri, parseDataUri } from './svg-data-uri.ts';
import { foreignNamespaceCategory, isPathAttribute } from './svg-namespaces.ts';
import { attributesOf, removeComments, removeElement, textOf, walkElements } from './xml-dom.ts';
import { parseXml, serializeXml } from './xml-parse.ts';
import { RemovalLog } from './xml-removals.ts';
import { isLocalPath, isWebReference } from './xml-values.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XMLNS = 'http://www.w3.org/2000/xmlns/';
const CSS_URL = /url\(\s*(['"]?)([^'")]*)\1\s*\)/gi;

export const stripSvg: Stripper = async (input, _kind, ctx) => {
  const doc = parseXml(await readAll(input, ctx.limits), ctx.limits, 'svg');
  const root = doc.documentElement!;
  if (root.localName !== 'svg') reject('malformed', 'svg: the root element is not <svg>');
  const log = new RemovalLog();
  log.add('comments', 'xml-comment', removeComments(doc));
  const references: Array<{ element: Element; attribute: Attr }> = [];
  const styles: Element[] = [];
  walkElements(root, (element) => {
    if (!cleanElement(element, log)) return false;
    for (const attribute of attributesOf(element)) {
      if (attribute.localName === 'href' || attribute.localName === 'src') references.push({ element, attribute });
      else if (attribute.localName === 'style' && attribute.value.includes('url(')) references.push({ element, attribute });
    }
    if (element.localName === 'style') styles.push(element);
    return true;
  });
  // Embedded files are stripped after the walk (nested stripping is asynchronous).
  for (const { element, attribute } of references) {
    if (attribute.localName === 'style') {
      element.setAttributeNS(attribute.namespaceURI, attribute.name, await cleanCssUrls(attribute.value, ctx, log));
      continue;
    }
    const cleaned = await cleanReference(attribute.value, ctx, log);
    if (cleaned === null) element.removeAttributeNode(attribute);
    else if (cleaned !== attribute.value) element.setAttributeNS(attribute.namespaceURI, attribute.name, cleaned);
  }
  for (const style of styles) {
    const css = textOf(style);
    const cleaned = await cleanCssUrls(css, ctx, log);
    if (cleaned !== css) {
      while (style.firstChild) style.removeChild(style.firstChild);
      style.appendChild(doc.createCDATASection(cleaned.replace(/]]>/g, ']]]]><![CDATA[>')));
    }
  }
  return cleanedBytes('svg', 'image/svg+xml', serializeXml(doc as Document), log.list());
};

/** Element-level rules; false when the element was removed. */
function cleanElement(element: Element, log: RemovalLog): boolean {
  const category = foreignNamespaceCategory(element.namespaceURI);
  if (category) {
    removeElement(element);
    log.add(category, category === 'software' ? 'svg-editor-data' : 'svg-rdf-metadata');
    return false;
  }
  const inSvg = element.namespaceURI === SVG_NS || element.namespaceURI === null;
  if (inSvg && element.localName === 'metadata') {
    removeElement(element);
    log.add('other', 'svg-metadata');
    return false;
  }
  if (inSvg && element.localName === 'desc' && /^\s*(?:Created|Generated) (?:with|by) [^\n]{1,80}$/i.test(textOf(element))) {
    removeElement(element);
    log.add('software', 'svg-generator');
    return false;
  }
  for (const attribute of attributesOf(element)) {
    const declared = attribute.namespaceURI === XMLNS ? attribute.value : null;
    const attributeCategory = foreignNamespaceCategory(declared ?? attribute.namespaceURI);
    if (!attributeCategory) continue;
    element.removeAttributeNode(attribute);
    if (declared !== null) continue; // a namespace declaration: reported with what it declared
    if (attributeCategory === 'software' && isPathAttribute(attribute.localName ?? '')) log.add('paths', 'svg-file-path');
    else log.add(attributeCategory, attributeCategory === 'software' ? 'svg-editor-data' : 'svg-rdf-metadata');
  }
  return true;
}

/**
 * A reference as it should stay: fragments and web URLs unchanged, data: payloads cleaned and
 * re-encoded; null when it must go (a file-system path, or an embedded file that could not be
 * cleaned).
 */
async function cleanReference(value: string, ctx: StripContext, log: RemovalLog): Promise<string | null> {
  if (/^\s*data:/i.test(value)) {
    const data = parseDataUri(value);
    const result = data && (await ctx.stripNested(data.bytes));
    if (!data || !result || result.status !== 'cleaned') {
      log.add('other', 'svg-embedded-image-removed');
      return null;
    }
    log.addAll(result.removed);
    return dataUri(data.mediaType, await collect(result));
  }
  if (isWebReference(value) || !pointsIntoFileSystem(value)) return value;
  log.add('paths', 'svg-file-path');
  return null;
}

/**
 * file: URLs, and references without a scheme (relative or absolute paths: "photo.png",
 * "../Pictures/x.png", "C:\\Users\\..."), which name files on the author's machine; other
 * schemes (https:, mailto:...) are content.
 */
function pointsIntoFileSystem(value: string): boolean {
  const reference = value.trim();
  return isLocalPath(reference) || !/^[a-z][a-z0-9+.-]*:/i.test(reference) || /^[a-z]:[\\/]/i.test(reference);
}

/** url(...) in CSS: the same rules; a reference that must go becomes `none`. */
async function cleanCssUrls(css: string, ctx: StripContext, log: RemovalLog): Promise<string> {
  let out = '';
  let last = 0;
  for (const match of css.matchAll(CSS_URL)) {
    const cleaned = await cleanReference(match[2]!, ctx, log);
    out += css.slice(last, match.index) + (cleaned === null ? 'none' : cleaned === match[2] ? match[0] : `url("${cleaned}")`);
    last = match.index! + match[0].length;
  }
  return out + css.slice(last);
}
