// content.xml, styles.xml and any other document XML of an ODF package (ODF 1.2 Part 1).
//   §14.1 office:annotation: dc:creator -> "Author", meta:creator-initials (ODF 1.3 §14.1) and
//     loext:sender-initials -> "A", dc:date and meta:date-string removed (optional).
//   §5.5.7 office:change-info of tracked changes: dc:creator -> "Author", dc:date (required) ->
//     a fixed neutral date. The changes themselves stay.
//   officeooo:rsid / officeooo:paragraph-rsid: LibreOffice's editing-session ids.
//   xlink:href (§19.910) of linked pictures, objects and links pointing into the author's file
//     system (file:, drive letters, ../ out of the package, home folders) -> emptied; other
//     attributes holding such paths (database sources...) too. Frame names and svg:title/desc
//     that are file names or paths are cleared.
import type { Document, Element } from '@xmldom/xmldom';
import { ODF, ODF_NEUTRAL_AUTHOR, ODF_NEUTRAL_DATE, ODF_NEUTRAL_INITIALS } from './odf-names.ts';
import { attributesOf, dropAttribute, is, neutraliseAttribute, removeComments, removeElement, setText, textOf, walkElements } from './xml-dom.ts';
import type { RemovalLog } from './xml-removals.ts';
import { containsUserFolder, isLocalPath, isWebReference, looksLikePathOrFileName } from './xml-values.ts';

const XMLNS = 'http://www.w3.org/2000/xmlns/';

/** A reference that leaves the package for the author's file system. */
const isFileSystemReference = (value: string) =>
  !isWebReference(value) && (isLocalPath(value) || containsUserFolder(value) || /^\.\.[\\/]/.test(value.trim()));

export function cleanOdfDocumentXml(doc: Document, log: RemovalLog): void {
  log.add('comments', 'xml-comment', removeComments(doc));
  walkElements(doc.documentElement!, (element) => cleanElement(element, log));
}

function cleanElement(element: Element, log: RemovalLog): boolean {
  const parent = element.parentNode as Element | null;
  const inChange = !!parent && is(parent, ODF.office, 'change-info');
  if (is(element, ODF.dc, 'creator') && setText(element, ODF_NEUTRAL_AUTHOR)) {
    log.add('author', inChange ? 'odf-change-author' : 'odf-annotation-author');
  } else if (is(element, ODF.dc, 'date')) {
    if (inChange) {
      if (setText(element, ODF_NEUTRAL_DATE)) log.add('dates', 'odf-change-date');
    } else {
      removeElement(element);
      log.add('dates', 'odf-annotation-date');
      return false;
    }
  } else if (is(element, ODF.meta, 'date-string')) {
    removeElement(element);
    log.add('dates', 'odf-annotation-date');
    return false;
  } else if ((is(element, ODF.meta, 'creator-initials') || is(element, ODF.loext, 'sender-initials')) && setText(element, ODF_NEUTRAL_INITIALS)) {
    log.add('author', 'odf-annotation-initials');
  } else if ((is(element, ODF.svg, 'title') || is(element, ODF.svg, 'desc')) && looksLikePathOrFileName(textOf(element))) {
    setText(element, '');
    log.add('paths', 'odf-image-file-name');
  }
  if (is(element, ODF.draw, 'frame')) {
    const name = element.getAttributeNS(ODF.draw, 'name');
    if (name && looksLikePathOrFileName(name) && neutraliseAttribute(element, ODF.draw, 'name', 'Image')) log.add('paths', 'odf-image-file-name');
  }
  const rsids = [dropAttribute(element, ODF.officeooo, 'rsid'), dropAttribute(element, ODF.officeooo, 'paragraph-rsid')];
  if (rsids.some(Boolean)) log.add('identifiers', 'odf-rsid');
  for (const attribute of attributesOf(element)) {
    if (attribute.namespaceURI === XMLNS) continue;
    if (isFileSystemReference(attribute.value)) {
      element.setAttributeNS(attribute.namespaceURI, attribute.name, '');
      log.add('paths', attribute.namespaceURI === ODF.xlink ? 'odf-linked-file-path' : 'odf-attribute-path');
    }
  }
  return true;
}
