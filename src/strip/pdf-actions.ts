// Actions (ISO 32000-1 §12.6): what a link, a form field, a page or the document does. They are
// found from where they are attached (an annotation's /A and /AA, a page's /AA, the catalog's
// /OpenAction and /AA) and their /Next chains, and keep only their type's keys
// (pdf-annotation-keys.ts). A launch action's default directory is a path on the sender's disk.
import { PDFArray, PDFDict, PDFName, PDFRef, PDFStream, type PDFObject } from 'pdf-lib';
import { actionKeys, WINDOWS_LAUNCH_KEYS } from './pdf-annotation-keys.ts';
import { drop, pdfName, report, type PdfCleanup } from './pdf-cleanup.ts';
import { dropUnknownKeys, known } from './pdf-known-keys.ts';

/** An action of a type the specification does not define does nothing: Table 193's keys only. */
const UNKNOWN_ACTION_KEYS = known('Type S Next');
/** Tables 194 (annotation), 195 (page), 196 (form field) and 197 (catalog): trigger events. */
const ADDITIONAL_ACTIONS_KEYS = known('E X D U Fo Bl PO PC PV PI K F V C O WC WS DS WP DP');

/** Cleans the action `value` (a dictionary, a reference or an array of them) and those it chains to. */
export function cleanActions(value: PDFObject | undefined, cleanup: PdfCleanup): void {
  const pending: (PDFObject | undefined)[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    const object = item instanceof PDFRef ? cleanup.context.lookup(item) : item;
    // Each action and array once, however many links lead to it (and however they loop).
    if (object === undefined || cleanup.actions.has(object)) continue;
    if (object instanceof PDFArray) {
      cleanup.actions.add(object);
      for (let i = 0; i < object.size(); i++) pending.push(object.get(i));
      continue;
    }
    if (!(object instanceof PDFDict) || object instanceof PDFStream) continue;
    cleanup.actions.add(object);
    const type = object.lookup(pdfName('S'));
    dropUnknownKeys(object, actionKeys(type instanceof PDFName ? type : undefined) ?? UNKNOWN_ACTION_KEYS, cleanup);
    const windows = object.lookup(pdfName('Win'));
    if (windows instanceof PDFDict) {
      if (drop(windows, 'D')) report(cleanup, 'paths', 'pdf-file-path');
      dropUnknownKeys(windows, WINDOWS_LAUNCH_KEYS, cleanup);
    }
    pending.push(object.get(pdfName('Next')));
  }
}

/** An additional-actions dictionary (`dict`'s /AA): its triggers and their actions. */
export function cleanAdditionalActions(dict: PDFDict, cleanup: PdfCleanup): void {
  const additional = dict.lookup(pdfName('AA'));
  if (!(additional instanceof PDFDict)) return;
  dropUnknownKeys(additional, ADDITIONAL_ACTIONS_KEYS, cleanup);
  for (const [, action] of additional.entries()) cleanActions(action, cleanup);
}
