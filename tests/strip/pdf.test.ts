// PDF stripper: fixtures from scripts/strip-fixtures/pdf.ts, checked with independent readers
// (qpdf for structure and decompression, pdftotext for text, exiftool for metadata, djpeg for
// the images) and raw canary scans of the bytes, the decompressed file and qpdf's decoded strings.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzlibSync, zlibSync } from 'fflate';
import { PDFDocument, PDFName, PDFRawStream, PDFString, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { StripRejection } from '../../src/strip/errors.ts';
import { collect, DEFAULT_LIMITS, stripMetadata, type StripContext, type StripLimits, type StripResult } from '../../src/strip/index.ts';
import { stripPdf } from '../../src/strip/pdf.ts';
import { bytesSource } from '../../src/strip/source.ts';
import { exiftoolLeaks, fixture, rawCanaryHits, stripClean } from './helpers.ts';

const TMP = mkdtempSync(join(tmpdir(), 'pdf-test-'));
let fileCounter = 0;
const tempFile = (bytes: Uint8Array) => {
  const path = join(TMP, `${fileCounter++}.pdf`);
  writeFileSync(path, bytes);
  return path;
};
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

/**
 * qpdf with every stream decompressed (QDF); exit 3 means warnings only. Output made from a
 * damaged input may carry the damage (a broken content stream): qpdf then reports errors (2)
 * but still writes what it could.
 */
function decompressed(bytes: Uint8Array, damagedInput = false): Uint8Array {
  const out = join(TMP, `${fileCounter++}.qdf.pdf`);
  const run = spawnSync('qpdf', ['--qdf', '--object-streams=disable', tempFile(bytes), out]);
  expect(damagedInput ? [0, 2, 3] : [0, 3]).toContain(run.status);
  return existsSync(out) ? new Uint8Array(readFileSync(out)) : new Uint8Array(0);
}

/** Every stream of a cleaned file inflated by fflate (leniently), for a second decompressed view. */
async function inflatedStreams(bytes: Uint8Array): Promise<Uint8Array[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
  return doc.context.enumerateIndirectObjects().flatMap(([, object]) => {
    if (!(object instanceof PDFRawStream)) return [];
    try {
      return [object.dict.get(PDFName.of('Filter')) === PDFName.of('FlateDecode') ? unzlibSync(object.getContents()) : object.getContents()];
    } catch {
      return [object.getContents()];
    }
  });
}

/** qpdf's JSON view: every string decoded (UTF-16 and PDFDocEncoding alike). */
function decodedStrings(bytes: Uint8Array): string {
  return execFileSync('qpdf', ['--json=2', '--json-key=qpdf', tempFile(bytes)], { maxBuffer: 64 << 20 }).toString('utf8');
}

const qpdfCheck = (bytes: Uint8Array) => spawnSync('qpdf', ['--check', tempFile(bytes)]);
const pageCount = (bytes: Uint8Array) => Number(execFileSync('qpdf', ['--show-npages', tempFile(bytes)]).toString().trim());
const pdftotext = (bytes: Uint8Array) => execFileSync('pdftotext', [tempFile(bytes), '-']).toString('utf8');

/** Dates and GPS values the fixtures set, in the forms they were written. */
const OTHER_LEAKS = ['D:1999', '1999:09', '1999-09', '19991010', '48,51', '48.8584', '2.2945'];

async function expectNoLeaks(bytes: Uint8Array): Promise<void> {
  const qdf = decompressed(bytes);
  expect(rawCanaryHits(bytes)).toEqual([]);
  expect(rawCanaryHits(qdf)).toEqual([]);
  for (const data of await inflatedStreams(bytes)) expect(rawCanaryHits(data)).toEqual([]);
  expect(decodedStrings(bytes)).not.toContain('CANARY');
  for (const leak of OTHER_LEAKS) expect(latin1(qdf)).not.toContain(leak);
  expect(exiftoolLeaks(bytes)).toEqual([]);
}

const context = (limits: Partial<StripLimits> = {}): StripContext => ({
  limits: { ...DEFAULT_LIMITS, ...limits },
  depth: 0,
  stripNested: (bytes) => stripMetadata(bytes, { limits }),
});

/** Calls the stripper itself: a result or a StripRejection, never any other throw. */
async function stripDirect(bytes: Uint8Array, limits: Partial<StripLimits> = {}): Promise<StripResult> {
  try {
    return await stripPdf(bytesSource(bytes), 'pdf', context(limits));
  } catch (error) {
    expect(error).toBeInstanceOf(StripRejection);
    const rejection = error as StripRejection;
    return { status: 'rejected', kind: 'pdf', code: rejection.code, reason: rejection.message };
  }
}

const categories = (result: { removed: { category: string }[] }) => new Set(result.removed.map((r) => r.category));
const fields = (result: { removed: { field: string }[] }) => new Set(result.removed.map((r) => r.field));

/** The data of every stream whose dictionary matches, from a cleaned file. */
async function streams(bytes: Uint8Array, match: (dict: Map<string, string>) => boolean): Promise<Uint8Array[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const found: Uint8Array[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    const dict = new Map(object.dict.entries().map(([k, v]) => [k.decodeText(), v.toString()]));
    if (match(dict)) found.push(object.getContents());
  }
  return found;
}

function jpegSize(jpeg: Uint8Array): string {
  const ppm = execFileSync('djpeg', ['-pnm'], { input: jpeg });
  return /^P[56]\s+(\d+)\s+(\d+)/.exec(ppm.toString('latin1'))!.slice(1, 3).join('x');
}

describe('PDF: the full fixture (Info, XMP, annotations, attachments, JPEG, incremental update)', () => {
  const input = fixture('pdf/full.pdf');
  let cleaned: Awaited<ReturnType<typeof stripClean>>;
  beforeAll(async () => {
    cleaned = await stripClean(input);
  });

  it('the fixture itself leaks, so the checks below mean something', () => {
    expect(rawCanaryHits(input).length).toBeGreaterThan(0);
    expect(latin1(input)).toContain('CANARY-old-author');
    expect(exiftoolLeaks(input).length).toBeGreaterThan(5);
  });

  it('is cleaned, with every kind of removal reported', () => {
    expect(cleaned.result.kind).toBe('pdf');
    expect(cleaned.result.mimeType).toBe('application/pdf');
    for (const category of ['author', 'software', 'dates', 'identifiers', 'history', 'location', 'device', 'thumbnails', 'paths', 'comments', 'other']) {
      expect(categories(cleaned.result)).toContain(category);
    }
    for (const field of ['pdf-info-author', 'pdf-earlier-revisions', 'pdf-unreferenced-objects', 'pdf-document-id', 'xmp-author', 'pdf-piece-info',
      'pdf-last-modified', 'pdf-annotation-author', 'pdf-annotation-date', 'pdf-annotation-id', 'pdf-file-path', 'pdf-attachment-description',
      'pdf-attachment-dates', 'pdf-attachment-checksum', 'pdf-attachment-removed', 'pdf-digital-signature', 'pdf-thread-info', 'pdf-layer-user',
      'pdf-layer-creator', 'pdf-web-capture', 'pdf-thumbnail', 'pdf-private-data', 'pdf-annotation-app-version']) {
      expect(fields(cleaned.result)).toContain(field);
    }
    for (const removal of cleaned.result.removed) expect(removal.field).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('leaves no canary, date or GPS value: raw, decompressed, decoded strings, exiftool', async () => {
    await expectNoLeaks(cleaned.bytes);
  });

  it('is one revision: no earlier objects, no Info, no ID, no private data', () => {
    const raw = latin1(cleaned.bytes); // the trailer (an xref stream's dictionary) is not compressed
    expect(raw.match(/startxref/g)).toHaveLength(1);
    expect(raw).not.toMatch(/\/Prev|\/Info|\/ID\b/);
    const qdf = latin1(decompressed(cleaned.bytes));
    expect(qdf).not.toMatch(/\/Metadata|\/PieceInfo|\/LastModified|\/Thumb|\/SpiderInfo|\/Perms|\/CreationDate|\/NM\b|\/Desc\b|\/CheckSum/);
    expect(qdf).not.toContain('Reviewed and approved.)'); // the annotation as it was before the update
  });

  it('renders every page exactly as before (poppler)', () => {
    const render = (bytes: Uint8Array) => {
      const prefix = join(TMP, `render-${fileCounter++}`);
      execFileSync('pdftoppm', ['-r', '40', tempFile(bytes), prefix]);
      return [1, 2, 3].map((page) => readFileSync(`${prefix}-${page}.ppm`));
    };
    const [before, after] = [render(input), render(cleaned.bytes)];
    for (let page = 0; page < 3; page++) expect(after[page]!.equals(before[page]!)).toBe(true);
  });

  it('still opens and keeps its content: pages, text, comments, links, script, form field', async () => {
    expect(qpdfCheck(cleaned.bytes).status).toBe(0);
    expect(pageCount(cleaned.bytes)).toBe(pageCount(input));
    const text = pdftotext(cleaned.bytes);
    for (const sentence of ['The quick brown fox jumps over the lazy dog', 'Pack my box with five dozen liquor jugs', 'Sphinx of black quartz', 'Form text stays']) {
      expect(text).toContain(sentence);
    }
    const qdf = latin1(decompressed(cleaned.bytes));
    for (const kept of ['Please double-check the quarterly figures.', 'Reviewed and approved, v2.', '/T (Signature1)', 'app.alert', '(run.bat)', '(report.pdf)', '(plan.pdf)', '(notes.txt)', '<subform name="form1"/>']) {
      expect(qdf).toContain(kept);
    }
    expect(qdf).not.toContain('(xmpmeta)'); // the XFA form's XMP packet
    expect(decodedStrings(cleaned.bytes)).toContain('<p>Please double-check the quarterly figures.</p>'); // rich text kept
  });

  it('keeps the JPEG image and the JPEG attachment decodable at the same size, without EXIF', async () => {
    const images = await streams(cleaned.bytes, (d) => d.get('Subtype') === '/Image' && d.get('Filter') === '/DCTDecode');
    const files = await streams(cleaned.bytes, (d) => d.get('Type') === '/EmbeddedFile' && d.get('Subtype') === '/image#2Fjpeg');
    expect(images).toHaveLength(1);
    expect(files).toHaveLength(1);
    for (const jpeg of [...images, ...files]) {
      expect(jpegSize(jpeg)).toBe('48x32');
      expect(exiftoolLeaks(jpeg)).toEqual([]);
    }
  });

  it('keeps the JPEG 2000 image without its metadata boxes and codestream comment', async () => {
    expect(fields(cleaned.result)).toContain('jpx-metadata-box');
    expect(fields(cleaned.result)).toContain('jpx-comment');
    const [jpx] = await streams(cleaned.bytes, (d) => d.get('Filter') === '/JPXDecode');
    expect(exiftoolLeaks(jpx!)).toEqual([]);
    expect(latin1(jpx!.subarray(4, 8))).toBe('jP  ');
  });

  it('keeps the text attachment, drops the one no stripper can clean', async () => {
    const text = await streams(cleaned.bytes, (d) => d.get('Subtype') === '/text#2Fplain');
    expect(text).toHaveLength(1);
    expect(new TextDecoder().decode(decompressed(cleaned.bytes))).toContain('Meeting notes: budget review on Monday.');
    expect(latin1(cleaned.bytes)).not.toContain('binary-payload');
  });

  it('is idempotent: stripping the output again removes nothing and changes nothing', async () => {
    const again = await stripClean(cleaned.bytes);
    expect(again.result.removed).toEqual([]);
    expect(again.bytes).toEqual(cleaned.bytes);
  });
});

describe('PDF: a PDF attached to a PDF', () => {
  async function outerWith(inner: Uint8Array): Promise<Uint8Array> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.addPage([200, 100]);
    await doc.attach(inner, 'inner.pdf', { mimeType: 'application/pdf' });
    return doc.save({ addDefaultPage: false });
  }

  it('strips the inner PDF through the PDF stripper, one level down', async () => {
    const { result, bytes } = await stripClean(await outerWith(fixture('pdf/object-streams.pdf')));
    expect(fields(result)).toContain('pdf-info-author');
    const [inner] = await streams(bytes, (d) => d.get('Subtype') === '/application#2Fpdf');
    await expectNoLeaks(inner!);
    expect(pdftotext(inner!)).toContain('Compressed objects keep their text');
  });

  it('removes an attachment nested deeper than the limit', async () => {
    const outer = await outerWith(fixture('pdf/object-streams.pdf'));
    const result = await stripMetadata(outer, { limits: { maxDepth: 0 } });
    expect(result.status).toBe('cleaned');
    expect(fields(result as { removed: { field: string }[] })).toContain('pdf-attachment-removed');
    expect(rawCanaryHits(decompressed(await collect(result as Parameters<typeof collect>[0])))).toEqual([]);
  });
});

describe('PDF: files in streams that do not say what they are', () => {
  it('strips a JPEG or JPEG 2000 found by its signature, removes what cannot be cleaned', async () => {
    const source = fixture('pdf/full.pdf');
    const [jpeg] = await streams(source, (d) => d.get('Filter') === '/DCTDecode');
    const [jpx] = await streams(source, (d) => d.get('Filter') === '/JPXDecode');
    const doc = await PDFDocument.create({ updateMetadata: false });
    const page = doc.addPage([200, 100]);
    const { context } = doc;
    const hidden = {
      Plain: context.register(context.stream(jpeg!)),
      Deflated: context.register(context.flateStream(jpeg!)),
      Misspelt: context.register(context.stream(jpx!, { Subtype: 'Imag', Filter: 'JPXDecode' } as never)),
      Zip: context.register(context.stream(new Uint8Array([0x50, 0x4b, 3, 4, ...new TextEncoder().encode('CANARY-zip-member')]))),
    };
    // Under names of the page's XObject resources, which are the writer's to choose (§7.8.3).
    page.node.set(PDFName.of('Resources'), context.obj({ XObject: hidden }));
    const input = await doc.save();
    expect(rawCanaryHits(input).length).toBeGreaterThan(0);
    const { result, bytes } = await stripClean(input);
    expect(categories(result)).toContain('location');
    expect(fields(result)).toContain('jpx-metadata-box');
    expect(fields(result)).toContain('pdf-unlabelled-file-removed');
    await expectNoLeaks(bytes);
    const jpegs = await streams(bytes, (d) => !d.has('Subtype') && !d.has('Type') && !d.has('Filter'));
    expect(jpegs.map((data) => jpegSize(data))).toEqual(['48x32', '48x32']);
  });

  it('drops keys a file specification does not define', async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.addPage([200, 100]);
    const note = doc.context.register(doc.context.stream('plain notes\n', { Type: 'EmbeddedFile' } as never));
    const spec = doc.context.obj({ Type: 'Filespec', F: PDFString.of('Notes/notes.txt'), 'Des^': PDFString.of('CANARY-mangled-desc'), EF: { F: note } });
    doc.catalog.set(PDFName.of('AF'), doc.context.obj([doc.context.register(spec)]));
    const { result, bytes } = await stripClean(await doc.save());
    expect(fields(result)).toContain('pdf-private-data');
    expect(latin1(decompressed(bytes))).toContain('(notes.txt)');
    await expectNoLeaks(bytes);
  });
});

describe('PDF: keys outside the allowlist of their dictionary type', () => {
  it('are dropped from pages, resources, content streams, form and image XObjects, annotations and actions; the page still renders', async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([300, 200]);
    page.drawText('Allowlisted text stays', { x: 20, y: 150, size: 12, font });
    const { context } = doc;
    const secret = (where: string) => context.obj({ App: { Private: PDFString.of(`CANARY-${where}`) } });
    const form = context.register(context.stream('BT /F1 10 Tf 0 5 Td (Form text stays) Tj ET', {
      Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 200, 20], Resources: { Font: { F1: font.ref } }, QieceInfo: secret('form'),
    } as never));
    const image = context.register(context.stream(new Uint8Array([0, 128, 255, 64]), {
      Type: 'XObject', Subtype: 'Image', Width: 2, Height: 2, ColorSpace: 'DeviceGray', BitsPerComponent: 8, Vendor: secret('image'), Name: PDFString.of('CANARY-name-as-string'),
    } as never));
    page.node.setXObject(PDFName.of('Fm1'), form);
    page.node.setXObject(PDFName.of('Im1'), image);
    page.node.Resources()!.set(PDFName.of('Private'), secret('resources'));
    const extra = context.register(context.stream('q 1 0 0 1 20 100 cm /Fm1 Do Q q 20 0 0 20 200 20 cm /Im1 Do Q', { Stamp: secret('content') } as never));
    page.node.addContentStream(extra);
    const link = context.obj({
      Type: 'Annot', Subtype: 'Link', Rect: [20, 20, 120, 40], Border: [0, 0, 0],
      A: { S: 'URI', URI: PDFString.of('https://example.org/kept'), URH: PDFString.of('file:///home/CANARY-user/plan.pdf'), Next: { S: 'Named', N: 'NextPage', X: secret('next-action') } },
    });
    // A text note whose author key was damaged into /U, and one into /P (a page reference there, never a string).
    const note = context.obj({ Type: 'Annot', Subtype: 'Text', Rect: [150, 20, 170, 40], Contents: PDFString.of('Note text stays'), U: PDFString.of('CANARY-author-u'), P: PDFString.of('CANARY-author-p') });
    page.node.set(PDFName.of('Annots'), context.obj([context.register(link), context.register(note)]));
    const input = await doc.save({ useObjectStreams: false });
    expect(rawCanaryHits(input).length).toBeGreaterThan(0);

    const { result, bytes } = await stripClean(input);
    expect(fields(result)).toContain('pdf-private-data');
    await expectNoLeaks(bytes);
    expect(qpdfCheck(bytes).status).toBe(0);
    const text = pdftotext(bytes);
    for (const kept of ['Allowlisted text stays', 'Form text stays']) expect(text).toContain(kept);
    const qdf = latin1(decompressed(bytes));
    for (const kept of ['(https://example.org/kept)', '/NextPage', '(Note text stays)', '/Im1 Do']) expect(qdf).toContain(kept);
    expect((await stripClean(bytes)).result.removed).toEqual([]);
  });
});

describe('PDF: object streams, xref streams, linearization, encryption', () => {
  it('cleans a PDF whose objects sit in object streams, updated through an xref stream', async () => {
    const input = fixture('pdf/object-streams.pdf');
    const { result, bytes } = await stripClean(input);
    for (const field of ['pdf-info-author', 'xmp-author', 'pdf-earlier-revisions']) expect(fields(result)).toContain(field);
    await expectNoLeaks(bytes);
    expect(qpdfCheck(bytes).status).toBe(0);
    expect(pdftotext(bytes)).toContain('Compressed objects keep their text');
    expect((await stripClean(bytes)).result.removed).toEqual([]);
  });

  it('does not call a linearized file an edited one', async () => {
    const input = fixture('pdf/linearized.pdf');
    const { result, bytes } = await stripClean(input);
    expect(fields(result)).toContain('pdf-info-author');
    expect(categories(result)).not.toContain('history');
    await expectNoLeaks(bytes);
    expect(pageCount(bytes)).toBe(3);
    expect((await stripClean(bytes)).result.removed).toEqual([]);
  });

  it('rejects an encrypted PDF', async () => {
    const result = await stripMetadata(fixture('pdf/encrypted.pdf'));
    expect(result).toMatchObject({ status: 'rejected', kind: 'pdf', code: 'encrypted' });
  });
});

/** A result is acceptable for damaged input when it is a refusal, or clean output. */
async function expectRejectedOrSafe(bytes: Uint8Array): Promise<StripResult> {
  const result = await stripDirect(bytes);
  if (result.status === 'cleaned') {
    const out = await collect(result);
    expect(rawCanaryHits(out)).toEqual([]);
    expect(rawCanaryHits(decompressed(out, true))).toEqual([]);
    for (const data of await inflatedStreams(out)) expect(rawCanaryHits(data)).toEqual([]);
  }
  return result;
}

describe('PDF: damaged files are refused or cleaned, never thrown on', () => {
  const fixtures = ['full.pdf', 'object-streams.pdf', 'linearized.pdf'];

  it.each(fixtures)('truncated %s', async (name) => {
    const input = fixture(`pdf/${name}`);
    for (const fraction of [0.02, 0.1, 0.33, 0.5, 0.75, 0.9, 0.99]) {
      await expectRejectedOrSafe(input.subarray(0, Math.floor(input.length * fraction)));
    }
    await expectRejectedOrSafe(input.subarray(0, input.length - 7));
  });

  it.each(fixtures)('corrupted %s', async (name) => {
    const input = fixture(`pdf/${name}`);
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let round = 0; round < 12; round++) {
      const damaged = input.slice();
      const at = Math.floor(random() * damaged.length);
      if (round % 3 === 0) for (let i = 0; i < 16; i++) damaged[(at + i) % damaged.length] = Math.floor(random() * 256);
      else if (round % 3 === 1) damaged.fill(0x20, at, Math.min(damaged.length, at + 200));
      else damaged[at] = damaged[at]! ^ 0xff;
      await expectRejectedOrSafe(damaged);
    }
  });
});

describe('PDF: mutated files leak nothing', () => {
  // Seeded mutations (byte changes, truncation, duplicated and overwritten ranges, inserted
  // PDF tokens) of the fixtures without JPEGs, so only this stripper's code is under test.
  it.each(['object-streams.pdf', 'linearized.pdf'])('%s', async (name) => {
    const original = fixture(`pdf/${name}`);
    let seed = 20240607;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const tokens = ['endobj', 'stream', 'endstream', ' obj ', '>>', '<<', '(', '/Length 5', '9 0 R', '99999999999'].map((t) => new TextEncoder().encode(t));
    for (let round = 0; round < 60; round++) {
      let bytes = original;
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
        const at = Math.floor(random() * bytes.length);
        const kind = Math.floor(random() * 5);
        if (kind === 0) (bytes = bytes.slice())[at] = Math.floor(random() * 256);
        else if (kind === 1) bytes = bytes.subarray(0, at);
        else if (kind === 2) bytes = new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at, at + Math.floor(random() * 300)), ...bytes.subarray(at)]);
        else if (kind === 3) bytes = new Uint8Array([...bytes.subarray(0, at), ...tokens[Math.floor(random() * tokens.length)]!, ...bytes.subarray(at)]);
        else (bytes = bytes.slice()).fill(0x30 + Math.floor(random() * 10), at, at + Math.floor(random() * 40));
      }
      const result = await stripDirect(bytes);
      if (result.status !== 'cleaned') continue;
      const out = await collect(result);
      expect(rawCanaryHits(out)).toEqual([]);
      for (const data of await inflatedStreams(out)) expect(rawCanaryHits(data)).toEqual([]);
    }
  });
});

/** A minimal hand-written PDF: catalog 1 (with `catalogExtra`), empty pages 2, then `parts`. */
function handPdf(parts: (string | Uint8Array)[], catalogExtra = ''): Uint8Array {
  const head = `%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R ${catalogExtra} >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n`;
  const tail = '\ntrailer\n<< /Root 1 0 R >>\nstartxref\n0\n%%EOF\n';
  const bytes = [head, ...parts, tail].map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : p));
  return new Uint8Array(bytes.flatMap((b) => [...b]));
}

/** Object 3 as a stream with `dict` around `data`, linked from the catalog. */
const withStream = (dict: string, data: Uint8Array) =>
  handPdf([`3 0 obj\n<< ${dict} /Length ${data.length} >>\nstream\n`, data, '\nendstream\nendobj\n'], '/Extra 3 0 R');

describe('PDF: hostile structures hit a limit quickly', () => {
  const bomb = zlibSync(new Uint8Array(8 << 20)); // 8 MB of zeros in ~8 KB

  it('refuses an object stream that inflates past the limit', async () => {
    const result = await stripDirect(withStream('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', bomb), { maxDecompressedBytes: 1 << 20 });
    expect(result).toMatchObject({ status: 'rejected', code: 'too_large' });
  });

  it('refuses an attachment that inflates past the limit', async () => {
    const pdf = handPdf(['3 0 obj\n<< /Type /Filespec /F (a.txt) /EF << /F 4 0 R >> >>\nendobj\n',
      `4 0 obj\n<< /Type /EmbeddedFile /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n`, bomb, '\nendstream\nendobj\n'], '/AF [3 0 R]');
    const result = await stripDirect(pdf, { maxDecompressedBytes: 1 << 20 });
    expect(result).toMatchObject({ status: 'rejected', code: 'too_large' });
  });

  it('refuses nesting deeper than the limit', async () => {
    const result = await stripDirect(handPdf([`3 0 obj\n${'['.repeat(5000)}${']'.repeat(5000)}\nendobj\n`], '/Deep 3 0 R'));
    expect(result).toMatchObject({ status: 'rejected', code: 'too_deep' });
  });

  it('refuses more objects than the limit', async () => {
    const objects = Array.from({ length: 300 }, (_, i) => `${i + 3} 0 obj\n<< /N ${i} >>\nendobj`).join('\n');
    expect(await stripDirect(handPdf([objects]), { maxElements: 100 })).toMatchObject({ status: 'rejected', code: 'too_many_elements' });
  });

  it('refuses an object stream that claims too many objects, and an absurd xref stream, without looping', async () => {
    const many = await stripDirect(withStream('/Type /ObjStm /N 2000000000 /First 4', new TextEncoder().encode('1 0 ')));
    expect(many.status).toBe('rejected');
    const started = performance.now();
    const xref = await stripDirect(withStream('/Type /XRef /Size 2000000000 /W [0 0 0] /Root 1 0 R', new Uint8Array(0)));
    expect(xref.status).not.toBe('unsupported');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  // Without the parser's fences each of these takes minutes (pdf-lib rescans to the end of the
  // file once per broken object); with them, well under a second of CPU. The bound is loose
  // because CI machines are shared.
  it.each([
    ['unterminated strings', () => handPdf(['3 0 obj\n(\nendobj\n'.repeat(10_000)])],
    ['streams without endstream', () => handPdf(['3 0 obj\n<< /Length 999999999 >>\nstream\nendobj\n'.repeat(10_000)])],
    ['a long run of digits', () => new TextEncoder().encode(`%PDF-1.4\nx ${'1'.repeat(1_000_000)}`)],
  ])('does no quadratic work on %s', async (_, build) => {
    const started = performance.now();
    const result = await stripDirect(build());
    expect(['rejected', 'cleaned']).toContain(result.status);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
