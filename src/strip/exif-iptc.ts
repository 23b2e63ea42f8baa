// Says what a Photoshop image-resource block (JPEG APP13 "Photoshop 3.0") and the IPTC-IIM
// records inside it held, for the removal report; the block is always removed whole.
// Photoshop File Formats Specification, "Image Resource Blocks" (8BIM, id, Pascal name padded to
// even, size, data padded to even); IPTC-IIM 4.2 §1.5-1.6 (0x1C tag marker, record, dataset,
// standard or extended length) and chapter 6 (record 2 datasets).
import { ascii, u16be, u32be } from './bytes.ts';
import { readExif } from './exif-tiff.ts';
import { classifyXmp } from './exif-xmp.ts';
import { StripRejection } from './errors.ts';
import type { Removal, RemovalCategory } from './types.ts';

const r = (category: RemovalCategory, field: string): Removal => ({ category, field });

const IIM_RECORD2: ReadonlyMap<number, Removal> = new Map([
  [5, r('comments', 'iptc-title')], [25, r('comments', 'iptc-keywords')], [40, r('comments', 'iptc-instructions')],
  [55, r('dates', 'iptc-date')], [60, r('dates', 'iptc-date')], [62, r('dates', 'iptc-date')], [63, r('dates', 'iptc-date')],
  [65, r('software', 'iptc-program')], [70, r('software', 'iptc-program')],
  [80, r('author', 'iptc-by-line')], [85, r('author', 'iptc-by-line')], [110, r('author', 'iptc-credit')],
  [115, r('author', 'iptc-credit')], [116, r('author', 'iptc-copyright')], [118, r('author', 'iptc-contact')],
  [122, r('author', 'iptc-writer')],
  [90, r('location', 'iptc-location')], [92, r('location', 'iptc-location')], [95, r('location', 'iptc-location')],
  [100, r('location', 'iptc-location')], [101, r('location', 'iptc-location')], [26, r('location', 'iptc-location')],
  [103, r('identifiers', 'iptc-transmission-reference')], [105, r('comments', 'iptc-headline')],
  [120, r('comments', 'iptc-caption')],
]);

/** Photoshop resources that are not image data at all: thumbnails, embedded EXIF and XMP. */
const RESOURCES: ReadonlyMap<number, Removal> = new Map([
  [0x0409, r('thumbnails', 'photoshop-thumbnail')],
  [0x040c, r('thumbnails', 'photoshop-thumbnail')],
  [0x040b, r('paths', 'photoshop-url')],
  [0x041e, r('paths', 'photoshop-url')],
]);

/** Categories of an APP13 payload after its "Photoshop 3.0\0" signature. */
export function classifyPhotoshop(irb: Uint8Array, maxElements: number): Removal[] {
  const removals: Removal[] = [];
  try {
    let at = 0;
    for (let n = 0; at + 12 <= irb.length && n < maxElements; n++) {
      const signature = ascii(irb, at, 4);
      if (signature !== '8BIM' && signature !== 'PHUT' && signature !== 'AgHg' && signature !== 'DCSR') break;
      const id = u16be(irb, at + 4);
      const nameLength = irb[at + 6]!;
      const sizeAt = at + 6 + nameLength + 1 + ((nameLength + 1) % 2);
      const size = u32be(irb, sizeAt);
      const dataAt = sizeAt + 4;
      if (dataAt + size > irb.length) break;
      const data = irb.subarray(dataAt, dataAt + size);
      if (id === 0x0404) removals.push(...classifyIim(data, maxElements));
      else if (id === 0x0422 || id === 0x0423) removals.push(...readExif(data, maxElements).removals);
      else if (id === 0x0424) removals.push(...classifyXmp(data, maxElements));
      else removals.push({ ...(RESOURCES.get(id) ?? r('other', 'photoshop-resources')) });
      at = dataAt + size + (size % 2);
    }
  } catch (error) {
    if (!(error instanceof StripRejection) || error.code !== 'malformed') throw error;
  }
  if (removals.length === 0) removals.push(r('other', 'photoshop-resources'));
  return removals;
}

/** IPTC-IIM datasets; unknown ones count as `other/iptc`. */
export function classifyIim(iim: Uint8Array, maxElements: number): Removal[] {
  const removals: Removal[] = [];
  let at = 0;
  for (let n = 0; at + 5 <= iim.length && iim[at] === 0x1c && n < maxElements; n++) {
    const record = iim[at + 1]!;
    const dataset = iim[at + 2]!;
    let length = (iim[at + 3]! << 8) | iim[at + 4]!;
    at += 5;
    if (length & 0x8000) {
      // Extended dataset: the low 15 bits give the size of the length field (IIM §1.5.3).
      const lengthSize = length & 0x7fff;
      if (lengthSize > 4 || at + lengthSize > iim.length) break;
      length = 0;
      for (let i = 0; i < lengthSize; i++) length = length * 256 + iim[at + i]!;
      at += lengthSize;
    }
    if (record === 2 && dataset === 0) { at += length; continue; } // RecordVersion
    if (record === 1 && dataset === 90) { at += length; continue; } // CodedCharacterSet
    removals.push({ ...(record === 2 ? IIM_RECORD2.get(dataset) ?? r('other', 'iptc') : r('other', 'iptc')) });
    at += length;
  }
  return removals;
}
