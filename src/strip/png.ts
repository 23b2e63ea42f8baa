// PNG: keeps the critical chunks and the ancillaries that change how the picture renders,
// copied byte for byte (pixels untouched); drops text, EXIF, time stamps, every other ancillary
// chunk and anything after IEND. An EXIF Orientation survives as a minimal eXIf (PNG 3rd ed.
// §11.3.6.1). Critical chunks with a bad CRC (§5.5) are refused: the file is damaged.
import { concatBytes, u32be, writeU32be } from './bytes.ts';
import { reject } from './errors.ts';
import { orientationTiff, sameBytes } from './exif-orientation.ts';
import { readExif } from './exif-tiff.ts';
import { PNG_SIGNATURE, scanPng, type PngChunk } from './png-chunks.ts';
import { crc32 } from './png-crc.ts';
import { classifyPngText } from './png-text.ts';
import { cleanedBytes, mergeRemovals, readAll } from './source.ts';
import type { Removal, StripContext, Stripper } from './types.ts';

/** Critical chunks (§11.2) and APNG's (APNG 1.0). */
const CRITICAL = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND']);
/**
 * Ancillaries that affect rendering: transparency, colour space (§11.3.2), bit depth, background,
 * pixel size, cICP (HDR colour, 3rd ed. §11.3.2.6), and APNG's animation control and frames.
 */
const RENDERING = new Set(['tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'cICP', 'sBIT', 'bKGD', 'pHYs', 'acTL', 'fcTL', 'fdAT']);
const EXIF_PREFIX = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00]; // "Exif\0\0", written by some tools

export const stripPng: Stripper = async (source, kind, ctx) => {
  const bytes = await readAll(source, ctx.limits);
  const { chunks, end } = scanPng(bytes, ctx.limits.maxElements);
  if (!chunks.some((c) => c.type === 'IDAT')) reject('malformed', 'PNG without image data');
  const pieces: Uint8Array[] = [bytes.subarray(0, PNG_SIGNATURE.length)];
  const removals: Removal[] = [];
  let changed = false;
  let orientation: number | undefined;
  let orientationKept = false;
  let firstExif = true;
  let firstIdatPiece = -1;

  for (const chunk of chunks) {
    const { type } = chunk;
    const data = bytes.subarray(chunk.dataStart, chunk.dataEnd);
    if (CRITICAL.has(type) || RENDERING.has(type)) {
      const crcOk = crc32(bytes.subarray(chunk.start + 4, chunk.dataEnd)) === u32be(bytes, chunk.dataEnd);
      if (!crcOk && chunk.critical) reject('malformed', `PNG ${type} chunk fails its CRC`);
      if (crcOk) {
        if (type === 'IDAT' && firstIdatPiece < 0) firstIdatPiece = pieces.length;
        pieces.push(bytes.subarray(chunk.start, chunk.end));
        continue;
      }
      removals.push({ category: 'other', field: 'png-damaged-chunk' });
    } else if (chunk.critical) {
      // An unknown critical chunk (Apple's CgBI...): standard decoders refuse it, and so do we.
      return { status: 'unsupported', kind, reason: `PNG with an unknown critical chunk ${type}` };
    } else if (type === 'eXIf') {
      const tiff = startsWithExifPrefix(data) ? data.subarray(EXIF_PREFIX.length) : data;
      if (firstExif && isOrientationOnly(tiff)) {
        orientationKept = true;
        firstExif = false;
        pieces.push(bytes.subarray(chunk.start, chunk.end));
        continue;
      }
      const report = readExif(tiff, ctx.limits.maxElements);
      if (firstExif) orientation = report.orientation;
      firstExif = false;
      removals.push(...report.removals);
    } else {
      removals.push(...classifyAncillary(chunk, data, ctx));
    }
    changed = true;
  }

  if (end < bytes.length) {
    removals.push({ category: 'other', field: 'trailing-data' });
    changed = true;
  }
  if (!changed) return cleanedBytes(kind, 'image/png', bytes, []);
  if (orientation !== undefined && !orientationKept && firstIdatPiece >= 0) {
    // eXIf must precede IDAT (3rd ed. §5.6, Table 7).
    pieces.splice(firstIdatPiece, 0, pngChunk('eXIf', orientationTiff(orientation)));
  }
  return cleanedBytes(kind, 'image/png', concatBytes(pieces), mergeRemovals(removals));
};

function classifyAncillary(chunk: PngChunk, data: Uint8Array, ctx: StripContext): Removal[] {
  switch (chunk.type) {
    case 'tEXt':
    case 'zTXt':
    case 'iTXt':
      return classifyPngText(chunk.type, data, ctx.limits.maxElements, ctx.limits.maxDecompressedBytes);
    case 'tIME':
      return [{ category: 'dates', field: 'png-modification-time' }];
    case 'caBX':
      return [{ category: 'history', field: 'c2pa-manifest' }];
    default:
      return [{ category: 'other', field: 'png-ancillary-chunk' }];
  }
}

function startsWithExifPrefix(data: Uint8Array): boolean {
  return EXIF_PREFIX.every((b, i) => data[i] === b);
}

function isOrientationOnly(tiff: Uint8Array): boolean {
  const value = tiff[19] ?? 0;
  return value >= 2 && value <= 8 && sameBytes(tiff, orientationTiff(value));
}

/** A chunk with its length and CRC (§5.3). */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  writeU32be(out, 0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  writeU32be(out, 8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}
