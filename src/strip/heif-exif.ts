// What a HEIF Exif item held, for the removal summary. The item's payload is zeroed whole
// whatever is found; this only reads tag numbers. ISO/IEC 23008-12 Annex A.2.1 (Exif item:
// a 32-bit offset to the TIFF header, then the Exif data); Exif 2.32 §4.6 (IFD tags).
import { u16be, u16le, u32be, u32le } from './bytes.ts';
import type { Removal } from './types.ts';

const IFD0_TAGS: Record<number, Removal> = {
  0x010f: { category: 'device', field: 'exif-make' },
  0x0110: { category: 'device', field: 'exif-model' },
  0x0131: { category: 'software', field: 'exif-software' },
  0x0132: { category: 'dates', field: 'exif-dates' },
  0x013b: { category: 'author', field: 'exif-artist' },
  0x8298: { category: 'author', field: 'exif-copyright' },
  0x8825: { category: 'location', field: 'exif-gps' },
};
const EXIF_IFD_TAGS: Record<number, Removal> = {
  0x9003: { category: 'dates', field: 'exif-dates' },
  0x9004: { category: 'dates', field: 'exif-dates' },
  0x9286: { category: 'comments', field: 'exif-user-comment' },
  0x927c: { category: 'device', field: 'exif-maker-note' },
  0xa420: { category: 'identifiers', field: 'exif-image-unique-id' },
  0xa430: { category: 'author', field: 'exif-camera-owner' },
  0xa431: { category: 'device', field: 'camera-serial' },
  0xa433: { category: 'device', field: 'exif-lens' },
  0xa434: { category: 'device', field: 'exif-lens' },
  0xa435: { category: 'device', field: 'camera-serial' },
};
const EXIF_IFD_POINTER = 0x8769;
const MAX_ENTRIES = 1000;

/** Removals for an Exif item's payload (which may be cut short); never throws. */
export function exifItemRemovals(item: Uint8Array): Removal[] {
  const found = new Map<string, Removal>();
  try {
    const tiff = item.subarray(4 + u32be(item, 0));
    const little = tiff[0] === 0x49 && tiff[1] === 0x49;
    if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) throw new Error('no TIFF header');
    const u16 = little ? u16le : u16be;
    const u32 = little ? u32le : u32be;
    const readIfd = (offset: number, tags: Record<number, Removal>): { pointers: Map<number, number>; next: number } => {
      const count = Math.min(u16(tiff, offset), MAX_ENTRIES);
      const pointers = new Map<number, number>();
      for (let i = 0; i < count; i++) {
        const entry = offset + 2 + i * 12;
        const tag = u16(tiff, entry);
        const removal = tags[tag];
        if (removal) found.set(removal.field, removal);
        if (tag === EXIF_IFD_POINTER) pointers.set(tag, u32(tiff, entry + 8));
      }
      return { pointers, next: u32(tiff, offset + 2 + count * 12) };
    };
    const ifd0 = readIfd(u32(tiff, 4), IFD0_TAGS);
    const exifIfd = ifd0.pointers.get(EXIF_IFD_POINTER);
    if (exifIfd !== undefined) readIfd(exifIfd, EXIF_IFD_TAGS);
    // IFD1 is the thumbnail's directory (Exif 2.32 §4.5.2).
    if (ifd0.next !== 0) found.set('exif-thumbnail', { category: 'thumbnails', field: 'exif-thumbnail' });
  } catch {
    // A damaged Exif block is removed all the same; it is named by what could be read.
  }
  return found.size ? [...found.values()].map((r) => ({ ...r })) : [{ category: 'other', field: 'exif' }];
}
