// WebP: keeps the image chunks (VP8, VP8L, ALPH), the colour profile (ICCP) and animation
// (ANIM, ANMF with their image sub-chunks), copied as they are; drops EXIF, "XMP " and unknown
// chunks, clears VP8X's EXIF/XMP flags and rewrites the RIFF size (RFC 9649 §2.5-2.7).
// An EXIF Orientation survives as a minimal EXIF chunk, as for JPEG.
import { ascii, concatBytes, u32le, writeU32le } from './bytes.ts';
import { reject } from './errors.ts';
import { orientationTiff, sameBytes } from './exif-orientation.ts';
import { readExif } from './exif-tiff.ts';
import { classifyXmp } from './exif-xmp.ts';
import { cleanedBytes, mergeRemovals, readAll } from './source.ts';
import type { Removal, Stripper } from './types.ts';
import { copyChunk, riffChunk, scanRiffChunks, type RiffChunk } from './webp-chunks.ts';

const IMAGE = new Set(['VP8 ', 'VP8L', 'ALPH']);
const KEPT = new Set(['VP8X', 'ICCP', 'ANIM', 'ANMF', ...IMAGE]);
/** VP8X flags byte (RFC 9649 §2.7, Figure 7): ICC 0x20, alpha 0x10, EXIF 0x08, XMP 0x04, animation 0x02. */
const FLAG_EXIF = 0x08;
const FLAG_XMP = 0x04;
/** ANMF payload before its frame data: X, Y, width-1, height-1, duration (3 bytes each), flags. */
const ANMF_HEADER = 16;
const EXIF_PREFIX = 'Exif\0\0';

export const stripWebp: Stripper = async (source, kind, ctx) => {
  const bytes = await readAll(source, ctx.limits);
  if (bytes.length < 12 || ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 4) !== 'WEBP') reject('malformed', 'not a RIFF WebP file');
  const riffEnd = 8 + u32le(bytes, 4);
  if (riffEnd > bytes.length) reject('malformed', 'WebP shorter than its RIFF size');
  const budget = { left: ctx.limits.maxElements };
  const chunks = scanRiffChunks(bytes, 12, riffEnd, budget);
  const first = chunks[0];
  if (!first || !KEPT.has(first.fourcc) || first.fourcc === 'ALPH' || first.fourcc === 'ANMF') reject('malformed', 'WebP without an image chunk first');
  const extended = first.fourcc === 'VP8X';
  if (extended && first.dataEnd - first.dataStart < 10) reject('malformed', 'WebP VP8X chunk too short');
  if (extended && !chunks.some((c) => c.fourcc === 'VP8 ' || c.fourcc === 'VP8L' || c.fourcc === 'ANMF')) reject('malformed', 'WebP without image data');

  const pieces: Uint8Array[] = [];
  const removals: Removal[] = [];
  let changed = false;
  let orientation: number | undefined;
  let firstExif = true;
  let keptExif = false;

  for (const chunk of chunks) {
    const data = bytes.subarray(chunk.dataStart, chunk.dataEnd);
    if (!extended && chunk !== first) {
      // A simple file is one image chunk (§2.6); anything after it is not part of the picture.
      removals.push(...classifyChunk(chunk, data, ctx.limits.maxElements).removals);
      changed = true;
    } else if (chunk.fourcc === 'ANMF') {
      const frame = stripFrame(bytes, chunk, budget, removals);
      if (frame !== undefined) changed = true;
      pieces.push(frame ?? copyChunk(bytes, chunk));
    } else if (KEPT.has(chunk.fourcc)) {
      pieces.push(copyChunk(bytes, chunk));
    } else if (chunk.fourcc === 'EXIF' && firstExif && isOrientationOnly(data)) {
      firstExif = false;
      keptExif = true;
      pieces.push(copyChunk(bytes, chunk));
    } else {
      const report = classifyChunk(chunk, data, ctx.limits.maxElements);
      if (chunk.fourcc === 'EXIF' && firstExif) orientation = report.orientation;
      if (chunk.fourcc === 'EXIF') firstExif = false;
      removals.push(...report.removals);
      changed = true;
    }
  }
  if (riffEnd < bytes.length) {
    removals.push({ category: 'other', field: 'trailing-data' });
    changed = true;
  }
  if (!changed && !pieces.some((p, i) => p.length !== chunks[i]!.end - chunks[i]!.start)) {
    return cleanedBytes(kind, 'image/webp', bytes, []);
  }

  if (extended) {
    // Metadata chunks follow the image data (§2.7); only our minimal EXIF can be left.
    if (orientation !== undefined && !keptExif) pieces.push(riffChunk('EXIF', [orientationTiff(orientation)]));
    const vp8x = pieces[0]!.slice();
    const hasExif = keptExif || orientation !== undefined;
    vp8x[8] = (vp8x[8]! & ~(FLAG_EXIF | FLAG_XMP)) | (hasExif ? FLAG_EXIF : 0);
    pieces[0] = vp8x;
  }
  const body = concatBytes(pieces);
  const header = new Uint8Array(12);
  header.set(bytes.subarray(0, 12));
  writeU32le(header, 4, 4 + body.length);
  return cleanedBytes(kind, 'image/webp', concatBytes([header, body]), mergeRemovals(removals));
};

function classifyChunk(chunk: RiffChunk, data: Uint8Array, maxElements: number): { removals: Removal[]; orientation?: number } {
  if (chunk.fourcc === 'EXIF') return readExif(withoutExifPrefix(data), maxElements);
  if (chunk.fourcc === 'XMP ') return { removals: classifyXmp(data, maxElements) };
  return { removals: [{ category: 'other', field: 'webp-chunk' }] };
}

/** An ANMF frame without its non-image sub-chunks, or undefined when it has none to drop. */
function stripFrame(bytes: Uint8Array, chunk: RiffChunk, budget: { left: number }, removals: Removal[]): Uint8Array | undefined {
  if (chunk.dataEnd - chunk.dataStart < ANMF_HEADER) reject('malformed', 'WebP ANMF frame too short');
  const inner = scanRiffChunks(bytes, chunk.dataStart + ANMF_HEADER, chunk.dataEnd, budget);
  const foreign = inner.filter((c) => !IMAGE.has(c.fourcc));
  if (foreign.length === 0) return undefined;
  for (const _ of foreign) removals.push({ category: 'other', field: 'webp-chunk' });
  const kept = inner.filter((c) => IMAGE.has(c.fourcc)).map((c) => copyChunk(bytes, c));
  return riffChunk('ANMF', [bytes.subarray(chunk.dataStart, chunk.dataStart + ANMF_HEADER), ...kept]);
}

/** Some writers start the EXIF payload with JPEG's "Exif\0\0"; the spec's payload is bare TIFF. */
function withoutExifPrefix(data: Uint8Array): Uint8Array {
  return data.length >= 6 && ascii(data, 0, 6) === EXIF_PREFIX ? data.subarray(6) : data;
}

function isOrientationOnly(data: Uint8Array): boolean {
  const value = data[19] ?? 0;
  return value >= 2 && value <= 8 && sameBytes(data, orientationTiff(value));
}
