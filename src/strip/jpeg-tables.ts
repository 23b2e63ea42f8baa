// Checks that every segment the JPEG stripper keeps is exactly what its marker says it is, down
// to the last byte: a damaged or forged marker (an EXIF block relabelled DQT) must not carry
// metadata through as "tables". ITU T.81 B.2.2 (frame header), B.2.3 (scan header), B.2.4.1-4
// (DQT, DHT, DAC, DRI), B.3.2 (DHP), B.3.3 (EXP), B.2.5 (DNL).
import { reject } from './errors.ts';

const bad = (what: string): never => reject('malformed', `JPEG ${what} segment is malformed`);

/** Throws a rejection unless `payload` (after the length field) is a well-formed `marker` segment. */
export function checkTableSegment(marker: number, payload: Uint8Array): void {
  const n = payload.length;
  if (marker === 0xdb) return checkDqt(payload);
  if (marker === 0xc4) return checkDht(payload);
  if (marker === 0xda) {
    const components = payload[0] ?? 0;
    if (components < 1 || components > 4 || n !== 1 + 2 * components + 3) bad('scan header');
    return;
  }
  if ((marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) || marker === 0xde) {
    const components = payload[5] ?? 0;
    const width = ((payload[3] ?? 0) << 8) | (payload[4] ?? 0);
    if (components < 1 || width === 0 || n !== 6 + 3 * components) bad('frame header');
    return;
  }
  if (marker === 0xdd || marker === 0xdc) {
    if (n !== 2) bad(marker === 0xdd ? 'restart interval' : 'number of lines');
    return;
  }
  if (marker === 0xcc) {
    if (n === 0 || n % 2 !== 0) bad('arithmetic conditioning');
    return;
  }
  if (marker === 0xdf) {
    if (n !== 1) bad('expand reference');
    return;
  }
  bad(`0xFF${marker.toString(16)}`);
}

/** Tables of Pq/Tq then 64 (8-bit) or 128 (16-bit) values, filling the segment exactly. */
function checkDqt(payload: Uint8Array): void {
  let at = 0;
  while (at < payload.length) {
    const precision = payload[at]! >> 4;
    const id = payload[at]! & 0x0f;
    if (precision > 1 || id > 3) bad('quantisation table');
    at += 1 + 64 * (precision + 1);
  }
  if (at !== payload.length || payload.length === 0) bad('quantisation table');
}

/** Tables of Tc/Th, 16 code counts, then as many values as counted, filling the segment exactly. */
function checkDht(payload: Uint8Array): void {
  let at = 0;
  while (at < payload.length) {
    const tableClass = payload[at]! >> 4;
    const id = payload[at]! & 0x0f;
    if (tableClass > 1 || id > 3 || at + 17 > payload.length) bad('Huffman table');
    let values = 0;
    // The counts must describe a canonical Huffman code (T.81 Annex C; libjpeg's
    // jpeg_make_d_derived_tbl check): after the codes of each length, the next code still fits
    // in that length, the all-ones code left unused. Random bytes, such as a comment swallowed
    // by a corrupted length, almost never do.
    let code = 0;
    for (let i = 1; i <= 16; i++) {
      const count = payload[at + i]!;
      values += count;
      code += count;
      if (code >= 2 ** i) bad('Huffman table');
      code *= 2;
    }
    if (values > 256 || at + 17 + values > payload.length) bad('Huffman table');
    // DC tables code magnitude categories: at most 15 (T.81 F.1.2.1.1, 12-bit precision).
    if (tableClass === 0) for (let v = 0; v < values; v++) if (payload[at + 17 + v]! > 15) bad('Huffman table');
    at += 17 + values;
  }
  if (at !== payload.length || payload.length === 0) bad('Huffman table');
}
