// File-system paths anywhere in a part's attributes (linked picture sources, data connection
// files and strings, template and data-source locations of any vocabulary), and in Word field
// codes (ECMA-376 Part 1 §17.16: INCLUDEPICTURE "C:\\Users\\...", LINK, INCLUDETEXT).
// Relationship ids (r:*) are never paths and are left to the reference rules.
import type { Element } from '@xmldom/xmldom';
import type { PartContext } from './ooxml-context.ts';
import { NS } from './ooxml-names.ts';
import { attributesOf, setText, textOf } from './xml-dom.ts';
import { containsUserFolder, isLocalPath, isWebReference } from './xml-values.ts';

const XMLNS = 'http://www.w3.org/2000/xmlns/';

const isPath = (value: string) => !isWebReference(value) && (isLocalPath(value) || containsUserFolder(value));

export function cleanPathsInElement(element: Element, part: PartContext): boolean {
  const { log } = part;
  if (element.namespaceURI === NS.w && element.localName === 'instrText') {
    const code = textOf(element);
    const scrubbed = scrubFieldCode(code);
    if (scrubbed !== code) {
      setText(element, scrubbed);
      log.add('paths', 'docx-field-path');
    }
  }
  for (const attribute of attributesOf(element)) {
    if (attribute.namespaceURI === NS.r || attribute.namespaceURI === XMLNS) continue;
    const value = attribute.value;
    if (element.namespaceURI === NS.w && attribute.localName === 'instr') {
      const scrubbed = scrubFieldCode(value);
      if (scrubbed !== value) {
        element.setAttributeNS(NS.w, attribute.name, scrubbed);
        log.add('paths', 'docx-field-path');
      }
    } else if (isPath(value)) {
      element.setAttributeNS(attribute.namespaceURI, attribute.name, '');
      log.add('paths', 'ooxml-attribute-path');
    }
  }
  return true;
}

/** Empties each quoted or bare field argument that is a path; switches and text stay. */
export function scrubFieldCode(code: string): string {
  return code.replace(/"([^"]*)"|[^\s"]+/g, (whole, quoted: string | undefined) => {
    const value = quoted ?? whole;
    if (!isPath(value.replace(/\\\\/g, '\\'))) return whole;
    return quoted === undefined ? '' : '""';
  });
}
