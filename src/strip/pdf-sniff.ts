// A safety net for files inside the PDF that are not labelled as such: an attachment whose
// /EF link or /Type is damaged, an image whose /Subtype or /Filter is misspelt, a writer's
// private stream. Every stream not already handled is looked at: if its data starts with the
// signature of a file format (JPEG, PNG, PDF, ZIP, ...), it is stripped like an attachment, or
// removed when it cannot be; if it is an XMP packet, it is removed. Content streams, fonts and
// colour profiles never start that way.
import { Inflate } from 'fflate';
import { PDFArray, PDFDict, PDFNull, PDFRawStream, type PDFObject } from 'pdf-lib';
import { concatBytes, indexOfBytes } from './bytes.ts';
import { collect } from './source.ts';
import { pdfName, report, type PdfCleanup } from './pdf-cleanup.ts';
import { decodeStream, filterChain } from './pdf-decode.ts';
import { stripJpx } from './pdf-jpx.ts';
import type { PdfNode } from './pdf-walk.ts';
import type { StripContext } from './types.ts';

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
/** [signature, offset]: JPEG, PNG, GIF, RIFF (WebP), PDF, ZIP (Office), ID3 (MP3), ISO BMFF, JP2. */
const SIGNATURES: [number[], number][] = [
  [[0xff, 0xd8, 0xff], 0], [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 0], [ascii('GIF8'), 0], [ascii('RIFF'), 0],
  [ascii('%PDF-'), 0], [[0x50, 0x4b, 0x03, 0x04], 0], [ascii('ID3'), 0], [ascii('ftyp'), 4],
];
const JP2_SIGNATURE = [0, 0, 0, 0x0c, ...ascii('jP  ')];
const PREFIX_INPUT = 512;
const PREFIX_PIECE = 64;

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);

/** Image codecs whose encoded data is itself a file (a JPEG, a JP2), §7.4.8 and §7.4.9. */
const FILE_CODECS = ['DCTDecode', 'DCT', 'JPXDecode'];

/** The stream's data is the file as it is: no filter, or only an image codec that is a format. */
function storedAsIs(stream: PDFRawStream): boolean {
  const filters = filterChain(stream.dict)?.filters;
  return filters !== undefined && (filters.length === 0 || (filters.length === 1 && FILE_CODECS.some((codec) => filters[0] === pdfName(codec))));
}

const prefixes = new WeakMap<PDFRawStream, Uint8Array | undefined>();
/** Keys only streams with a known role carry: fonts (Length1), functions, shadings, patterns, ICC profiles (N). */
const ROLE_KEYS = ['Type', 'Subtype', 'Length1', 'FunctionType', 'ShadingType', 'PatternType', 'N'];
/** Streams whose role their parent names: page contents (§7.7.3.3), ToUnicode maps (§9.10.3), Type 3 glyphs (§9.6.5). */
const knownStreams = new WeakSet<PDFObject>();

/** Called on every dictionary before its streams are visited: notes the streams it gives a role. */
export function noteStreamRoles(dict: PDFDict): void {
  for (const key of ['Contents', 'ToUnicode']) {
    const value = dict.lookup(pdfName(key));
    if (value instanceof PDFRawStream) knownStreams.add(value);
    if (value instanceof PDFArray) {
      for (let i = 0; i < value.size(); i++) {
        const item = value.lookup(i);
        if (item) knownStreams.add(item);
      }
    }
  }
  const glyphs = dict.lookup(pdfName('CharProcs'));
  if (glyphs instanceof PDFDict) for (const [, glyph] of glyphs.entries()) knownStreams.add(dict.context.lookup(glyph) ?? glyph);
}

/**
 * The first bytes of a stream's data: as stored when that is the file itself, else inflated
 * (FlateDecode only) a few bytes at a time until there are enough to recognise a signature.
 * Streams with a known role (page contents, fonts, images...) are only looked at as stored.
 * Remembered per stream: the walk asks twice.
 */
function prefix(stream: PDFRawStream): Uint8Array | undefined {
  if (prefixes.has(stream)) return prefixes.get(stream);
  const head = readPrefix(stream);
  prefixes.set(stream, head);
  return head;
}

function readPrefix(stream: PDFRawStream): Uint8Array | undefined {
  const filters = filterChain(stream.dict)?.filters;
  const data = stream.getContents();
  if (storedAsIs(stream)) return data.subarray(0, 64);
  if (!filters || filters.length !== 1 || (filters[0] !== pdfName('FlateDecode') && filters[0] !== pdfName('Fl'))) return undefined;
  // Inflating costs a fraction of a millisecond a stream: spent only on streams of no known role.
  if (knownStreams.has(stream) || ROLE_KEYS.some((key) => stream.dict.has(pdfName(key)))) return undefined;
  const out: Uint8Array[] = [];
  let length = 0;
  try {
    const body = data.length >= 2 && (data[0]! & 0x0f) === 8 && ((data[0]! << 8) | data[1]!) % 31 === 0 ? data.subarray(2) : data;
    const inflater = new Inflate((chunk) => {
      out.push(chunk);
      length += chunk.length;
    });
    for (let at = 0; at < Math.min(body.length, PREFIX_INPUT) && length < 16; at += PREFIX_PIECE) inflater.push(body.subarray(at, at + PREFIX_PIECE), false);
  } catch {
    return undefined;
  }
  return concatBytes(out).subarray(0, 64);
}

const isFile = (head: Uint8Array) => startsWith(head, JP2_SIGNATURE) || SIGNATURES.some(([signature, at]) => startsWith(head, signature, at));
/** §14.3.2 and the XMP specification's packet wrapper: an XMP packet whatever the dictionary says. */
const isXmp = (head: Uint8Array) => [ascii('<?xpacket begin'), ascii('<x:xmpmeta'), ascii('<x:xapmeta')].some((s) => startsWith(head, s));

/**
 * Whether a stream not otherwise handled holds a file of a known format. The raw data is looked
 * at as well as the decoded data, so a file behind a misspelt filter name is found too.
 */
export function holdsFile(node: PdfNode): boolean {
  if (!node.stream) return false;
  const head = prefix(node.stream);
  return isFile(node.stream.getContents()) || (head !== undefined && isFile(head));
}

/** Whether a stream is an XMP packet by its content, whatever its dictionary says. */
export function holdsXmp(stream: PDFRawStream): boolean {
  const head = prefix(stream);
  return isXmp(stream.getContents()) || (head !== undefined && isXmp(head));
}

/**
 * Strips the file found in an unlabelled stream, or removes the stream. A file that had to be
 * decoded is stored unfiltered; one stored as an image codec's data keeps its filter.
 */
export async function stripUnlabelledFile(node: PdfNode, cleanup: PdfCleanup, ctx: StripContext): Promise<void> {
  const asIs = storedAsIs(node.stream!) || isFile(node.stream!.getContents());
  const data = asIs ? node.stream!.getContents() : decodeStream(node.stream!, cleanup.budget);
  let cleaned: Uint8Array | undefined;
  if (data && startsWith(data, JP2_SIGNATURE)) {
    const jpx = stripJpx(data, ctx.limits.maxElements);
    if (jpx) cleanup.removed.push(...jpx.removed);
    cleaned = jpx?.bytes;
  } else if (data) {
    const result = await ctx.stripNested(data);
    if (result.status === 'cleaned') {
      cleanup.removed.push(...result.removed);
      cleaned = await collect(result);
    }
  }
  if (!cleaned) {
    node.replace(PDFNull);
    report(cleanup, 'other', 'pdf-unlabelled-file-removed');
    return;
  }
  if (!asIs) {
    node.dict.delete(pdfName('Filter'));
    node.dict.delete(pdfName('DecodeParms'));
  }
  node.replace(PDFRawStream.of(node.dict, cleaned));
}

const ENDOBJ = new TextEncoder().encode('endobj');
const STREAM = new TextEncoder().encode('stream');
const isDelimiterOrSpace = (byte: number | undefined) => byte === undefined || /[\s()<>[\]{}/%]/.test(String.fromCharCode(byte));

/**
 * Whether a stream's data holds an `endobj` keyword or a `>> stream` (another stream's start):
 * its /Length or a missing `endstream` made the parser read on into the next objects
 * (§7.3.8.1), whose raw bytes would then be copied out unexamined. Compressed data does not
 * contain either by chance in any realistic file, nor does a content stream's syntax.
 */
export function runsIntoNextObject(data: Uint8Array): boolean {
  for (let at = indexOfBytes(data, ENDOBJ); at !== -1; at = indexOfBytes(data, ENDOBJ, at + 1)) {
    if (isDelimiterOrSpace(data[at - 1]) && isDelimiterOrSpace(data[at + ENDOBJ.length])) return true;
  }
  for (let at = indexOfBytes(data, STREAM); at !== -1; at = indexOfBytes(data, STREAM, at + 1)) {
    let before = at - 1;
    while (before >= 0 && /\s/.test(String.fromCharCode(data[before]!))) before--;
    const next = data[at + STREAM.length];
    if (before >= 1 && data[before] === 0x3e && data[before - 1] === 0x3e && (next === 0x0a || next === 0x0d)) return true;
  }
  return false;
}
