// JPEG stripping, checked against independent readers: exiftool for what is left, djpeg for the
// pixels. Fixtures: scripts/strip-fixtures/images.ts.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { collect, stripMetadata, type RemovalCategory } from '../../src/strip/index.ts';
import { exiftool, exiftoolLeaks, fixture, rawCanaryHits, stripClean, prng, expectSafe } from './helpers.ts';

const djpeg = (bytes: Uint8Array) => execFileSync('djpeg', ['-ppm'], { input: bytes, maxBuffer: 64 << 20 });
const categories = (removed: Array<{ category: RemovalCategory }>) => new Set(removed.map((r) => r.category));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
/** exiftool groups that only metadata (not the decoder's JFIF/ICC/Adobe data) lives in. */
const METADATA_GROUP = /^(IFD0|IFD1|ExifIFD|GPS|InteropIFD|MakerNotes|Apple|XMP|IPTC|Photoshop|JFXX|MPF|MPImage|Comment|File:Comment|APP)/;

function metadataTags(tags: Record<string, unknown>): string[] {
  return Object.keys(tags).filter((tag) => METADATA_GROUP.test(tag) || tag === 'File:Comment');
}

/** Computed once: exiftool is slow to start, and each fixture is read by it once. */
function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}

describe('JPEG: a phone picture with everything', () => {
  const input = fixture('images/phone.jpg');
  const stripped = once(() => stripClean(input));
  const tagsLeft = once(async () => exiftool((await stripped()).bytes));

  it('is a meaningful fixture', () => {
    // ASCII fields, and the XP* tags in UTF-16LE.
    expect(rawCanaryHits(input).map((hit) => hit.split('@')[0])).toEqual(expect.arrayContaining(['utf8', 'utf16le']));
    expect(Buffer.from(input).includes('CANARY-make-mpf-preview')).toBe(true);
  });

  it('removes every metadata block, reports each category, keeps the pixels', async () => {
    const { result, bytes } = await stripped();
    expect(categories(result.removed)).toEqual(new Set(['location', 'device', 'author', 'software', 'dates', 'thumbnails', 'comments', 'identifiers', 'history', 'other']));
    for (const field of ['exif-gps', 'camera-serial', 'lens-serial', 'maker-notes', 'exif-thumbnail', 'jfif-thumbnail', 'mpf-images', 'trailing-image', 'iptc-by-line', 'xmp-history', 'xmp-document-id', 'jpeg-comment']) {
      expect(result.removed.map((r) => r.field)).toContain(field);
    }
    expect(rawCanaryHits(bytes)).toEqual([]);
    expect(Buffer.from(bytes).includes('2011:11:11')).toBe(false);
    expect(exiftoolLeaks(bytes)).toEqual([]);
    expect(djpeg(bytes)).toEqual(djpeg(input));
    // Nothing after EOI: the multi-picture preview and its EXIF are gone.
    expect(hex(bytes.subarray(-2))).toBe('ffd9');
  });

  it('keeps the orientation as the only EXIF tag, JFIF without its thumbnail, ICC and Adobe', async () => {
    const { bytes } = await stripped();
    const tags = await tagsLeft();
    expect(tags['IFD0:Orientation']).toBe('Rotate 90 CW');
    expect(metadataTags(tags)).toEqual(['IFD0:Orientation']);
    expect(tags['JFIF:JFIFVersion']).toBeDefined();
    expect(tags['JFIF:ThumbnailWidth']).toBeUndefined();
    expect(tags['ICC_Profile:ProfileDescription']).toBe('Tipline neutral RGB');
    expect(tags['Adobe:ColorTransform']).toBe('YCbCr');
    // SOI, JFIF APP0, then our EXIF (JFIF 1.02 §4.1 wants APP0 first).
    expect(hex(bytes.subarray(0, 4))).toBe('ffd8ffe0');
    expect(hex(bytes.subarray(20, 22))).toBe('ffe1');
  });

  it('is idempotent: the output strips to itself with nothing to report', async () => {
    const first = (await stripped()).bytes;
    const second = await stripClean(first);
    expect(second.result.removed).toEqual([]);
    expect(second.bytes).toEqual(first);
  });

  it('refuses it truncated anywhere before EOI, and cleans it safely when cut inside the trailer', async () => {
    const eoi = Buffer.from(input).indexOf(Buffer.from('ffd9ffd8', 'hex')) + 2; // main image's EOI, preview's SOI
    for (let cut = 1; cut < input.length; cut += 997) {
      const result = await stripMetadata(input.subarray(0, cut));
      if (cut < eoi) expect(result.status, `cut at ${cut}`).not.toBe('cleaned');
      await expectSafe(input.subarray(0, cut));
    }
  });

  it('survives random damage', async () => {
    const random = prng(1);
    for (let i = 0; i < 200; i++) {
      const damaged = input.slice();
      const at = Math.floor(random() * damaged.length);
      damaged[at] = random() < 0.5 ? damaged[at]! ^ (1 << Math.floor(random() * 8)) : Math.floor(random() * 256);
      await expectSafe(damaged);
    }
  });
});

describe('JPEG: progressive with restart markers, tagged by exiftool', () => {
  const input = fixture('images/progressive.jpg');

  it('removes EXIF, XMP, IPTC and the comment; keeps pixels and Orientation 8', async () => {
    expect(rawCanaryHits(input).length).toBeGreaterThan(0);
    const { result, bytes } = await stripClean(input);
    expect(categories(result.removed)).toEqual(new Set(['location', 'device', 'author', 'software', 'dates', 'comments']));
    expect(rawCanaryHits(bytes)).toEqual([]);
    expect(exiftoolLeaks(bytes)).toEqual([]);
    const tags = exiftool(bytes);
    expect(metadataTags(tags)).toEqual(['IFD0:Orientation']);
    expect(tags['IFD0:Orientation']).toBe('Rotate 270 CW');
    expect(djpeg(bytes)).toEqual(djpeg(input));
    const again = await stripClean(bytes);
    expect(again.result.removed).toEqual([]);
    expect(again.bytes).toEqual(bytes);
  });

  it('refuses every truncation', async () => {
    for (let cut = 3; cut < input.length - 1; cut += 97) {
      expect((await stripMetadata(input.subarray(0, cut))).status, `cut at ${cut}`).toBe('rejected');
    }
  });
});

describe('JPEG: structure', () => {
  const clean = fixture('images/clean.jpg');

  it('passes a JPEG without metadata through byte for byte', async () => {
    const { result, bytes } = await stripClean(clean);
    expect(result.removed).toEqual([]);
    expect(bytes).toEqual(clean);
  });

  it('rejects a JPEG without EOI, or with nothing but metadata', async () => {
    expect(await stripMetadata(clean.subarray(0, clean.length - 2))).toMatchObject({ status: 'rejected', code: 'malformed' });
    const metadataOnly = Uint8Array.from([0xff, 0xd8, 0xff, 0xfe, 0, 8, ...Buffer.from('CANARY'), 0xff, 0xd9]);
    expect(await stripMetadata(metadataOnly)).toMatchObject({ status: 'rejected', code: 'malformed' });
  });

  it('walks cyclic and out-of-bounds EXIF IFDs without hanging, and still removes them', async () => {
    // IFD0 at 8: Make (outside the block), ExifIFD pointing back at IFD0, next IFD = IFD0.
    const tiff = Buffer.from('49492a000800000003000f0102001000000000ff00006987040001000000080000001201030001000000060000000800000043414e415259', 'hex');
    const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0, tiff.length + 8]), Buffer.from('Exif\0\0', 'latin1'), tiff]);
    const input = Buffer.concat([clean.subarray(0, 20), app1, clean.subarray(20)]);
    const { result, bytes } = await stripClean(input);
    expect(result.removed.map((r) => r.field)).toContain('camera-make');
    expect(rawCanaryHits(bytes)).toEqual([]);
    expect(exiftool(bytes)['IFD0:Orientation']).toBe('Rotate 90 CW');
  });

  it('refuses a metadata block relabelled as a table, and a stray restart marker', async () => {
    const comment = Buffer.concat([Buffer.from([0xff, 0xdb, 0, 12]), Buffer.from('CANARY-dqt', 'latin1')]);
    const forged = Buffer.concat([clean.subarray(0, 20), comment, clean.subarray(20)]);
    expect(await stripMetadata(forged)).toMatchObject({ status: 'rejected', code: 'malformed' });
    const sos = Buffer.from(clean).indexOf(Buffer.from([0xff, 0xda]));
    const strayRestart = Buffer.from(clean);
    strayRestart.set([0xff, 0xd5], sos + 40); // inside the scan, out of order
    expect((await stripMetadata(strayRestart)).status).toBe('rejected');
  });

  it('strips a 50 MB photo at well over 100 MB/s (segments are copied, never decoded)', async () => {
    const scan = new Uint8Array(50 * 1024 * 1024);
    const random = prng(7);
    const words = new Uint32Array(scan.buffer);
    for (let i = 0; i < words.length; i++) words[i] = random() * 2 ** 32;
    for (let i = scan.indexOf(0xff); i !== -1 && i + 1 < scan.length; i = scan.indexOf(0xff, i + 2)) scan[i + 1] = 0;
    scan[scan.length - 1] = 0;
    const sos = Buffer.from(clean).indexOf(Buffer.from([0xff, 0xda]));
    const sosHeader = clean.subarray(sos, sos + 2 + ((clean[sos + 2]! << 8) | clean[sos + 3]!));
    const exif = Buffer.concat([Buffer.from([0xff, 0xe1, 0, 14]), Buffer.from('Exif\0\0CANARY', 'latin1')]);
    const big = Buffer.concat([clean.subarray(0, 2), exif, clean.subarray(2, sos), sosHeader, scan, Buffer.from([0xff, 0xd9])]);
    let seconds = Infinity;
    for (let run = 0; run < 3; run++) {
      // Best of three: the first run warms the JIT up, and a busy machine only ever slows us down.
      const started = performance.now();
      const result = await stripMetadata(big);
      seconds = Math.min(seconds, (performance.now() - started) / 1000);
      expect(result.status).toBe('cleaned');
      expect(result.status === 'cleaned' && result.size).toBe(big.length - exif.length);
    }
    console.log(`JPEG: ${(big.length / 1e6 / seconds).toFixed(0)} MB/s`);
    expect(big.length / 1e6 / seconds).toBeGreaterThan(100);
  });
});

describe('JPEG: Huffman tables are checked as codes, not just as lengths', () => {
  it('refuses a table whose code counts overflow the code space (kept tables carry no free bytes)', async () => {
    const clean = fixture('images/clean.jpg');
    let dht = -1;
    for (let i = 2; i + 4 < clean.length; ) {
      if (clean[i] !== 0xff) break;
      if (clean[i + 1] === 0xc4) { dht = i; break; }
      i += 2 + ((clean[i + 2]! << 8) | clean[i + 3]!);
    }
    expect(dht).toBeGreaterThan(0);
    // Two codes of length 1 cannot exist (the all-ones code is reserved): counts raised to two at
    // length 1, with as many more value bytes, keep every length consistent, but not the code.
    const length = (clean[dht + 2]! << 8) | clean[dht + 3]!;
    const counts = dht + 5;
    const valuesEnd = counts + 16 + [...clean.subarray(counts, counts + 16)].reduce((a, b) => a + b, 0);
    const extra = 2 - clean[counts]!;
    expect(extra).toBeGreaterThan(0);
    const forged = new Uint8Array([...clean.subarray(0, valuesEnd), ...new Array(extra).fill(0x01), ...clean.subarray(valuesEnd)]);
    forged[counts] = 2;
    forged[dht + 2] = (length + extra) >> 8;
    forged[dht + 3] = (length + extra) & 0xff;
    // Only the first table of the segment is touched; the rest must still fit exactly.
    expect(forged[dht + 4]! >> 4).toBeLessThanOrEqual(1);
    expect(await stripMetadata(forged)).toMatchObject({ status: 'rejected', code: 'malformed' });
  });
});
