// pdf-lib's parser, fenced in. pdf-lib reads a PDF front to back (it does not follow the xref
// table: a later definition of an object replaces an earlier one) and is lenient with damaged
// files, which we want. But on hostile input it can do quadratic work (rescanning to the end of
// the file from each broken object), recurse without limit, inflate object streams without a
// limit (ISO 32000-1 §7.5.7) and loop over an xref stream's /Size entries with no data behind
// them (§7.5.8). This subclass meters every byte-level step, bounds nesting, unpacks object
// streams itself within the decompression budget, and reads xref streams only for their
// trailer entries.
import { PDFArray, PDFContext, PDFDict, PDFName, PDFNumber, PDFObjectParser, PDFParser, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';
import { indexOfBytes } from './bytes.ts';
import { StripRejection, reject } from './errors.ts';
import { decodeStream, type DecodeBudget } from './pdf-decode.ts';
import { createGuard, fail, meter, meterFailedObjects, nested, quietPdfLibWarnings, type ParseGuard } from './pdf-parse-guard.ts';
import type { StripLimits } from './types.ts';

const STARTXREF = 'startxref';

export interface ParsedPdf {
  context: PDFContext;
  /** Stand-ins left in the context for object and xref streams: not part of the document. */
  internal: Set<PDFObject>;
  /** Cross-reference sections read (`startxref` keywords outside streams, §7.5.5). */
  xrefSections: number;
}

export async function parsePdf(bytes: Uint8Array, limits: StripLimits, budget: DecodeBudget): Promise<ParsedPdf> {
  const guard = createGuard(bytes.length, limits, budget);
  const parser = new BoundedPdfParser(bytes, guard);
  let context: PDFContext;
  const loud = quietPdfLibWarnings();
  try {
    context = await parser.parseDocument();
  } catch (error) {
    if (guard.failure) reject(guard.failure.code, guard.failure.reason);
    if (error instanceof StripRejection) throw error;
    reject('malformed', 'the PDF structure could not be read');
  } finally {
    loud();
  }
  // Encryption first: an encrypted file's object streams do not decode, which is not damage.
  if (context.trailerInfo.Encrypt) reject('encrypted', 'the PDF is encrypted (ISO 32000-1 §7.6)');
  if (guard.failure) reject(guard.failure.code, guard.failure.reason);
  if (context.enumerateIndirectObjects().length > limits.maxElements) reject('too_many_elements', `the PDF has more than ${limits.maxElements} objects`);
  return { context, internal: parser.internal, xrefSections: parser.startxrefs.size };
}

/** Parses one object of an object stream, within its own slice of the decoded data. */
class BoundedObjectParser extends PDFObjectParser {
  constructor(bytes: Uint8Array, context: PDFContext, private readonly guard: ParseGuard) {
    // pdf-lib does not export its ByteStream: borrow the one a plain parser builds for `bytes`.
    super((PDFObjectParser.forBytes(bytes, context) as unknown as { bytes: never }).bytes, context);
    meter(this.bytes, guard);
  }
  protected override parseArray(): PDFArray { return nested(this.guard, () => super.parseArray()); }
  protected override parseDict(): PDFDict { return nested(this.guard, () => super.parseDict()); }
}

class BoundedPdfParser extends PDFParser {
  readonly internal = new Set<PDFObject>();
  readonly startxrefs = new Set<number>();
  private endstreams?: number[];

  constructor(private readonly source: Uint8Array, private readonly guard: ParseGuard) {
    super(source, Infinity, false, false);
    meter(this.bytes, guard);
    meterFailedObjects(this, guard);
  }

  protected override parseArray(): PDFArray { return nested(this.guard, () => super.parseArray()); }
  protected override parseDict(): PDFDict { return nested(this.guard, () => super.parseDict()); }

  /** Notes where each `startxref` is (pdf-lib may match one twice), to count revisions (§7.5.6). */
  protected override matchKeyword(keyword: number[]): boolean {
    const at = this.bytes.offset();
    const matched = super.matchKeyword(keyword);
    if (matched && keyword.length === STARTXREF.length && String.fromCharCode(...keyword) === STARTXREF) this.startxrefs.add(at);
    return matched;
  }

  override parseObject(): PDFObject {
    const object = super.parseObject();
    if (!(object instanceof PDFRawStream)) return object;
    const type = object.dict.lookup(PDFName.of('Type'));
    if (type === PDFName.of('ObjStm')) return this.unpackObjectStream(object);
    if (type === PDFName.of('XRef')) return this.readXRefStream(object);
    return object;
  }

  /**
   * pdf-lib looks for `endstream` by scanning forward from every stream whose /Length is wrong,
   * once per stream: quadratic. The positions of all `endstream` keywords are found once instead.
   */
  protected override findEndOfStreamFallback(): number {
    if (!this.endstreams) {
      this.endstreams = [];
      const keyword = new TextEncoder().encode('endstream');
      for (let at = indexOfBytes(this.source, keyword); at !== -1; at = indexOfBytes(this.source, keyword, at + keyword.length)) this.endstreams.push(at);
    }
    const from = this.bytes.offset();
    let low = 0;
    let high = this.endstreams.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.endstreams[mid]! < from) low = mid + 1;
      else high = mid;
    }
    const keywordAt = this.endstreams[low];
    if (keywordAt === undefined) throw new Error('stream without endstream');
    // §7.3.8.1: the end-of-line marker before `endstream` is not part of the data.
    let end = keywordAt;
    if (end > from && this.source[end - 1] === 0x0a) end--;
    if (end > from && this.source[end - 1] === 0x0d) end--;
    this.bytes.moveTo(keywordAt + 'endstream'.length);
    return end;
  }

  /** §7.5.7: N pairs "objnum offset", then the objects from /First on. */
  private unpackObjectStream(stream: PDFRawStream): PDFObject {
    const standIn = this.standIn();
    try {
      const n = stream.dict.lookup(PDFName.of('N'));
      const first = stream.dict.lookup(PDFName.of('First'));
      if (!(n instanceof PDFNumber) || !(first instanceof PDFNumber)) fail(this.guard, 'malformed', 'object stream without /N or /First');
      const count = n.asNumber();
      const start = first.asNumber();
      if (!Number.isInteger(count) || count < 0 || count > this.guard.maxObjects) fail(this.guard, 'too_many_elements', 'object stream with too many objects');
      const data = decodeStream(stream, this.guard.budget);
      if (!data) fail(this.guard, 'malformed', 'object stream with an unsupported filter');
      if (!Number.isInteger(start) || start < 0 || start > data.length) fail(this.guard, 'malformed', 'object stream /First out of range');
      const numbers = readIntegers(data.subarray(0, start), count * 2);
      if (numbers.length < count * 2) fail(this.guard, 'malformed', 'object stream header is short');
      const entries = Array.from({ length: count }, (_, i) => ({ objectNumber: numbers[2 * i]!, offset: start + numbers[2 * i + 1]! }));
      // Each object is parsed within [its offset, the next offset): overlapping entries cannot
      // make the parser reread the rest of the stream once per object.
      const offsets = [...new Set(entries.map((e) => e.offset))].sort((a, b) => a - b);
      const endOf = new Map(offsets.map((offset, i) => [offset, offsets[i + 1] ?? data.length]));
      for (const entry of entries) {
        if (entry.offset > data.length) fail(this.guard, 'malformed', 'object stream offset out of range');
        const end = Math.min(endOf.get(entry.offset)!, data.length);
        const slice = data.subarray(entry.offset, end);
        try {
          const object = new BoundedObjectParser(slice, this.context, this.guard).parseObject();
          this.context.assign(PDFRef.of(entry.objectNumber, 0), object);
        } catch (error) {
          if (this.guard.failure) throw error;
          // A damaged member is skipped, as pdf-lib skips a damaged top-level object.
        }
      }
    } catch (error) {
      if (error instanceof StripRejection) this.guard.failure ??= { code: error.code, reason: error.message };
      else this.guard.failure ??= { code: 'malformed', reason: 'object stream could not be read' };
    }
    return standIn;
  }

  /** §7.5.8.2: an xref stream's dictionary carries the trailer entries; its table is not needed. */
  private readXRefStream(stream: PDFRawStream): PDFObject {
    const previous = this.context.trailerInfo;
    const entry = (key: string) => stream.dict.get(PDFName.of(key));
    this.context.trailerInfo = {
      Root: entry('Root') ?? previous.Root,
      Encrypt: entry('Encrypt') ?? previous.Encrypt,
      Info: entry('Info') ?? previous.Info,
      ID: entry('ID') ?? previous.ID,
    };
    return this.standIn();
  }

  private standIn(): PDFObject {
    const object = PDFRawStream.of(PDFDict.withContext(this.context), new Uint8Array(0));
    this.internal.add(object);
    return object;
  }
}

/** Up to `max` unsigned decimal integers separated by white space or comments. */
function readIntegers(bytes: Uint8Array, max: number): number[] {
  const out: number[] = [];
  let at = 0;
  while (out.length < max && at < bytes.length) {
    const byte = bytes[at]!;
    if (byte >= 0x30 && byte <= 0x39) {
      let value = 0;
      let digits = 0;
      while (at < bytes.length && bytes[at]! >= 0x30 && bytes[at]! <= 0x39) {
        if (++digits > 15) reject('malformed', 'number too long in object stream header');
        value = value * 10 + (bytes[at]! - 0x30);
        at++;
      }
      out.push(value);
    } else if (byte === 0x25) {
      while (at < bytes.length && bytes[at] !== 0x0a && bytes[at] !== 0x0d) at++;
    } else {
      at++;
    }
  }
  return out;
}
