// GIF: keeps the header, colour tables, images, graphic control (timing, transparency) and plain
// text extensions (rendered text is picture content), plus the looping application extension;
// drops comments (GIF89a §24), every other application extension (§26: XMP "XMP DataXMP", ICC
// "ICCRGBG1012", ImageMagick's IPTC/8BIM...), unknown extensions and anything after the trailer.
import { ascii, concatBytes } from './bytes.ts';
import { classifyIim, classifyPhotoshop } from './exif-iptc.ts';
import { classifyXmp } from './exif-xmp.ts';
import { EXTENSION, joinSubBlocks, scanGif, type GifBlock } from './gif-blocks.ts';
import { cleanedBytes, mergeRemovals, readAll } from './source.ts';
import type { Removal, Stripper } from './types.ts';

const GRAPHIC_CONTROL = 0xf9;
const PLAIN_TEXT = 0x01;
const COMMENT = 0xfe;
const APPLICATION = 0xff;
/** Netscape's looping extension and its AnimExts twin: one sub-block, id 1, 16-bit loop count. */
const LOOPING = new Set(['NETSCAPE2.0', 'ANIMEXTS1.0']);

export const stripGif: Stripper = async (source, kind, ctx) => {
  const bytes = await readAll(source, ctx.limits);
  const { headerEnd, blocks, end } = scanGif(bytes, ctx.limits.maxElements);
  const pieces: Uint8Array[] = [bytes.subarray(0, headerEnd)];
  const removals: Removal[] = [];
  let changed = false;

  for (const block of blocks) {
    const whole = bytes.subarray(block.start, block.end);
    if (block.introducer !== EXTENSION || isCanonicalGraphicControl(whole) || isPlainText(whole)) {
      pieces.push(whole);
      continue;
    }
    if (block.label === GRAPHIC_CONTROL || block.label === PLAIN_TEXT) {
      // Not the fixed layout of §23 / §25: damaged, or a carrier for something else.
      changed = true;
      removals.push({ category: 'other', field: 'gif-extension' });
      continue;
    }
    if (block.label === APPLICATION) {
      const decision = decideApplication(bytes, block, ctx.limits.maxElements);
      if (decision.keep === 'as-is') pieces.push(whole);
      else if (decision.keep) pieces.push(decision.keep);
      if (decision.keep !== 'as-is') changed = true;
      removals.push(...decision.removals);
      continue;
    }
    changed = true;
    removals.push(block.label === COMMENT ? { category: 'comments', field: 'gif-comment' } : { category: 'other', field: 'gif-extension' });
  }
  if (end < bytes.length) {
    removals.push({ category: 'other', field: 'trailing-data' });
    changed = true;
  }
  if (!changed) return cleanedBytes(kind, 'image/gif', bytes, []);
  pieces.push(bytes.subarray(end - 1, end)); // the trailer
  return cleanedBytes(kind, 'image/gif', concatBytes(pieces), mergeRemovals(removals));
};

/** `21 F9 04 <packed> <delay lo hi> <transparent index> 00` (GIF89a §23). */
function isCanonicalGraphicControl(whole: Uint8Array): boolean {
  return whole[1] === GRAPHIC_CONTROL && whole.length === 8 && whole[2] === 4 && whole[7] === 0;
}

/** Plain text: a 12-byte grid/colour sub-block, then the text to draw (GIF89a §25). */
function isPlainText(whole: Uint8Array): boolean {
  return whole[1] === PLAIN_TEXT && whole[2] === 12;
}

interface ApplicationDecision {
  /** The block itself, a rewritten block, or nothing (dropped). */
  keep?: Uint8Array | 'as-is';
  removals: Removal[];
}

/** Application extension: an 11-byte identifier + authentication code sub-block, then data. */
function decideApplication(bytes: Uint8Array, block: GifBlock, maxElements: number): ApplicationDecision {
  const idAt = block.subBlocksStart;
  if (bytes[idAt] !== 11) return { removals: [{ category: 'other', field: 'gif-application-extension' }] };
  const id = ascii(bytes, idAt + 1, 11);
  const dataAt = idAt + 12;
  if (LOOPING.has(id)) return decideLooping(bytes, block, id, dataAt);
  if (id === 'XMP DataXMP') {
    // The XMP packet is stored raw: its bytes are read as sub-blocks, so classify them as written.
    return { removals: classifyXmp(bytes.subarray(dataAt, block.end), maxElements) };
  }
  if (id === 'ICCRGBG1012') return { removals: [{ category: 'other', field: 'gif-icc-profile' }] };
  if (id === 'MGK8BIM0000') return { removals: classifyPhotoshop(joinSubBlocks(bytes, dataAt, block.end), maxElements) };
  if (id === 'MGKIPTC0000') return { removals: classifyIim(joinSubBlocks(bytes, dataAt, block.end), maxElements) };
  return { removals: [{ category: 'other', field: 'gif-application-extension' }] };
}

/**
 * Keep only the loop count: `21 FF 0B <id> 03 01 lo hi 00`. Anything else in the block (the
 * buffering sub-block, stray data) goes.
 */
function decideLooping(bytes: Uint8Array, block: GifBlock, id: string, dataAt: number): ApplicationDecision {
  const canonical = block.end - block.start === 19 && bytes[dataAt] === 3 && bytes[dataAt + 1] === 1;
  if (canonical) return { keep: 'as-is', removals: [] };
  let loop: number | undefined;
  for (let pos = dataAt; pos < block.end && bytes[pos]! > 0; pos += 1 + bytes[pos]!) {
    if (bytes[pos] === 3 && bytes[pos + 1] === 1 && pos + 4 <= block.end) loop = bytes[pos + 2]! | (bytes[pos + 3]! << 8);
  }
  const removals: Removal[] = [{ category: 'other', field: 'gif-application-extension' }];
  if (loop === undefined) return { removals };
  const out = new Uint8Array(19);
  out.set([EXTENSION, APPLICATION, 11]);
  for (let i = 0; i < 11; i++) out[3 + i] = id.charCodeAt(i);
  out.set([3, 1, loop & 0xff, loop >> 8, 0], 14);
  return { keep: out, removals };
}
