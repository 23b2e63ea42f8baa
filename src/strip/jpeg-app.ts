// What to do with each JPEG application segment (APP0-APP15) and comment (COM). Only three
// carry what a decoder needs: JFIF APP0 (JFIF 1.02 §4.1: density, and the YCbCr assumption),
// ICC_PROFILE APP2 (ICC.1:2010 Annex B.4: colour) and Adobe APP14 (Adobe TN 5116 §18: the colour
// transform of CMYK/YCCK files). Everything else is dropped and reported by what it held.
import { ascii } from './bytes.ts';
import { classifyPhotoshop } from './exif-iptc.ts';
import { readExif } from './exif-tiff.ts';
import { classifyXmp } from './exif-xmp.ts';
import type { JpegSegment } from './jpeg-segments.ts';
import type { Removal } from './types.ts';

export type SegmentDecision =
  | { action: 'keep' }
  | { action: 'replace'; bytes: Uint8Array; removals: Removal[] }
  | { action: 'drop'; removals: Removal[]; orientation?: number; exif?: boolean };

const KEEP: SegmentDecision = { action: 'keep' };
const XMP_MAIN = 'http://ns.adobe.com/xap/1.0/\0';
const XMP_EXTENSION = 'http://ns.adobe.com/xmp/extension/\0';
/** Extended XMP chunk header: signature, 32-char GUID, full length, offset (XMP part 3 §1.1.3.1). */
const XMP_EXTENSION_HEADER = XMP_EXTENSION.length + 32 + 4 + 4;
/** JFIF APP0 fields before the thumbnail: "JFIF\0", version, units, densities, thumbnail size. */
const JFIF_FIXED = 14;
/** Adobe APP14: "Adobe", DCTEncodeVersion, flags0, flags1, ColorTransform. */
const ADOBE_FIXED = 12;

const startsWith = (payload: Uint8Array, signature: string) =>
  payload.length >= signature.length && ascii(payload, 0, signature.length) === signature;

export function decideAppSegment(bytes: Uint8Array, segment: JpegSegment, maxElements: number): SegmentDecision {
  const payload = bytes.subarray(segment.payloadStart, segment.payloadEnd);
  const app = segment.marker - 0xe0;
  if (segment.marker === 0xfe) return drop({ category: 'comments', field: 'jpeg-comment' });
  if (app === 0 && startsWith(payload, 'JFIF\0')) return decideJfif(payload);
  if (app === 0 && startsWith(payload, 'JFXX\0')) return drop({ category: 'thumbnails', field: 'jfif-thumbnail' });
  if (app === 1 && startsWith(payload, 'Exif\0')) {
    const report = readExif(payload.subarray(6), maxElements);
    return { action: 'drop', removals: report.removals, orientation: report.orientation, exif: true };
  }
  if (app === 1 && startsWith(payload, XMP_MAIN)) return { action: 'drop', removals: classifyXmp(payload.subarray(XMP_MAIN.length), maxElements) };
  if (app === 1 && startsWith(payload, XMP_EXTENSION)) {
    return { action: 'drop', removals: classifyXmp(payload.subarray(Math.min(payload.length, XMP_EXTENSION_HEADER)), maxElements) };
  }
  if (app === 2 && startsWith(payload, 'ICC_PROFILE\0')) return KEEP;
  if (app === 2 && startsWith(payload, 'MPF\0')) return drop({ category: 'thumbnails', field: 'mpf-images' });
  if (app === 13 && startsWith(payload, 'Photoshop 3.0\0')) return { action: 'drop', removals: classifyPhotoshop(payload.subarray(14), maxElements) };
  if (app === 14 && startsWith(payload, 'Adobe')) return decideAdobe(payload);
  // JUMBF boxes (ISO 19566-5) in APP11 carry C2PA manifests: edit history, signer, sometimes author.
  if (app === 11 && startsWith(payload, 'JP')) return drop({ category: 'history', field: 'c2pa-manifest' });
  // Photoshop "Save for Web": quality, comment, copyright.
  if (app === 12 && startsWith(payload, 'Ducky')) return drop({ category: 'comments', field: 'jpeg-ducky' });
  return drop({ category: 'other', field: `jpeg-app${app}` });
}

function drop(removal: Removal): SegmentDecision {
  return { action: 'drop', removals: [removal] };
}

/** Keep density and version; drop the optional uncompressed RGB thumbnail (JFIF 1.02 §4.1). */
function decideJfif(payload: Uint8Array): SegmentDecision {
  if (payload.length < JFIF_FIXED) return drop({ category: 'other', field: 'jpeg-app0' });
  const thumbnailPixels = payload[12]! * payload[13]!;
  if (payload.length === JFIF_FIXED && thumbnailPixels === 0) return KEEP;
  const removals: Removal[] = thumbnailPixels > 0 ? [{ category: 'thumbnails', field: 'jfif-thumbnail' }] : [];
  if (payload.length > JFIF_FIXED + 3 * thumbnailPixels) removals.push({ category: 'other', field: 'jpeg-app0' });
  return { action: 'replace', bytes: rebuild(0xe0, payload.subarray(0, JFIF_FIXED), [12, 13]), removals };
}

/** Keep the four fixed fields; anything a writer appended after them goes. */
function decideAdobe(payload: Uint8Array): SegmentDecision {
  if (payload.length < ADOBE_FIXED) return drop({ category: 'other', field: 'jpeg-app14' });
  if (payload.length === ADOBE_FIXED) return KEEP;
  return { action: 'replace', bytes: rebuild(0xee, payload.subarray(0, ADOBE_FIXED), []), removals: [{ category: 'other', field: 'jpeg-app14' }] };
}

/** A marker segment around `fields`, with the bytes at `zeroed` set to 0. */
function rebuild(marker: number, fields: Uint8Array, zeroed: number[]): Uint8Array {
  const length = fields.length + 2;
  const out = new Uint8Array(2 + length);
  out.set([0xff, marker, length >> 8, length & 0xff]);
  out.set(fields, 4);
  for (const i of zeroed) out[4 + i] = 0;
  return out;
}
