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

describe('namespaces: only those SVG is written in stay', () => {
  const svg = (body: string, extra = '') => new TextEncoder().encode(
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:ed="urn:example:some-editor:4.2" ${extra} viewBox="0 0 100 100">${body}</svg>`);

  it('drops elements, attributes and declarations of a namespace no list names', async () => {
    const input = svg(
      '<ed:settings ed:user="CANARY-user"><ed:recent>C:\\Users\\CANARY-user\\map.svg</ed:recent></ed:settings>' +
      '<g ed:layer-owner="CANARY-owner" xml:space="preserve"><circle cx="50" cy="50" r="20" fill="red" ed:docname="CANARY-docname.svg"/>' +
      '<use xlink:href="#c"/><text x="10" y="90" xml:lang="en">Kept text</text></g>',
      'ed:version="CANARY-version" xmlns:other="http://ns.example.net/other" other:window="CANARY-window" xml:base="file:///home/CANARY-user/drawings/"');
    expect(rawCanaryHits(input).length).toBeGreaterThan(0);
    const { result, bytes } = await stripClean(input);
    const out = text(bytes);
    parse(out);
    expect(rawCanaryHits(bytes)).toEqual([]);
    expect(out).not.toMatch(/urn:example|ns\.example\.net|xml:base/);
    for (const kept of ['<circle cx="50" cy="50" r="20" fill="red"/>', 'xlink:href="#c"', 'xml:space="preserve"', 'xml:lang="en">Kept text</text>', 'xmlns:xlink="http://www.w3.org/1999/xlink"']) {
      expect(out).toContain(kept);
    }
    const fields = result.removed.map((r) => r.field);
    expect(fields).toContain('svg-editor-data');
    expect(fields).toContain('svg-file-path'); // ed:docname, and the file: xml:base
    expect((await stripClean(bytes)).result.removed).toEqual([]);
  });

  it('keeps XHTML inside <foreignObject> (labels drawn by the browser), and nowhere else', async () => {
    const input = svg(
      '<switch><foreignObject x="0" y="0" width="100" height="40"><div xmlns="http://www.w3.org/1999/xhtml" style="font-size:12px"><b>Label kept</b></div></foreignObject>' +
      '<text x="0" y="20">Fallback kept</text></switch><p xmlns="http://www.w3.org/1999/xhtml">CANARY-stray-html</p>');
    const { bytes } = await stripClean(input);
    const out = text(bytes);
    parse(out);
    expect(out).toContain('<div xmlns="http://www.w3.org/1999/xhtml" style="font-size:12px"><b>Label kept</b></div>');
    expect(out).toContain('Fallback kept');
    expect(rawCanaryHits(bytes)).toEqual([]);
  });

  it('refuses a root <svg> element outside the SVG namespace', async () => {
    const input = new TextEncoder().encode('<x:svg xmlns:x="urn:example:not-svg"><x:title>CANARY</x:title></x:svg>');
    expect(await stripSvgDirectly(input)).toMatchObject({ status: 'rejected', code: 'malformed' });
  });
});

describe('names SVG does not define, stray text and damaged references (one flipped bit in the fixtures)', () => {
  const svg = (body: string) => new TextEncoder().encode(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">${body}</svg>`);

  it('drops elements and attributes whose names SVG does not define, keeps those it does', async () => {
    const input = svg(
      '<g inkscape8label="CANARY-layer" data-editor-state="CANARY-state" aria-label="Route map" paint-order="stroke" id="g1">' +
      '<inkscape8path-effect lpeversion="CANARY-lpe"/><rect width="10" height="10" vector-effect="non-scaling-stroke" onclick="void 0"/></g>');
    const { result, bytes } = await stripClean(input);
    const out = text(bytes);
    expect(rawCanaryHits(bytes)).toEqual([]);
    expect(out).toContain('<g aria-label="Route map" paint-order="stroke" id="g1"><rect width="10" height="10" vector-effect="non-scaling-stroke" onclick="void 0"/></g>');
    expect(result.removed.map((r) => r.field)).toContain('svg-unknown-markup');
  });

  it('drops text outside the elements that hold text (a comment whose "<" was damaged), keeps drawn and described text', async () => {
    const input = svg('\n  =!-- Generator: Sketch 52.5 CANARY-sketch -->\n  <title>Map</title><desc>Route of the march</desc><text x="1" y="9">Kept <tspan>text</tspan></text>');
    const { bytes } = await stripClean(input);
    const out = text(bytes);
    expect(rawCanaryHits(bytes)).toEqual([]);
    for (const kept of ['<title>Map</title>', '<desc>Route of the march</desc>', '<text x="1" y="9">Kept <tspan>text</tspan></text>']) expect(out).toContain(kept);
  });

  it('drops an editor banner in <desc> even with one character damaged', async () => {
    for (const banner of ['Created with CANARY-Sketch.', 'Cseated with CANARY-Sketch.', 'Created!with CANARY-Sketch.', 'Created with CANARY\nSketch.']) {
      const { bytes } = await stripClean(svg(`<desc>${banner}</desc><circle r="5"/>`));
      expect(text(bytes), banner).not.toContain('<desc>');
    }
  });

  it('drops references that are neither fragments, web URLs nor data:, whatever damage did to them', async () => {
    const input = svg(
      '<image width="1" height="1" href="eata:image/png;name=CANARY-photo.png;base64,AAAA"/>' +
      '<rect width="2" height="2" style="fill:url(&quot;C:]Users\\CANARY-user\\pattern.svg#p&quot;)"/>' +
      '<rect width="3" height="3" style="fill:url(&quot;C:\\Users\\CANARY-user\\pattern.svg#p&quot;("/>' +
      '<rect width="4" height="4" style="fill:trl(&quot;file:///C:/Users/CANARY-user/bg.png&quot;)"/>' +
      '<use href="#file:///home/CANARY-user/x.svg"/>' +
      '<style>.a { fill: url(#\'radient1); } .b { background: url("file:///C:/Users/CANARY-user/bg.png"); } .c { background: url(/home/CANARY-user/x.png }</style>' +
      '<a href="https://example.org/kept"><use href="#kept"/></a>');
    const { result, bytes } = await stripClean(input);
    const out = text(bytes);
    expect(rawCanaryHits(bytes)).toEqual([]);
    for (const kept of ['href="https://example.org/kept"', 'href="#kept"', "url(#'radient1)"]) expect(out).toContain(kept);
    const fields = result.removed.map((r) => r.field);
    expect(fields).toContain('svg-file-path');
    expect(fields).toContain('svg-unknown-reference');
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
