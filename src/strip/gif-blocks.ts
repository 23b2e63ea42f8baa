// Splits a GIF into its blocks. GIF89a specification: §17-18 (header, logical screen
// descriptor, global colour table), §20 (image descriptor), §22 (table-based image data: LZW
// minimum code size then data sub-blocks), §15 (data sub-blocks: a size byte 1-255 then that many
// bytes; a zero size ends the block), §23-26 (extensions: 0x21, a label, sub-blocks), §27 (trailer
// 0x3B). Sub-blocks are walked one by one, never searched for: XMP's "magic trailer" is made of
// bytes that only look like sub-block sizes to a reader that is walking properly.
import { concatBytes } from './bytes.ts';
import { reject } from './errors.ts';

export const EXTENSION = 0x21;
export const IMAGE = 0x2c;
export const TRAILER = 0x3b;

export interface GifBlock {
  /** 0x21 (extension) or 0x2C (image). */
  introducer: number;
  /** Extension label (0xF9 graphic control, 0xFE comment, 0xFF application, 0x01 plain text). */
  label: number;
  start: number;
  end: number;
  /** Where the sub-blocks start (after the label, or after the image's LZW code size). */
  subBlocksStart: number;
}

export interface GifLayout {
  /** Header, screen descriptor and global colour table. */
  headerEnd: number;
  blocks: GifBlock[];
  /** Offset just after the trailer byte. */
  end: number;
}

export function scanGif(bytes: Uint8Array, maxElements: number): GifLayout {
  if (bytes.length < 13) reject('malformed', 'GIF shorter than its header');
  const packed = bytes[10]!;
  const headerEnd = 13 + (packed & 0x80 ? 3 * (2 << (packed & 7)) : 0);
  if (headerEnd > bytes.length) reject('malformed', 'GIF global colour table runs past the end');
  const blocks: GifBlock[] = [];
  let pos = headerEnd;
  for (;;) {
    if (blocks.length >= maxElements) reject('too_many_elements', 'GIF has too many blocks');
    if (pos >= bytes.length) reject('malformed', 'GIF ends before its trailer');
    const start = pos;
    const introducer = bytes[pos]!;
    if (introducer === TRAILER) return { headerEnd, blocks, end: pos + 1 };
    if (introducer === EXTENSION) {
      if (pos + 2 > bytes.length) reject('malformed', 'GIF ends inside an extension');
      const label = bytes[pos + 1]!;
      const end = skipSubBlocks(bytes, pos + 2);
      blocks.push({ introducer, label, start, end, subBlocksStart: pos + 2 });
      pos = end;
    } else if (introducer === IMAGE) {
      if (pos + 10 > bytes.length) reject('malformed', 'GIF ends inside an image descriptor');
      const imagePacked = bytes[pos + 9]!;
      const lzwAt = pos + 10 + (imagePacked & 0x80 ? 3 * (2 << (imagePacked & 7)) : 0);
      if (lzwAt >= bytes.length) reject('malformed', 'GIF ends inside an image');
      const codeSize = bytes[lzwAt]!;
      if (codeSize < 2 || codeSize > 11) reject('malformed', 'GIF image with an impossible LZW code size');
      const end = skipSubBlocks(bytes, lzwAt + 1);
      blocks.push({ introducer, label: 0, start, end, subBlocksStart: lzwAt + 1 });
      pos = end;
    } else {
      reject('malformed', `GIF block with unknown introducer 0x${introducer.toString(16)}`);
    }
  }
}

/** Offset after the zero-size block terminator that ends the sub-blocks starting at `from`. */
function skipSubBlocks(bytes: Uint8Array, from: number): number {
  let pos = from;
  for (;;) {
    if (pos >= bytes.length) reject('malformed', 'GIF ends inside data sub-blocks');
    const size = bytes[pos]!;
    pos += 1 + size;
    if (size === 0) return pos;
  }
}

/** The bytes of the sub-blocks starting at `from` joined together (sizes left out). */
export function joinSubBlocks(bytes: Uint8Array, from: number, end: number): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let pos = from; pos < end && bytes[pos]! > 0; pos += 1 + bytes[pos]!) {
    parts.push(bytes.subarray(pos + 1, Math.min(end, pos + 1 + bytes[pos]!)));
  }
  return concatBytes(parts);
}
