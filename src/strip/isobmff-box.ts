// Box headers of ISO base media files, parsed with every size checked against its parent.
// ISO/IEC 14496-12 §4.2 (Box: size, type, largesize, usertype); QuickTime File Format "Atoms".
import { ascii, u32be, u64be } from './bytes.ts';
import { reject } from './errors.ts';
import type { ByteSource, StripLimits } from './types.ts';

export interface BoxHeader {
  type: string;
  /** Offset of the box's first byte (in the buffer or file it was parsed from). */
  start: number;
  /** 8, 16 with a 64-bit largesize; +16 for a uuid box's usertype. */
  headerSize: number;
  /** Whether the size field is 1 and the real size is in the 64-bit largesize. */
  large: boolean;
  /** Whole box, header included. */
  size: number;
}

/** The 16-byte usertype of the XMP box, ISO/IEC 16684-1 (XMP) part 3 / ISO/IEC 14496-12 §8.16. */
export const XMP_UUID = 'be7acfcb97a942e89c71999491e3afac';

/** Counts boxes, entries and tags so an adversarial file cannot make a parser loop for long. */
export class ElementBudget {
  private used = 0;
  constructor(private readonly limit: number) {}
  spend(n = 1): void {
    this.used += n;
    if (this.used > this.limit) reject('too_many_elements', `more than ${this.limit} boxes, entries or tags`);
  }
}

export function checkDepth(depth: number, limits: StripLimits): void {
  if (depth > limits.maxDepth) reject('too_deep', `boxes nested more than ${limits.maxDepth} levels deep`);
}

/**
 * The header of the box at `at`, which must end by `end`. Size 0 means "to the end of the file",
 * which §4.2 allows only for the last top-level box (`topLevel`): inside a container it would
 * swallow the boxes after it, so it is refused there.
 */
export function parseBoxHeader(bytes: Uint8Array, at: number, end: number, base = 0, topLevel = false): BoxHeader {
  if (end - at < 8) reject('malformed', `box header cut short at offset ${base + at}`);
  let size = u32be(bytes, at);
  const type = ascii(bytes, at + 4, 4);
  let headerSize = 8;
  const large = size === 1;
  if (large) {
    if (end - at < 16) reject('malformed', `box header cut short at offset ${base + at}`);
    size = u64be(bytes, at + 8);
    headerSize = 16;
  } else if (size === 0) {
    if (!topLevel) reject('malformed', `box of size 0 inside a container at offset ${base + at}`);
    size = end - at;
  }
  if (type === 'uuid') headerSize += 16;
  if (size < headerSize) reject('malformed', `box '${printable(type)}' at offset ${base + at} is smaller than its header`);
  if (size > end - at) reject('malformed', `box '${printable(type)}' at offset ${base + at} runs past its container`);
  return { type, start: at, headerSize, large, size };
}

/** The child boxes of [from, end) in memory; a trailing 32-bit zero (QuickTime udta terminator) ends the list. */
export function childBoxes(bytes: Uint8Array, from: number, end: number, budget: ElementBudget, base = 0): BoxHeader[] {
  const boxes: BoxHeader[] = [];
  let at = from;
  while (at < end) {
    if (end - at < 8) {
      if (bytes.subarray(at, end).every((b) => b === 0)) break;
      reject('malformed', `stray bytes at the end of a box at offset ${base + at}`);
    }
    budget.spend();
    const box = parseBoxHeader(bytes, at, end, base);
    boxes.push(box);
    at += box.size;
  }
  return boxes;
}

/** A top-level box header read from the source (32 bytes at most: header and usertype). */
export async function readTopLevelHeader(source: ByteSource, at: number): Promise<{ box: BoxHeader; head: Uint8Array }> {
  const head = await source.read(at, Math.min(32, source.size - at));
  // Sizes are checked against the rest of the file; the fields themselves are bounds-checked
  // against the bytes actually read.
  const box = parseBoxHeader(head, 0, source.size - at, at, true);
  return { box: { ...box, start: at }, head };
}

/** A uuid box's usertype as 32 hex digits; `start` is where the box begins in `bytes`. */
export function usertype(bytes: Uint8Array, start: number, box: BoxHeader): string {
  const at = start + box.headerSize - 16;
  let hex = '';
  for (let i = 0; i < 16; i++) hex += (bytes[at + i] ?? 0).toString(16).padStart(2, '0');
  return hex;
}

/** A four-character code made safe for messages (binary bytes shown as '?'). */
export function printable(type: string): string {
  return type.replace(/[^\x20-\x7e\xa9]/g, '?');
}

/** A structure we recognise but cannot make safe in place: the file is reported unsupported. */
export class UnsupportedStructure extends Error {
  override readonly name = 'UnsupportedStructure';
}
