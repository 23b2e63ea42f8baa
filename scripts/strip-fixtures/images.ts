// Builds the raster-image fixtures for tests/strip/{jpeg,png,gif,webp}.test.ts:
//   npx tsx scripts/strip-fixtures/images.ts
// Deterministic: same tools, same bytes. Every metadata field it sets carries "CANARY"; dates are
// 2011:11:11 11:11:11 and GPS is 48°51'29.6"N 2°17'40.2"E, so leaks are easy to spot. Needs
// cjpeg, cwebp, webpmux, gif2webp and exiftool (the tests only need the readers).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zlibSync } from 'fflate';

const OUT = new URL('../../tests/fixtures/strip/images/', import.meta.url).pathname;
const TMP = mkdtempSync(join(tmpdir(), 'tipline-image-fixtures-'));
const enc = (s: string) => new TextEncoder().encode(s);
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const utf16le = (s: string) => Uint8Array.from(Buffer.from(s + '\0', 'utf16le'));
const cat = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));
const u16 = (v: number, le = false) => Uint8Array.from(le ? [v & 0xff, v >> 8] : [v >> 8, v & 0xff]);
const u32 = (v: number, le = false) => { const b = Buffer.alloc(4); le ? b.writeUInt32LE(v) : b.writeUInt32BE(v); return Uint8Array.from(b); };
const DATE = '2011:11:11 11:11:11';

function run(cmd: string, args: string[], input?: Uint8Array): Uint8Array {
  return Uint8Array.from(execFileSync(cmd, args, { input, maxBuffer: 64 << 20 }));
}
function tmp(name: string, bytes?: Uint8Array): string {
  const path = join(TMP, name);
  if (bytes) writeFileSync(path, bytes);
  return path;
}
function exiftoolWrite(bytes: Uint8Array, name: string, args: string[]): Uint8Array {
  const path = tmp(name, bytes);
  execFileSync('exiftool', ['-q', '-overwrite_original', ...args, path]);
  return Uint8Array.from(readFileSync(path));
}

// ---- pixels --------------------------------------------------------------------------------

/** A deterministic RGB test pattern (gradients and a diagonal), as PPM for cjpeg/cwebp. */
function rgbPattern(w: number, h: number, seed: number): Uint8Array {
  const px = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = (y * w + x) * 3;
    px[i] = (x * 255 / w + seed * 40) & 0xff;
    px[i + 1] = (y * 255 / h) & 0xff;
    px[i + 2] = Math.abs(x - y) < 3 ? 255 : ((x ^ y) * 7 + seed) & 0xff;
  }
  return px;
}
const ppm = (w: number, h: number, seed: number) => cat(enc(`P6\n${w} ${h}\n255\n`), rgbPattern(w, h, seed));
const cjpeg = (w: number, h: number, seed: number, args: string[] = []) => run('cjpeg', ['-quality', '85', ...args], ppm(w, h, seed));

// ---- ICC profile (ICC.1:2001-04 v2: header, tag table, desc/cprt/wtpt/XYZ/TRC tags) -----------

function iccProfile(description: string, copyright: string): Uint8Array {
  const text = (s: string) => cat(enc('text'), u32(0), enc(s + '\0'));
  const desc = cat(enc('desc'), u32(0), u32(description.length + 1), enc(description + '\0'), u32(0), u32(0), u16(0), new Uint8Array(67));
  const xyz = (x: number, y: number, z: number) => cat(enc('XYZ '), u32(0), u32(Math.round(x * 65536)), u32(Math.round(y * 65536)), u32(Math.round(z * 65536)));
  const curve = cat(enc('curv'), u32(0), u32(1), u16(0x0233)); // gamma 2.2 (u8.8)
  const tags: Array<[string, Uint8Array]> = [
    ['desc', desc], ['cprt', text(copyright)], ['wtpt', xyz(0.9642, 1, 0.8249)],
    ['rXYZ', xyz(0.4361, 0.2225, 0.0139)], ['gXYZ', xyz(0.3851, 0.7169, 0.0971)], ['bXYZ', xyz(0.1431, 0.0606, 0.7141)],
    ['rTRC', curve], ['gTRC', curve], ['bTRC', curve],
  ];
  let offset = 128 + 4 + 12 * tags.length;
  const table: Uint8Array[] = [u32(tags.length)];
  const data: Uint8Array[] = [];
  for (const [sig, body] of tags) {
    const padded = cat(body, new Uint8Array((4 - (body.length % 4)) % 4));
    table.push(enc(sig), u32(offset), u32(body.length));
    data.push(padded);
    offset += padded.length;
  }
  const header = new Uint8Array(128);
  header.set(u32(offset), 0);
  header.set(enc('none'), 4);
  header.set([0x02, 0x10, 0, 0], 8);
  header.set(enc('mntrRGB XYZ '), 12);
  header.set([0x07, 0xdb, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0], 24); // 2011-01-01 00:00:00
  header.set(enc('acsp'), 36);
  header.set(u32(0xf6d6), 68); header.set(u32(0x10000), 72); header.set(u32(0xd32d), 76); // D50
  return cat(header, ...table, ...data);
}
const NEUTRAL_ICC = iccProfile('Tipline neutral RGB', 'No copyright, use freely');

// ---- TIFF / EXIF writer (TIFF 6.0 §2; EXIF 2.32 §4.6) --------------------------------------

interface Entry { tag: number; type: number; count: number; bytes: Uint8Array; pointsTo?: 'exif' | 'gps' | 'thumbnail' }
class Tiff {
  constructor(readonly le: boolean) {}
  ascii = (tag: number, s: string): Entry => ({ tag, type: 2, count: s.length + 1, bytes: latin1(s + '\0') });
  short = (tag: number, v: number): Entry => ({ tag, type: 3, count: 1, bytes: u16(v, this.le) });
  long = (tag: number, v: number): Entry => ({ tag, type: 4, count: 1, bytes: u32(v, this.le) });
  undef = (tag: number, b: Uint8Array): Entry => ({ tag, type: 7, count: b.length, bytes: b });
  bytes = (tag: number, b: Uint8Array): Entry => ({ tag, type: 1, count: b.length, bytes: b });
  rational = (tag: number, ...vs: Array<[number, number]>): Entry =>
    ({ tag, type: 5, count: vs.length, bytes: cat(...vs.flatMap(([n, d]) => [u32(n, this.le), u32(d, this.le)])) });
  pointer = (tag: number, to: 'exif' | 'gps' | 'thumbnail'): Entry => ({ ...this.long(tag, 0), pointsTo: to });

  /** IFD0 (+ its Exif and GPS IFDs), and IFD1 with a JPEG thumbnail when given. */
  build(ifd0: Entry[], exif: Entry[], gps: Entry[], thumbnail?: Uint8Array): Uint8Array {
    const size = (es: Entry[]) => 6 + 12 * es.length + es.reduce((n, e) => n + (e.bytes.length > 4 ? e.bytes.length + (e.bytes.length & 1) : 0), 0);
    const ifd1 = thumbnail ? [this.short(0x0103, 6), this.rational(0x011a, [72, 1]), this.rational(0x011b, [72, 1]), this.short(0x0128, 2),
      this.pointer(0x0201, 'thumbnail'), this.long(0x0202, thumbnail.length)] : [];
    const at = { ifd0: 8, exif: 0, gps: 0, ifd1: 0, thumbnail: 0 };
    at.exif = at.ifd0 + size(ifd0);
    at.gps = at.exif + size(exif);
    at.ifd1 = at.gps + size(gps);
    at.thumbnail = at.ifd1 + size(ifd1);
    const out: Uint8Array[] = [this.le ? latin1('II*\0') : latin1('MM\0*'), u32(8, this.le)];
    const write = (offset: number, es: Entry[], next: number) => {
      const sorted = [...es].sort((a, b) => a.tag - b.tag);
      let dataAt = offset + 6 + 12 * sorted.length;
      const table: Uint8Array[] = [u16(sorted.length, this.le)];
      const data: Uint8Array[] = [];
      for (const e of sorted) {
        const value = e.pointsTo ? u32(at[e.pointsTo], this.le) : e.bytes;
        table.push(u16(e.tag, this.le), u16(e.type, this.le), u32(e.count, this.le));
        if (value.length <= 4) table.push(cat(value, new Uint8Array(4 - value.length)));
        else {
          table.push(u32(dataAt, this.le));
          data.push(value, new Uint8Array(value.length & 1));
          dataAt += value.length + (value.length & 1);
        }
      }
      out.push(...table, u32(next, this.le), ...data);
    };
    write(at.ifd0, ifd0, thumbnail ? at.ifd1 : 0);
    write(at.exif, exif, 0);
    write(at.gps, gps, 0);
    if (thumbnail) { write(at.ifd1, ifd1, 0); out.push(thumbnail); }
    return cat(...out);
  }
}

/** A phone's EXIF: every identifying field, GPS, a maker note and (optionally) a thumbnail. */
function phoneExif(le: boolean, who: string, orientation: number, thumbnail?: Uint8Array): Uint8Array {
  const t = new Tiff(le);
  const ifd0 = [
    t.ascii(0x010f, `CANARY-make-${who}`), t.ascii(0x0110, `CANARY-model-${who}`), t.short(0x0112, orientation),
    t.rational(0x011a, [72, 1]), t.rational(0x011b, [72, 1]), t.short(0x0128, 2), t.ascii(0x0131, `CANARY-software-${who}`),
    t.ascii(0x0132, DATE), t.ascii(0x013b, `CANARY-author-${who}`), t.ascii(0x8298, `CANARY-copyright-${who}`),
    t.ascii(0x010e, `CANARY-description-${who}`), t.ascii(0x013c, `CANARY-host-${who}`),
    t.bytes(0x9c9d, utf16le(`CANARY-author-xp-${who}`)), t.bytes(0x9c9c, utf16le(`CANARY-comment-xp-${who}`)),
    t.pointer(0x8769, 'exif'), t.pointer(0x8825, 'gps'),
  ];
  const makerNote = cat(latin1('Apple iOS\0\0\x01MM'), u16(1), u16(0x000a), u16(2), u32(24), u32(26), latin1(`CANARY-serial-makernote-${who}\0`));
  const exif = [
    t.rational(0x829a, [1, 120]), t.rational(0x829d, [18, 10]), t.undef(0x9000, latin1('0232')), t.undef(0x9101, Uint8Array.of(1, 2, 3, 0)),
    t.ascii(0x9003, DATE), t.ascii(0x9004, DATE), t.ascii(0x9011, '+01:00'), t.ascii(0x9291, '123'),
    t.undef(0x927c, makerNote), t.undef(0x9286, cat(latin1('ASCII\0\0\0'), latin1(`CANARY-usercomment-${who}`))),
    t.short(0xa001, 1), t.long(0xa002, 96), t.long(0xa003, 64),
    t.ascii(0xa420, 'CANARY0123456789abcdef0123456789'), t.ascii(0xa430, `CANARY-owner-${who}`),
    t.ascii(0xa431, `CANARY-serial-body-${who}`), t.ascii(0xa433, `CANARY-lensmake-${who}`),
    t.ascii(0xa434, `CANARY-lens-${who}`), t.ascii(0xa435, `CANARY-serial-lens-${who}`),
  ];
  const gps = [
    t.bytes(0x0000, Uint8Array.of(2, 3, 0, 0)), t.ascii(0x0001, 'N'), t.rational(0x0002, [48, 1], [51, 1], [29600, 1000]),
    t.ascii(0x0003, 'E'), t.rational(0x0004, [2, 1], [17, 1], [40200, 1000]), t.bytes(0x0005, Uint8Array.of(0)),
    t.rational(0x0006, [33100, 1000]), t.rational(0x0007, [11, 1], [11, 1], [11, 1]), t.ascii(0x001d, '2011:11:11'),
    t.undef(0x001b, cat(latin1('ASCII\0\0\0'), latin1(`CANARY-gps-method-${who}`))),
  ];
  return t.build(ifd0, exif, gps, thumbnail);
}

// ---- XMP -------------------------------------------------------------------------------------

function xmpPacket(who: string, extendedGuid?: string): string {
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="CANARY-xmptk">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:exif="http://ns.adobe.com/exif/1.0/"
    xmlns:xmpNote="http://ns.adobe.com/xmp/note/"
    xmp:CreatorTool="CANARY-software-xmp-${who}" xmp:CreateDate="2011-11-11T11:11:11+01:00"
    xmpMM:DocumentID="xmp.did:CANARY-document-${who}" xmpMM:InstanceID="xmp.iid:CANARY-instance-${who}"
    photoshop:City="CANARY-city-${who}" exif:GPSLatitude="48,51.4933N" exif:GPSLongitude="2,17.67E"${extendedGuid ? `
    xmpNote:HasExtendedXMP="${extendedGuid}"` : ''}>
   <dc:creator><rdf:Seq><rdf:li>CANARY-author-xmp-${who}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">CANARY-comment-xmp-${who}</rdf:li></rdf:Alt></dc:description>
   <xmpMM:History><rdf:Seq><rdf:li rdf:parseType="Resource"><stEvt:action>saved</stEvt:action>
    <stEvt:softwareAgent>CANARY-software-history-${who}</stEvt:softwareAgent>
    <stEvt:instanceID>xmp.iid:CANARY-history-${who}</stEvt:instanceID></rdf:li></rdf:Seq></xmpMM:History>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

function extendedXmp(): string {
  const filler = Array.from({ length: 900 }, (_, i) => `CANARY-extended-line-${i} C:\\Users\\CANARY-user\\Pictures\\raw-${i}.dng`).join('\n');
  return `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
 <rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
   photoshop:AuthorsPosition="CANARY-position">
  <photoshop:Instructions>${filler}</photoshop:Instructions>
 </rdf:Description></rdf:RDF></x:xmpmeta>`;
}

// ---- JPEG ------------------------------------------------------------------------------------

const segment = (marker: number, payload: Uint8Array) => cat(Uint8Array.of(0xff, marker), u16(payload.length + 2), payload);

/** The segments of a cjpeg output after SOI and its JFIF APP0 (tables, frame, scan, EOI). */
function jpegBody(jpeg: Uint8Array): Uint8Array {
  const app0Length = (jpeg[4]! << 8) | jpeg[5]!;
  return jpeg.subarray(4 + app0Length);
}

function iptc(): Uint8Array {
  const ds = (n: number, s: string) => cat(Uint8Array.of(0x1c, 2, n), u16(s.length), latin1(s));
  const iim = cat(Uint8Array.of(0x1c, 2, 0, 0, 2, 0, 4), ds(80, 'CANARY-author-iptc'), ds(90, 'CANARY-city-iptc'),
    ds(120, 'CANARY-caption-iptc'), ds(116, 'CANARY-copyright-iptc'), ds(55, '20111111'));
  const pad = new Uint8Array(iim.length & 1);
  return cat(latin1('Photoshop 3.0\0'), latin1('8BIM'), u16(0x0404), u16(0), u32(iim.length), iim, pad);
}

function phoneJpeg(): Uint8Array {
  const main = cjpeg(96, 64, 1);
  const exifThumbnail = cat(Uint8Array.of(0xff, 0xd8), segment(0xfe, latin1('CANARY-comment-exif-thumbnail')), jpegBody(cjpeg(16, 12, 2)));
  const jfxxThumbnail = cat(Uint8Array.of(0xff, 0xd8), segment(0xfe, latin1('CANARY-comment-jfxx')), jpegBody(cjpeg(8, 8, 3)));
  // JFIF 1.02 with a 2x1 RGB thumbnail whose six bytes spell the canary.
  const jfif = segment(0xe0, cat(latin1('JFIF\0'), Uint8Array.of(1, 2, 1, 0, 72, 0, 72, 2, 1), latin1('CANARY')));
  const jfxx = segment(0xe0, cat(latin1('JFXX\0'), Uint8Array.of(0x10), jfxxThumbnail));
  const exif = segment(0xe1, cat(latin1('Exif\0\0'), phoneExif(true, 'phone', 6, exifThumbnail)));

  const extended = enc(extendedXmp());
  const guid = createHash('md5').update(extended).digest('hex').toUpperCase();
  const xmp = segment(0xe1, cat(latin1('http://ns.adobe.com/xap/1.0/\0'), enc(xmpPacket('phone', guid))));
  const chunkSize = 65000;
  const extendedSegments: Uint8Array[] = [];
  for (let at = 0; at < extended.length; at += chunkSize) {
    extendedSegments.push(segment(0xe1, cat(latin1('http://ns.adobe.com/xmp/extension/\0'), latin1(guid), u32(extended.length), u32(at), extended.subarray(at, at + chunkSize))));
  }
  const icc = segment(0xe2, cat(latin1('ICC_PROFILE\0'), Uint8Array.of(1, 1), NEUTRAL_ICC));
  const adobe = segment(0xee, cat(latin1('Adobe'), u16(100), u16(0), u16(0), Uint8Array.of(1)));
  const comment = segment(0xfe, latin1('CANARY-comment-jpeg: shot at C:\\Users\\CANARY-user\\DCIM'));
  // A vendor segment hidden between the quantisation tables and the frame header, and fill
  // bytes before a marker (T.81 B.1.1.2).
  const body = jpegBody(main);
  const sof = Buffer.from(body).indexOf(Buffer.from([0xff, 0xc0]));
  const bodyWithVendor = cat(body.subarray(0, sof), segment(0xef, latin1('CANARY-app15-vendor')), Uint8Array.of(0xff, 0xff), body.subarray(sof));

  // The multi-picture preview after EOI, with its own EXIF (CIPA DC-007 §5.2).
  const preview = cat(Uint8Array.of(0xff, 0xd8), segment(0xe1, cat(latin1('Exif\0\0'), phoneExif(false, 'mpf-preview', 1))), jpegBody(cjpeg(48, 32, 4)));
  const mpfTiff = (offset: number) => {
    const t = new Tiff(false);
    const entries = cat(u32(0x20030000), u32(0), u32(0), u16(0), u16(0), u32(0x00010001), u32(preview.length), u32(offset), u16(0), u16(0));
    return t.build([t.undef(0xb000, latin1('0100')), t.long(0xb001, 2), t.undef(0xb002, entries)], [], []);
  };
  const assemble = (offset: number) => cat(Uint8Array.of(0xff, 0xd8), jfif, jfxx, exif, xmp, ...extendedSegments, icc,
    segment(0xe2, cat(latin1('MPF\0'), mpfTiff(offset))), segment(0xed, iptc()), adobe, comment, bodyWithVendor);
  const first = assemble(0);
  const mpfTiffAt = Buffer.from(first).indexOf(Buffer.from('MPF\0', 'latin1')) + 4;
  return cat(assemble(first.length - mpfTiffAt), preview);
}

function progressiveJpeg(): Uint8Array {
  const base = cjpeg(80, 56, 5, ['-progressive', '-restart', '1']);
  return exiftoolWrite(base, 'progressive.jpg', [
    '-Make=CANARY-make-progressive', '-Model=CANARY-model-progressive', '-SerialNumber=CANARY-serial-progressive',
    '-Artist=CANARY-author-progressive', '-Software=CANARY-software-progressive', `-DateTimeOriginal=${DATE}`,
    '-GPSLatitude=48.858222', '-GPSLatitudeRef=N', '-GPSLongitude=2.2945', '-GPSLongitudeRef=E', '-Orientation#=8',
    '-XMP-dc:Creator=CANARY-author-xmp-progressive', '-XMP-xmp:CreatorTool=CANARY-software-xmp-progressive',
    '-IPTC:By-line=CANARY-author-iptc-progressive', '-IPTC:City=CANARY-city-progressive', '-Comment=CANARY-comment-progressive',
  ]);
}

// ---- PNG -------------------------------------------------------------------------------------

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const body = cat(latin1(type), data);
  return cat(u32(data.length), body, u32(crc32(body)));
}
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) { c ^= b; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; }
  return (c ^ 0xffffffff) >>> 0;
}
/** RGBA scanlines with filter type 0. */
function rgbaRaw(w: number, h: number, seed: number): Uint8Array {
  const rgb = rgbPattern(w, h, seed);
  const raw = new Uint8Array(h * (1 + w * 4));
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const o = y * (1 + w * 4) + 1 + x * 4;
    raw.set(rgb.subarray((y * w + x) * 3, (y * w + x) * 3 + 3), o);
    raw[o + 3] = x < 4 ? 0 : 255;
  }
  return raw;
}
const PNG_SIG = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const ihdr = (w: number, h: number) => pngChunk('IHDR', cat(u32(w), u32(h), Uint8Array.of(8, 6, 0, 0, 0)));

function cleanPng(): Uint8Array {
  const idat = zlibSync(rgbaRaw(40, 30, 6), { level: 9 });
  return cat(PNG_SIG, ihdr(40, 30), pngChunk('gAMA', u32(45455)), pngChunk('pHYs', cat(u32(2835), u32(2835), Uint8Array.of(1))),
    pngChunk('IDAT', idat), pngChunk('IEND', new Uint8Array(0)));
}

function textPng(): Uint8Array {
  const idat = zlibSync(rgbaRaw(40, 30, 7), { level: 9 });
  const third = Math.ceil(idat.length / 3);
  const text = (k: string, v: string) => pngChunk('tEXt', latin1(`${k}\0${v}`));
  const ztxt = (k: string, v: string) => pngChunk('zTXt', cat(latin1(`${k}\0`), Uint8Array.of(0), zlibSync(latin1(v))));
  const itxt = (k: string, v: string, compressed: boolean) =>
    pngChunk('iTXt', cat(latin1(`${k}\0`), Uint8Array.of(compressed ? 1 : 0, 0), latin1('en\0'), enc(`${k}\0`), compressed ? zlibSync(enc(v)) : enc(v)));
  const time = pngChunk('tIME', Uint8Array.of(0x07, 0xdb, 11, 11, 11, 11, 11));
  return cat(PNG_SIG, ihdr(40, 30),
    pngChunk('sRGB', Uint8Array.of(0)), pngChunk('gAMA', u32(45455)),
    pngChunk('cHRM', cat(...[31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000].map((v) => u32(v)))),
    pngChunk('pHYs', cat(u32(2835), u32(2835), Uint8Array.of(1))),
    text('Author', 'CANARY-author-png'), text('Software', 'CANARY-software-png'), text('Creation Time', DATE),
    ztxt('Description', 'CANARY-description-png (compressed)'), ztxt('Raw profile type exif', '\nexif\n  8\nCANARY00\n'),
    itxt('XML:com.adobe.xmp', xmpPacket('png'), false), itxt('Title', 'CANARY-title-png \u00e9t\u00e9 \u2013 compressed', true),
    pngChunk('eXIf', phoneExif(false, 'png', 6)), time,
    pngChunk('prVW', latin1('CANARY-private-preview')), pngChunk('vpAg', cat(u32(40), u32(30), Uint8Array.of(0))),
    pngChunk('IDAT', idat.subarray(0, third)), pngChunk('IDAT', idat.subarray(third, 2 * third)), pngChunk('IDAT', idat.subarray(2 * third)),
    text('Comment', 'CANARY-comment-after-idat'),
    pngChunk('IEND', new Uint8Array(0)), latin1('CANARY-after-iend C:\\Users\\CANARY-user\\secret.txt'));
}

/** APNG 1.0: acTL, fcTL + IDAT (default image is frame 0), fcTL + fdAT; an ICC profile. */
function animatedPng(): Uint8Array {
  const w = 24, h = 16;
  const fctl = (seq: number) => pngChunk('fcTL', cat(u32(seq), u32(w), u32(h), u32(0), u32(0), u16(1), u16(4), Uint8Array.of(0, 0)));
  const iccp = pngChunk('iCCP', cat(latin1('Tipline neutral RGB\0'), Uint8Array.of(0), zlibSync(NEUTRAL_ICC)));
  return cat(PNG_SIG, ihdr(w, h), iccp, pngChunk('acTL', cat(u32(2), u32(0))),
    pngChunk('tEXt', latin1('Comment\0CANARY-comment-apng')), fctl(0), pngChunk('IDAT', zlibSync(rgbaRaw(w, h, 8))),
    fctl(1), pngChunk('fdAT', cat(u32(2), zlibSync(rgbaRaw(w, h, 9)))),
    pngChunk('tEXt', latin1('Software\0CANARY-software-apng')), pngChunk('IEND', new Uint8Array(0)));
}

function exiftoolPng(): Uint8Array {
  return exiftoolWrite(cleanPng(), 'exiftool.png', [
    '-XMP-dc:Creator=CANARY-author-xmp-exiftool', '-XMP-photoshop:City=CANARY-city-exiftool', '-PNG:Author=CANARY-author-png-exiftool',
    '-PNG:Comment=CANARY-comment-png-exiftool', '-EXIF:Artist=CANARY-author-exif-exiftool', '-EXIF:Make=CANARY-make-exiftool',
    '-GPSLatitude=48.858222', '-GPSLatitudeRef=N', '-Orientation#=3',
  ]);
}

// ---- GIF -------------------------------------------------------------------------------------

/** GIF LZW (GIF89a Appendix F), variable code size, LSB first, in 255-byte sub-blocks. */
function lzwSubBlocks(indices: Uint8Array, minCodeSize: number): Uint8Array {
  const clear = 1 << minCodeSize, eoi = clear + 1;
  let codeSize = minCodeSize + 1, next = eoi + 1;
  let table = new Map<string, number>();
  const out: number[] = [];
  let acc = 0, bits = 0;
  const emit = (code: number) => {
    acc |= code << bits; bits += codeSize;
    while (bits >= 8) { out.push(acc & 0xff); acc >>>= 8; bits -= 8; }
  };
  emit(clear);
  let current = String(indices[0]);
  let currentCode = indices[0]!;
  for (let i = 1; i < indices.length; i++) {
    const key = `${current},${indices[i]}`;
    const found = table.get(key);
    if (found !== undefined) { current = key; currentCode = found; continue; }
    emit(currentCode);
    if (next === 4096) { emit(clear); next = eoi + 1; codeSize = minCodeSize + 1; table = new Map(); }
    else { if (next >= 1 << codeSize) codeSize++; table.set(key, next++); }
    current = String(indices[i]);
    currentCode = indices[i]!;
  }
  emit(currentCode);
  emit(eoi);
  if (bits > 0) out.push(acc & 0xff);
  const blocks: number[] = [minCodeSize];
  for (let at = 0; at < out.length; at += 255) blocks.push(Math.min(255, out.length - at), ...out.slice(at, at + 255));
  blocks.push(0);
  return Uint8Array.from(blocks);
}

const gifIndices = (w: number, h: number, seed: number) => Uint8Array.from({ length: w * h }, (_, i) => ((i % w) >> 2) + ((Math.floor(i / w) + seed) >> 2) & 3);
const subBlocks = (data: Uint8Array) => {
  const parts: number[] = [];
  for (let at = 0; at < data.length; at += 255) parts.push(Math.min(255, data.length - at), ...data.subarray(at, at + 255));
  return Uint8Array.from([...parts, 0]);
};
const application = (id: string, data: Uint8Array) => cat(Uint8Array.of(0x21, 0xff, 11), latin1(id), subBlocks(data));
const gce = (delay: number) => Uint8Array.of(0x21, 0xf9, 4, 0x04, delay & 0xff, delay >> 8, 0, 0);
const gifImage = (w: number, h: number, seed: number, localTable?: Uint8Array) =>
  cat(Uint8Array.of(0x2c, 0, 0, 0, 0, w, 0, h, 0, localTable ? 0x81 : 0), localTable ?? new Uint8Array(0), lzwSubBlocks(gifIndices(w, h, seed), 2));
const GIF_HEADER = cat(latin1('GIF89a'), Uint8Array.of(32, 0, 16, 0, 0x81, 0, 0), Uint8Array.of(0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255));
const LOOP = cat(Uint8Array.of(0x21, 0xff, 11), latin1('NETSCAPE2.0'), Uint8Array.of(3, 1, 0, 0, 0));

function cleanGif(): Uint8Array {
  return cat(GIF_HEADER, LOOP, gce(10), gifImage(32, 16, 0), gce(10), gifImage(32, 16, 5), Uint8Array.of(0x3b));
}

function metadataGif(): Uint8Array {
  // XMP in GIF (XMP part 3 §1.1.2): the raw packet, then a 258-byte "magic trailer" 01 FF FE ... 01 00
  // that makes sub-block walkers land on the terminator whatever the packet's bytes.
  const magic = Uint8Array.from([1, ...Array.from({ length: 256 }, (_, i) => 255 - i), 0]);
  const xmp = cat(Uint8Array.of(0x21, 0xff, 11), latin1('XMP DataXMP'), enc(xmpPacket('gif')), magic);
  const icc = application('ICCRGBG1012', iccProfile('CANARY-icc-description', 'CANARY-icc-copyright'));
  const comment = (s: string) => cat(Uint8Array.of(0x21, 0xfe), subBlocks(latin1(s)));
  const bim = application('MGK8BIM0000', iptc().subarray(14));
  const plainText = cat(Uint8Array.of(0x21, 0x01, 12, 0, 0, 0, 0, 32, 0, 16, 0, 8, 16, 1, 0), subBlocks(latin1('Hi there')));
  const unknownExtension = cat(Uint8Array.of(0x21, 0x99), subBlocks(latin1('CANARY-unknown-extension')));
  const buffering = cat(Uint8Array.of(0x21, 0xff, 11), latin1('NETSCAPE2.0'), Uint8Array.of(3, 1, 5, 0, 5, 2, 0, 0x10, 0, 0, 0));
  const localTable = Uint8Array.of(255, 255, 255, 128, 128, 128, 0, 0, 0, 255, 255, 0);
  return cat(GIF_HEADER, buffering, comment('CANARY-comment-gif C:\\Users\\CANARY-user\\anim.gif'), xmp, icc, bim,
    gce(10), gifImage(32, 16, 0), plainText, comment('CANARY-comment-between-frames'), unknownExtension,
    gce(20), gifImage(32, 16, 5, localTable), Uint8Array.of(0x3b), latin1('CANARY-after-trailer'));
}

function exiftoolGif(): Uint8Array {
  return exiftoolWrite(cleanGif(), 'exiftool.gif', ['-XMP-dc:Creator=CANARY-author-xmp-gif-exiftool', '-XMP-xmp:CreatorTool=CANARY-software-gif-exiftool', '-Comment=CANARY-comment-gif-exiftool']);
}

// ---- WebP ------------------------------------------------------------------------------------

function riffChunk(fourcc: string, data: Uint8Array): Uint8Array {
  return cat(latin1(fourcc), u32(data.length, true), data, new Uint8Array(data.length & 1));
}
/** Appends chunks inside the RIFF and fixes its size, then adds bytes after it. */
function withExtraChunks(webp: Uint8Array, chunks: Uint8Array[], after = new Uint8Array(0)): Uint8Array {
  const body = cat(webp.subarray(12), ...chunks);
  return cat(latin1('RIFF'), u32(body.length + 4, true), latin1('WEBP'), body, after);
}

function extendedWebp(): Uint8Array {
  const png = tmp('rgba.png', cat(PNG_SIG, ihdr(40, 30), pngChunk('IDAT', zlibSync(rgbaRaw(40, 30, 10))), pngChunk('IEND', new Uint8Array(0))));
  const lossy = tmp('rgba.webp');
  execFileSync('cwebp', ['-quiet', '-q', '80', '-alpha_q', '100', png, '-o', lossy]);
  const muxed = tmp('extended.webp');
  execFileSync('webpmux', ['-set', 'icc', tmp('neutral.icc', NEUTRAL_ICC), lossy, '-o', muxed]);
  execFileSync('webpmux', ['-set', 'exif', tmp('webp-exif.tiff', phoneExif(false, 'webp', 6)), muxed, '-o', muxed]);
  execFileSync('webpmux', ['-set', 'xmp', tmp('webp.xmp', enc(xmpPacket('webp'))), muxed, '-o', muxed]);
  return withExtraChunks(Uint8Array.from(readFileSync(muxed)), [riffChunk('CNRY', latin1('CANARY-unknown-chunk'))], latin1('CANARY-after-riff'));
}

function animatedWebp(): Uint8Array {
  const anim = tmp('anim.webp');
  execFileSync('gif2webp', ['-quiet', '-lossy', tmp('clean.gif', cleanGif()), '-o', anim]);
  execFileSync('webpmux', ['-set', 'exif', tmp('anim-exif.tiff', phoneExif(true, 'webp-anim', 1)), anim, '-o', anim]);
  execFileSync('webpmux', ['-set', 'xmp', tmp('anim.xmp', enc(xmpPacket('webp-anim'))), anim, '-o', anim]);
  // An unknown chunk inside the first frame (allowed by RFC 9649 §2.7.1.1, kept by naive strippers).
  const bytes = Buffer.from(readFileSync(anim));
  const at = bytes.indexOf('ANMF');
  const size = bytes.readUInt32LE(at + 4);
  const extra = riffChunk('CNRY', latin1('CANARY-frame-chunk'));
  const frame = cat(latin1('ANMF'), u32(size + extra.length, true), bytes.subarray(at + 8, at + 8 + size), extra);
  const body = cat(bytes.subarray(12, at), frame, bytes.subarray(at + 8 + size));
  return cat(latin1('RIFF'), u32(body.length + 4, true), latin1('WEBP'), body);
}

function simpleWebp(lossless: boolean): Uint8Array {
  const out = tmp(lossless ? 'lossless.webp' : 'simple.webp');
  execFileSync('cwebp', ['-quiet', ...(lossless ? ['-lossless'] : ['-q', '75']), tmp('simple.ppm', ppm(48, 40, 11)), '-o', out]);
  return Uint8Array.from(readFileSync(out));
}

// ---- write -----------------------------------------------------------------------------------

const fixtures: Record<string, () => Uint8Array> = {
  'phone.jpg': phoneJpeg,
  'progressive.jpg': progressiveJpeg,
  'clean.jpg': () => cjpeg(64, 48, 12, ['-restart', '2']),
  'text-chunks.png': textPng,
  'animated.png': animatedPng,
  'exiftool.png': exiftoolPng,
  'clean.png': cleanPng,
  'metadata.gif': metadataGif,
  'exiftool.gif': exiftoolGif,
  'clean.gif': cleanGif,
  'extended.webp': extendedWebp,
  'animated.webp': animatedWebp,
  'simple.webp': () => simpleWebp(false),
  'lossless.webp': () => simpleWebp(true),
};

mkdirSync(OUT, { recursive: true });
try {
  for (const [name, build] of Object.entries(fixtures)) {
    const bytes = build();
    writeFileSync(join(OUT, name), bytes);
    console.log(`${name}: ${bytes.length} bytes`);
  }
} finally {
  rmSync(TMP, { recursive: true, force: true });
}
