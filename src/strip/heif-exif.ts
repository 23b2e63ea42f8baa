// What a HEIF Exif item held, for the removal summary. The item's payload is zeroed whole
// whatever is found; this only names what was there, with the same EXIF reader the JPEG, PNG and
// WebP strippers use (exif-tiff.ts). ISO/IEC 23008-12 Annex A.2.1: an Exif item is a 32-bit
// offset to the TIFF header, then the Exif data.
import { u32be } from './bytes.ts';
import { readExif } from './exif-tiff.ts';
import type { Removal } from './types.ts';

/** Removals for an Exif item's payload (which may be cut short); never throws. */
export function exifItemRemovals(item: Uint8Array, maxElements: number): Removal[] {
  try {
    // One removal per kind of field: the summary names what was there, not how many tags.
    const byField = new Map<string, Removal>();
    for (const removal of readExif(item.subarray(4 + u32be(item, 0)), maxElements).removals) {
      if (!byField.has(removal.field)) byField.set(removal.field, { category: removal.category, field: removal.field });
    }
    if (byField.size > 0) return [...byField.values()];
  } catch {
    // A damaged Exif block is removed all the same; it is named by what could be read.
  }
  return [{ category: 'other', field: 'exif' }];
}
