// WebP stripping: RIFF chunk policy, VP8X flags, ANMF frames, orientation; dwebp and exiftool as
// independent readers. Fixtures: scripts/strip-fixtures/images.ts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, stripMetadata } from '../../src/strip/index.ts';
import { exiftool, exiftoolLeaks, fixture, rawCanaryHits, stripClean, prng, expectSafe } from './helpers.ts';

interface Chunk { fourcc: string; data: Uint8Array }

/** RIFF chunks of a WebP (or of an ANMF payload after its 16-byte header); independent of src/strip. */
function chunksOf(bytes: Uint8Array, from = 12, to = 8 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true)): Chunk[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: Chunk[] = [];
  for (let at = from; at + 8 <= to;) {
    const size = view.getUint32(at + 4, true);
    chunks.push({ fourcc: Buffer.from(bytes.subarray(at, at + 4)).toString('latin1'), data: bytes.subarray(at + 8, at + 8 + size) });
    at += 8 + size + (size & 1);
  }
  return chunks;
}
const fourccs = (webp: Uint8Array) => chunksOf(webp).map((c) => c.fourcc);
const payload = (webp: Uint8Array, fourcc: string) => chunksOf(webp).find((c) => c.fourcc === fourcc)?.data;
/** Image sub-chunks of every animation frame, with the frame header. */
function frames(webp: Uint8Array): string[] {
  return chunksOf(webp).filter((c) => c.fourcc === 'ANMF').map((frame) => {
    const inner = chunksOf(frame.data, 16, frame.data.length).filter((c) => ['ALPH', 'VP8 ', 'VP8L'].includes(c.fourcc));
    return Buffer.concat([frame.data.subarray(0, 16), ...inner.map((c) => Buffer.concat([Buffer.from(c.fourcc), c.data]))]).toString('hex');
  });
}
/** dwebp's decoded pixels (PPM). */
function dwebp(bytes: Uint8Array): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'tipline-webp-'));
  try {
    writeFileSync(join(dir, 'in.webp'), bytes);
    return execFileSync('dwebp', ['-quiet', '-ppm', join(dir, 'in.webp'), '-o', '-'], { maxBuffer: 64 << 20 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const FLAG_EXIF = 0x08;
const FLAG_XMP = 0x04;

describe('WebP (VP8X) with EXIF, XMP, ICC, an unknown chunk and a trailer', () => {
  const input = fixture('images/extended.webp');

  it('keeps ICC, alpha and image, drops metadata, fixes flags and the RIFF size', async () => {
    expect(rawCanaryHits(input).length).toBeGreaterThan(0);
    expect(fourccs(input)).toEqual(['VP8X', 'ICCP', 'ALPH', 'VP8 ', 'EXIF', 'XMP ', 'CNRY']);
    const { result, bytes } = await stripClean(input);
    expect(new Set(result.removed.map((r) => r.category))).toEqual(new Set(['location', 'device', 'author', 'software', 'dates', 'comments', 'identifiers', 'history', 'other']));
    for (const field of ['exif-gps', 'camera-serial', 'xmp-creator', 'webp-chunk', 'trailing-data']) expect(result.removed.map((r) => r.field)).toContain(field);
    // A new minimal EXIF carries the orientation; the XMP flag is cleared.
    expect(fourccs(bytes)).toEqual(['VP8X', 'ICCP', 'ALPH', 'VP8 ', 'EXIF']);
    expect(payload(bytes, 'VP8X')![0]! & (FLAG_EXIF | FLAG_XMP)).toBe(FLAG_EXIF);
    for (const fourcc of ['ICCP', 'ALPH', 'VP8 ']) expect(payload(bytes, fourcc)).toEqual(payload(input, fourcc));
    expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true)).toBe(bytes.length - 8);
    expect(rawCanaryHits(bytes)).toEqual([]);
    expect(dwebp(bytes)).toEqual(dwebp(input));
  });

  it('leaves exiftool nothing but the orientation', async () => {
    const { bytes } = await stripClean(input);
    expect(exiftoolLeaks(bytes)).toEqual([]);
    const tags = exiftool(bytes);
    expect(tags['IFD0:Orientation']).toBe('Rotate 90 CW');
    expect(Object.keys(tags).filter((t) => /^(IFD0|ExifIFD|GPS|XMP|IFD1)/.test(t))).toEqual(['IFD0:Orientation']);
  });

  it('is idempotent', async () => {
    const first = (await stripClean(input)).bytes;
    const second = await stripClean(first);
    expect(second.result.removed).toEqual([]);
    expect(second.bytes).toEqual(first);
  });

  it('refuses truncations inside the RIFF and survives random damage', async () => {
    const riffEnd = 8 + new DataView(input.buffer, input.byteOffset).getUint32(4, true);
    for (let cut = 1; cut < input.length; cut += 41) {
      const result = await stripMetadata(input.subarray(0, cut));
      // Under 12 bytes it is not recognised as WebP at all (a few letters pass as text).
      if (cut >= 12 && cut < riffEnd) expect(result.status, `cut at ${cut}`).not.toBe('cleaned');
      await expectSafe(input.subarray(0, cut));
    }
    const random = prng(4);
    for (let i = 0; i < 200; i++) {
      const damaged = input.slice();
      const at = Math.floor(random() * damaged.length);
      damaged[at] = damaged[at]! ^ (1 + Math.floor(random() * 255));
      await expectSafe(damaged);
    }
  });
});

describe('WebP: other files', () => {
  it('keeps animation frames, drops EXIF/XMP and an unknown chunk inside a frame', async () => {
    const input = fixture('images/animated.webp');
    const { result, bytes } = await stripClean(input);
    expect(result.removed.map((r) => r.field)).toContain('webp-chunk');
    // Orientation 1 is the default: no EXIF is written back, and both flags are cleared.
    expect(fourccs(bytes)).toEqual(['VP8X', 'ANIM', 'ANMF', 'ANMF']);
    expect(payload(bytes, 'VP8X')![0]! & (FLAG_EXIF | FLAG_XMP)).toBe(0);
    expect(payload(bytes, 'ANIM')).toEqual(payload(input, 'ANIM'));
    expect(frames(bytes)).toEqual(frames(input));
    expect(rawCanaryHits(bytes)).toEqual([]);
    expect(exiftoolLeaks(bytes)).toEqual([]);
    const again = await stripClean(bytes);
    expect(again.result.removed).toEqual([]);
    expect(again.bytes).toEqual(bytes);
  });

  it('passes simple lossy and lossless files through byte for byte', async () => {
    for (const name of ['images/simple.webp', 'images/lossless.webp']) {
      const input = fixture(name);
      const { result, bytes } = await stripClean(input);
      expect(result.removed).toEqual([]);
      expect(bytes).toEqual(input);
    }
  });

  it('rejects a chunk running past the RIFF', async () => {
    const input = fixture('images/simple.webp').slice();
    new DataView(input.buffer).setUint32(16, input.length, true); // the VP8 chunk's size
    expect(await stripMetadata(input)).toMatchObject({ status: 'rejected', code: 'malformed' });
  });
});
