// SVG: editor namespaces, RDF metadata, comments and file paths go; embedded data: images are
// stripped and re-encoded (or dropped); the drawing, its text, title and desc stay.
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { StripRejection } from '../../src/strip/errors.ts';
import { collect, DEFAULT_LIMITS, stripMetadata, type StripResult } from '../../src/strip/index.ts';
import { decodeBase64, encodeBase64 } from '../../src/strip/svg-data-uri.ts';
import { stripSvg } from '../../src/strip/svg.ts';
import { exiftoolLeaks, fixture, rawCanaryHits, stripClean } from './helpers.ts';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** The SVG stripper on its own (detection is tested elsewhere), with rejections as results. */
async function stripSvgDirectly(bytes: Uint8Array): Promise<StripResult> {
  const ctx = { limits: DEFAULT_LIMITS, depth: 0, stripNested: (nested: Uint8Array) => stripMetadata(nested) };
  try {
    return await stripSvg({ size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) }, 'svg', ctx);
  } catch (error) {
    if (error instanceof StripRejection) return { status: 'rejected', kind: 'svg', code: error.code, reason: error.message };
    throw error;
  }
}

function parse(source: string) {
  return new DOMParser({ onError: (level, message) => { if (level !== 'warning') throw new Error(message); } }).parseFromString(source, 'application/xml');
}

/** Every data: URI payload in the output, decoded, checked for the canary too. */
function embeddedPayloads(svg: string): Uint8Array[] {
  return [...svg.matchAll(/data:[^;,"]*;base64,([^"')]+)/g)].map((m) => decodeBase64(m[1]!)!);
}

const CASES = [
  { file: 'inkscape.svg', categories: ['comments', 'software', 'paths', 'other'], keeps: ['The quick brown fox', '<title id="title1">Route of the march</title>', 'A map with the route drawn in red', 'url(#gradient1)', 'xlink:href="#rect10"', 'href="https://example.org/route"'] },
  { file: 'illustrator.svg', categories: ['comments', 'software', 'other'], keeps: ['The quick brown fox', '<circle cx="50" cy="50" r="40" fill="#0000FF"/>'] },
  { file: 'sketch.svg', categories: ['comments', 'software'], keeps: ['The quick brown fox', '<title>Artboard</title>'] },
  { file: 'opaque-data.svg', categories: ['other'], keeps: ['The quick brown fox', '<image width="1" height="1"/>'] },
] as const;

describe.each(CASES)('$file', ({ file, categories, keeps }) => {
  const input = fixture(`svg/${file}`);
  const cleaned = stripClean(input);

  it('has canaries to find in the first place', () => {
    const hits = [rawCanaryHits(input), ...embeddedPayloads(text(input)).map((payload) => rawCanaryHits(payload))].flat();
    expect(hits.length).toBeGreaterThan(0);
  });

  it('is cleaned with the expected categories', async () => {
    const { result } = await cleaned;
    expect(result.kind).toBe('svg');
    expect(result.mimeType).toBe('image/svg+xml');
    // Embedded pictures add their own categories when the image strippers clean them.
    for (const category of categories) expect(result.removed.map((r) => r.category)).toContain(category);
  });

  it('leaves no canary: raw, in embedded payloads, or for exiftool', async () => {
    const { bytes } = await cleaned;
    expect(rawCanaryHits(bytes)).toEqual([]);
    for (const payload of embeddedPayloads(text(bytes))) expect(rawCanaryHits(payload)).toEqual([]);
    expect(exiftoolLeaks(bytes)).toEqual([]);
  });

  it('keeps the drawing, its text and accessibility content, as well-formed UTF-8 XML', async () => {
    const out = text((await cleaned).bytes);
    parse(out);
    for (const kept of keeps) expect(out).toContain(kept);
    expect(out).not.toMatch(/inkscape|sodipodi|bohemiancoding|ns\.adobe\.com\/(?!AdobeIllustrator\/10\.0\/" x=)|rdf:|<metadata|<!--/);
  });

  it('is idempotent: a second pass removes nothing and changes nothing', async () => {
    const { bytes } = await cleaned;
    const again = await stripClean(bytes);
    expect(again.result.removed).toEqual([]);
    expect(again.bytes).toEqual(bytes);
  });

  it('never throws or passes a leak on truncated or corrupted input', async () => {
    const variants: Uint8Array[] = [];
    for (const cut of [1, 10, input.length >> 2, input.length >> 1, input.length - 8, input.length - 1]) variants.push(input.subarray(0, cut));
    for (let at = 3; at < input.length; at += Math.floor(input.length / 11)) {
      const corrupt = input.slice();
      corrupt[at] = 0x3c; // a stray '<' breaks the markup wherever it lands
      variants.push(corrupt);
    }
    for (const variant of variants) {
      const result = await stripSvgDirectly(variant);
      if (result.status === 'cleaned') expect(rawCanaryHits(await collect(result))).toEqual([]);
    }
  });
});

describe('inkscape.svg specifics', () => {
  const out = stripClean(fixture('svg/inkscape.svg')).then(({ result, bytes }) => ({ result, svg: text(bytes) }));

  it('reports file paths and removes file references, in attributes and CSS', async () => {
    const { result, svg } = await out;
    expect(result.removed).toContainEqual(expect.objectContaining({ category: 'paths', field: 'svg-file-path' }));
    expect(svg).toContain('<image width="20" height="20" x="150" y="70" id="image22"/>');
    expect(svg).toContain('style="fill:none"');
    expect(svg).toContain('.photo { background-image: none; }');
  });

  it('re-encodes embedded pictures once cleaned, or drops them, never passes them as they were', async () => {
    const { result, svg } = await out;
    const jpeg = /id="image18"[^>]*?(xlink:href="data:image\/jpeg;base64,[^"]+")?\/>/.exec(svg)!;
    const png = /id="image20"[^>]*?(href="data:image\/png;base64,[^"]+")?\/>/.exec(svg)!;
    for (const [match, removedField] of [[jpeg, 'exif-artist'], [png, 'png-author']] as const) {
      if (match[1]) expect(result.removed.map((r) => r.field)).toContain(removedField);
      else expect(result.removed.map((r) => r.field)).toContain('svg-embedded-image-removed');
    }
    // The data URI's parameters (a file name here) are not carried over.
    expect(svg).not.toContain('name=');
  });
});

describe('hostile SVG', () => {
  it.each(['billion-laughs.svg', 'illustrator-entities.svg'])('refuses entity declarations: %s', async (file) => {
    const started = performance.now();
    expect(await stripSvgDirectly(fixture(`svg/${file}`))).toMatchObject({ status: 'rejected', code: 'malformed' });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses XML nested deeper than maxDepth', async () => {
    expect(await stripMetadata(fixture('svg/deep.svg'))).toMatchObject({ status: 'rejected', code: 'too_deep' });
  });

  it('refuses more elements than maxElements, and a root that is not <svg>', async () => {
    const many = new TextEncoder().encode(`<svg xmlns="http://www.w3.org/2000/svg">${'<g/>'.repeat(60)}</svg>`);
    expect(await stripMetadata(many, { limits: { maxElements: 50 } })).toMatchObject({ status: 'rejected', code: 'too_many_elements' });
    expect(await stripSvgDirectly(new TextEncoder().encode('<html/>'))).toMatchObject({ status: 'rejected', code: 'malformed' });
  });

  it('stays linear on mismatched deep nesting', async () => {
    const nasty = new TextEncoder().encode(`<svg>${'<g>'.repeat(30)}${'</h>'.repeat(100_000)}</svg>`);
    const started = performance.now();
    expect((await stripSvgDirectly(nasty)).status).toBe('rejected');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('never passes an SVG with a DOCTYPE internal subset off as plain text', async () => {
    const illustrator = new TextEncoder().encode(
      '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [\n' +
      '  <!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">\n]>\n' +
      '<svg xmlns="http://www.w3.org/2000/svg"><metadata>CANARY-author</metadata></svg>');
    const result = await stripMetadata(illustrator);
    expect(result.status).not.toBe('cleaned');
    expect(result.kind).toBe('svg');
  });
});

describe('base64', () => {
  it('round-trips every length and tolerates line breaks', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      const encoded = encodeBase64(bytes);
      expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(encoded.replace(/(.{5})/g, '$1\n'))).toEqual(bytes);
    }
    expect(decodeBase64('ab$c')).toBeNull();
  });
});
