// Splits a JPEG into its marker segments without decoding anything, so the stripper can copy
// the ones it keeps byte for byte. ITU T.81: B.1.1.2 (markers, fill bytes), B.1.1.4 (marker
// segments with a 16-bit length), B.1.1.5 (entropy-coded data: 0xFF is followed by a stuffed
// 0x00, and RSTm markers may sit inside it), B.2.1 (SOI ... EOI), Table B.1 (marker codes).
import { u16be } from './bytes.ts';
import { reject } from './errors.ts';

export const SOI = 0xd8;
export const EOI = 0xd9;
export const SOS = 0xda;
export const COM = 0xfe;
const DRI = 0xdd;

export interface JpegSegment {
  /** Marker code (the byte after 0xFF); 0 for bytes that are not a marker at all. */
  marker: number;
  /** Byte range in the file, fill bytes before the marker included. */
  start: number;
  end: number;
  /** Where the marker's own 0xFF is (after any fill bytes). */
  markerStart: number;
  /** Parameters after the length field (empty for stand-alone markers); for SOS, the header only. */
  payloadStart: number;
  payloadEnd: number;
}

export interface JpegLayout {
  segments: JpegSegment[];
  /** Offset just after EOI: anything from here on is a trailer. */
  end: number;
}

/** Stand-alone markers without a length: TEM, RSTm, SOI, EOI (T.81 B.1.1.3, Table B.1). */
const standalone = (m: number) => m === 0x01 || (m >= 0xd0 && m <= 0xd9);

/** SOFn: C0-CF except DHT (C4), JPG (C8) and DAC (CC) (T.81 Table B.1). */
export const isFrameMarker = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

/**
 * One linear pass from SOI to EOI. Entropy-coded data is skipped with indexOf(0xFF), so a large
 * photo is scanned at memory speed. Rejects: no SOI, no EOI, lengths past the end, too many
 * segments. Bytes between segments that are not a marker are returned as marker 0 (decoders skip
 * them with a warning; the caller drops them).
 */
export function scanJpeg(bytes: Uint8Array, maxElements: number): JpegLayout {
  if (bytes[0] !== 0xff || bytes[1] !== SOI) reject('malformed', 'JPEG without SOI');
  const segments: JpegSegment[] = [];
  const length = bytes.length;
  let pos = 2;
  let restartInterval = 0;
  for (;;) {
    if (segments.length >= maxElements) reject('too_many_elements', 'JPEG has too many segments');
    if (pos >= length) reject('malformed', 'JPEG ends before EOI');
    const start = pos;
    if (bytes[pos] !== 0xff) {
      const next = bytes.indexOf(0xff, pos);
      if (next === -1) reject('malformed', 'JPEG ends before EOI');
      segments.push({ marker: 0, start, end: next, markerStart: start, payloadStart: start, payloadEnd: next });
      pos = next;
      continue;
    }
    while (pos < length && bytes[pos] === 0xff) pos++; // fill bytes (B.1.1.2)
    if (pos >= length) reject('malformed', 'JPEG ends before EOI');
    const marker = bytes[pos]!;
    pos++;
    if (marker === 0x00) {
      // A stuffed zero outside entropy-coded data: not a marker, just stray bytes.
      segments.push({ marker: 0, start, end: pos, markerStart: pos - 2, payloadStart: start, payloadEnd: pos });
      continue;
    }
    if (marker === SOI) reject('malformed', 'JPEG with a second SOI before EOI');
    if (standalone(marker)) {
      segments.push({ marker, start, end: pos, markerStart: pos - 2, payloadStart: pos, payloadEnd: pos });
      if (marker === EOI) return { segments, end: pos };
      continue;
    }
    const size = u16be(bytes, pos);
    if (size < 2 || pos + size > length) reject('malformed', 'JPEG segment length out of bounds');
    const payloadStart = pos + 2;
    const payloadEnd = pos + size;
    pos = payloadEnd;
    if (marker === DRI && size === 4) restartInterval = u16be(bytes, payloadStart);
    if (marker === SOS) pos = endOfEntropyCodedData(bytes, pos, restartInterval);
    segments.push({ marker, start, end: pos, markerStart: payloadStart - 4, payloadStart, payloadEnd });
  }
}

/**
 * First 0xFF that starts a real marker (not 0xFF00 stuffing, not RSTm, not fill) after a scan.
 * RSTm must cycle 0..7 from 0 in each scan and only exist with a restart interval (B.2.1,
 * F.1.2.3): a stray one means a damaged marker, and could let a following segment be taken
 * for image data.
 */
function endOfEntropyCodedData(bytes: Uint8Array, from: number, restartInterval: number): number {
  let i = from;
  let expectedRestart = 0;
  for (;;) {
    i = bytes.indexOf(0xff, i);
    if (i === -1 || i + 1 >= bytes.length) reject('malformed', 'JPEG ends inside entropy-coded data');
    const next = bytes[i + 1]!;
    if (next === 0x00) {
      i += 2;
    } else if (next >= 0xd0 && next <= 0xd7) {
      if (restartInterval === 0 || next - 0xd0 !== expectedRestart) reject('malformed', 'JPEG restart marker out of sequence');
      expectedRestart = (expectedRestart + 1) & 7;
      i += 2;
    } else if (next === 0xff) {
      i += 1;
    } else {
      return i;
    }
  }
}
