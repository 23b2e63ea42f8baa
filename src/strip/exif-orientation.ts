// The only EXIF we ever write: IFD0 with one Orientation tag, so that a phone picture taken
// sideways is still shown upright after everything else was removed. TIFF 6.0 §2 (header, IFD
// entry layout), EXIF 2.32 §4.6.4 A (Orientation, SHORT, count 1).

/** Big-endian TIFF: header (8), IFD0 with one entry (2 + 12), no next IFD (4): 26 bytes. */
export function orientationTiff(orientation: number): Uint8Array {
  const v = orientation & 0xffff;
  return new Uint8Array([
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // "MM", 42, IFD0 at 8
    0x00, 0x01, // one entry
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, v >> 8, v & 0xff, 0x00, 0x00, // Orientation SHORT 1
    0x00, 0x00, 0x00, 0x00, // no IFD1
  ]);
}

/** JPEG APP1 "Exif\0\0" segment around orientationTiff (EXIF 2.32 §4.5.4). */
export function orientationApp1(orientation: number): Uint8Array {
  const tiff = orientationTiff(orientation);
  const length = 2 + 6 + tiff.length;
  const out = new Uint8Array(2 + length);
  out.set([0xff, 0xe1, length >> 8, length & 0xff, 0x45, 0x78, 0x69, 0x66, 0x00, 0x00]);
  out.set(tiff, 10);
  return out;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
