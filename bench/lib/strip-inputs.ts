// Large inputs for the stripping benchmark, made on the fly (never committed): an MP4 whose
// mdat is streamed to disk, a JPEG encoded from noise by cjpeg with the metadata segments of the
// phone fixture in front, and a 100-page text PDF with an Info dictionary.
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { ROOT } from './processes.ts';

const enc = (s: string) => new TextEncoder().encode(s);
function box(type: string, ...payload: Uint8Array[]): Uint8Array {
  const size = 8 + payload.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, size);
  out.set(enc(type), 4);
  let at = 8;
  for (const p of payload) { out.set(p, at); at += p.length; }
  return out;
}

/** ftyp, a moov with dated mvhd and a udta holding GPS, then `megabytes` of mdat. */
export function makeLargeMp4(path: string, megabytes: number): string {
  const mvhd = new Uint8Array(100);
  const view = new DataView(mvhd.buffer);
  view.setUint32(4, 3_800_000_000); // creation time
  view.setUint32(8, 3_800_000_000); // modification time
  view.setUint32(12, 1000); // timescale
  view.setUint32(20, 0x00010000); // rate
  view.setUint16(24, 0x0100); // volume
  view.setUint32(96, 2); // next track id
  const xyz = box('\u00a9xyz', new Uint8Array([0, 17, 0x15, 0xc7]), enc('+38.8977+125.7543/'));
  const head = [box('ftyp', enc('isom'), new Uint8Array(4), enc('isomiso2mp41')), box('moov', box('mvhd', mvhd), box('udta', xyz))];
  const fd = openSync(path, 'w');
  for (const b of head) writeSync(fd, b);
  const size = megabytes * 1_000_000;
  const header = new Uint8Array(8);
  new DataView(header.buffer).setUint32(0, size + 8);
  header.set(enc('mdat'), 4);
  writeSync(fd, header);
  const piece = new Uint8Array(1 << 20).map((_, i) => (i * 2654435761) >>> 24);
  for (let written = 0; written < size; written += piece.length) writeSync(fd, piece, 0, Math.min(piece.length, size - written));
  closeSync(fd);
  return path;
}

/** APPn and COM segments of a JPEG (everything between SOI and the first table or frame). */
function metadataSegments(jpeg: Uint8Array): Uint8Array {
  let at = 2;
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff && ((jpeg[at + 1]! >= 0xe0 && jpeg[at + 1]! <= 0xef) || jpeg[at + 1] === 0xfe)) {
    at += 2 + ((jpeg[at + 2]! << 8) | jpeg[at + 3]!);
  }
  return jpeg.subarray(2, at);
}

export function makeLargeJpeg(path: string, megabytes: number): string {
  // Noise compresses badly: about 2.6 bytes per pixel at quality 100 with 4:4:4 sampling.
  const side = Math.round(Math.sqrt((megabytes * 1_000_000) / 2.6));
  const header = enc(`P6\n${side} ${side}\n255\n`);
  const ppm = new Uint8Array(header.length + side * side * 3);
  ppm.set(header);
  let x = 2463534242;
  for (let i = header.length; i < ppm.length; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5; // xorshift32
    ppm[i] = x & 0xff;
  }
  const ppmPath = `${path}.ppm`;
  writeFileSync(ppmPath, ppm);
  const encoded = new Uint8Array(execFileSync('cjpeg', ['-quality', '100', '-sample', '1x1', ppmPath], { maxBuffer: 1 << 30 }));
  const phone = new Uint8Array(readFileSync(join(ROOT, 'tests/fixtures/strip/images/phone.jpg')));
  const meta = metadataSegments(phone);
  const out = new Uint8Array(encoded.length + meta.length);
  out.set(encoded.subarray(0, 2));
  out.set(meta, 2);
  out.set(encoded.subarray(2), 2 + meta.length);
  writeFileSync(path, out);
  return path;
}

export async function makePdf(path: string, pages: number): Promise<string> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.setAuthor('Bench Author');
  doc.setCreator('Bench Creator');
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([595, 842]);
    for (let line = 0; line < 50; line++) {
      page.drawText(`Page ${p + 1}, line ${line + 1}: the quick brown fox jumps over the lazy dog.`, { x: 40, y: 800 - line * 15, size: 10, font });
    }
  }
  writeFileSync(path, await doc.save());
  return path;
}
