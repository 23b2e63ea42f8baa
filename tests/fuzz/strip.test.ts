// Fuzzing the metadata strippers (src/strip), one property per format family, beside the
// per-fixture property of tests/strip/fuzz.test.ts: mutated fixtures of the family, and random
// bytes behind the family's signature (so that format detection hands them to that stripper).
// Every input: a result (cleaned, unsupported or rejected), never a throw, within the time
// bound; a cleaned result yields exactly the bytes it announced; and after bit flips and
// truncations only (which cannot move metadata into content), no canary survives cleaning
// (unless the damage made the file plain text, which passes unchanged by design).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collect, stripMetadata } from '../../src/strip/index.ts';
import { FIXTURES, rawCanaryHits } from '../strip/helpers.ts';
import { bounded, concat, mutate, mutation, params, runs, timeoutFor } from './harness.ts';

/** Generous: a hang detector, not a speed target (those live in npm run bench). */
const MS = 10_000;

const read = (dir: string, names: RegExp) => readdirSync(join(FIXTURES, dir)).filter((n) => names.test(n)).map((n) => ({ name: `${dir}/${n}`, bytes: new Uint8Array(readFileSync(join(FIXTURES, dir, n))) }));
const ascii = (s: string) => new TextEncoder().encode(s);

interface Family {
  name: string; fixtures: Array<{ name: string; bytes: Uint8Array }>; signatures: Uint8Array[]; ci: number;
  /** The canary check after flips is off for this family while a known bug stands (see the it.fails below). */
  knownCanaryBug?: string;
}
const FAMILIES: Family[] = [
  { name: 'JPEG', fixtures: read('images', /\.jpg$/), signatures: [new Uint8Array([0xff, 0xd8, 0xff, 0xe1]), new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], ci: 200 },
  { name: 'PNG', fixtures: read('images', /\.png$/), signatures: [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])], ci: 200 },
  { name: 'GIF', fixtures: read('images', /\.gif$/), signatures: [ascii('GIF89a'), ascii('GIF87a')], ci: 200 },
  { name: 'WebP', fixtures: read('images', /\.webp$/), signatures: [concat(ascii('RIFF'), new Uint8Array([0xff, 0, 0, 0]), ascii('WEBPVP8X'))], ci: 200 },
  { name: 'HEIF/AVIF', fixtures: read('media', /\.(heic|avif)$/), signatures: [concat(new Uint8Array([0, 0, 0, 0x18]), ascii('ftypheic')), concat(new Uint8Array([0, 0, 0, 0x1c]), ascii('ftypavif'))], ci: 200 },
  { name: 'MP4/MOV/M4A', fixtures: read('media', /\.(mp4|mov|m4a)$/), signatures: [concat(new Uint8Array([0, 0, 0, 0x18]), ascii('ftypisom')), concat(new Uint8Array([0, 0, 0, 0x14]), ascii('ftypqt  '))], ci: 200 },
  { name: 'MP3', fixtures: read('media', /\.mp3$/), signatures: [ascii('ID3\u0004\u0000'), new Uint8Array([0xff, 0xfb, 0x90, 0x64])], ci: 200 },
  { name: 'PDF', fixtures: read('pdf', /\.pdf$/), signatures: [ascii('%PDF-1.7\n')], ci: 200 },
  { name: 'OOXML', fixtures: read('office', /^canary\.(docx|xlsx|pptx)$/), signatures: [new Uint8Array([0x50, 0x4b, 0x03, 0x04])], ci: 200 },
  { name: 'ODF', fixtures: read('office', /^canary\.od[pst]$/), signatures: [new Uint8Array([0x50, 0x4b, 0x03, 0x04])], ci: 200 },
  { name: 'SVG', fixtures: read('svg', /\.svg$/), signatures: [ascii('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'), ascii('<svg ')], ci: 200 },
];

describe('stripping fuzzed files, per format family', () => {
  for (const family of FAMILIES) {
    const n = runs(family.ci);
    it(`${family.name}: a result, never a throw or a hang, honest output (${n} inputs)`, { timeout: timeoutFor(n, 2_000) }, async () => {
      expect(family.fixtures.length).toBeGreaterThan(0);
      const input = fc.oneof(
        { weight: 3, arbitrary: fc.record({ kind: fc.constant('mutated' as const), which: fc.nat(family.fixtures.length - 1), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }) }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('random' as const), signature: fc.nat(family.signatures.length - 1), tail: fc.uint8Array({ maxLength: 4_096 }) }) },
      );
      await fc.assert(fc.asyncProperty(input, async (spec) => {
        const bytes = spec.kind === 'mutated'
          ? mutate(family.fixtures[spec.which]!.bytes, spec.mutations)
          : concat(family.signatures[spec.signature]!, spec.tail);
        const label = spec.kind === 'mutated' ? `strip ${family.fixtures[spec.which]!.name} mutated` : `strip ${family.name} signature + ${spec.tail.length} random bytes`;
        await bounded(label, MS, async () => {
          const result = await stripMetadata(bytes);
          expect(['cleaned', 'unsupported', 'rejected']).toContain(result.status);
          if (result.status !== 'cleaned') return;
          const output = await collect(result);
          expect(output.length).toBe(result.size);
          // Plain text passes unchanged by design (README): all of it is content. A damaged SVG whose
          // <svg> tag no longer parses is such text (e.g. sketch.svg with bit 0 of byte 39 flipped).
          if (!family.knownCanaryBug && result.kind !== 'text' && spec.kind === 'mutated' && spec.mutations.every((m) => m.kind === 'flip' || m.kind === 'truncate')) {
            expect(rawCanaryHits(output), `${label}: ${JSON.stringify(spec.mutations)}`).toEqual([]);
          }
        });
      }), params(n));
    });
  }
});

// Found by the properties above (a single bit flip in a fixture, in the soak), made
// deterministic, and fixed: each was a file reported as cleaned with metadata left in it. The
// PDF and SVG strippers removed the keys and namespaces they knew and kept the rest; they now
// keep only what the specifications define (per PDF dictionary type; SVG, XLink, XML). The HEIF
// and MP4 strippers accepted a damaged structure and kept metadata inside what they took for
// image data or an opaque box; such files are now refused as damaged. Kept as regression tests.
// While a stripper has a known leak like these, its family gets a `knownCanaryBug` exemption
// above and the test here is an it.fails.
describe('gaps in metadata removal found by fuzzing (fixed)', () => {
  const replaceOnce = (bytes: Uint8Array, from: string, to: string, occurrence = 0) => {
    const text = Buffer.from(bytes).toString('latin1');
    let at = -1;
    for (let i = 0; i <= occurrence; i++) at = text.indexOf(from, at + 1);
    expect(at).toBeGreaterThanOrEqual(0);
    return new Uint8Array(Buffer.from(text.slice(0, at) + to + text.slice(at + from.length), 'latin1'));
  };
  const cleanedHits = async (bytes: Uint8Array) => {
    const result = await stripMetadata(bytes);
    expect(result.status).toBe('cleaned');
    return result.status === 'cleaned' ? rawCanaryHits(await collect(result)) : [];
  };

  it('PDF: private data in a form XObject under an unknown key (/QieceInfo for /PieceInfo) is removed (keys outside the allowlist of the dictionary type go)', async () => {
    const pdf = new Uint8Array(readFileSync(join(FIXTURES, 'pdf/full.pdf')));
    // The third /PieceInfo, the form XObject's: <</CANARYApp <</Private (CANARY-form-private)>>>>.
    // (Under the catalog and the page the same rename is harmless: those are rebuilt from known keys.)
    const renamed = replaceOnce(pdf, '/PieceInfo <<\n/CANARYApp', '/QieceInfo <<\n/CANARYApp', 2);
    expect(await cleanedHits(renamed)).toEqual([]);
  });

  const flipped = (path: string, at: number, bit = 0) => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, path)));
    bytes[at] = bytes[at]! ^ (1 << bit);
    return bytes;
  };

  it('HEIF: two infe boxes with the same item_ID (5 changed to 4) are refused as damaged, not cleaned with the XMP item taken for image data', async () => {
    // photo.heic byte 391: the low byte of the item_ID of the infe after the XMP (mime) item's.
    const bytes = flipped('media/photo.heic', 391);
    expect(bytes[391]).toBe(4);
    expect(await stripMetadata(bytes)).toMatchObject({ status: 'rejected', code: 'malformed' });
  });

  it('MP4: a vmhd box claiming 276 bytes instead of 20 (and so dinf and stbl, with the stsd compressor name) is refused as damaged, not passed through unstripped', async () => {
    // fragmented.mp4 byte 382: vmhd's size 0x00000014 becomes 0x00000114.
    const bytes = flipped('media/fragmented.mp4', 382);
    expect(await stripMetadata(bytes)).toMatchObject({ status: 'rejected', code: 'malformed', reason: expect.stringContaining("'vmhd'") });
  });

  it('SVG: editor attributes in a namespace the stripper does not know (i:viewOrigin) are removed (only SVG, XLink, XML and XMLNS stay)', async () => {
    const svg = new Uint8Array(readFileSync(join(FIXTURES, 'svg/illustrator.svg')));
    const renamed = replaceOnce(svg, 'http://ns.adobe.com/AdobeIllustrator/10.0/', 'http://ns.example.com/SomeEditor/2.0/');
    expect(await cleanedHits(renamed)).toEqual([]);
  });
});
