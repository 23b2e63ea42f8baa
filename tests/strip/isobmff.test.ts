// MP4 / MOV / M4A stripping: in place, same size, mdat untouched, no canary for raw bytes or
// exiftool, dates zeroed, handler names blanked, bounded memory on a large file, and damaged or
// adversarial files refused (or cleaned and safe), never a throw or a hang.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { collect, stripMetadata, type ByteSource, type RemovalCategory, type StripResult } from '../../src/strip/index.ts';
import { ElementBudget } from '../../src/strip/isobmff-box.ts';
import { layoutSize } from '../../src/strip/isobmff-layouts.ts';
import { exiftoolLeaks, fixture, FIXTURES, rawCanaryHits, stripClean } from './helpers.ts';

const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const type = (b: Uint8Array, at: number) => String.fromCharCode(...b.subarray(at + 4, at + 8));
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'edts', 'dinf', 'mvex', 'moof', 'traf', 'udta']);

interface Box { type: string; start: number; size: number }
/** An independent box walker: every size must fit its parent exactly. */
function walk(b: Uint8Array, from = 0, end = b.length, depth = 0, out: Box[] = []): Box[] {
  let at = from;
  while (at + 8 <= end) {
    let size = u32(b, at);
    const header = size === 1 ? 16 : 8;
    if (size === 1) size = u32(b, at + 8) * 2 ** 32 + u32(b, at + 12);
    if (size === 0) size = end - at;
    if (size < header || at + size > end) throw new Error(`bad box at ${at}`);
    const t = type(b, at);
    out.push({ type: depth === 0 ? t : `${'  '.repeat(depth)}${t}`, start: at, size });
    if (CONTAINERS.has(t)) walk(b, at + header, at + size, depth + 1, out);
    at += size;
  }
  if (depth === 0 && at !== end) throw new Error('stray bytes at the end');
  return out;
}

const CASES: Array<{ name: string; kind: string; categories: RemovalCategory[] }> = [
  { name: 'iphone.mov', kind: 'mov', categories: ['location', 'device', 'software', 'dates', 'author', 'other'] },
  { name: 'itunes.mp4', kind: 'mp4', categories: ['author', 'comments', 'thumbnails', 'software', 'dates', 'location'] },
  { name: 'itunes.m4a', kind: 'm4a', categories: ['author', 'thumbnails', 'software', 'dates'] },
  { name: 'fragmented.mp4', kind: 'mp4', categories: ['software', 'dates', 'other'] },
  { name: 'telemetry.mp4', kind: 'mp4', categories: ['location', 'device', 'software', 'dates'] },
];

it('isobmff fixtures carry metadata that exiftool reads (else the checks below prove nothing)', () => {
  const out = execFileSync('exiftool', ['-j', '-a', '-G1', ...CASES.map((c) => join(FIXTURES, 'media', c.name))]).toString();
  const files = JSON.parse(out) as Array<Record<string, unknown>>;
  for (const tags of files) expect(Object.values(tags).some((v) => String(v).includes('CANARY')), String(tags.SourceFile)).toBe(true);
});

it('isobmff outputs: movie, track and media dates are zero and handler, compressor and encoder names blank', async () => {
  // One exiftool run over every cleaned fixture (exiftool starts slowly).
  const dir = mkdtempSync(join(tmpdir(), 'tipline-isobmff-'));
  try {
    const paths: string[] = [];
    for (const { name } of CASES) {
      const path = join(dir, name);
      writeFileSync(path, (await stripClean(fixture(`media/${name}`))).bytes);
      paths.push(path);
    }
    for (const tags of JSON.parse(execFileSync('exiftool', ['-j', '-a', '-G1', ...paths]).toString()) as Array<Record<string, unknown>>) {
      const dates = Object.entries(tags).filter(([tag]) => /(Create|Modify)Date$/.test(tag) && !tag.startsWith('System:'));
      expect(dates.length, String(tags.SourceFile)).toBeGreaterThanOrEqual(4);
      for (const [tag, value] of dates) expect(value, tag).toBe('0000:00:00 00:00:00');
      for (const [tag, value] of Object.entries(tags)) if (/HandlerDescription|CompressorName|Encoder/.test(tag)) expect(String(value).trim(), tag).toBe('');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe.each(CASES)('isobmff $name', ({ name, kind, categories }) => {
  const input = fixture(`media/${name}`);

  it('is cleaned in place: same size, expected categories, no canary for raw bytes or exiftool', async () => {
    const { result, bytes } = await stripClean(input);
    expect(result.kind).toBe(kind);
    expect(result.size).toBe(input.length);
    expect(bytes.length).toBe(input.length);
    const found = new Set(result.removed.map((r) => r.category));
    for (const c of categories) expect(found, `category ${c}`).toContain(c);
    for (const r of result.removed) expect(r.field).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(rawCanaryHits(bytes)).toEqual([]);
    expect(exiftoolLeaks(bytes)).toEqual([]);
  });

  it('keeps mdat byte for byte and a box tree that still parses', async () => {
    const { bytes } = await stripClean(input);
    const before = walk(input);
    const after = walk(bytes);
    // Same top-level layout; inside, every box of the output is a box of the input (freed
    // boxes simply have no children any more).
    const top = (boxes: Box[]) => boxes.filter((b) => !b.type.startsWith(' ')).map((b) => [b.start, b.size]);
    expect(top(after)).toEqual(top(before));
    const spans = new Set(before.map((b) => `${b.start}/${b.size}`));
    for (const b of after) expect(spans.has(`${b.start}/${b.size}`), b.type).toBe(true);
    for (const keep of ['ftyp', 'mdat', 'moov', 'moof']) {
      expect(after.filter((b) => b.type === keep).length).toBe(before.filter((b) => b.type === keep).length);
    }
    // mdat is untouched, except for samples of telemetry and timecode tracks, which are zeroed
    // (checked precisely below): elsewhere, a changed byte is a zeroed byte.
    const zeroedSamples = name === 'telemetry.mp4' || name === 'iphone.mov';
    const intact = zeroedSamples ? ['ftyp'] : ['mdat', 'ftyp'];
    for (const mdat of before.filter((b) => b.type === 'mdat')) {
      const changed = [...bytes.subarray(mdat.start, mdat.start + mdat.size).keys()].filter((i) => bytes[mdat.start + i] !== input[mdat.start + i]);
      expect(changed.every((i) => bytes[mdat.start + i] === 0)).toBe(true);
      expect(changed.length > 0).toBe(zeroedSamples);
    }
    const kept = new Set(after.map((b) => `${b.type}@${b.start}`));
    for (const box of before.filter((b) => intact.includes(b.type.trim()) || (/^\s+(stco|co64|stsz|stsc|stts|trun|tfhd)$/.test(b.type) && kept.has(`${b.type}@${b.start}`)))) {
      expect(bytes.subarray(box.start, box.start + box.size), box.type).toEqual(input.subarray(box.start, box.start + box.size));
    }
    // Nothing but 'free' boxes replaced metadata boxes: every type is one we keep or 'free'.
    expect(after.some((b) => /udta|meta|uuid|XMP_/.test(b.type))).toBe(false);
  });

  it('is idempotent', async () => {
    const first = await stripClean(input);
    const second = await stripClean(first.bytes);
    expect(second.result.removed).toEqual([]);
    expect(second.bytes).toEqual(first.bytes);
  });

  it('gives rejected or cleaned-and-safe for truncated and corrupted copies, never a throw', async () => {
    for (const variant of damaged(input)) await expectSafe(await stripMetadata(variant));
  });
});

/** Truncations at 32 points and single-byte corruptions at 96 positions (deterministic). */
function* damaged(input: Uint8Array): Generator<Uint8Array> {
  for (let i = 1; i <= 32; i++) yield input.subarray(0, Math.floor((input.length * i) / 33));
  let seed = 12345;
  for (let i = 0; i < 96; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const copy = input.slice();
    const at = seed % copy.length;
    copy[at] = copy[at]! ^ (1 << (i % 8)) ^ (i % 3 === 0 ? 0xff : 0);
    yield copy;
  }
}

async function expectSafe(result: StripResult): Promise<void> {
  if (result.status === 'cleaned') {
    const bytes = await collect(result);
    expect(rawCanaryHits(bytes)).toEqual([]);
  } else {
    expect(['rejected', 'unsupported']).toContain(result.status);
  }
}

// ---- adversarial structures -----------------------------------------------------------------------
const be32 = (v: number) => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const box = (t: string, ...body: number[][]) => [...be32(8 + body.flat().length), ...ascii(t), ...body.flat()];
const FTYP = box('ftyp', ascii('isom'), be32(0), ascii('isom'));

describe('isobmff timed metadata tracks', () => {
  it('zeroes the timecode sample (a time of day) and the reel name, keeping the timecode track', async () => {
    const input = fixture('media/iphone.mov');
    const { result, bytes } = await stripClean(input);
    expect(result.removed).toContainEqual({ category: 'dates', field: 'timecode' });
    expect(result.removed).toContainEqual({ category: 'device', field: 'reel-name' });
    const mdat = walk(input).find((b) => b.type === 'mdat')!;
    const timecodeAt = mdat.start + 8 + 1700; // after 1300 bytes of video and 400 of audio
    expect(input.subarray(timecodeAt, timecodeAt + 4).some((b) => b !== 0)).toBe(true);
    expect(bytes.subarray(timecodeAt, timecodeAt + 4)).toEqual(new Uint8Array(4));
    expect(bytes.subarray(mdat.start, timecodeAt)).toEqual(input.subarray(mdat.start, timecodeAt));
    expect(walk(bytes).filter((b) => b.type.trim() === 'trak').length).toBe(3);
  });

  it('removes a GPMF telemetry track and zeroes its samples in mdat, keeping the video chunks', async () => {
    const input = fixture('media/telemetry.mp4');
    const extracted = (bytes: Uint8Array) => execFileSync('exiftool', ['-j', '-a', '-G1', '-ee', '-'], { input: bytes }).toString();
    expect(extracted(input)).toMatch(/GPSLatitude/);
    const { result, bytes } = await stripClean(input);
    expect(result.removed).toContainEqual({ category: 'location', field: 'telemetry-track' });
    expect(extracted(bytes)).not.toMatch(/GPS|CANARY/);
    // The video chunks (first 600 bytes of mdat payload, and the 500 after the first telemetry chunk) are intact.
    const mdat = walk(input).find((b) => b.type === 'mdat')!;
    expect(bytes.subarray(mdat.start + 8, mdat.start + 608)).toEqual(input.subarray(mdat.start + 8, mdat.start + 608));
    const zeroedBytes = [...bytes.subarray(mdat.start, mdat.start + mdat.size)].filter((b, i) => b !== input[mdat.start + i]).length;
    expect(zeroedBytes).toBeGreaterThan(4 * 40);
  });

  it('zeroes a telemetry track\'s samples even when damage moved its chunk offset: media data no kept track refers to goes', async () => {
    const input = fixture('media/telemetry.mp4');
    const stco = walk(input).filter((b) => b.type.trim() === 'stco').at(-1)!; // the telemetry track's
    const damaged = input.slice();
    damaged[stco.start + 19] = input[stco.start + 19]! ^ 0x10; // its first chunk offset, 16 bytes off
    const { result, bytes } = await stripClean(damaged);
    expect(rawCanaryHits(bytes)).toEqual([]);
    expect(result.removed).toContainEqual({ category: 'other', field: 'unreferenced-data' });
    // Zeroing is all that happened to the media data (where the damaged offset now points too).
    const mdat = walk(input).find((b) => b.type === 'mdat')!;
    for (let i = mdat.start + 8; i < mdat.start + mdat.size; i++) if (bytes[i] !== damaged[i]) expect(bytes[i]).toBe(0);
  });

  it('frees whatever a timecode sample entry holds, so a damaged reel-name box goes too', async () => {
    const input = fixture('media/iphone.mov').slice();
    const at = Buffer.from(input).indexOf('CANARY-reel') - 8; // the 'name' box type: then a 16-bit length and language
    expect(Buffer.from(input.subarray(at, at + 4)).toString('latin1')).toBe('name');
    input[at] = input[at]! ^ 1; // 'oame'
    const { result, bytes } = await stripClean(input);
    expect(rawCanaryHits(bytes)).toEqual([]);
    expect(result.removed).toContainEqual({ category: 'other', field: 'unknown-box' });
  });

  it('reports a fragmented file with a telemetry track as unsupported (its fragments are not cleaned)', async () => {
    const input = fixture('media/fragmented.mp4').slice();
    const at = Buffer.from(input).indexOf('avc1');
    input.set(ascii('gpmd'), at);
    expect(await stripMetadata(input)).toMatchObject({ status: 'unsupported' });
  });
});

describe('isobmff adversarial structures', () => {
  it('rejects a box whose 64-bit size says 2^40', async () => {
    const bytes = Uint8Array.from([...FTYP, ...be32(1), ...ascii('mdat'), ...be32(0x100), ...be32(0), ...new Array(64).fill(0)]);
    expect(await stripMetadata(bytes)).toMatchObject({ status: 'rejected', code: 'malformed' });
  });

  it('rejects a box that runs past the end of the file', async () => {
    const moov = box('moov', box('udta', ascii('CANARY')));
    moov.splice(0, 4, ...be32(4096));
    expect(await stripMetadata(Uint8Array.from([...FTYP, ...moov]))).toMatchObject({ status: 'rejected', code: 'malformed' });
  });

  it('accepts a last box of size 0 (to the end of the file) and frees a size-0 udta', async () => {
    const mov = fixture('media/itunes.m4a');
    const udtaToEnd = Uint8Array.from([...mov, ...be32(0), ...ascii('udta'), ...box('\u00a9ART', ascii('CANARY-to-end'))]);
    const { result, bytes } = await stripClean(udtaToEnd);
    expect(bytes.length).toBe(udtaToEnd.length);
    expect(rawCanaryHits(bytes)).toEqual([]);
    expect(result.removed.map((r) => r.category)).toContain('author');
  });

  it('rejects a box of size 0 inside a container (it would swallow the boxes after it)', async () => {
    const bytes = Uint8Array.from([...FTYP, ...box('moov', [...be32(0), ...ascii('mvhd'), ...new Array(100).fill(0)], box('udta', ascii('CANARY')))]);
    expect(await stripMetadata(bytes)).toMatchObject({ status: 'rejected', code: 'malformed' });
  });

  it('rejects nesting deeper than the limit', async () => {
    let nested = box('udta', ascii('CANARY'));
    for (let i = 0; i < 40; i++) nested = box('minf', nested);
    const bytes = Uint8Array.from([...FTYP, ...box('moov', nested)]);
    expect(await stripMetadata(bytes)).toMatchObject({ status: 'rejected', code: 'too_deep' });
  });

  it('rejects more boxes than the element limit', async () => {
    const many = Array.from({ length: 300 }, () => box('free')).flat();
    const bytes = Uint8Array.from([...FTYP, ...box('moov', many)]);
    expect(await stripMetadata(bytes, { limits: { maxElements: 100 } })).toMatchObject({ status: 'rejected', code: 'too_many_elements' });
  });

  it('rejects encrypted media and reports a compressed movie header as unsupported', async () => {
    const encrypted = Uint8Array.from([...FTYP, ...box('moov', box('pssh', be32(0), new Array(20).fill(1)))]);
    expect(await stripMetadata(encrypted)).toMatchObject({ status: 'rejected', code: 'encrypted' });
    const compressed = Uint8Array.from([...box('ftyp', ascii('qt  '), be32(0), ascii('qt  ')), ...box('moov', box('cmov', box('dcom', ascii('zlib'))))]);
    expect(await stripMetadata(compressed)).toMatchObject({ status: 'unsupported' });
  });

  it('rejects a file with no movie header', async () => {
    expect(await stripMetadata(Uint8Array.from([...FTYP, ...box('mdat', new Array(32).fill(7))]))).toMatchObject({ status: 'rejected' });
  });

  it('blanks an external data reference (a folder path in an alias record)', async () => {
    const input = fixture('media/iphone.mov');
    const at = Buffer.from(input).indexOf('dref') - 4;
    const path = ascii('/Users/CANARY-user/Movies/clip.mov\0');
    const dref = box('dref', be32(0), be32(1), box('url ', be32(0), path));
    // Swap the entry for an external one, keeping sizes consistent by replacing the whole file's moov.
    const patched = replaceDref(input, at, dref);
    const { result, bytes } = await stripClean(patched);
    expect(rawCanaryHits(bytes)).toEqual([]);
    expect(result.removed).toContainEqual({ category: 'paths', field: 'external-reference' });
  });
});

describe('isobmff kept boxes have the size their fields give', () => {
  // A minimal movie: one video track whose tref, stbl and stsd are given by the test.
  const fullBox = (t: string, version: number, ...body: number[][]) => box(t, [version, 0, 0, 0], ...body);
  const zeros = (n: number) => new Array<number>(n).fill(0);
  const movie = (tref: number[], stbl: number[][], after: number[] = []) => Uint8Array.from([...FTYP, ...box('moov',
    fullBox('mvhd', 0, zeros(96)),
    box('trak', fullBox('tkhd', 0, zeros(80)), tref, box('mdia', fullBox('mdhd', 0, zeros(20)), fullBox('hdlr', 0, be32(0), ascii('vide'), zeros(13)),
      box('minf', fullBox('vmhd', 0, zeros(8)), box('stbl', ...stbl)))),
    after)]);
  const stsd = (...entries: number[][]) => fullBox('stsd', 0, be32(entries.length), ...entries);
  const udta = box('udta', box('\u00a9nam', ascii('CANARY-title')));

  it('agrees with the fixtures: every kept box whose fields fix its size has exactly that size', () => {
    let checked = 0;
    for (const { name } of CASES) {
      const input = fixture(`media/${name}`);
      for (const b of walk(input)) {
        const header = { type: b.type.trim(), start: b.start, size: b.size, headerSize: 8, large: false };
        const size = layoutSize(input.subarray(0, b.start + b.size), header, new ElementBudget(1e6));
        if (size === undefined) continue;
        expect(size, `${name} ${header.type}@${b.start}`).toBe(b.size);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('cleans the minimal movie, and one whose stts ends in zero padding', async () => {
    const stts = fullBox('stts', 0, be32(1), be32(1), be32(1000));
    expect((await stripClean(movie([], [stsd(), stts], udta))).bytes.length).toBeGreaterThan(0);
    const padded = [...stts, ...zeros(8)];
    padded.splice(0, 4, ...be32(stts.length + 8));
    const { bytes } = await stripClean(movie([], [stsd(), padded], udta));
    expect(rawCanaryHits(bytes)).toEqual([]);
  });

  it('refuses a fixed-size box, a counted table and a box without a fixed size that take in the boxes after them', async () => {
    const grow = (b: number[], by: number[][]) => {
      const out = [...b, ...by.flat()];
      out.splice(0, 4, ...be32(out.length));
      return out;
    };
    const stts = fullBox('stts', 0, be32(1), be32(1), be32(1000));
    const entry = box('avc1', zeros(78)); // a visual sample entry, its compressor name blank
    const taken = [
      movie([], [grow(stts, [stsd(entry)])]), // stts (16 + 8 per entry) swallows the stsd
      movie(grow(box('tref', box('chap', be32(2))), [udta]), [stsd()]), // tref (no fixed size) swallows a udta
      movie([], [grow(stsd(entry), [udta])]), // stsd holds more boxes than its entry_count
    ];
    const reasons = [/'stts' box .* holds data it does not describe/, /'tref' box .* holds a 'udta' box/, /stsd holds a different number of entries/];
    for (const [i, input] of taken.entries()) expect(await stripMetadata(input)).toMatchObject({ status: 'rejected', code: 'malformed', reason: expect.stringMatching(reasons[i]!) });
    // The same tref without the udta is kept.
    expect((await stripMetadata(movie(box('tref', box('chap', be32(2))), [stsd()]))).status).toBe('cleaned');
  });
});

/** Replaces the dref box at `drefAt` and fixes the sizes of the boxes around it. */
function replaceDref(input: Uint8Array, drefAt: number, dref: number[]): Uint8Array {
  const oldSize = u32(input, drefAt);
  const delta = dref.length - oldSize;
  const out = Uint8Array.from([...input.subarray(0, drefAt), ...dref, ...input.subarray(drefAt + oldSize)]);
  for (const b of walk(input)) {
    if (b.start < drefAt && b.start + b.size >= drefAt + oldSize) {
      const view = new DataView(out.buffer);
      view.setUint32(b.start, b.size + delta);
    }
  }
  // Chunk offsets after the moov are unaffected: the mov's mdat comes before its moov.
  return out;
}

// ---- bounded memory ----------------------------------------------------------------------------------
/** A file assembled from parts, the large ones repeating a pattern: nothing of it is held whole. */
function virtualSource(parts: Array<Uint8Array | { length: number; pattern: Uint8Array }>): ByteSource {
  const starts: number[] = [];
  let size = 0;
  for (const p of parts) (starts.push(size), (size += p.length));
  return {
    size,
    read: async (offset, length) => {
      const out = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      parts.forEach((p, i) => {
        const from = Math.max(offset, starts[i]!);
        const to = Math.min(offset + out.length, starts[i]! + p.length);
        for (let at = from; at < to; ) {
          const local = at - starts[i]!;
          const chunk = p instanceof Uint8Array ? p.subarray(local, to - starts[i]!) : p.pattern.subarray(local % p.pattern.length, Math.min(p.pattern.length, local % p.pattern.length + to - at));
          out.set(chunk, at - offset);
          at += chunk.length;
        }
      });
      return out;
    },
  };
}

/** The real garbage collector, so memory is measured as what is retained, not what awaits collection. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('isobmff bounded memory', () => {
  it('streams a 64 MB movie with memory growth well under its size', async () => {
    const mov = fixture('media/iphone.mov');
    const mdat = walk(mov).find((b) => b.type === 'mdat')!;
    const payloadSize = 64 * 1024 * 1024;
    // The fixture's own samples first (its chunk offsets point there), then filler.
    const pattern = Uint8Array.from({ length: 65521 }, (_, i) => (i < mdat.size - 8 ? mov[mdat.start + 8 + i]! : (i * 31) & 0x7f));
    const source = virtualSource([
      mov.subarray(0, mdat.start),
      Uint8Array.from([...be32(8 + payloadSize), ...ascii('mdat')]),
      { length: payloadSize, pattern },
      mov.subarray(mdat.start + mdat.size),
    ]);
    collectGarbage();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const result = await stripMetadata(source);
    expect(result.status).toBe('cleaned');
    if (result.status !== 'cleaned') return;
    expect(result.size).toBe(source.size);
    let at = 0;
    let mismatches = 0;
    let pieces = 0;
    const payloadStart = mdat.start + 8;
    // The fixture's samples pass through (its timecode sample zeroed); the filler after them
    // belongs to no track and is zeroed.
    const ownSamples = mdat.size - 8;
    const expected = (offset: number) => (offset < ownSamples ? [pattern[offset]!, 0] : [0]);
    expect(result.removed).toContainEqual({ category: 'other', field: 'unreferenced-data' });
    for await (const piece of result.open()) {
      if (at >= payloadStart && at + piece.length <= payloadStart + payloadSize) {
        for (let i = 0; i < piece.length; i += 4093) if (!expected(at + i - payloadStart).includes(piece[i]!)) mismatches++;
      } else if (rawCanaryHits(piece).length) mismatches++;
      at += piece.length;
      if (++pieces % 8 === 0) collectGarbage();
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(at).toBe(source.size);
    expect(mismatches).toBe(0);
    expect(peak - baseline).toBeLessThan(24 * 1024 * 1024);
  }, 60_000);

  it('refuses to load a moov larger than 64 MiB', async () => {
    const size = 65 * 1024 * 1024;
    const source = virtualSource([Uint8Array.from(FTYP), Uint8Array.from([...be32(size), ...ascii('moov')]), { length: size - 8, pattern: new Uint8Array(4096) }]);
    expect(await stripMetadata(source)).toMatchObject({ status: 'rejected', code: 'too_large' });
  });
});
