// SVG (SVG 1.1 Second Edition, SVG 2). Kept: the drawing, its text, <title> and <desc>
// (accessibility content), in the names SVG defines. Removed: every element, attribute and
// declaration in a namespace other than SVG's own (svg-namespaces.ts: editors' data, RDF), and
// in SVG's namespace every element or attribute name SVG does not define (svg-vocabulary.ts);
// <metadata> (§21); XML comments (generator banners); "Created with …" descriptions; text
// outside the elements that hold text; references that are not in-document fragments, web URLs
// or data: (href/src, xml:base, CSS url(), svg-css.ts: the author's file system, or damage); and
// the metadata of embedded data: images, which are stripped through the dispatcher and
// re-encoded, or dropped if they cannot be cleaned.
import type { Attr, Document, Element } from '@xmldom/xmldom';
import { reject } from './errors.ts';
import { cleanedBytes, collect, readAll } from './source.ts';
import type { StripContext, Stripper } from './types.ts';
import { cleanCss, type ReferenceCleaner } from './svg-css.ts';
import { dataUri, isDataUri, parseDataUri } from './svg-data-uri.ts';
import { droppedNamespaceCategory, isPathAttribute, keepsAttribute, keepsElement, SVG_NS, XML_NS, XMLNS_NS } from './svg-namespaces.ts';
import { holdsText, isSvgAttributeName, isSvgElementName } from './svg-vocabulary.ts';
import { attributesOf, removeComments, removeElement, textOf, walkElements } from './xml-dom.ts';
import { parseXml, serializeXml } from './xml-parse.ts';
import { RemovalLog } from './xml-removals.ts';
import { containsUserFolder, isLocalPath, isWebReference } from './xml-values.ts';


export const stripSvg: Stripper = async (input, _kind, ctx) => {
  const doc = parseXml(await readAll(input, ctx.limits), ctx.limits, 'svg');
  const root = doc.documentElement!;
  if (root.localName !== 'svg' || !keepsElement(root)) reject('malformed', 'svg: the root element is not <svg> in the SVG namespace');
  const log = new RemovalLog();
  log.add('comments', 'xml-comment', removeComments(doc));
  const references: Array<{ element: Element; attribute: Attr }> = [];
  const styles: Element[] = [];
  walkElements(root, (element) => {
    if (!cleanElement(element, log)) return false;
    for (const attribute of attributesOf(element)) {
      const name = attribute.localName;
      if (name === 'href' || name === 'src' || name === 'style' || (name === 'base' && attribute.namespaceURI === XML_NS)) references.push({ element, attribute });
      // Any other attribute holding an embedded file or a path (a damaged href, an editor's
      // attribute in no namespace) is treated the same way.
      else if (isDataUri(attribute.value)) references.push({ element, attribute });
      else if (isLocalPath(attribute.value) || containsUserFolder(attribute.value)) {
        element.removeAttributeNode(attribute);
        log.add('paths', 'svg-file-path');
      }
    }
    if (element.localName === 'style') styles.push(element);
    return true;
  });
  // Embedded files are stripped after the walk (nested stripping is asynchronous).
  const reference: ReferenceCleaner = (value) => cleanReference(value, ctx, log);
  for (const { element, attribute } of references) {
    const cleaned = attribute.localName === 'style' ? await cleanCss(attribute.value, reference, log) : await reference(attribute.value);
    if (cleaned === null) element.removeAttributeNode(attribute);
    else if (cleaned !== attribute.value) element.setAttributeNS(attribute.namespaceURI, attribute.name, cleaned);
  }
  for (const style of styles) {
    const css = textOf(style);
    const cleaned = await cleanCss(css, reference, log);
    if (cleaned !== css) {
      while (style.firstChild) style.removeChild(style.firstChild);
      style.appendChild(doc.createCDATASection(cleaned.replace(/]]>/g, ']]]]><![CDATA[>')));
    }
  }
  return cleanedBytes('svg', 'image/svg+xml', serializeXml(doc as Document), log.list());
};

/** Element-level rules; false when the element was removed. */
function cleanElement(element: Element, log: RemovalLog): boolean {
  if (!keepsElement(element)) {
    const category = droppedNamespaceCategory(element.namespaceURI ?? '');
    removeElement(element);
    log.add(category, category === 'software' ? 'svg-editor-data' : 'svg-rdf-metadata');
    return false;
  }
  const inSvg = element.namespaceURI === SVG_NS || element.namespaceURI === null;
  const name = element.localName ?? '';
  if (inSvg && !isSvgElementName(name)) {
    removeElement(element);
    log.add('other', 'svg-unknown-markup');
    return false;
  }
  if (inSvg && name === 'metadata') {
    removeElement(element);
    log.add('other', 'svg-metadata');
    return false;
  }
  if (inSvg && name === 'desc' && isGeneratorBanner(textOf(element))) {
    removeElement(element);
    log.add('software', 'svg-generator');
    return false;
  }
  for (const attribute of attributesOf(element)) {
    const declared = attribute.namespaceURI === XMLNS_NS ? attribute.value : null;
    const local = attribute.localName ?? '';
    if (keepsAttribute(attribute.namespaceURI, local, declared)) {
      if (!inSvg || attribute.namespaceURI !== null || isSvgAttributeName(local)) continue;
      element.removeAttributeNode(attribute);
      log.add('other', 'svg-unknown-markup');
      continue;
    }
    element.removeAttributeNode(attribute);
    if (declared !== null) continue; // a namespace declaration: reported with what it declared
    const category = droppedNamespaceCategory(attribute.namespaceURI ?? '');
    if (category === 'software' && isPathAttribute(local)) log.add('paths', 'svg-file-path');
    else log.add(category, category === 'software' ? 'svg-editor-data' : 'svg-rdf-metadata');
  }
  if (inSvg && !holdsText(name)) log.add('other', 'svg-stray-text', removeStrayText(element));
  return true;
}

/**
 * Text outside the elements that draw or describe text is not part of the picture: a damaged
 * comment or an editor's leftovers. Whitespace (indentation) stays.
 */
function removeStrayText(element: Element): number {
  let removed = 0;
  for (let child = element.firstChild; child; ) {
    const next = child.nextSibling;
    if ((child.nodeType === 3 || child.nodeType === 4) && (child.nodeValue ?? '').trim() !== '') {
      element.removeChild(child);
      removed++;
    }
    child = next;
  }
  return removed;
}

/**
 * "Created with Sketch.", "Generated by …": an editor's banner in <desc>, told apart from a real
 * description by its opening words (which may be damaged by one character) and its shortness.
 */
function isGeneratorBanner(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.length > 100) return false;
  return GENERATOR_OPENINGS.some((opening) => {
    const head = trimmed.slice(0, opening.length).toLowerCase();
    let differences = trimmed.length > opening.length ? 0 : 2;
    for (let i = 0; i < opening.length && differences < 2; i++) if (head[i] !== opening[i]) differences++;
    return differences < 2;
  });
}
const GENERATOR_OPENINGS = ['created with ', 'created by ', 'generated with ', 'generated by '];

/**
 * A reference as it should stay: in-document fragments and web URLs (http, https, mailto, ftp,
 * tel) unchanged, data: payloads cleaned and re-encoded; null when it must go. Everything else
 * goes: paths and file: URLs name files on the author's machine ("photo.png", "../Pictures/x.png",
 * "C:\\Users\\..."), and a scheme we do not know cannot be told apart from a damaged one
 * ("eata:image/png;name=…", "C:]Users\\…"). So does a fragment that holds a path ("#file:///…").
 */
async function cleanReference(value: string, ctx: StripContext, log: RemovalLog): Promise<string | null> {
  if (isDataUri(value)) {
    const data = parseDataUri(value);
    const result = data && (await ctx.stripNested(data.bytes));
    if (!data || !result || result.status !== 'cleaned') {
      log.add('other', 'svg-embedded-image-removed');
      return null;
    }
    log.addAll(result.removed);
    return dataUri(data.mediaType, await collect(result));
  }
  const reference = value.trim();
  if (reference.startsWith('#') ? !holdsPath(reference.slice(1)) : isWebReference(reference)) return value;
  if (holdsPath(reference) || !/^[a-z][a-z0-9+.-]*:/i.test(reference)) log.add('paths', 'svg-file-path');
  else log.add('other', 'svg-unknown-reference');
  return null;
}

function holdsPath(text: string): boolean {
  return isLocalPath(text) || containsUserFolder(text) || /[a-z]:[\\/]/i.test(text);
}
