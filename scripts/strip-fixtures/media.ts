/**
 * Writes the ISO base media (MOV, MP4, M4A, fragmented MP4, HEIC, AVIF) and MP3 fixtures of the
 * metadata stripper under tests/fixtures/strip/media/, deterministically. Every metadata field
 * set here holds "CANARY"; GPS values are 38.8977 N, 125.7543 E.
 * Usage: npx tsx scripts/strip-fixtures/media.ts
 * Needs (to build, not to test): cjpeg (libjpeg-turbo-progs), exiftool, heif-enc (libheif-examples).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = fileURLToPath(new URL('../../tests/fixtures/strip/media/', import.meta.url));
type Part = Uint8Array | string | number[];

// ---- byte helpers ----------------------------------------------------------------------------
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (p: Part): Uint8Array => (typeof p === 'string' ? latin1(p) : p instanceof Uint8Array ? p : Uint8Array.from(p));
function cat(...parts: Part[]): Uint8Array {
  const list = parts.map(bytes);
  const out = new Uint8Array(list.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of list) (out.set(p, at), (at += p.length));
  return out;
}
const u16 = (v: number) => [(v >>> 8) & 255, v & 255];
const u32 = (v: number) => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
const u64 = (v: number) => [...u32(Math.floor(v / 2 ** 32)), ...u32(v >>> 0)];
const u32le = (v: number) => [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255];
const zeros = (n: number) => new Uint8Array(n);
const syncsafe = (v: number) => [(v >>> 21) & 127, (v >>> 14) & 127, (v >>> 7) & 127, v & 127];
/** Deterministic filler that looks like compressed media but holds no text. */
const pattern = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => ((i * 37 + seed * 101) % 251) & 0x7f);

// ---- ISO BMFF box writer -----------------------------------------------------------------------
const box = (type: string, ...parts: Part[]) => {
  const body = cat(...parts);
  return cat(u32(8 + body.length), type, body);
};
const full = (type: string, version: number, flags: number, ...parts: Part[]) => box(type, [version, ...u32(flags).slice(1)], ...parts);
const MATRIX = [...u32(0x10000), ...u32(0), ...u32(0), ...u32(0), ...u32(0x10000), ...u32(0), ...u32(0), ...u32(0), ...u32(0x40000000)];
const DATE_2021 = 3_697_776_367; // 2021-03-04 05:06:07 in seconds since 1904
const qtString = (s: string) => cat(u16(utf8(s).length), u16(0x15c7), utf8(s)); // QuickTime text + language
const C = '\u00a9';

function mvhd(version: 0 | 1, nextTrack: number) {
  const times = version === 1 ? [...u64(DATE_2021), ...u64(DATE_2021 + 60), ...u32(600), ...u64(1200)] : [...u32(DATE_2021), ...u32(DATE_2021 + 60), ...u32(600), ...u32(1200)];
  return full('mvhd', version, 0, times, u32(0x10000), u16(0x100), zeros(10), MATRIX, zeros(24), u32(nextTrack));
}
function tkhd(version: 0 | 1, id: number, width: number, height: number) {
  const times = version === 1 ? [...u64(DATE_2021), ...u64(DATE_2021 + 60), ...u32(id), ...u32(0), ...u64(1200)] : [...u32(DATE_2021), ...u32(DATE_2021 + 60), ...u32(id), ...u32(0), ...u32(1200)];
  return full('tkhd', version, 15, times, zeros(8), u16(0), u16(0), u16(width ? 0 : 0x100), u16(0), MATRIX, u32(width << 16), u32(height << 16));
}
function mdhd(version: 0 | 1) {
  const times = version === 1 ? [...u64(DATE_2021), ...u64(DATE_2021 + 60), ...u32(600), ...u64(1200)] : [...u32(DATE_2021), ...u32(DATE_2021 + 60), ...u32(600), ...u32(1200)];
  return full('mdhd', version, 0, times, u16(0x55c4), u16(0));
}
/** hdlr; QuickTime style has a component type, 'appl' manufacturer and a Pascal-string name. */
const hdlr = (handler: string, name: string, quickTime: boolean) =>
  quickTime
    ? full('hdlr', 0, 0, 'mhlr', handler, 'appl', zeros(8), [name.length], name)
    : full('hdlr', 0, 0, u32(0), handler, zeros(12), name, [0]);
const dinf = () => box('dinf', full('dref', 0, 0, u32(1), full('url ', 0, 1)));

function visualEntry(compressorName: string, quickTime: boolean) {
  const name = cat([compressorName.length], compressorName, zeros(31 - compressorName.length));
  const avcC = box('avcC', [1, 0x42, 0xc0, 0x1e, 0xff, 0xe1], u16(4), [0x67, 0x42, 0xc0, 0x1e], [1], u16(4), [0x68, 0xce, 0x3c, 0x80]);
  return box('avc1', zeros(6), u16(1), u16(0), u16(0), quickTime ? 'appl' : zeros(4), u32(0x200), u32(0x200), u16(64), u16(48), u32(72 << 16), u32(72 << 16), u32(0), u16(1), name, u16(24), u16(0xffff), avcC, box('pasp', u32(1), u32(1)));
}
function audioEntry(quickTime: boolean) {
  const esds = full('esds', 0, 0, [3, 25], u16(1), [0, 4, 17, 0x40, 0x15], zeros(3), u32(128000), u32(128000), [5, 2, 0x12, 0x10, 6, 1, 2]);
  return box('mp4a', zeros(6), u16(1), u16(0), u16(0), quickTime ? 'appl' : zeros(4), u16(2), u16(16), u16(0), u16(0), u32(44100 << 16), esds);
}
/** A track whose samples are `sizes` bytes each, in one chunk at `chunkOffset` (stco or co64). */
function trak(o: { id: number; kind: 'vide' | 'soun' | 'meta' | 'tmcd'; version: 0 | 1; quickTime: boolean; handlerName: string; entry: Uint8Array; sizes: number[]; chunkOffset: number; co64?: boolean; extra?: Uint8Array[]; chunks?: number[] }) {
  const n = o.sizes.length;
  const chunks = o.chunks ?? [o.chunkOffset];
  const stbl = n === 0 // a fragmented file's track: empty tables, samples in the fragments
    ? box('stbl', full('stsd', 0, 0, u32(1), o.entry), full('stts', 0, 0, u32(0)), full('stsc', 0, 0, u32(0)), full('stsz', 0, 0, u32(0), u32(0)), full('stco', 0, 0, u32(0)))
    : box('stbl', full('stsd', 0, 0, u32(1), o.entry), full('stts', 0, 0, u32(1), u32(n), u32(1200 / n)), full('stsc', 0, 0, u32(1), u32(1), u32(n / chunks.length), u32(1)),
      full('stsz', 0, 0, u32(0), u32(n), ...o.sizes.map(u32)), o.co64 ? full('co64', 0, 0, u32(chunks.length), ...chunks.map(u64)) : full('stco', 0, 0, u32(chunks.length), ...chunks.map(u32)));
  const header = o.kind === 'vide' ? full('vmhd', 0, 1, zeros(8)) : o.kind === 'soun' ? full('smhd', 0, 0, zeros(4))
    : o.kind === 'tmcd' ? box('gmhd', full('gmin', 0, 0, u16(0x40), u16(0x8000), u16(0x8000), u16(0x8000), u16(0), u16(0))) : full('nmhd', 0, 0);
  const minf = box('minf', header, ...(o.quickTime ? [full('hdlr', 0, 0, 'dhlr', 'url ', 'appl', zeros(8), [22], 'CANARY-data-handler-nm')] : []), dinf(), stbl);
  return box('trak', tkhd(o.version, o.id, o.kind === 'vide' ? 64 : 0, o.kind === 'vide' ? 48 : 0), box('edts', full('elst', 0, 0, u32(1), u32(1200), u32(0), u32(0x10000))),
    box('mdia', mdhd(o.version), hdlr(o.kind, o.handlerName, o.quickTime), minf), ...(o.extra ?? []));
}
/** iTunes-style ilst item: a 'data' box with a type indicator (1 UTF-8, 13 JPEG, 14 PNG, 21 integer). */
const ilstItem = (type: Part, value: Part, dataType = 1) => box('____', box('data', u32(dataType), u32(0), value)).map((b, i) => (i >= 4 && i < 8 ? bytes(type)[i - 4]! : b));
const xmpPacket = (who: string) => utf8(`<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmp:CreatorTool="CANARY-xmp-tool ${who}" xmp:CreateDate="2021-03-04T05:06:07" exif:GPSLatitude="38,53.862N" exif:GPSLongitude="125,45.258E">
<dc:creator><rdf:Seq><rdf:li>CANARY-xmp-author</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`);
const XMP_UUID = [0xbe, 0x7a, 0xcf, 0xcb, 0x97, 0xa9, 0x42, 0xe8, 0x9c, 0x71, 0x99, 0x94, 0x91, 0xe3, 0xaf, 0xac];

// ---- MOV: an iPhone-like QuickTime movie ---------------------------------------------------------
function iphoneMov(): Uint8Array {
  const ftyp = box('ftyp', 'qt  ', u32(0), 'qt  ');
  const wide = box('wide');
  const video = [pattern(700, 1), pattern(300, 2), pattern(300, 3)];
  const audio = [pattern(200, 4), pattern(200, 5)];
  const timecode = u32(1_567_890); // start frame: 14:30:55;00 at 30 fps, a time of day
  const mdatStart = ftyp.length + wide.length;
  const mdat = box('mdat', ...video, ...audio, timecode);
  const keyNames = ['com.apple.quicktime.make', 'com.apple.quicktime.model', 'com.apple.quicktime.software', 'com.apple.quicktime.creationdate', 'com.apple.quicktime.location.ISO6709', 'com.apple.quicktime.content.identifier'];
  const keyValues = ['CANARY-make Apple', 'CANARY-model iPhone 12 Pro', 'CANARY-software 14.4.1', '2021-03-04T05:06:07+0900 CANARY', '+38.8977+125.7543+012.000/', 'CANARY-content-id-6F1B'];
  const keys = full('keys', 0, 0, u32(keyNames.length), ...keyNames.map((k) => cat(u32(8 + k.length), 'mdta', k)));
  const ilst = box('ilst', ...keyValues.map((v, i) => ilstItem(u32(i + 1), utf8(v))));
  const meta = box('meta', full('hdlr', 0, 0, u32(0), 'mdta', zeros(12), [0]), keys, ilst);
  const udta = box('udta', box(`${C}xyz`, qtString('+38.8977+125.7543/')), box(`${C}mak`, qtString('CANARY-make Apple')), box(`${C}mod`, qtString('CANARY-model iPhone 12 Pro')),
    box(`${C}too`, qtString('CANARY-software 14.4.1')), box(`${C}day`, qtString('2021-03-04T05:06:07+0900 CANARY')), u32(0));
  const build = () => {
    const vTrak = trak({ id: 1, kind: 'vide', version: 0, quickTime: true, handlerName: 'Core Media Video CANARY', entry: visualEntry('CANARY-encoder H.264', true), sizes: video.map((v) => v.length), chunkOffset: mdatStart + 8,
      extra: [box('udta', box('name', 'CANARY-track-name'))] });
    const aTrak = trak({ id: 2, kind: 'soun', version: 1, quickTime: true, handlerName: 'Core Media Audio CANARY', entry: audioEntry(true), sizes: audio.map((a) => a.length), chunkOffset: mdatStart + 8 + 1300 });
    const tmcdEntry = box('tmcd', zeros(6), u16(1), u32(0), u32(0), u32(600), u32(20), [30, 0], box('name', qtString('CANARY-reel-A001')));
    const tTrak = trak({ id: 3, kind: 'tmcd', version: 0, quickTime: true, handlerName: 'Core Media Time Code CANARY', entry: tmcdEntry, sizes: [4], chunkOffset: mdatStart + 8 + 1700 });
    return box('moov', mvhd(0, 4), vTrak, aTrak, tTrak, udta, meta);
  };
  const moov = build();
  const free = box('free', 'CANARY-old-metadata: ', `${C}mak CANARY-make `, zeros(16));
  const uuid = box('uuid', XMP_UUID, xmpPacket('mov'));
  return cat(ftyp, wide, mdat, moov, free, uuid);
}

// ---- MP4: iTunes-style tags with cover art, moov first, size-0 mdat at the end -----------------
function itunesMp4(cover: Uint8Array): Uint8Array {
  const ftyp = box('ftyp', 'isom', u32(0x200), 'isom', 'iso2', 'avc1', 'mp41');
  const video = [pattern(900, 6), pattern(400, 7)];
  const audio = [pattern(150, 8), pattern(150, 9), pattern(150, 10)];
  const ilst = box('ilst', ilstItem(`${C}nam`, utf8('CANARY-title')), ilstItem(`${C}ART`, utf8('CANARY-artist')), ilstItem(`${C}too`, utf8('CANARY-Lavf60.3.100')),
    ilstItem(`${C}cmt`, utf8('CANARY-comment')), ilstItem(`${C}day`, utf8('2021 CANARY')), ilstItem('covr', cover, 13),
    box('----', full('mean', 0, 0, 'com.apple.iTunes'), full('name', 0, 0, 'CANARY-freeform'), box('data', u32(1), u32(0), 'CANARY-freeform-value')));
  const udta = box('udta', full('meta', 0, 0, full('hdlr', 0, 0, u32(0), 'mdir', 'appl', zeros(8), [0]), ilst));
  const build = (mdatPayload: number) => box('moov', mvhd(1, 3),
    trak({ id: 1, kind: 'vide', version: 1, quickTime: false, handlerName: 'CANARY-VideoHandler', entry: visualEntry('CANARY-Lavc60 libx264', false), sizes: video.map((v) => v.length), chunkOffset: mdatPayload,
      extra: [box('udta', box('XMP_', xmpPacket('trak')))] }),
    trak({ id: 2, kind: 'soun', version: 1, quickTime: false, handlerName: 'CANARY-SoundHandler', entry: audioEntry(false), sizes: audio.map((a) => a.length), chunkOffset: mdatPayload + 1300, co64: true }),
    box('skip', 'CANARY-skip-leftover'), box('uuid', [0x50, 0x52, 0x4f, 0x46, 0x21, 0xd2, 0x4f, 0xce, 0xbb, 0x88, 0x69, 0x5c, 0xfa, 0xc9, 0xc7, 0x40], 'CANARY-vendor-uuid'), udta);
  const moovSize = build(0).length;
  const moov = build(ftyp.length + moovSize + 8);
  const mdat = cat(u32(0), 'mdat', ...video, ...audio); // size 0: "extends to the end of the file"
  return cat(ftyp, moov, mdat);
}

// ---- M4A: audio only, 64-bit mdat header, iTunes account tags ------------------------------------
function itunesM4a(cover: Uint8Array): Uint8Array {
  const ftyp = box('ftyp', 'M4A ', u32(0), 'M4A ', 'mp42', 'isom');
  const audio = [pattern(300, 11), pattern(300, 12), pattern(300, 13)];
  const ilst = box('ilst', ilstItem(`${C}ART`, utf8('CANARY-artist')), ilstItem(`${C}alb`, utf8('CANARY-album')), ilstItem('apID', utf8('CANARY-account@example.org')),
    ilstItem('ownr', utf8('CANARY-owner')), ilstItem(`${C}too`, utf8('CANARY-iTunes 12.11')), ilstItem('covr', cover, 13));
  const build = (chunk: number) => box('moov', mvhd(0, 2), trak({ id: 1, kind: 'soun', version: 0, quickTime: false, handlerName: 'CANARY-SoundHandler', entry: audioEntry(false), sizes: audio.map((a) => a.length), chunkOffset: chunk }),
    box('udta', full('meta', 0, 0, full('hdlr', 0, 0, u32(0), 'mdir', 'appl', zeros(8), [0]), ilst, box('free', zeros(64)))));
  const moovSize = build(0).length;
  const payload = cat(...audio);
  const mdat = cat(u32(1), 'mdat', u64(16 + payload.length), payload); // largesize header (§4.2)
  return cat(ftyp, build(ftyp.length + moovSize + 16), mdat);
}

// ---- Fragmented MP4 -------------------------------------------------------------------------------
function fragmentedMp4(): Uint8Array {
  const ftyp = box('ftyp', 'iso6', u32(0), 'iso6', 'mp41');
  const moov = box('moov', mvhd(0, 2),
    trak({ id: 1, kind: 'vide', version: 0, quickTime: false, handlerName: 'CANARY-fragment-handler', entry: visualEntry('CANARY-frag-encoder', false), sizes: [], chunkOffset: 0 }),
    box('mvex', full('trex', 0, 0, u32(1), u32(1), u32(0), u32(0), u32(0))), box('udta', box(`${C}too`, qtString('CANARY-software-frag'))));
  const prft = full('prft', 0, 0, u32(1), u64(DATE_2021 * 2), u32(0)); // producer reference time: a wall-clock date
  const parts: Uint8Array[] = [ftyp, moov, prft];
  for (let seq = 1; seq <= 2; seq++) {
    const samples = [pattern(500, 20 + seq), pattern(200, 30 + seq)];
    const trafOf = (dataOffset: number) => box('traf', full('tfhd', 0, 0x020000, u32(1)), full('tfdt', 1, 0, u64(seq * 600)),
      full('trun', 0, 0x000201, u32(samples.length), u32(dataOffset), ...samples.map((s) => u32(s.length))), box('uuid', zeros(16), 'CANARY-traf-vendor'));
    const moofSize = box('moof', full('mfhd', 0, 0, u32(seq)), trafOf(0)).length;
    parts.push(box('moof', full('mfhd', 0, 0, u32(seq)), trafOf(moofSize + 8)), box('mdat', ...samples));
  }
  return cat(...parts);
}

// ---- Telemetry: a GoPro-like GPMF track whose samples (GPS) sit in mdat between video chunks ----
function telemetryMp4(): Uint8Array {
  const ftyp = box('ftyp', 'mp41', u32(0), 'mp41');
  const video = [pattern(600, 50), pattern(500, 51)];
  const gpmf = (n: number) => cat('DEVC', u32(0), 'GPS5', [0x6c, 20, 0, 1], u32(388977000), u32(1257543000), u32(12000), u32(0), u32(0), 'SERN', 'CANARY-serial-gpmf-', String(n), zeros(3));
  const telemetry = [gpmf(1), gpmf(2), gpmf(3), gpmf(4)];
  // mdat: video chunk 1, telemetry chunk 1 (2 samples), video chunk 2, telemetry chunk 2.
  const layout = [video[0]!, telemetry[0]!, telemetry[1]!, video[1]!, telemetry[2]!, telemetry[3]!];
  const mdatPayload = ftyp.length + 8;
  const at = (i: number) => mdatPayload + layout.slice(0, i).reduce((n, p) => n + p.length, 0);
  const gpmd = box('gpmd', zeros(6), u16(1));
  const moov = box('moov', mvhd(0, 3),
    trak({ id: 1, kind: 'vide', version: 0, quickTime: false, handlerName: '', entry: visualEntry('', false), sizes: video.map((v) => v.length), chunkOffset: 0, chunks: [at(0), at(3)] }),
    trak({ id: 2, kind: 'meta', version: 0, quickTime: false, handlerName: 'CANARY-GoPro MET', entry: gpmd, sizes: telemetry.map((t) => t.length), chunkOffset: 0, chunks: [at(1), at(4)] }),
    box('udta', box('FIRM', 'CANARY-firmware-HD9.01'), box('CAME', 'CANARY-serial-camera')));
  return cat(ftyp, box('mdat', ...layout), moov);
}

// ---- HEIF items built by hand: Exif and XMP in idat, a user description property -----------------
function idatHeic(exifTiff: Uint8Array, image: Uint8Array): Uint8Array {
  const exifItem = cat(u32(0), exifTiff);
  const xmp = xmpPacket('idat');
  const ftyp = box('ftyp', 'heic', u32(0), 'mif1', 'heic');
  const infe = (id: number, type: string, extra: Part = []) => full('infe', 2, 0, u16(id), u16(0), type, [0], extra);
  const iinf = full('iinf', 0, 0, u16(3), infe(1, 'hvc1'), infe(2, 'Exif'), infe(3, 'mime', cat('application/rdf+xml', [0])));
  const iprp = box('iprp', box('ipco', box('hvcC', zeros(23)), full('ispe', 0, 0, u32(64), u32(48)),
    full('udes', 0, 0, 'en', [0], 'CANARY-name', [0], 'CANARY-description', [0], 'CANARY-tags', [0])), full('ipma', 0, 0, u32(1), u16(1), [3, 0x81, 0x02, 0x03]));
  const iref = full('iref', 0, 0, box('cdsc', u16(2), u16(1), u16(1)), box('cdsc', u16(3), u16(1), u16(1)));
  const idat = box('idat', exifItem, xmp);
  const build = (imageOffset: number) => {
    const iloc = full('iloc', 1, 0, [0x44, 0x00], u16(3),
      u16(1), u16(0), u16(0), u16(1), u32(imageOffset), u32(image.length),
      u16(2), u16(1), u16(0), u16(1), u32(0), u32(exifItem.length),
      u16(3), u16(1), u16(0), u16(1), u32(exifItem.length), u32(xmp.length));
    return full('meta', 0, 0, full('hdlr', 0, 0, u32(0), 'pict', zeros(12), 'CANARY-pict-handler', [0]), full('pitm', 0, 0, u16(1)), iloc, iinf, iref, iprp, idat);
  };
  const metaSize = build(0).length;
  return cat(ftyp, build(ftyp.length + metaSize + 8), box('mdat', image));
}

// ---- MP3 -------------------------------------------------------------------------------------------
/** MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, joint stereo: 417 bytes, 418 with the padding bit. */
function mpegFrame(padding: boolean, seed: number): Uint8Array {
  const frame = pattern(padding ? 418 : 417, seed);
  frame.set([0xff, 0xfb, padding ? 0x92 : 0x90, 0x64]);
  return frame;
}
/** The first frame of a LAME file: Xing header (after 32 bytes of side info) and LAME tag. */
function xingFrame(frames: number, bytesTotal: number): Uint8Array {
  const frame = zeros(417);
  frame.set([0xff, 0xfb, 0x90, 0x64]);
  frame.set(cat('Xing', u32(15), u32(frames), u32(bytesTotal), Array.from({ length: 100 }, (_, i) => Math.floor((i * 256) / 100)), u32(57), 'LAME3.100'), 36);
  return frame;
}
function audioFrames(count: number): Uint8Array {
  const frames = Array.from({ length: count }, (_, i) => mpegFrame(i % 3 === 1, 40 + i));
  const total = frames.reduce((n, f) => n + f.length, 417);
  return cat(xingFrame(count, total), ...frames);
}
const utf16 = (s: string) => cat([0xff, 0xfe], ...Array.from(s, (c) => [c.charCodeAt(0) & 255, c.charCodeAt(0) >> 8]));
const id3Frame23 = (id: string, data: Part) => cat(id, u32(bytes(data).length), [0, 0], data);
const id3Frame24 = (id: string, data: Part) => cat(id, syncsafe(bytes(data).length), [0, 0], data);
const id3Frame22 = (id: string, data: Part) => cat(id, u32(bytes(data).length).slice(1), data);
const id3Tag = (major: number, flags: number, body: Uint8Array, footer = false) =>
  cat('ID3', [major, 0, flags], syncsafe(body.length), body, footer ? cat('3DI', [major, 0, flags], syncsafe(body.length)) : []);

function id3v23Mp3(cover: Uint8Array): Uint8Array {
  const body = cat(
    id3Frame23('TIT2', cat([0], 'CANARY-title')), id3Frame23('TPE1', cat([1], utf16('CANARY-artist'), [0, 0])), id3Frame23('TALB', cat([0], 'CANARY-album')),
    id3Frame23('TYER', cat([0], 'CANARY-2021')), id3Frame23('COMM', cat([0], 'eng', 'CANARY-desc', [0], 'CANARY-comment')),
    id3Frame23('TXXX', cat([0], 'CANARY-key', [0], 'CANARY-user-text')), id3Frame23('APIC', cat([0], 'image/jpeg', [0, 3], 'CANARY-cover', [0], cover)),
    id3Frame23('PRIV', cat('CANARY-owner', [0], 'CANARY-private-data')), id3Frame23('TSSE', cat([0], 'CANARY-LAME 64bits')), id3Frame23('TENC', cat([0], 'CANARY-encoded-by')),
    zeros(256));
  return cat(id3Tag(3, 0, body), audioFrames(12));
}
function id3v24Mp3(): Uint8Array {
  const v24 = cat(id3Frame24('TIT2', cat([3], 'CANARY-title-24')), id3Frame24('TPE1', cat([3], 'CANARY-artist-24')), id3Frame24('TDRC', cat([3], '2021-03-04T05:06 CANARY')),
    id3Frame24('TSSE', cat([3], 'CANARY-encoder-24')), id3Frame24('GEOB', cat([0], 'application/octet-stream', [0], 'CANARY.bin', [0], 'CANARY-object', [0], 'CANARY-object-data')));
  const v22 = cat(id3Frame22('TP1', cat([0], 'CANARY-artist-22')), id3Frame22('COM', cat([0], 'eng', [0], 'CANARY-comment-22')), id3Frame22('PIC', cat([0], 'JPG', [3], 'CANARY-pic', [0], 'CANARY-pic-data')));
  const appended = cat(id3Frame24('TXXX', cat([3], 'CANARY-appended', [0], 'CANARY-appended-value')));
  return cat(id3Tag(4, 0x10, v24, true), id3Tag(2, 0, v22), audioFrames(10), id3Tag(4, 0x10, appended, true));
}
function id3v1Mp3(): Uint8Array {
  const field = (s: string, n: number) => cat(s, zeros(n - s.length));
  const tagPlus = cat('TAG+', field('CANARY-extended-title', 60), field('CANARY-extended-artist', 60), field('CANARY-extended-album', 60), [0], field('CANARY-genre', 30), '000:00', '001:00');
  const v11 = cat('TAG', field('CANARY-title', 30), field('CANARY-artist', 30), field('CANARY-album', 30), '2021', field('CANARY-comment', 28), [0, 7], [12]);
  return cat(audioFrames(8), tagPlus, v11);
}
function apeTag(cover: Uint8Array): Uint8Array {
  const item = (key: string, value: Part, flags = 0) => cat(u32le(bytes(value).length), u32le(flags), key, [0], value);
  const items = [item('Artist', 'CANARY-artist'), item('Comment', 'CANARY-comment'), item('Year', 'CANARY-year'), item('Tool Name', 'CANARY-tool'), item('Cover Art (Front)', cat('cover.jpg', [0], cover), 2)];
  const body = cat(...items);
  const head = (isHeader: boolean) => cat('APETAGEX', u32le(2000), u32le(body.length + 32), u32le(items.length), u32le(isHeader ? 0xa0000000 : 0x80000000), zeros(8));
  return cat(head(true), body, head(false));
}
function lyrics3v2(): Uint8Array {
  const field = (id: string, value: string) => cat(id, String(value.length).padStart(5, '0'), value);
  const body = cat('LYRICSBEGIN', field('IND', '11'), field('EAR', 'CANARY-artist'), field('ETT', 'CANARY-title'), field('INF', 'CANARY-info'), field('LYR', '[00:01]CANARY lyrics'));
  return cat(body, String(body.length).padStart(6, '0'), 'LYRICS200');
}
const id3v1 = () => cat('TAG', 'CANARY-v1-title', zeros(15), 'CANARY-v1-artist', zeros(14), zeros(30), '1999', zeros(30), [255]);

// ---- images built with the Debian tools ----------------------------------------------------------
function buildImages(dir: string) {
  const [w, h] = [64, 48];
  const ppm = cat(`P6\n${w} ${h}\n255\n`, Uint8Array.from({ length: w * h * 3 }, (_, i) => { const p = Math.floor(i / 3), c = i % 3; return ((p % w) * (4 + c) + Math.floor(p / w) * 5) & 255; }));
  writeFileSync(join(dir, 'in.ppm'), ppm);
  const jpg = join(dir, 'in.jpg');
  writeFileSync(jpg, execFileSync('cjpeg', ['-quality', '80', join(dir, 'in.ppm')]));
  execFileSync('exiftool', ['-q', '-overwrite_original', '-Make=CANARY-make', '-Model=CANARY-model', '-SerialNumber=CANARY-serial', '-Software=CANARY-software', '-Artist=CANARY-author',
    '-GPSLatitude=38.8977', '-GPSLatitudeRef=N', '-GPSLongitude=125.7543', '-GPSLongitudeRef=E', '-DateTimeOriginal=2021:03:04 05:06:07', '-UserComment=CANARY-comment',
    '-XMP-xmp:CreatorTool=CANARY-xmp-tool', '-XMP-dc:Creator=CANARY-xmp-creator', jpg]);
  const heic = join(dir, 'photo.heic');
  const avif = join(dir, 'photo.avif');
  execFileSync('heif-enc', ['-q', '40', '-t', '16', jpg, '-o', heic]);
  execFileSync('heif-enc', ['-q', '40', jpg, '-o', avif]);
  const jpeg = new Uint8Array(readFileSync(jpg));
  // The TIFF block of the JPEG's APP1 Exif segment, for the hand-built HEIF.
  let exif = new Uint8Array();
  for (let at = 2; at + 4 < jpeg.length; ) {
    const len = (jpeg[at + 2]! << 8) | jpeg[at + 3]!;
    if (jpeg[at + 1] === 0xe1 && String.fromCharCode(...jpeg.subarray(at + 4, at + 8)) === 'Exif') { exif = jpeg.slice(at + 10, at + 2 + len); break; }
    at += 2 + len;
  }
  // A small cover picture: the JPEG without metadata, with a comment.
  const cover = join(dir, 'cover.jpg');
  const small = cat('P6\n16 12\n255\n', Uint8Array.from({ length: 16 * 12 * 3 }, (_, i) => (i * 13) & 255));
  writeFileSync(join(dir, 'small.ppm'), small);
  writeFileSync(cover, execFileSync('cjpeg', ['-quality', '50', join(dir, 'small.ppm')]));
  execFileSync('exiftool', ['-q', '-overwrite_original', '-Comment=CANARY-cover-comment', cover]);
  return { heic: readFileSync(heic), avif: readFileSync(avif), exif, cover: new Uint8Array(readFileSync(cover)), image: pattern(200, 99) };
}

const dir = mkdtempSync(join(tmpdir(), 'tipline-media-'));
try {
  mkdirSync(OUT, { recursive: true });
  const images = buildImages(dir);
  const files: Record<string, Uint8Array> = {
    'iphone.mov': iphoneMov(),
    'itunes.mp4': itunesMp4(images.cover),
    'itunes.m4a': itunesM4a(images.cover),
    'fragmented.mp4': fragmentedMp4(),
    'telemetry.mp4': telemetryMp4(),
    'photo.heic': images.heic,
    'photo.avif': images.avif,
    'idat-items.heic': idatHeic(images.exif, images.image),
    'id3v23.mp3': id3v23Mp3(images.cover),
    'id3v24-footer.mp3': id3v24Mp3(),
    'id3v1.mp3': id3v1Mp3(),
    'ape-lyrics3.mp3': cat(audioFrames(8), apeTag(images.cover), lyrics3v2(), id3v1()),
  };
  for (const [name, data] of Object.entries(files)) writeFileSync(join(OUT, name), data);
  console.log(`wrote ${Object.keys(files).length} files to ${OUT}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
