// HEIC / AVIF stripping: Exif and XMP items zeroed where iloc puts them (mdat or idat), items kept
// so iinf/iloc/iref stay valid, the image still decodes (heif-convert) to the same pixels, and
// damaged copies are refused or cleaned-and-safe.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collect, stripMetadata, type RemovalCategory } from '../../src/strip/index.ts';
import { exiftoolLeaks, fixture, rawCanaryHits, stripClean, damagedVariants, expectSafe } from './helpers.ts';

const work = mkdtempSync(join(tmpdir(), 'tipline-heif-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Decodes with libheif's heif-convert to raw YUV (Y4M): the exact decoded pixels and size. */
function decode(bytes: Uint8Array, name: string): Buffer {
  const input = join(work, name);
  const output = join(work, `${name}.y4m`);
  writeFileSync(input, bytes);
  execFileSync('heif-convert', [input, output], { stdio: 'ignore' });
  return readFileSync(output);
}

const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
/** "type@offset+size" of the top-level boxes and of the meta box's children (an independent walk). */
function layout(b: Uint8Array): string[] {
  const out: string[] = [];
  const walk = (from: number, end: number, prefix: string) => {
    for (let at = from; at + 8 <= end; ) {
      const size = u32(b, at) || end - at;
      if (size < 8 || at + size > end) throw new Error(`bad box at ${at}`);
      const type = String.fromCharCode(...b.subarray(at + 4, at + 8));
      out.push(`${prefix}${type}@${at}+${size}`);
      if (type === 'meta' && !prefix) walk(at + 12, at + size, ' ');
      at += size;
    }
  };
  walk(0, b.length, '');
  return out;
}

const EXIF_CATEGORIES: RemovalCategory[] = ['location', 'device', 'software', 'dates', 'author', 'comments'];
const CASES = [
  { name: 'photo.heic', kind: 'heic', decodes: true },
  { name: 'photo.avif', kind: 'avif', decodes: true },
  // Hand-built: Exif and XMP items in idat (construction method 1), a udes property, a named hdlr.
  { name: 'idat-items.heic', kind: 'heic', decodes: false },
];

describe.each(CASES)('heif $name', ({ name, kind }) => {
  const input = fixture(`media/${name}`);

  it('zeroes the Exif and XMP items in place: same size, no canary for raw bytes or exiftool', async () => {
    expect(rawCanaryHits(input).length).toBeGreaterThan(0);
    const { result, bytes } = await stripClean(input);
    expect(result.kind).toBe(kind);
    expect(bytes.length).toBe(input.length);
    const found = new Set(result.removed.map((r) => r.category));
    for (const c of EXIF_CATEGORIES) expect(found, c).toContain(c);
    expect(result.removed).toContainEqual({ category: 'location', field: 'exif-gps' });
    expect(rawCanaryHits(bytes)).toEqual([]);
    expect(exiftoolLeaks(bytes)).toEqual([]);
    // Only zeroing happened (and 'free' written over removed boxes' types): nothing else changed.
    const free = (i: number) => [0, 1, 2, 3].some((k) => String.fromCharCode(...bytes.subarray(i - k, i - k + 4)) === 'free');
    const changed = [...bytes.keys()].filter((i) => bytes[i] !== input[i]);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.filter((i) => bytes[i] !== 0 && !free(i))).toEqual([]);
  });

  it('keeps the box layout: the same top-level boxes and meta children at the same offsets', async () => {
    const { bytes } = await stripClean(input);
    expect(layout(bytes)).toEqual(layout(input));
  });

  it('is idempotent', async () => {
    const first = await stripClean(input);
    const second = await stripClean(first.bytes);
    expect(second.result.removed).toEqual([]);
    expect(second.bytes).toEqual(first.bytes);
  });

  it('gives rejected or cleaned-and-safe for truncated and corrupted copies, never a throw', async () => {
    for (const variant of damagedVariants(input, 32, 96, 777)) await expectSafe(variant);
  });
});

describe.each(CASES.filter((c) => c.decodes))('heif $name decoding', ({ name }) => {
  it('still decodes to the same pixels at the same dimensions (heif-convert)', async () => {
    const input = fixture(`media/${name}`);
    const { bytes } = await stripClean(input);
    const before = decode(input, `in-${name}`);
    const after = decode(bytes, `out-${name}`);
    expect(after.subarray(0, 40).toString('latin1')).toMatch(/^YUV4MPEG2 W64 H48 /);
    expect(after.equals(before)).toBe(true);
  });
});

describe('heif tricky items', () => {
  it('zeroes media data that no item refers to (an earlier Exif block left by an editor)', async () => {
    const input = fixture('media/photo.heic');
    const stale = new TextEncoder().encode('Exif\0\0MM CANARY-stale-make 38.8977 125.7543');
    const extra = new Uint8Array(8 + stale.length);
    new DataView(extra.buffer).setUint32(0, extra.length);
    extra.set(new TextEncoder().encode('mdat'), 4);
    extra.set(stale, 8);
    const { result, bytes } = await stripClean(Uint8Array.from([...input, ...extra]));
    expect(result.removed).toContainEqual({ category: 'other', field: 'unreferenced-data' });
    expect(rawCanaryHits(bytes)).toEqual([]);
    expect(decode(bytes, 'stale.heic').equals(decode(input, 'stale-in.heic'))).toBe(true);
  });

  it('reports an Exif item built from other items (construction method 2) as unsupported', async () => {
    const input = fixture('media/idat-items.heic').slice();
    const iloc = Buffer.from(input).indexOf('iloc') - 4;
    // iloc v1: header 8, version/flags 4, sizes 2, count 2, item 1 (16 bytes), then item 2's id and method.
    expect(input[iloc + 35]).toBe(1);
    input[iloc + 35] = 2;
    expect(await stripMetadata(input)).toMatchObject({ status: 'unsupported' });
  });

  it('rejects two items that share an item_ID, in iinf or in iloc, instead of guessing which is meant', async () => {
    const input = fixture('media/photo.heic');
    const at = (box: string, nth = 0) => {
      let found = -1;
      for (let i = 0; i <= nth; i++) found = Buffer.from(input).indexOf(box, found + 1);
      return found - 4;
    };
    // The infe after the XMP (mime) item's, version 2: its 16-bit item_ID ends at +13.
    const infe = at('infe', 4);
    expect(input[infe + 13]).toBe(5);
    const sameInfo = input.slice();
    sameInfo[infe + 13] = 4;
    // iloc version 1, offset/length/base sizes 4, index size 0: 20 bytes per item from +16; item 5's ID ends at +97.
    const iloc = at('iloc');
    expect(input[iloc + 97]).toBe(5);
    const sameLocation = input.slice();
    sameLocation[iloc + 97] = 4;
    for (const damaged of [sameInfo, sameLocation]) {
      expect(await stripMetadata(damaged)).toMatchObject({ status: 'rejected', code: 'malformed', reason: expect.stringContaining('share item_ID 4') });
    }
  });

  it('rejects an iloc whose field sizes do not account for the box, and an iinf whose count is wrong', async () => {
    const input = fixture('media/photo.avif');
    const iloc = Buffer.from(input).indexOf('iloc') - 4;
    // Version/flags, then offset_size and length_size (4 each, 0x44): a length_size of 0 shifts every later field.
    expect(input[iloc + 12]).toBe(0x44);
    const shifted = input.slice();
    shifted[iloc + 12] = 0x40;
    const iinf = Buffer.from(input).indexOf('iinf') - 4;
    const miscounted = input.slice();
    miscounted[iinf + 13] = input[iinf + 13]! - 1; // entry_count (16 bits in version 0)
    for (const damaged of [shifted, miscounted]) expect(await stripMetadata(damaged)).toMatchObject({ status: 'rejected', code: 'malformed' });
  });

  it('rejects an item whose extent lies outside its data', async () => {
    const input = fixture('media/idat-items.heic').slice();
    const iloc = Buffer.from(input).indexOf('iloc') - 4;
    // Item 2 (the Exif item, in idat): its extent length sits at iloc + 44.
    new DataView(input.buffer).setUint32(iloc + 44, 0x7fff0000);
    expect(await stripMetadata(input)).toMatchObject({ status: 'rejected', code: 'malformed' });
  });
});
