// PDF metadata removal. The file is parsed (pdf-parser.ts), every object reachable from the
// trailer's /Root is visited and cleaned (pdf-document, pdf-annotations, pdf-actions,
// pdf-filespecs; the dictionaries writers keep private data in keep only the keys the
// specification defines for their type, pdf-known-keys and pdf-annotation-keys), the
// embedded files and JPEG images are stripped by their own strippers and JPEG 2000 images by
// pdf-jpx (pdf-nested), streams that hold a file or XMP without saying so are found by their
// content (pdf-sniff), everything unreachable is deleted, and the PDF is written anew: one
// revision, no Info dictionary, no /ID, objects renumbered, nothing of the input's bytes but
// the stream data of what remains (ISO 32000-1 §7.5).
import { PDFDict, PDFInvalidObject, PDFNumber, PDFRawStream, PDFRef, PDFStreamWriter, type PDFObject } from 'pdf-lib';
import { reject } from './errors.ts';
import { cleanAnnotation } from './pdf-annotations.ts';
import { nameIs, pdfName, report, type PdfCleanup } from './pdf-cleanup.ts';
import { cleanDocumentData, dropMisplacedInfo, reportSignature } from './pdf-document.ts';
import { cleanFileSpecification, isEmbeddedFile } from './pdf-filespecs.ts';
import { infoRemovals, isXmpStream, xmpRemovals } from './pdf-metadata.ts';
import { dropEmbeddedFileParams, imageCodec, stripEmbeddedFile, stripJpegImage, stripJpxImage } from './pdf-nested.ts';
import { parsePdf } from './pdf-parser.ts';
import { holdsFile, holdsXmp, noteStreamRoles, runsIntoNextObject, stripUnlabelledFile } from './pdf-sniff.ts';
import { renumberReachable, unreachedObjects, walkPdf } from './pdf-walk.ts';
import { cleanedBytes, mergeRemovals, readAll } from './source.ts';
import type { Stripper } from './types.ts';

export const stripPdf: Stripper = async (source, kind, ctx) => {
  const bytes = await readAll(source, ctx.limits);
  const budget = { remaining: ctx.limits.maxDecompressedBytes };
  const { context, internal, xrefSections } = await parsePdf(bytes, ctx.limits, budget);
  const root = context.trailerInfo.Root;
  if (!(root instanceof PDFRef) || !(context.lookup(root) instanceof PDFDict)) reject('malformed', 'the PDF has no document catalog');

  const cleanup: PdfCleanup = {
    context, root, budget, removed: [], embeddedFiles: [], embeddedFileStreams: new Set(), jpegImages: [], jpxImages: [], unlabelledFiles: [], reported: new Set(), actions: new Set(),
  };
  const { Info: info, ID: id } = context.trailerInfo;
  const infoObject = info instanceof PDFRef ? context.lookup(info) : info;
  cleanup.removed.push(...infoRemovals(infoObject));
  if (id) report(cleanup, 'identifiers', 'pdf-document-id'); // §14.4: ties copies of a file together
  reportHistory(cleanup, xrefSections, unreachedObjects(context, walkPdf(context, info instanceof PDFRef ? [root, info] : [root])), internal);
  context.trailerInfo = { Root: root };

  walkPdf(context, [root], (node) => {
    if (node.stream && runsIntoNextObject(node.stream.getContents())) reject('malformed', 'a stream of the PDF runs into the objects after it');
    // The length is written from the data; an indirect /Length object would be left behind.
    if (node.stream) node.dict.set(pdfName('Length'), PDFNumber.of(node.stream.getContentsSize()));
    noteStreamRoles(node.dict);
    cleanDocumentData(node, cleanup);
    cleanAnnotation(node, cleanup);
    cleanFileSpecification(node, cleanup);
    const codec = imageCodec(node);
    if (isEmbeddedFile(node, cleanup)) {
      dropEmbeddedFileParams(node, cleanup);
      cleanup.embeddedFiles.push(node);
    } else if (codec === 'jpeg') cleanup.jpegImages.push(node);
    else if (codec === 'jpx') cleanup.jpxImages.push(node);
    else if (holdsFile(node)) cleanup.unlabelledFiles.push(node);
    dropMisplacedInfo(node, cleanup);
  }, (object) => cutLink(object, infoObject, cleanup));

  for (const node of cleanup.embeddedFiles) await stripEmbeddedFile(node, cleanup, ctx);
  for (const node of cleanup.unlabelledFiles) await stripUnlabelledFile(node, cleanup, ctx);
  for (const node of cleanup.jpegImages) {
    const failure = await stripJpegImage(node, cleanup, ctx);
    if (failure) return { status: 'unsupported', kind, reason: failure };
  }
  for (const node of cleanup.jpxImages) {
    const failure = stripJpxImage(node, cleanup, ctx.limits.maxElements);
    if (failure) return { status: 'unsupported', kind, reason: failure };
  }

  context.trailerInfo = { Root: renumberReachable(context, root) };
  const output = await PDFStreamWriter.forContext(context, Infinity, true).serializeToBuffer();
  return cleanedBytes(kind, 'application/pdf', output, mergeRemovals(cleanup.removed));
};

/** Objects that are removed wherever they are linked from, whatever the key. */
function cutLink(object: PDFObject, info: PDFObject | undefined, cleanup: PdfCleanup): boolean {
  if (object === info) return true;
  const once = (action: () => void) => {
    if (!cleanup.reported.has(object)) action();
    cleanup.reported.add(object);
    return true;
  };
  // Bytes pdf-lib could not parse would be written out verbatim: nothing unread goes out.
  if (object instanceof PDFInvalidObject) return once(() => report(cleanup, 'other', 'pdf-unreadable-object'));
  if (isXmpStream(object) || (object instanceof PDFRawStream && holdsXmp(object))) return once(() => cleanup.removed.push(...xmpRemovals(object)));
  if (isSignature(object)) return once(() => reportSignature(cleanup));
  return false;
}

/** §12.8.1 Table 252: a signature dictionary (it may omit /Type). */
function isSignature(object: PDFObject): boolean {
  if (!(object instanceof PDFDict) || object instanceof PDFRawStream) return false;
  if (nameIs(object, 'Type', 'Sig', 'DocTimeStamp')) return true;
  return object.has(pdfName('ByteRange')) && object.has(pdfName('Contents')) && object.has(pdfName('Filter'));
}

/**
 * Earlier revisions (§7.5.6 incremental updates) and objects no longer used: a linearized file
 * (Annex F) has one extra cross-reference section and hint streams that are not revisions.
 */
function reportHistory(cleanup: PdfCleanup, xrefSections: number, unreached: [PDFRef, PDFObject][], internal: Set<PDFObject>): void {
  const linearized = unreached.some(([, object]) => object instanceof PDFDict && object.has(pdfName('Linearized')));
  const revisions = xrefSections - 1 - (linearized ? 1 : 0);
  if (revisions > 0) report(cleanup, 'history', 'pdf-earlier-revisions', revisions);
  const orphans = unreached.filter(([, object]) => {
    if (internal.has(object)) return false;
    if (object instanceof PDFDict && object.has(pdfName('Linearized'))) return false;
    const hintStream = linearized && object instanceof PDFRawStream && object.dict.has(pdfName('S')) && !object.dict.has(pdfName('Type'));
    return !hintStream;
  }).length;
  if (orphans > 0) report(cleanup, 'history', 'pdf-unreferenced-objects', orphans);
}
