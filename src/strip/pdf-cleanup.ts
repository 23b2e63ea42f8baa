// The state shared by the PDF cleaning rules during one walk of the document.
import { PDFName, type PDFContext, type PDFDict, type PDFObject, type PDFRef } from 'pdf-lib';
import type { DecodeBudget } from './pdf-decode.ts';
import type { PdfNode } from './pdf-walk.ts';
import type { Removal, RemovalCategory } from './types.ts';

export interface PdfCleanup {
  context: PDFContext;
  root: PDFRef;
  budget: DecodeBudget;
  removed: Removal[];
  /** Embedded file streams (§7.11.4) to strip through ctx.stripNested after the walk. */
  embeddedFiles: PdfNode[];
  /** Streams known to be embedded files before they are visited (values of a /EF dictionary). */
  embeddedFileStreams: Set<PDFObject>;
  /** DCTDecode image XObjects (§8.9.5) whose JPEG data goes through ctx.stripNested. */
  jpegImages: PdfNode[];
  /** JPXDecode image XObjects (§7.4.9), cleaned by pdf-jpx.ts. */
  jpxImages: PdfNode[];
  /** Other streams whose data is a file of a known format (pdf-sniff.ts). */
  unlabelledFiles: PdfNode[];
  /** Objects whose removal was already reported (one object may be linked from many places). */
  reported: Set<PDFObject>;
  /** Actions (and arrays of them) already cleaned by pdf-actions.ts. */
  actions: Set<PDFObject>;
}

export function report(cleanup: PdfCleanup, category: RemovalCategory, field: string, count = 1): void {
  cleanup.removed.push({ category, field, count });
}

/**
 * The name object for one of this code's constant strings. PDFName.of runs a regular
 * expression on every call; the rules ask for the same few names on every object. Never call
 * it with text from the file (the cache would grow with it).
 */
const constantNames = new Map<string, PDFName>();
export function pdfName(text: string): PDFName {
  let value = constantNames.get(text);
  if (!value) constantNames.set(text, (value = PDFName.of(text)));
  return value;
}

/** True when dict[key] is one of the names `values` (names are interned: compared by identity). */
export function nameIs(dict: PDFDict, key: string, ...values: string[]): boolean {
  const value = dict.lookup(pdfName(key));
  return value instanceof PDFName && values.some((v) => pdfName(v) === value);
}

/** Deletes `key` from `dict`; true when it was there. */
export function drop(dict: PDFDict, key: string): boolean {
  const k = pdfName(key);
  if (!dict.has(k)) return false;
  dict.delete(k);
  return true;
}
