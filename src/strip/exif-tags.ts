// What each EXIF/TIFF tag says about a source, for the removal report. Tag numbers from
// TIFF 6.0 §8, EXIF 2.32 §4.6.4-4.6.5 (tables 4-9), DNG 1.6 and Microsoft's XP* tags.
import type { Removal, RemovalCategory } from './types.ts';

const entry = (category: RemovalCategory, field: string): Removal => ({ category, field });

export const EXIF_TAG_REMOVALS: ReadonlyMap<number, Removal> = new Map([
  [0x010d, entry('paths', 'exif-document-name')],
  [0x010e, entry('comments', 'exif-image-description')],
  [0x010f, entry('device', 'camera-make')],
  [0x0110, entry('device', 'camera-model')],
  [0x011d, entry('comments', 'exif-page-name')],
  [0x0131, entry('software', 'exif-software')],
  [0x0132, entry('dates', 'exif-date')],
  [0x013b, entry('author', 'exif-artist')],
  [0x013c, entry('device', 'exif-host-computer')],
  [0x8298, entry('author', 'exif-copyright')],
  [0x83bb, entry('other', 'exif-iptc')],
  [0x02bc, entry('other', 'exif-xmp')],
  [0x882a, entry('dates', 'exif-date')], // TimeZoneOffset
  [0x9003, entry('dates', 'exif-date')], // DateTimeOriginal
  [0x9004, entry('dates', 'exif-date')], // DateTimeDigitized
  [0x9010, entry('dates', 'exif-date')], // OffsetTime
  [0x9011, entry('dates', 'exif-date')], // OffsetTimeOriginal
  [0x9012, entry('dates', 'exif-date')], // OffsetTimeDigitized
  [0x9290, entry('dates', 'exif-date')], // SubSecTime
  [0x9291, entry('dates', 'exif-date')], // SubSecTimeOriginal
  [0x9292, entry('dates', 'exif-date')], // SubSecTimeDigitized
  [0x927c, entry('device', 'maker-notes')],
  [0x9286, entry('comments', 'exif-user-comment')],
  [0x9c9b, entry('comments', 'exif-xp-title')],
  [0x9c9c, entry('comments', 'exif-xp-comment')],
  [0x9c9d, entry('author', 'exif-xp-author')],
  [0x9c9e, entry('comments', 'exif-xp-keywords')],
  [0x9c9f, entry('comments', 'exif-xp-subject')],
  [0xa420, entry('identifiers', 'exif-image-unique-id')],
  [0xa430, entry('author', 'camera-owner')],
  [0xa431, entry('device', 'camera-serial')], // BodySerialNumber
  [0xa432, entry('device', 'lens-model')], // LensSpecification
  [0xa433, entry('device', 'lens-model')], // LensMake
  [0xa434, entry('device', 'lens-model')], // LensModel
  [0xa435, entry('device', 'lens-serial')],
  [0xc4a5, entry('device', 'print-image-matching')], // PrintIM: printer settings
  [0xc614, entry('device', 'camera-model')], // DNG UniqueCameraModel
  [0xc62f, entry('device', 'camera-serial')], // DNG CameraSerialNumber
  [0xa460, entry('other', 'exif-camera-settings')],
]);

/**
 * Tags that describe the picture's layout, not its maker: not worth reporting on their own.
 * (Orientation is carried over separately.)
 */
export const EXIF_STRUCTURAL_TAGS: ReadonlySet<number> = new Set([
  0x00fe, 0x0100, 0x0101, 0x0102, 0x0103, 0x0106, 0x0111, 0x0112, 0x0115, 0x0116, 0x0117, 0x011a,
  0x011b, 0x011c, 0x0128, 0x013e, 0x013f, 0x0201, 0x0202, 0x0211, 0x0212, 0x0213, 0x0214,
  0x9000, 0x9101, 0xa000, 0xa001, 0xa002, 0xa003, 0xea1c, 0xea1d,
]);
