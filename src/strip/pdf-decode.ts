// Bounded decoding of PDF stream filters (ISO 32000-1 §7.4). Every decoded byte is charged to
// one budget per document, so a small stream that inflates to gigabytes (a "zip bomb" in an
// object stream, an attachment or an image) is refused before it is in memory.
import { Inflate } from 'fflate';
import { decodePDFRawStream, PDFArray, PDFContext, PDFDict, PDFName, PDFNumber, PDFRawStream, type PDFObject } from 'pdf-lib';
import { concatBytes } from './bytes.ts';
import { reject } from './errors.ts';

/** What is left of the document's decompression allowance (StripLimits.maxDecompressedBytes). */
export interface DecodeBudget {
  remaining: number;
}

const INPUT_PIECE = 4096;
const OUTPUT_PIECE = 64 * 1024;

function charge(budget: DecodeBudget, bytes: number): void {
  budget.remaining -= bytes;
  if (budget.remaining < 0) reject('too_large', 'the PDF decompresses to more than the allowed size');
}

/** The stream's filters and their parameters as parallel lists (§7.3.8.2 Filter, DecodeParms). */
export function filterChain(dict: PDFDict): { filters: PDFName[]; parms: (PDFDict | undefined)[] } | undefined {
  const filter = dict.lookup(PDFName.of('Filter'));
  const parms = dict.lookup(PDFName.of('DecodeParms'));
  if (filter === undefined) return { filters: [], parms: [] };
  if (filter instanceof PDFName) return { filters: [filter], parms: [parms instanceof PDFDict ? parms : undefined] };
  if (!(filter instanceof PDFArray)) return undefined;
  const filters: PDFName[] = [];
  const parmList: (PDFDict | undefined)[] = [];
  for (let i = 0; i < filter.size(); i++) {
    const name = filter.lookup(i);
    if (!(name instanceof PDFName)) return undefined;
    filters.push(name);
    const p = parms instanceof PDFArray ? parms.lookup(i) : undefined;
    parmList.push(p instanceof PDFDict ? p : undefined);
  }
  return { filters, parms: parmList };
}

/**
 * Applies `filters` in order. Returns undefined for what cannot be decoded faithfully here
 * (Crypt, image codecs, predictors): the caller then treats the data as opaque.
 */
export function decodeFilters(data: Uint8Array, filters: PDFName[], parms: (PDFDict | undefined)[], budget: DecodeBudget): Uint8Array | undefined {
  let out = data;
  for (let i = 0; i < filters.length; i++) {
    const name = filters[i]!.decodeText();
    const p = parms[i];
    // §7.4.4.4: a predictor transforms the decoded rows; pdf-lib ignores it, so would we.
    const predictor = p?.lookup(PDFName.of('Predictor'));
    if (predictor instanceof PDFNumber && predictor.asNumber() > 1) return undefined;
    if (name === 'FlateDecode' || name === 'Fl') out = inflateBounded(out, budget);
    else if (['ASCIIHexDecode', 'AHx', 'ASCII85Decode', 'A85', 'LZWDecode', 'LZW', 'RunLengthDecode', 'RL'].includes(name)) out = decodeWithPdfLib(out, name, p, budget);
    else return undefined;
  }
  return out;
}

/** A whole stream's decoded contents, or undefined when a filter is not a general-purpose one. */
export function decodeStream(stream: PDFRawStream, budget: DecodeBudget): Uint8Array | undefined {
  const chain = filterChain(stream.dict);
  if (!chain) return undefined;
  return decodeFilters(stream.getContents(), chain.filters, chain.parms, budget);
}

/**
 * FlateDecode is zlib (RFC 1950) around deflate (RFC 1951). fflate inflates in small input
 * pieces so the output is measured as it grows; a truncated stream keeps what was decoded, as
 * PDF readers do, and the Adler-32 trailer is not checked (many writers get it wrong).
 */
function inflateBounded(data: Uint8Array, budget: DecodeBudget): Uint8Array {
  const hasZlibHeader = data.length >= 2 && (data[0]! & 0x0f) === 8 && ((data[0]! << 8) | data[1]!) % 31 === 0;
  const body = hasZlibHeader ? data.subarray(2) : data;
  const pieces: Uint8Array[] = [];
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    charge(budget, chunk.length);
    pieces.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let at = 0; at < body.length && !ended; at += INPUT_PIECE) {
      inflater.push(body.subarray(at, Math.min(body.length, at + INPUT_PIECE)), false);
    }
    if (!ended) inflater.push(new Uint8Array(0), true);
  } catch (error) {
    // Over budget is a refusal; a damaged or truncated tail keeps what came before it.
    if (budget.remaining < 0) throw error;
    if (pieces.length === 0) reject('malformed', 'a compressed stream could not be decoded');
  }
  return concatBytes(pieces);
}

/** The other general filters through pdf-lib's decoders, read in pieces to measure the output. */
function decodeWithPdfLib(data: Uint8Array, filter: string, parms: PDFDict | undefined, budget: DecodeBudget): Uint8Array {
  const context = PDFContext.create();
  const dict = context.obj({ Filter: filter }) as PDFDict;
  if (parms) dict.set(PDFName.of('DecodeParms'), parms as PDFObject);
  const decoder = decodePDFRawStream(PDFRawStream.of(dict, data));
  const pieces: Uint8Array[] = [];
  for (;;) {
    const piece = decoder.getBytes(OUTPUT_PIECE);
    if (piece.length === 0) break;
    charge(budget, piece.length);
    pieces.push(new Uint8Array(piece));
  }
  return concatBytes(pieces);
}
