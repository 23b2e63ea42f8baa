// Files inside the PDF that have metadata of their own: embedded files (ISO 32000-1 §7.11.4)
// and JPEG images (DCTDecode image XObjects, §8.9.5 and §7.4.8), each stripped by the stripper
// of its own format through ctx.stripNested; JPEG 2000 images (JPXDecode, §7.4.9) by pdf-jpx.
import { zlibSync } from 'fflate';
import { PDFDict, PDFNull, PDFNumber, PDFRawStream } from 'pdf-lib';
import { collect } from './source.ts';
import { nameIs, pdfName, report, type PdfCleanup } from './pdf-cleanup.ts';
import { decodeFilters, decodeStream, filterChain } from './pdf-decode.ts';
import { stripJpx } from './pdf-jpx.ts';
import type { PdfNode } from './pdf-walk.ts';
import type { StripContext } from './types.ts';

/** Formats that are not compressed already: worth a FlateDecode filter when stored again. */
const COMPRESSIBLE = new Set(['text', 'svg']);

/**
 * §7.11.4.1 Table 46: an embedded file's /Params holds its creation and modification dates and
 * an MD5 checksum of the original (which identifies it). Removed when the walk meets the file;
 * only the new size is written back.
 */
export function dropEmbeddedFileParams(node: PdfNode, cleanup: PdfCleanup): void {
  const params = node.dict.lookup(pdfName('Params'));
  if (params instanceof PDFDict) {
    if (params.has(pdfName('CreationDate')) || params.has(pdfName('ModDate'))) report(cleanup, 'dates', 'pdf-attachment-dates');
    if (params.has(pdfName('CheckSum'))) report(cleanup, 'identifiers', 'pdf-attachment-checksum');
    if (params.has(pdfName('Mac'))) report(cleanup, 'software', 'pdf-attachment-creator');
  }
  node.dict.delete(pdfName('Params'));
}

/** An embedded file's new data, or the attachment removed when it cannot be made safe. */
export async function stripEmbeddedFile(node: PdfNode, cleanup: PdfCleanup, ctx: StripContext): Promise<void> {
  const data = decodeStream(node.stream!, cleanup.budget);
  const result = data && data.length > 0 ? await ctx.stripNested(data) : undefined;
  if (result?.status !== 'cleaned') {
    // §7.3.9: a reference to null is as if the entry were absent.
    node.replace(PDFNull);
    report(cleanup, 'other', 'pdf-attachment-removed');
    return;
  }
  const cleaned = await collect(result);
  const compress = COMPRESSIBLE.has(result.kind);
  const stored = compress ? zlibSync(cleaned, { level: 6 }) : cleaned;
  const dict = cleanup.context.obj({
    Type: 'EmbeddedFile',
    Subtype: result.mimeType.split(';')[0]!.trim(), // §7.11.4: a media type, without parameters
    Params: { Size: cleaned.length },
    ...(compress ? { Filter: 'FlateDecode' } : {}),
  }) as PDFDict;
  node.replace(PDFRawStream.of(dict, stored));
  cleanup.removed.push(...result.removed);
}

/** The image codec of an image XObject: its last filter (§7.4.1: codecs come last). */
export function imageCodec(node: PdfNode): 'jpeg' | 'jpx' | undefined {
  if (!node.stream || !nameIs(node.dict, 'Subtype', 'Image')) return undefined;
  const last = filterChain(node.dict)?.filters.at(-1);
  if (last === pdfName('DCTDecode') || last === pdfName('DCT')) return 'jpeg';
  return last === pdfName('JPXDecode') ? 'jpx' : undefined;
}

/** Replaces a JPEG 2000 image's data by a copy without metadata boxes and comments. */
export function stripJpxImage(node: PdfNode, cleanup: PdfCleanup, maxElements: number): string | undefined {
  const chain = filterChain(node.dict)!;
  const before = chain.filters.length - 1;
  const jpx = decodeFilters(node.stream!.getContents(), chain.filters.slice(0, before), chain.parms.slice(0, before), cleanup.budget);
  if (!jpx) return 'a JPEG 2000 image in the PDF is stored with filters that cannot be decoded';
  const result = stripJpx(jpx, maxElements);
  if (!result) return 'a JPEG 2000 image in the PDF has comments inside its tiles';
  if (before === 0 && result.removed.length === 0) return undefined;
  node.dict.set(pdfName('Filter'), pdfName('JPXDecode'));
  node.dict.delete(pdfName('DecodeParms'));
  node.dict.set(pdfName('Length'), PDFNumber.of(result.bytes.length));
  node.replace(PDFRawStream.of(node.dict, result.bytes));
  cleanup.removed.push(...result.removed);
  return undefined;
}

/**
 * Replaces a JPEG image's data by the JPEG stripper's output. Returns why it could not, if it
 * could not: the image would keep its EXIF (GPS, camera serial), so the PDF is not clean.
 */
export async function stripJpegImage(node: PdfNode, cleanup: PdfCleanup, ctx: StripContext): Promise<string | undefined> {
  const chain = filterChain(node.dict)!;
  const before = chain.filters.length - 1;
  // Filters before DCTDecode (often FlateDecode) are undone; the JPEG is stored as plain DCT.
  const jpeg = decodeFilters(node.stream!.getContents(), chain.filters.slice(0, before), chain.parms.slice(0, before), cleanup.budget);
  if (!jpeg) return 'a JPEG image in the PDF is stored with filters that cannot be decoded';
  const result = await ctx.stripNested(jpeg);
  if (result.status !== 'cleaned') return `a JPEG image in the PDF could not be cleaned (${result.status}: ${result.reason})`;
  const cleaned = await collect(result);
  if (before === 0 && result.removed.length === 0 && equalBytes(cleaned, jpeg)) return undefined;
  node.dict.set(pdfName('Filter'), pdfName('DCTDecode'));
  const dctParms = chain.parms[before];
  if (dctParms) node.dict.set(pdfName('DecodeParms'), dctParms);
  else node.dict.delete(pdfName('DecodeParms'));
  node.dict.set(pdfName('Length'), PDFNumber.of(cleaned.length));
  node.replace(PDFRawStream.of(node.dict, cleaned));
  cleanup.removed.push(...result.removed);
  return undefined;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
