// Namespaces that editors and metadata vocabularies add to an SVG. Nothing in them draws
// anything (SVG 1.1 §23.2 tells renderers to ignore foreign elements and attributes), but they
// hold the author's file names and folders (sodipodi:docname, inkscape:export-filename,
// sodipodi:absref), editor versions, window geometry, Illustrator's private copy of the whole
// artwork (i:pgf), and RDF metadata (dc:creator, cc:Work, rights) (SVG 1.1 §21).
import type { RemovalCategory } from './types.ts';

const EDITOR_NAMESPACES = new Set([
  'http://www.inkscape.org/namespaces/inkscape',
  'http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd',
  'http://www.bohemiancoding.com/sketch/ns',
  'http://www.serif.com/',
  'http://www.corel.com/coreldraw/odm/2003',
  'https://boxy-svg.com',
  'http://vectornator.io',
]);

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

/** The category a node in `namespace` is reported under, or null if the namespace stays. */
export function foreignNamespaceCategory(namespace: string | null): RemovalCategory | null {
  if (!namespace) return null;
  // Every Adobe namespace (Illustrator, Extensibility, Graphs, Variables, SaveForWeb, XMP...).
  if (EDITOR_NAMESPACES.has(namespace) || namespace.startsWith('http://ns.adobe.com/')) return 'software';
  if (METADATA_NAMESPACES.has(namespace)) return 'other';
  return null;
}

export function isPathAttribute(localName: string): boolean {
  return PATH_ATTRIBUTES.has(localName);
}
