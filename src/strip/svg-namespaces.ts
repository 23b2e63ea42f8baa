// Which XML namespaces an SVG keeps. Editors and metadata vocabularies add their own (Inkscape,
// Sodipodi, Illustrator, Sketch, RDF, Dublin Core, XMP...): nothing in them draws anything
// (SVG 1.1 §23.1 "Foreign namespaces and private data": renderers ignore unknown elements and
// attributes; likewise SVG 2, "Document Structure", unknown elements), but they hold
// the author's file names and folders (sodipodi:docname, inkscape:export-filename), editor
// versions, window geometry, Illustrator's private copy of the whole artwork (i:pgf) and RDF
// metadata (dc:creator). A list of such namespaces is never complete, so the stripper keeps
// only the namespaces SVG itself is written in and drops every other one, known or not:
//   SVG     http://www.w3.org/2000/svg (SVG 1.1 §1.3 "SVG namespace, public identifier and system
//           identifier"; the same namespace for SVG 2)
//   XLink   http://www.w3.org/1999/xlink (SVG 1.1 ch. 17 "Linking": xlink:href; SVG 2 still reads it)
//   XML     http://www.w3.org/XML/1998/namespace (xml:space, xml:lang; Namespaces in XML §3)
//   XMLNS   http://www.w3.org/2000/xmlns/ (declarations, kept when they declare a kept namespace)
// Unprefixed attributes have no namespace and are SVG's own.
//
// One exception: the content of <foreignObject> (SVG 1.1 §23.3; SVG 2 "Embedded Content") is
// drawn by browsers when it is XHTML (or MathML): diagram tools (draw.io) write their text
// labels that way. Those two namespaces stay there, and only there.
import type { Element } from '@xmldom/xmldom';
import type { RemovalCategory } from './types.ts';

export const SVG_NS = 'http://www.w3.org/2000/svg';
export const XLINK_NS = 'http://www.w3.org/1999/xlink';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';
const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';

/**
 * Attributes that stay in the XLink and XML namespaces (besides unprefixed ones): XLink 1.0 §5's
 * (those SVG 1.1 puts on <a>, <use>, <image>...), and xml:space, xml:lang, xml:base (cleaned as
 * a reference by svg.ts) and xml:id (Namespaces in XML §3; xml:id 1.0). Any other name in these
 * namespaces is not theirs (a damaged xlink:href would otherwise keep its path).
 */
const NAMESPACED_ATTRIBUTES = new Map([
  [XLINK_NS, new Set(['href', 'type', 'role', 'arcrole', 'title', 'show', 'actuate'])],
  [XML_NS, new Set(['space', 'lang', 'base', 'id'])],
]);
/** Namespaces drawn inside <foreignObject>. */
const FOREIGN_CONTENT = new Set([XHTML_NS, MATHML_NS]);

/** Metadata vocabularies, reported as such; every other dropped namespace counts as an editor's. */
const METADATA_NAMESPACES = new Set([
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  'http://purl.org/dc/elements/1.1/',
  'http://purl.org/dc/terms/',
  'http://creativecommons.org/ns#',
  'http://web.resource.org/cc/',
  'adobe:ns:meta/', // the XMP packet wrapper (XMP Part 1 §7.3)
]);

/** Attribute names (local) of editor namespaces that hold file names or folders. */
const PATH_ATTRIBUTES = new Set(['docname', 'docbase', 'absref', 'export-filename']);

/** The category a dropped namespace is reported under. */
export function droppedNamespaceCategory(namespace: string): RemovalCategory {
  return METADATA_NAMESPACES.has(namespace) ? 'other' : 'software';
}

/**
 * True when the element stays. Its parent has been kept already (the walk goes top-down), so
 * XHTML or MathML under an XHTML or MathML element is still inside a <foreignObject>.
 */
export function keepsElement(element: Element): boolean {
  const namespace = element.namespaceURI;
  if (namespace === null || namespace === SVG_NS) return true;
  if (!FOREIGN_CONTENT.has(namespace)) return false;
  const parent = element.parentNode as Element | null;
  if (!parent || parent.nodeType !== 1) return false;
  return (parent.namespaceURI === SVG_NS && parent.localName === 'foreignObject') || FOREIGN_CONTENT.has(parent.namespaceURI ?? '');
}

/** True when an attribute stays; `declared` is what an xmlns attribute declares. */
export function keepsAttribute(namespace: string | null, localName: string, declared: string | null): boolean {
  if (namespace === null) return true;
  const names = NAMESPACED_ATTRIBUTES.get(namespace);
  if (names) return names.has(localName);
  if (namespace !== XMLNS_NS) return false;
  // xmlns="" undeclares the default namespace; the kept element namespaces may be declared.
  return declared === '' || declared === SVG_NS || declared === XLINK_NS || declared === XML_NS || FOREIGN_CONTENT.has(declared ?? '');
}

export function isPathAttribute(localName: string): boolean {
  return PATH_ATTRIBUTES.has(localName);
}
