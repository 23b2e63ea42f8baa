// Cleans one XML part of an OOXML package: the document properties are emptied; every other
// part goes through the same element rules, which key on namespaces, so a rule applies wherever
// its vocabulary appears (document, headers, comments, glossary, charts, embedded drawings).
import type { Document } from '@xmldom/xmldom';
import type { PartContext } from './ooxml-context.ts';
import { cleanDrawingElement } from './ooxml-drawing.ts';
import { cleanPathsInElement } from './ooxml-paths.ts';
import { cleanDocumentProperties } from './ooxml-props.ts';
import { dropDanglingReferences } from './ooxml-references.ts';
import { cleanSheetElement } from './ooxml-sheet.ts';
import { cleanSlideElement } from './ooxml-slides.ts';
import { cleanWordElement } from './ooxml-word.ts';
import { removeComments, walkElements } from './xml-dom.ts';

const RULES = [dropDanglingReferences, cleanWordElement, cleanSheetElement, cleanSlideElement, cleanDrawingElement, cleanPathsInElement];

export function cleanOoxmlPart(doc: Document, part: PartContext): void {
  // XML comments are invisible in Office and can hold anything (XML 1.0 §2.5).
  part.log.add('comments', 'xml-comment', removeComments(doc));
  if (cleanDocumentProperties(doc, part.log)) return;
  walkElements(doc.documentElement!, (element) => RULES.every((rule) => rule(element, part)));
}
