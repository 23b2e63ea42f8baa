// Splits a PNG into its chunks. PNG spec (3rd ed.) §5.2 (signature), §5.3 (length, type, data,
// CRC; length at most 2^31-1), §5.4 (type bytes are ASCII letters; bit 5 of the first one marks
// ancillary chunks), §5.6 (IHDR first, IEND last).
import { ascii, u32be } from './bytes.ts';
import { reject } from './errors.ts';

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface PngChunk {
  type: string;
  /** Whole chunk: length field to CRC inclusive. */
  start: number;
  end: number;
  dataStart: number;
  dataEnd: number;
  critical: boolean;
}

export interface PngLayout {
  chunks: PngChunk[];
  /** Offset just after IEND's CRC: anything from here on is a trailer. */
  end: number;
}

const isLetter = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);

/** One linear pass from the signature to IEND; CRCs are the caller's business. */
export function scanPng(bytes: Uint8Array, maxElements: number): PngLayout {
  if (!PNG_SIGNATURE.every((b, i) => bytes[i] === b)) reject('malformed', 'PNG without its signature');
  const chunks: PngChunk[] = [];
  let pos = PNG_SIGNATURE.length;
  for (;;) {
    if (chunks.length >= maxElements) reject('too_many_elements', 'PNG has too many chunks');
    const length = u32be(bytes, pos);
    if (length > 0x7fffffff) reject('malformed', 'PNG chunk length over 2^31-1');
    const typeBytes = bytes.subarray(pos + 4, pos + 8);
    if (typeBytes.length < 4 || !typeBytes.every(isLetter)) reject('malformed', 'PNG chunk type is not four letters');
    const type = ascii(bytes, pos + 4, 4);
    const dataStart = pos + 8;
    const dataEnd = dataStart + length;
    const end = dataEnd + 4;
    if (end > bytes.length) reject('malformed', `PNG chunk ${type} runs past the end`);
    if (chunks.length === 0 && (type !== 'IHDR' || length !== 13)) reject('malformed', 'PNG does not start with IHDR');
    chunks.push({ type, start: pos, end, dataStart, dataEnd, critical: (typeBytes[0]! & 0x20) === 0 });
    pos = end;
    if (type === 'IEND') return { chunks, end };
  }
}
