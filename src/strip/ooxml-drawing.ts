// Pictures and shapes (DrawingML, ECMA-376 Part 1 §20.4.2.5 wp:docPr and §19.3.1.12/§20.1.2.2.8
// *:cNvPr; legacy VML, Part 4 §19.1.2.11 v:imagedata). Office names an inserted picture after
// its file ("IMG_0001.jpg") and some tools put the full path in the alt text; VML keeps the file
// name in o:title, and o:gfxdata holds an opaque zipped copy of the shape.
import type { Element } from '@xmldom/xmldom';
import type { PartContext } from './ooxml-context.ts';
import { NS } from './ooxml-names.ts';
import { dropAttribute, neutraliseAttribute } from './xml-dom.ts';
import { looksLikePathOrFileName } from './xml-values.ts';

/** Object names are required (xsd:string): a generic one replaces a file name. */
const NEUTRAL_OBJECT_NAME = 'Picture';

export function cleanDrawingElement(element: Element, part: PartContext): boolean {
  const { log } = part;
  const local = element.localName ?? '';
  if (local === 'docPr' || local === 'cNvPr') {
    for (const attribute of ['descr', 'title']) {
      const value = element.getAttribute(attribute);
      if (value !== null && looksLikePathOrFileName(value)) {
        element.removeAttribute(attribute);
        log.add('paths', 'ooxml-image-file-name');
      }
    }
    const name = element.getAttribute('name');
    if (name !== null && looksLikePathOrFileName(name) && neutraliseAttribute(element, null, 'name', NEUTRAL_OBJECT_NAME)) {
      log.add('paths', 'ooxml-image-file-name');
    }
  }
  if (element.namespaceURI === NS.v && local === 'imagedata' && element.getAttributeNS(NS.o, 'title')) {
    dropAttribute(element, NS.o, 'title');
    log.add('paths', 'ooxml-image-file-name');
  }
  if (dropAttribute(element, NS.o, 'gfxdata')) log.add('other', 'ooxml-legacy-drawing-data');
  return true;
}
