// JPEG: keeps what decodes the picture (tables, frame, scans, restart markers; JFIF, ICC and Adobe
// segments) and drops every other segment, copying kept bytes as they are: nothing is
// re-encoded, so the picture is pixel-identical and a large photo strips at memory speed.
// The EXIF Orientation survives as a new minimal EXIF block (EXIF 2.32 §4.6.4 A), so a phone
// picture taken sideways is not shown sideways. Markers: ITU T.81 Table B.1.
import { reject } from './errors.ts';
import { orientationApp1, sameBytes } from './exif-orientation.ts';
import { decideAppSegment } from './jpeg-app.ts';
import { COM, isFrameMarker, scanJpeg, SOS, type JpegSegment } from './jpeg-segments.ts';
import { checkTableSegment } from './jpeg-tables.ts';
import { cleanedBytes, mergeRemovals, readAll } from './source.ts';
import type { CleanedFile, FileKind, Removal, Stripper } from './types.ts';

const isApp = (m: number) => (m >= 0xe0 && m <= 0xef) || m === COM;
/** JPGn and JPG: reserved for extensions (T.81 Table B.1), never needed to decode a T.81 JPEG. */
const isReservedExtension = (m: number) => m === 0xc8 || (m >= 0xf0 && m <= 0xfd);
/** JPEG-LS (T.87) frame: its LSE segments are not checked here, so such files are not claimed. */
const SOF55 = 0xf7;
/** Stand-alone markers: TEM, RSTm, EOI. */
const isStandalone = (m: number) => m === 0x01 || (m >= 0xd0 && m <= 0xd9);
/** RES markers (0x02-0xBF) never occur in a real file. */
const isReserved = (m: number) => m >= 0x02 && m <= 0xbf;

export const stripJpeg: Stripper = async (source, kind, ctx) => {
  const bytes = await readAll(source, ctx.limits);
  const { segments, end } = scanJpeg(bytes, ctx.limits.maxElements);
  if (segments.some((s) => s.marker === SOF55)) return { status: 'unsupported', kind, reason: 'JPEG-LS files are not supported' };
  if (!segments.some((s) => isFrameMarker(s.marker))) reject('malformed', 'JPEG without a frame header');
  if (!segments.some((s) => s.marker === SOS)) reject('malformed', 'JPEG without image data');

  const pieces: Uint8Array[] = [bytes.subarray(0, 2)];
  const removals: Removal[] = [];
  let changed = false;
  let firstExifSeen = false;
  let orientation: number | undefined;
  let orientationKept = false;
  // The new EXIF goes right after SOI, or after a leading JFIF APP0, which must come first
  // (JFIF 1.02 §4.1).
  let exifAt = 1;

  for (const [index, segment] of segments.entries()) {
    const marker = segment.marker;
    // Fill bytes before a marker (T.81 B.1.1.2) are left out: they carry nothing and only
    // confuse some readers.
    const whole = bytes.subarray(segment.markerStart, segment.end);
    if (segment.markerStart !== segment.start) changed = true;
    if (marker === 0) {
      removals.push({ category: 'other', field: 'jpeg-stray-bytes' });
      changed = true;
    } else if (isReserved(marker)) {
      reject('malformed', `JPEG with reserved marker 0xFF${marker.toString(16)}`);
    } else if (isReservedExtension(marker)) {
      removals.push({ category: 'other', field: 'jpeg-extension-segment' });
      changed = true;
    } else if (isApp(marker)) {
      if (marker === 0xe1 && !firstExifSeen && isOrientationOnly(bytes, segment)) {
        // Our own output (or an equally minimal block): already as small as it gets.
        firstExifSeen = true;
        orientationKept = true;
        pieces.push(whole);
        continue;
      }
      const decision = decideAppSegment(bytes, segment, ctx.limits.maxElements);
      if (decision.action === 'keep') pieces.push(whole);
      else if (decision.action === 'replace') pieces.push(decision.bytes);
      if (decision.action !== 'keep') {
        removals.push(...decision.removals);
        changed = true;
      }
      if (decision.action === 'drop' && decision.exif && !firstExifSeen) {
        firstExifSeen = true;
        orientation = decision.orientation;
      }
      if (index === 0 && marker === 0xe0 && decision.action !== 'drop') exifAt = pieces.length;
    } else {
      if (!isStandalone(marker)) checkTableSegment(marker, bytes.subarray(segment.payloadStart, segment.payloadEnd));
      pieces.push(whole);
    }
  }

  if (end < bytes.length) {
    // Multi-picture previews (CIPA DC-007) and vendor trailers carry their own EXIF.
    const image = bytes[end] === 0xff && bytes[end + 1] === 0xd8;
    removals.push(image ? { category: 'thumbnails', field: 'trailing-image' } : { category: 'other', field: 'trailing-data' });
    changed = true;
  }
  if (!changed) return cleanedBytes(kind, 'image/jpeg', bytes, []);
  if (orientation !== undefined && !orientationKept) pieces.splice(exifAt, 0, orientationApp1(orientation));
  return cleanedPieces(kind, pieces, mergeRemovals(removals));
};

/** The kept segments as they lie in the input, yielded one by one: a 50 MB photo is not copied. */
function cleanedPieces(kind: FileKind, pieces: Uint8Array[], removed: Removal[]): CleanedFile {
  return {
    status: 'cleaned',
    kind,
    mimeType: 'image/jpeg',
    size: pieces.reduce((n, p) => n + p.length, 0),
    removed,
    open: async function* () {
      yield* pieces;
    },
  };
}

function isOrientationOnly(bytes: Uint8Array, segment: JpegSegment): boolean {
  const payload = bytes.subarray(segment.payloadStart, segment.payloadEnd);
  if (payload.length !== 32) return false;
  const value = payload[6 + 19]!; // low byte of the SHORT value in our 26-byte TIFF
  if (value < 2 || value > 8) return false;
  return sameBytes(bytes.subarray(segment.end - 34, segment.end), orientationApp1(value));
}
