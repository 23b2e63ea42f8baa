// File specifications (ISO 32000-1 §7.11): attachments and links to other files. An absolute
// path names the sender's folders (C:\Users\<name>\...): only the file name is kept. An
// attachment's description, identifiers and portfolio fields go; its data is found here and
// stripped later (pdf-nested.ts).
import { PDFDict, PDFHexString, PDFRawStream, PDFString, type PDFObject } from 'pdf-lib';
import { drop, nameIs, pdfName, report, type PdfCleanup } from './pdf-cleanup.ts';
import type { PdfNode } from './pdf-walk.ts';

/**
 * Where paths and file URIs are written: file names of file specifications (§7.11.3 Table 44)
 * and the /F string that stands for one in actions, movies and sounds (§7.11.2), URI actions
 * and the document's base URI (§12.6.4.7). A key is only rewritten when its value is a string
 * holding an absolute path, so /F numbers (annotation flags) and relative links are untouched.
 */
const PATH_KEYS = ['F', 'UF', 'DOS', 'Mac', 'Unix', 'URI', 'Base'];
const FILE_NAME_KEYS = ['F', 'UF', 'DOS', 'Mac', 'Unix'];
/**
 * §7.11.3 Table 44 (with ISO 32000-2's AFRelationship and EP) less what is removed: any other
 * key of a file specification is a writer's private data. Desc, ID, CI and RF are
 * reported one by one below.
 */
const FILE_SPEC_KEYS = new Set(['Type', 'FS', 'F', 'UF', 'DOS', 'Mac', 'Unix', 'V', 'EF', 'AFRelationship', 'EP'].map(pdfName));

export function isFileSpecification(dict: PDFDict): boolean {
  return nameIs(dict, 'Type', 'Filespec') || dict.has(pdfName('EF')) || dict.has(pdfName('UF'));
}

export function cleanFileSpecification(node: PdfNode, cleanup: PdfCleanup): void {
  const { dict } = node;
  for (const key of PATH_KEYS) shortenPath(dict, key, cleanup);
  // §12.6.4.5 Table 204: Windows launch parameters carry a default directory.
  const windows = nameIs(dict, 'S', 'Launch') ? dict.lookup(pdfName('Win')) : undefined;
  if (windows instanceof PDFDict && drop(windows, 'D')) report(cleanup, 'paths', 'pdf-file-path');
  if (!isFileSpecification(dict)) return;

  // An attachment's name is only a label: even a relative path in it names folders.
  if (dict.has(pdfName('EF'))) for (const key of FILE_NAME_KEYS) shortenPath(dict, key, cleanup, true);
  if (drop(dict, 'Desc')) report(cleanup, 'other', 'pdf-attachment-description');
  if (drop(dict, 'ID')) report(cleanup, 'identifiers', 'pdf-attachment-id'); // §7.11.3: file identifier
  if (drop(dict, 'CI')) report(cleanup, 'other', 'pdf-collection-item'); // §12.3.5: portfolio fields
  if (drop(dict, 'RF')) report(cleanup, 'other', 'pdf-related-files'); // §7.11.4.2: more embedded data
  for (const key of dict.keys()) {
    if (FILE_SPEC_KEYS.has(key)) continue;
    dict.delete(key);
    report(cleanup, 'other', 'pdf-private-data');
  }
  const embedded = dict.lookup(pdfName('EF'));
  if (embedded instanceof PDFDict) {
    for (const [, value] of embedded.entries()) {
      const stream = cleanup.context.lookup(value);
      if (stream instanceof PDFRawStream) cleanup.embeddedFileStreams.add(stream);
    }
  }
}

export function isEmbeddedFile(node: PdfNode, cleanup: PdfCleanup): boolean {
  return node.stream !== undefined && (cleanup.embeddedFileStreams.has(node.stream) || nameIs(node.dict, 'Type', 'EmbeddedFile'));
}

/**
 * Replaces an absolute path (or file: URI) in `dict[key]` by its last component; `anyPath` also
 * shortens relative ones and classic Mac OS paths (colon-separated).
 */
function shortenPath(dict: PDFDict, key: string, cleanup: PdfCleanup, anyPath = false): void {
  const value = dict.lookup(pdfName(key));
  const text = textOf(value);
  const separators = anyPath ? /[\\/:]/ : /[\\/]/;
  if (text === undefined || !(anyPath ? separators.test(text) : isAbsolutePath(text))) return;
  const base = text.replace(/[\\/:]+$/, '').split(separators).pop() ?? '';
  dict.set(pdfName(key), /^[\x20-\x7e]*$/.test(base) ? PDFString.of(escapeLiteral(base)) : PDFHexString.fromText(base));
  report(cleanup, 'paths', 'pdf-file-path');
}

function textOf(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
}

/** Windows drive or UNC path, POSIX absolute path (also §7.11.2's "/C/Users/..."), home, file: URI. */
function isAbsolutePath(text: string): boolean {
  return /^([a-z]:[\\/]|[\\/]|~|file:)/i.test(text.trim());
}

/** PDFString.of writes its argument verbatim between parentheses (§7.3.4.2 escapes are ours). */
function escapeLiteral(text: string): string {
  return text.replace(/[\\()]/g, (c) => `\\${c}`);
}
