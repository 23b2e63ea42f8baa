// Annotations (ISO 32000-1 §12.5): who wrote a comment and when. The comment's text (/Contents,
// /RC rich text) is content and stays; its author (/T on markup annotations, §12.5.6.2), its
// dates (/M §12.5.2, /CreationDate §12.5.6.2) and the writer's unique id (/NM) go, and so does
// every key its type does not define (pdf-annotation-keys.ts). Its actions are cleaned too.
import { PDFHexString, PDFName, PDFString, type PDFDict } from 'pdf-lib';
import { cleanActions, cleanAdditionalActions } from './pdf-actions.ts';
import { ANNOTATION_SUBTYPES, annotationKeys } from './pdf-annotation-keys.ts';
import { drop, nameIs, pdfName, report, type PdfCleanup } from './pdf-cleanup.ts';
import { dropUnknownKeys } from './pdf-known-keys.ts';
import type { PdfNode } from './pdf-walk.ts';

/** Annotation subtypes as names, so annotations without /Type /Annot are found too. */
const ANNOTATION_SUBTYPE_NAMES = new Set<PDFName>(ANNOTATION_SUBTYPES.map(pdfName));

export function isAnnotation(dict: PDFDict): boolean {
  if (nameIs(dict, 'Type', 'Annot')) return true;
  const subtype = dict.lookup(pdfName('Subtype'));
  return subtype instanceof PDFName && ANNOTATION_SUBTYPE_NAMES.has(subtype) && dict.has(pdfName('Rect'));
}

export function cleanAnnotation(node: PdfNode, cleanup: PdfCleanup): void {
  const { dict } = node;
  if (!isAnnotation(dict)) return;
  const dates = Number(drop(dict, 'M')) + Number(drop(dict, 'CreationDate'));
  if (dates > 0) report(cleanup, 'dates', 'pdf-annotation-date', dates);
  // A movie annotation's /A is its activation dictionary (Table 186), every other /A an action.
  if (!nameIs(dict, 'Subtype', 'Movie')) cleanActions(dict.get(pdfName('A')), cleanup);
  cleanAdditionalActions(dict, cleanup);
  // On a widget, /T is the form field's name (§12.7.3.1), which the form needs: not an author.
  if (!nameIs(dict, 'Subtype', 'Widget')) cleanMarkup(dict, cleanup);
  const subtype = dict.lookup(pdfName('Subtype'));
  dropUnknownKeys(dict, annotationKeys(subtype instanceof PDFName ? subtype : undefined), cleanup);
}

function cleanMarkup(dict: PDFDict, cleanup: PdfCleanup): void {
  if (drop(dict, 'T')) report(cleanup, 'author', 'pdf-annotation-author');
  if (drop(dict, 'NM')) report(cleanup, 'identifiers', 'pdf-annotation-id');
  // §12.7.3.4: rich text is XHTML; Acrobat stamps its version on the body (xfa:APIVersion).
  const rich = dict.lookup(pdfName('RC'));
  if (rich instanceof PDFString || rich instanceof PDFHexString) {
    const text = rich.decodeText();
    const cleaned = text.replace(/\s+xfa:APIVersion\s*=\s*("[^"]*"|'[^']*')/g, '');
    if (cleaned !== text) {
      dict.set(pdfName('RC'), PDFHexString.fromText(cleaned));
      report(cleanup, 'software', 'pdf-annotation-app-version');
    }
  }
}
