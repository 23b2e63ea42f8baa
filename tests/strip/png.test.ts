// PNG stripping: chunk policy, CRCs, APNG, orientation, and exiftool as the independent reader.
// Fixtures: scripts/strip-fixtures/images.ts.
import { deflateSync } from 'node:zlib';
import { unzlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../src/strip/png-crc.ts';
import { inflateBounded } from '../../src/strip/png-text.ts';
import { collect, stripMetadata } from '../../src/strip/index.ts';
import { exiftool, exiftoolLeaks, fixture, rawCanaryHits, stripClean, prng, expectSafe } from './helpers.ts';

interface Chunk { type: string; data: Uint8Array; at: number }

/** A deliberately simple chunk lister, independent of src/strip/png-chunks.ts. */
function chunksOf(png: Uint8Array): Chunk[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: Chunk[] = [];
  for (let at = 8; at + 12 <= png.length;) {
    const length = view.getUint32(at);
    const type = Buffer.from(png.subarray(at + 4, at + 8)).toString('latin1');
    chunks.push({ type, data: png.subarray(at + 8, at + 8 + length), at });
    at += 12 + length;
    if (type === 'IEND') break;
  }
  return chunks;
}
const types = (png: Uint8Array) => chunksOf(png).map((c) => c.type);
const joined = (png: Uint8Array, type: string) => Buffer.concat(chunksOf(png).filter((c) => c.type === type).map((c) => c.data));
const metadataTags = (tags: Record<string, unknown>) => Object.keys(tags).filter((t) => /^(IFD0|ExifIFD|GPS|XMP|PNG:(?!ImageWidth|ImageHeight|BitDepth|ColorType|Compression|Filter|Interlace|Gamma|SRGB|White|Red|Green|Blue|Pixels|PixelUnits|AnimationFrames|AnimationPlays))/.test(t));

function withChunk(png: Uint8Array, afterType: string, type: string, data: Uint8Array): Uint8Array {
  const chunk = chunksOf(png).find((c) => c.type === afterType)!;
  const end = chunk.at + 12 + chunk.data.length;
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([png.subarray(0, end), length, body, crc, png.subarray(end)]);
}

describe('PNG: text, XMP, EXIF, time, private chunks and a trailer', () => {
  const input = fixture('images/text-chunks.png');

  it('keeps rendering chunks and pixels, drops the rest, reports by keyword', async () => {
    expect(rawCanaryHits(input).length).toBeGreaterThan(0);
    const { result, bytes } = await stripClean(input);
    expect(new Set(result.removed.map((r) => r.category))).toEqual(new Set(['author', 'software', 'dates', 'comments', 'location', 'device', 'identifiers', 'history', 'other']));
    for (const field of ['png-author', 'png-software', 'png-creation-time', 'png-description', 'png-title', 'png-comment', 'png-modification-time', 'xmp-creator', 'exif-gps', 'trailing-data']) {
      expect(result.removed.map((r) => r.field)).toContain(field);
    }
    expect(types(bytes)).toEqual(['IHDR', 'sRGB', 'gAMA', 'cHRM', 'pHYs', 'eXIf', 'IDAT', 'IDAT', 'IDAT', 'IEND']);
    expect(joined(bytes, 'IHDR')).toEqual(joined(input, 'IHDR'));
    expect(joined(bytes, 'IDAT')).toEqual(joined(input, 'IDAT'));
    const pixels = unzlibSync(joined(bytes, 'IDAT'));
    expect(pixels.length).toBe(30 * (1 + 40 * 4));
    expect(rawCanaryHits(bytes)).toEqual([]);
    expect(rawCanaryHits(pixels)).toEqual([]);
    expect(Buffer.from(bytes).includes('2011:11:11')).toBe(false);
    // Nothing after IEND.
    expect(Buffer.from(bytes.subarray(-12)).toString('hex')).toBe('0000000049454e44ae426082');
  });

  it('leaves exiftool nothing but the orientation', async () => {
    const { bytes } = await stripClean(input);
    expect(exiftoolLeaks(bytes)).toEqual([]);
    const tags = exiftool(bytes);
    expect(tags['IFD0:Orientation']).toBe('Rotate 90 CW');
    expect(metadataTags(tags)).toEqual(['IFD0:Orientation']);
  });

  it('is idempotent', async () => {
    const first = (await stripClean(input)).bytes;
    const second = await stripClean(first);
    expect(second.result.removed).toEqual([]);
    expect(second.bytes).toEqual(first);
  });

  it('refuses truncations before IEND and survives random damage', async () => {
    const iendEnd = Buffer.from(input).indexOf('IEND') + 8;
    for (let cut = 1; cut < input.length; cut += 61) {
      const result = await stripMetadata(input.subarray(0, cut));
      if (cut < iendEnd) expect(result.status, `cut at ${cut}`).not.toBe('cleaned');
      await expectSafe(input.subarray(0, cut));
    }
    const random = prng(2);
    for (let i = 0; i < 200; i++) {
      const damaged = input.slice();
      const at = Math.floor(random() * damaged.length);
      damaged[at] = damaged[at]! ^ (1 + Math.floor(random() * 255));
      await expectSafe(damaged);
    }
  });
});

describe('PNG: other files', () => {
  it('keeps APNG animation chunks and frames', async () => {
    const input = fixture('images/animated.png');
    const { result, bytes } = await stripClean(input);
    expect(result.removed.map((r) => r.category).sort()).toEqual(['comments', 'software']);
    expect(types(bytes)).toEqual(['IHDR', 'iCCP', 'acTL', 'fcTL', 'IDAT', 'fcTL', 'fdAT', 'IEND']);
    for (const type of ['iCCP', 'acTL', 'fcTL', 'IDAT', 'fdAT']) expect(joined(bytes, type)).toEqual(joined(input, type));
    expect(rawCanaryHits(bytes)).toEqual([]);
    // Every compressed stream left: the ICC profile, the default image and the second frame.
    const iccp = joined(bytes, 'iCCP');
    for (const stream of [iccp.subarray(iccp.indexOf(0) + 2), joined(bytes, 'IDAT'), joined(bytes, 'fdAT').subarray(4)]) {
      expect(rawCanaryHits(unzlibSync(stream))).toEqual([]);
    }
    expect(exiftoolLeaks(bytes)).toEqual([]);
  });

  it('removes what exiftool wrote, and exiftool finds nothing left', async () => {
    const input = fixture('images/exiftool.png');
    expect(rawCanaryHits(input).length).toBeGreaterThan(0);
    const { result, bytes } = await stripClean(input);
    expect(new Set(result.removed.map((r) => r.category))).toEqual(new Set(['author', 'comments', 'location', 'device']));
    expect(rawCanaryHits(bytes)).toEqual([]);
    expect(exiftoolLeaks(bytes)).toEqual([]);
    expect(joined(bytes, 'IDAT')).toEqual(joined(input, 'IDAT'));
  });

  it('passes a PNG without metadata through byte for byte', async () => {
    const input = fixture('images/clean.png');
    const { result, bytes } = await stripClean(input);
    expect(result.removed).toEqual([]);
    expect(bytes).toEqual(input);
  });
});

describe('PNG: structure and CRCs', () => {
  const clean = fixture('images/clean.png');
  const idat = chunksOf(clean).find((c) => c.type === 'IDAT')!;
  const gama = chunksOf(clean).find((c) => c.type === 'gAMA')!;

  it('rejects a critical chunk with a bad CRC, drops an ancillary one', async () => {
    const badIdat = clean.slice();
    badIdat[idat.at + 8 + idat.data.length]! ^= 1;
    expect(await stripMetadata(badIdat)).toMatchObject({ status: 'rejected', code: 'malformed' });
    const badGamma = clean.slice();
    badGamma[gama.at + 8 + 4]! ^= 1;
    const { result, bytes } = await stripClean(badGamma);
    expect(result.removed).toEqual([{ category: 'other', field: 'png-damaged-chunk' }]);
    expect(types(bytes)).not.toContain('gAMA');
  });

  it('rejects a PNG without IEND or without IHDR first; does not claim unknown critical chunks', async () => {
    expect((await stripMetadata(clean.subarray(0, clean.length - 12))).status).toBe('rejected');
    expect((await stripMetadata(Buffer.concat([clean.subarray(0, 8), clean.subarray(33)]))).status).toBe('rejected');
    expect((await stripMetadata(withChunk(clean, 'IHDR', 'ABCD', Buffer.from('CANARY')))).status).toBe('unsupported');
    const noImage = Buffer.concat(chunksOf(clean).filter((c) => c.type !== 'IDAT').map((c) => clean.subarray(c.at, c.at + 12 + c.data.length)));
    expect((await stripMetadata(Buffer.concat([clean.subarray(0, 8), noImage]))).status).toBe('rejected');
  });

  it('bounds a compressed XMP bomb: reported and removed without inflating it all', async () => {
    const bomb = deflateSync(new Uint8Array(64 * 1024 * 1024), { level: 9 }); // ~64 KB
    const itxt = Buffer.concat([Buffer.from('XML:com.adobe.xmp\0\x01\x00\0\0', 'latin1'), bomb]);
    expect(inflateBounded(bomb, 1 << 20).length).toBe(1 << 20);
    const started = performance.now();
    const { result, bytes } = await stripClean(withChunk(clean, 'IHDR', 'iTXt', itxt));
    expect(performance.now() - started).toBeLessThan(3000); // inflating it all would take far longer
    expect(result.removed).toEqual([{ category: 'other', field: 'xmp' }]);
    expect(bytes).toEqual(clean);
  });
});
