// When a relationship is removed (its part was dropped), the attributes that name it (r:id,
// r:embed..., ECMA-376 Part 1 §22.8.2) must go too, or Office reports the file as damaged.
// Where the reference is the element's whole purpose and the attribute is required, the
// element goes: w:printerSettings (§17.6.14), w:attachedTemplate (§17.15.1.6), the embedded
// font references of §17.8.3.3 and §19.2.1.9, x:legacyDrawing(HF) (§18.3.1.51/52).
import type { Element } from '@xmldom/xmldom';
import type { PartContext } from './ooxml-context.ts';
import { NS } from './ooxml-names.ts';
import { attributesOf, childElements, removeElement } from './xml-dom.ts';

const REFERENCE_ONLY: Record<string, readonly string[]> = {
  [NS.w]: ['printerSettings', 'attachedTemplate', 'embedRegular', 'embedBold', 'embedItalic', 'embedBoldItalic', 'dataSource', 'headerSource', 'recipientData'],
  [NS.s]: ['legacyDrawing', 'legacyDrawingHF', 'picture'],
  [NS.p]: ['regular', 'bold', 'italic', 'boldItalic'],
};

export function dropDanglingReferences(element: Element, part: PartContext): boolean {
  if (part.removedRelationshipIds.size === 0) return true;
  let dangling = false;
  for (const attribute of attributesOf(element)) {
    if (attribute.namespaceURI === NS.r && part.removedRelationshipIds.has(attribute.value)) {
      element.removeAttributeNode(attribute);
      dangling = true;
    }
  }
  if (!dangling) return true;
  if (!REFERENCE_ONLY[element.namespaceURI ?? '']?.includes(element.localName ?? '')) return true;
  const parent = element.parentNode as Element | null;
  removeElement(element);
  // p:embeddedFont without any font file left, then an empty p:embeddedFontLst (§19.2.1.9-10).
  if (parent && parent.namespaceURI === NS.p && parent.localName === 'embeddedFont') {
    const fontFiles = childElements(parent).filter((c) => REFERENCE_ONLY[NS.p]!.includes(c.localName ?? ''));
    if (fontFiles.length === 0) {
      const list = parent.parentNode as Element | null;
      removeElement(parent);
      if (list && childElements(list).length === 0) removeElement(list);
    }
  }
  return false;
}
