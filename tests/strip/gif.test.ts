// GIF stripping: block and sub-block walking (XMP's magic trailer), what is kept, exiftool as the
// independent reader. Fixtures: scripts/strip-fixtures/images.ts.
import { describe, expect, it } from 'vitest';
import { collect, stripMetadata } from '../../src/strip/index.ts';
import { exiftool, exiftoolLeaks, fixture, rawCanaryHits, stripClean, prng, expectSafe } from './helpers.ts';

interface Block { kind: string; bytes: Uint8Array }

/** A small GIF89a block lister of its own (independent of src/strip/gif-blocks.ts). */
function blocksOf(gif: Uint8Array): Block[] {
  const table = (packed: number) => (packed & 0x80 ? 3 << ((packed & 7) + 1) : 0);
  const skipSubBlocks = (at: number) => {
    while (gif[at] !== 0) at += gif[at]! + 1;
    return at + 1;
  };
  const blocks: Block[] = [];
  let at = 13 + table(gif[10]!);
  while (gif[at] !== 0x3b) {
    const start = at;
    let kind: string;
    if (gif[at] === 0x2c) {
      kind = 'image';
      at = skipSubBlocks(at + 10 + table(gif[at + 9]!) + 1);
    } else {
      const label = gif[at + 1]!;
      kind = label === 0xff ? `app:${Buffer.from(gif.subarray(at + 3, at + 14)).toString('latin1')}` : `ext:${label.toString(16)}`;
      at = skipSubBlocks(at + 2);
    }
    blocks.push({ kind, bytes: gif.subarray(start, at) });
  }
  return blocks;
}
const kinds = (gif: Uint8Array) => blocksOf(gif).map((b) => b.kind);
const images = (gif: Uint8Array) => blocksOf(gif).filter((b) => b.kind === 'image').map((b) => Buffer.from(b.bytes).toString('hex'));

describe('GIF: comments, XMP, ICC, IPTC, an unknown extension and a trailer', () => {
  const input = fixture('images/metadata.gif');

  it('keeps images, timing, plain text and the loop count; drops the rest', async () => {
    expect(rawCanaryHits(input).length).toBeGreaterThan(0);
    const { result, bytes } = await stripClean(input);
    expect(new Set(result.removed.map((r) => r.category))).toEqual(new Set(['comments', 'software', 'dates', 'identifiers', 'location', 'author', 'history', 'other']));
    for (const field of ['gif-comment', 'xmp-creator', 'gif-icc-profile', 'iptc-by-line', 'gif-extension', 'trailing-data']) {
      expect(result.removed.map((r) => r.field)).toContain(field);
    }
    expect(kinds(bytes)).toEqual(['app:NETSCAPE2.0', 'ext:f9', 'image', 'ext:1', 'ext:f9', 'image']);
    expect(images(bytes)).toEqual(images(input));
    // The header, screen descriptor and global colour table are untouched.
    expect(bytes.subarray(0, 25)).toEqual(input.subarray(0, 25));
    // The loop count (5) is kept, Netscape's buffering sub-block dropped.
    expect(Buffer.from(blocksOf(bytes)[0]!.bytes).toString('hex')).toBe('21ff0b4e45545343415045322e300301050000');
    expect(bytes[bytes.length - 1]).toBe(0x3b);
    expect(rawCanaryHits(bytes)).toEqual([]);
    expect(exiftoolLeaks(bytes)).toEqual([]);
  });

  it('is idempotent', async () => {
    const first = (await stripClean(input)).bytes;
    const second = await stripClean(first);
    expect(second.result.removed).toEqual([]);
    expect(second.bytes).toEqual(first);
  });

  it('refuses truncations before the trailer and survives random damage', async () => {
    const trailer = input.length - 'CANARY-after-trailer'.length;
    for (let cut = 1; cut < input.length; cut += 23) {
      const result = await stripMetadata(input.subarray(0, cut));
      // Under 6 bytes ("GIF89") it is not recognised as a GIF at all (but as harmless text).
      if (cut >= 6 && cut < trailer) expect(result.status, `cut at ${cut}`).not.toBe('cleaned');
      await expectSafe(input.subarray(0, cut));
    }
    const random = prng(3);
    for (let i = 0; i < 200; i++) {
      const damaged = input.slice();
      const at = Math.floor(random() * damaged.length);
      damaged[at] = damaged[at]! ^ (1 + Math.floor(random() * 255));
      await expectSafe(damaged);
    }
  });
});

describe('GIF: other files', () => {
  it('removes the XMP (with its magic trailer) and comment exiftool wrote', async () => {
    const input = fixture('images/exiftool.gif');
    const { result, bytes } = await stripClean(input);
    expect(new Set(result.removed.map((r) => r.category))).toEqual(new Set(['comments', 'author', 'software']));
    expect(images(bytes)).toEqual(images(input));
    expect(rawCanaryHits(bytes)).toEqual([]);
    const tags = exiftool(bytes);
    expect(Object.keys(tags).filter((t) => /^(XMP|File:Comment|GIF:Comment)/.test(t))).toEqual([]);
    expect(tags['GIF:AnimationIterations']).toBe('Infinite');
    expect(exiftoolLeaks(bytes)).toEqual([]);
  });

  it('passes a GIF without metadata through byte for byte', async () => {
    const input = fixture('images/clean.gif');
    const { result, bytes } = await stripClean(input);
    expect(result.removed).toEqual([]);
    expect(bytes).toEqual(input);
  });

  it('rejects impossible structure', async () => {
    const clean = fixture('images/clean.gif');
    expect((await stripMetadata(clean.subarray(0, clean.length - 1))).status).toBe('rejected');
    const badIntroducer = clean.slice();
    badIntroducer[13 + 12] = 0x42; // first block after the colour table
    expect((await stripMetadata(badIntroducer)).status).toBe('rejected');
  });
});
