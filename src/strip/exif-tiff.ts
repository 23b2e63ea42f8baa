// Reads a TIFF-structured EXIF block (JPEG APP1, PNG eXIf, WebP EXIF) just enough to say what
// it held and to recover the Orientation; the block itself is always removed whole by the caller.
// TIFF 6.0 §2 (header, IFDs), EXIF 2.32 §4.6.2-4.6.6 (IFD0, Exif IFD, GPS IFD, IFD1 thumbnail).
import { u16be, u16le, u32be, u32le } from './bytes.ts';
import { reject, StripRejection } from './errors.ts';
import { EXIF_STRUCTURAL_TAGS, EXIF_TAG_REMOVALS } from './exif-tags.ts';
import type { Removal } from './types.ts';

const TAG_EXIF_IFD = 0x8769;
const TAG_GPS_IFD = 0x8825;
const TAG_INTEROP_IFD = 0xa005;
const TAG_SUB_IFDS = 0x014a;
const TAG_ORIENTATION = 0x0112;
const TYPE_SHORT = 3;
/** Real files have 2-6 IFDs; more is a loop or an attack, and we only report anyway. */
const MAX_IFDS = 32;

type IfdKind = 'primary' | 'thumbnail' | 'gps' | 'interop';

export interface ExifReport {
  removals: Removal[];
  /** EXIF Orientation 2..8 from IFD0 (1, the default, and invalid values are left out). */
  orientation?: number;
}

/**
 * Walks the IFDs of `tiff` (starting with its "II*\0"/"MM\0*" header). Cycle-safe (each IFD
 * offset is visited once), bounded (MAX_IFDS, `maxElements` entries). A damaged block is
 * reported as far as it could be read: it is deleted anyway.
 */
export function readExif(tiff: Uint8Array, maxElements: number): ExifReport {
  const removals: Removal[] = [];
  const report: ExifReport = { removals };
  try {
    walk(tiff, maxElements, report);
  } catch (error) {
    if (!(error instanceof StripRejection) || error.code !== 'malformed') throw error;
    // Damaged: what it held cannot be told, but it held something.
    if (removals.length === 0) removals.push({ category: 'other', field: 'exif' });
  }
  return report;
}

function walk(tiff: Uint8Array, maxElements: number, report: ExifReport): void {
  const order = String.fromCharCode(tiff[0] ?? 0, tiff[1] ?? 0);
  if (order !== 'II' && order !== 'MM') reject('malformed', 'EXIF without a TIFF byte-order mark');
  const le = order === 'II';
  const r16 = (at: number) => (le ? u16le(tiff, at) : u16be(tiff, at));
  const r32 = (at: number) => (le ? u32le(tiff, at) : u32be(tiff, at));
  if (r16(2) !== 42) reject('malformed', 'EXIF TIFF header without 42');

  const queue: Array<{ offset: number; kind: IfdKind; first: boolean }> = [{ offset: r32(4), kind: 'primary', first: true }];
  const visited = new Set<number>();
  let entriesSeen = 0;
  while (queue.length > 0) {
    const { offset, kind, first } = queue.shift()!;
    if (offset === 0 || visited.has(offset)) continue;
    if (visited.size >= MAX_IFDS) break;
    visited.add(offset);
    const count = r16(offset);
    if (offset + 2 + count * 12 > tiff.length) reject('malformed', 'EXIF IFD runs past its block');
    entriesSeen += count;
    if (entriesSeen > maxElements) reject('too_many_elements', 'EXIF has too many entries');
    let thumbnailData = false;
    for (let i = 0; i < count; i++) {
      const entry = offset + 2 + i * 12;
      const tag = r16(entry);
      const type = r16(entry + 2);
      const pointer = () => r32(entry + 8);
      if (tag === TAG_EXIF_IFD && kind !== 'gps') queue.push({ offset: pointer(), kind: 'primary', first: false });
      else if (tag === TAG_GPS_IFD && kind !== 'gps') queue.push({ offset: pointer(), kind: 'gps', first: false });
      else if (tag === TAG_INTEROP_IFD) queue.push({ offset: pointer(), kind: 'interop', first: false });
      else if (tag === TAG_SUB_IFDS) queue.push({ offset: pointer(), kind: 'thumbnail', first: false });
      else if (kind === 'gps') {
        if (tag !== 0) report.removals.push({ category: 'location', field: 'exif-gps' }); // 0 = GPSVersionID
      } else if (kind !== 'interop') {
        if (tag === TAG_ORIENTATION && kind === 'primary' && first && type === TYPE_SHORT) {
          const value = r16(entry + 8);
          if (value >= 2 && value <= 8) report.orientation = value;
        }
        if (tag === 0x0201 || tag === 0x0111) thumbnailData = true; // JPEGInterchangeFormat, StripOffsets
        const known = EXIF_TAG_REMOVALS.get(tag);
        if (known) report.removals.push({ ...known });
        else if (!EXIF_STRUCTURAL_TAGS.has(tag)) report.removals.push({ category: 'other', field: 'exif-camera-settings' });
      }
    }
    if (kind === 'thumbnail' && thumbnailData) report.removals.push({ category: 'thumbnails', field: 'exif-thumbnail' });
    // Only IFD0's successor (IFD1, the thumbnail IFD) is followed; EXIF 2.32 §4.5.2.
    if (kind === 'primary' && first) queue.push({ offset: r32(offset + 2 + count * 12), kind: 'thumbnail', first: false });
    else if (kind === 'thumbnail') queue.push({ offset: r32(offset + 2 + count * 12), kind: 'thumbnail', first: false });
  }
}
