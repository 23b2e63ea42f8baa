// OOXML (docx, xlsx, pptx): every metadata field of the fixtures (all carrying CANARY) is gone
// from the output, by our own scan of every member and by exiftool; the content, the comments
// and the tracked changes are still there; the package is a valid ZIP with only neutral
// container data; hostile packages are refused quickly.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { collect, stripMetadata } from '../../src/strip/index.ts';
import { CANARY, fixture, rawCanaryHits, stripClean } from './helpers.ts';

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes ?? new Uint8Array(0));
const TMP = mkdtempSync(join(tmpdir(), 'tipline-ooxml-'));

/** Raw hits in the container and in every decompressed member. */
function canaryLeaks(bytes: Uint8Array): string[] {
  const leaks = rawCanaryHits(bytes).map((hit) => `zip:${hit}`);
  for (const [name, data] of Object.entries(unzipSync(bytes))) {
    leaks.push(...rawCanaryHits(data).map((hit) => `${name}:${hit}`));
    if (/canary/i.test(name)) leaks.push(`name:${name}`);
  }
  return leaks;
}

/**
 * exiftool on a temporary file: through a pipe (the shared helper) it cannot inflate ZIP
 * members without IO::String, and would see no document properties at all.
 */
function exiftoolLeaks(bytes: Uint8Array, name: string): string[] {
  const path = join(TMP, `exif-${name}`);
  writeFileSync(path, bytes);
  const tags = (JSON.parse(execFileSync('exiftool', ['-j', '-a', '-G1', '-b', path], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Array<Record<string, unknown>>)[0]!;
  if (String(tags['ExifTool:Warning'] ?? '').includes('IO::String')) throw new Error('exiftool cannot read ZIP members here');
  return Object.entries(tags)
    .filter(([tag, value]) => /GPS/i.test(tag) || String(value).includes(CANARY))
    .map(([tag, value]) => `${tag}=${String(value).slice(0, 80)}`);
}

function parsesAsXml(source: string): boolean {
  new DOMParser({ onError: (level, message) => { if (level !== 'warning') throw new Error(message); } }).parseFromString(source, 'application/xml');
  return true;
}

/** Central-directory records (APPNOTE 4.3.12) and the archive comment length (4.3.16). */
function zipRecords(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records = [];
  for (let at = 0; at + 46 <= bytes.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(at + 28, true);
    records.push({
      name: text(bytes.subarray(at + 46, at + 46 + nameLength)),
      time: view.getUint16(at + 12, true),
      date: view.getUint16(at + 14, true),
      extra: view.getUint16(at + 30, true),
      comment: view.getUint16(at + 32, true),
      localExtra: view.getUint16(view.getUint32(at + 42, true) + 28, true),
    });
  }
  return { records, archiveComment: view.getUint16(bytes.length - 2, true) };
}

function unzipTest(bytes: Uint8Array, name: string): string {
  const path = join(TMP, name);
  writeFileSync(path, bytes);
  return execFileSync('unzip', ['-t', path], { encoding: 'utf8' });
}

const CASES = [
  { file: 'canary.docx', kind: 'docx', textPart: 'word/document.xml', categories: ['author', 'dates', 'software', 'thumbnails', 'comments', 'history', 'paths', 'identifiers', 'device', 'other'] },
  { file: 'canary.xlsx', kind: 'xlsx', textPart: 'xl/sharedStrings.xml', categories: ['author', 'dates', 'software', 'history', 'paths', 'identifiers', 'device', 'other'] },
  { file: 'canary.pptx', kind: 'pptx', textPart: 'ppt/slides/slide1.xml', categories: ['author', 'dates', 'software', 'thumbnails', 'history', 'paths', 'other'] },
] as const;

describe.each(CASES)('$file', ({ file, kind, textPart, categories }) => {
  const input = fixture(`office/${file}`);
  const cleaned = stripClean(input);

  it('has canaries to find in the first place', () => {
    expect(canaryLeaks(input).length).toBeGreaterThan(5);
    expect(exiftoolLeaks(input, file).length).toBeGreaterThan(5);
  });

  it('is cleaned with the expected categories', async () => {
    const { result } = await cleaned;
    expect(result.kind).toBe(kind);
    expect(new Set(result.removed.map((r) => r.category))).toEqual(new Set(categories));
    for (const r of result.removed) expect(r.field).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('leaves no canary in the container, any member, or for exiftool', async () => {
    const { bytes } = await cleaned;
    expect(canaryLeaks(bytes)).toEqual([]);
    expect(exiftoolLeaks(bytes, file)).toEqual([]);
  });

  it('is a valid ZIP (unzip -t) with neutral container data and well-formed XML', async () => {
    const { bytes } = await cleaned;
    expect(unzipTest(bytes, file)).toMatch(/No errors detected/);
    const { records, archiveComment } = zipRecords(bytes);
    expect(archiveComment).toBe(0);
    for (const record of records) {
      expect(record).toMatchObject({ time: 0, date: (0 << 9) | (1 << 5) | 1, extra: 0, comment: 0, localExtra: 0 });
    }
    // Members keep their original order.
    const before = Object.keys(unzipSync(input));
    expect(records.map((r) => r.name)).toEqual(before.filter((name) => records.some((r) => r.name === name)));
    for (const [name, data] of Object.entries(unzipSync(bytes))) {
      if (/\.(xml|rels|vml)$/.test(name)) expect(parsesAsXml(text(data)), name).toBe(true);
    }
  });

  it('keeps the document text', async () => {
    const { bytes } = await cleaned;
    expect(text(unzipSync(bytes)[textPart])).toContain('The quick brown fox');
  });

  it('is idempotent: a second pass removes nothing and changes nothing', async () => {
    const { bytes } = await cleaned;
    const again = await stripClean(bytes);
    expect(again.result.removed).toEqual([]);
    expect(again.bytes).toEqual(bytes);
  });

  it('never throws or passes a leak on truncated or corrupted input', async () => {
    const variants: Uint8Array[] = [];
    for (const cut of [1, 30, 200, input.length >> 2, input.length >> 1, input.length - 22, input.length - 1]) variants.push(input.subarray(0, cut));
    for (let at = 7; at < input.length; at += Math.floor(input.length / 9)) {
      const corrupt = input.slice();
      corrupt[at] = corrupt[at]! ^ 0x5a;
      variants.push(corrupt);
    }
    for (const variant of variants) {
      const result = await stripMetadata(variant);
      if (result.status !== 'cleaned') continue;
      const out = await collect(result);
      expect(result.kind === kind ? canaryLeaks(out) : rawCanaryHits(out)).toEqual([]);
    }
  });
});

describe('canary.docx specifics', () => {
  const cleaned = stripClean(fixture('office/canary.docx')).then(({ result, bytes }) => ({ result, files: unzipSync(bytes) }));

  it('keeps comments and tracked changes, with a neutral author and no dates', async () => {
    const { files } = await cleaned;
    const comments = text(files['word/comments.xml']);
    expect(comments).toContain('Check this sentence');
    expect(comments).toMatch(/w:author="Author"/);
    expect(comments).toMatch(/w:initials="A"/);
    expect(comments).not.toMatch(/w:date=/);
    const doc = text(files['word/document.xml']);
    expect(doc).toMatch(/<w:ins w:id="1" w:author="Author">/);
    expect(doc).toMatch(/<w:del w:id="2" w:author="Author">/);
    expect(doc).toContain('the lazy dog');
    expect(doc).toMatch(/<w:rPrChange w:id="3" w:author="Author">/);
    expect(doc).not.toMatch(/w:date=|dateUtc=|w:rsid|w14:textId|w14:paraId/);
    expect(text(files['word/commentsExtensible.xml'])).not.toMatch(/dateUtc/);
    // Threading of comment replies still works: the comment paragraph keeps its id.
    expect(comments).toContain('w14:paraId="1A2B3C4D"');
  });

  it('neutralises people.xml and settings.xml', async () => {
    const { files } = await cleaned;
    const people = text(files['word/people.xml']);
    expect(people).toMatch(/<w15:person w15:author="Author"\/>/);
    const settings = text(files['word/settings.xml']);
    expect(settings).not.toMatch(/attachedTemplate|rsids|docVars|mailMerge|docId/);
    expect(settings).toContain('w:defaultTabStop');
    expect(text(files['word/_rels/settings.xml.rels'])).not.toContain('Relationship ');
  });

  it('drops metadata parts with their relationships and content types', async () => {
    const { files } = await cleaned;
    const names = Object.keys(files);
    for (const gone of ['docProps/custom.xml', 'docProps/thumbnail.jpeg', 'word/printerSettings/printerSettings1.bin', 'customXml/item1.xml', 'customXml/itemProps1.xml', '[trash]/0001.dat']) {
      expect(names).not.toContain(gone);
    }
    const packageRels = text(files['_rels/.rels']);
    expect(packageRels).not.toMatch(/custom-properties|thumbnail/);
    const types = text(files['[Content_Types].xml']);
    expect(types).not.toMatch(/custom\.xml|itemProps1/);
    const docRels = text(files['word/_rels/document.xml.rels']);
    expect(docRels).not.toMatch(/printerSettings|customXml/);
    expect(text(files['word/document.xml'])).not.toContain('w:printerSettings');
    expect(text(files['docProps/core.xml'])).toMatch(/<cp:coreProperties [^>]*\/>$/);
    expect(text(files['docProps/app.xml'])).toMatch(/<Properties [^>]*\/>$/);
  });

  it('clears paths in relationships, alt text, VML titles and field codes; keeps web links', async () => {
    const { files } = await cleaned;
    const docRels = text(files['word/_rels/document.xml.rels']);
    expect(docRels).toMatch(/Id="rId6" [^>]*Target="" TargetMode="External"/);
    expect(docRels).toContain('Target="https://example.org/"');
    const doc = text(files['word/document.xml']);
    expect(doc).toMatch(/<wp:docPr id="1" name="Picture"\/>/);
    expect(doc).toMatch(/<pic:cNvPr id="0" name="Picture"\/>/);
    expect(doc).toMatch(/<v:imagedata r:id="rId5"\/>/);
    expect(doc).not.toContain('gfxdata');
    expect(doc).toContain('INCLUDEPICTURE "" \\* MERGEFORMATINET');
  });

  it('strips the embedded picture through the image stripper, or replaces it', async () => {
    const { files, result } = await cleaned;
    const image = files['word/media/image1.jpeg']!;
    expect([0xff, 0xd8]).toEqual([...image.subarray(0, 2)]);
    expect(rawCanaryHits(image)).toEqual([]);
    expect(result.removed.some((r) => r.field === 'embedded-image-replaced' || r.category === 'device')).toBe(true);
  });
});

/** canary.docx with members replaced or added, zipped again. */
function patchedDocx(patch: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(fixture('office/canary.docx'));
  patch(files);
  return zipSync(files);
}

describe('embedded files that cannot be cleaned', () => {
  it('replaces a picture by a blank one of the same format, keeping the reference', async () => {
    const docx = patchedDocx((files) => {
      files['word/media/image1.jpeg'] = strToU8('\u0000\u0001not a picture, CANARY-blob');
    });
    const { result, bytes } = await stripClean(docx);
    const files = unzipSync(bytes);
    expect([...files['word/media/image1.jpeg']!.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(text(files['word/_rels/document.xml.rels'])).toContain('media/image1.jpeg');
    expect(result.removed).toContainEqual({ category: 'other', field: 'embedded-image-replaced', count: 1 });
    expect(canaryLeaks(bytes)).toEqual([]);
  });

  it('drops any other embedded file with its relationship and the attributes naming it', async () => {
    const docx = patchedDocx((files) => {
      files['word/embeddings/oleObject1.bin'] = strToU8('\u00d0\u00cf\u0011\u00e0 CANARY-ole-author');
      files['word/_rels/document.xml.rels'] = strToU8(text(files['word/_rels/document.xml.rels']).replace('</Relationships>',
        '<Relationship Id="rId20" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject" Target="embeddings/oleObject1.bin"/></Relationships>'));
      files['word/document.xml'] = strToU8(text(files['word/document.xml']).replace('<w:sectPr',
        '<w:p><w:r><w:object><o:OLEObject Type="Embed" ProgID="Package" ShapeID="s1" r:id="rId20"/></w:object></w:r></w:p><w:sectPr'));
    });
    const { result, bytes } = await stripClean(docx);
    const files = unzipSync(bytes);
    expect(Object.keys(files)).not.toContain('word/embeddings/oleObject1.bin');
    expect(text(files['word/_rels/document.xml.rels'])).not.toContain('rId20');
    expect(text(files['word/document.xml'])).toMatch(/<o:OLEObject Type="Embed" ProgID="Package" ShapeID="s1"\/>/);
    expect(result.removed).toContainEqual({ category: 'other', field: 'embedded-file-removed', count: 1 });
    expect(canaryLeaks(bytes)).toEqual([]);
  });

  it('cleans an embedded workbook recursively', async () => {
    const docx = patchedDocx((files) => {
      files['word/embeddings/Workbook1.xlsx'] = fixture('office/canary.xlsx');
      files['word/_rels/document.xml.rels'] = strToU8(text(files['word/_rels/document.xml.rels']).replace('</Relationships>',
        '<Relationship Id="rId21" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/package" Target="embeddings/Workbook1.xlsx"/></Relationships>'));
    });
    const { result, bytes } = await stripClean(docx);
    const inner = unzipSync(bytes)['word/embeddings/Workbook1.xlsx']!;
    expect(canaryLeaks(inner)).toEqual([]);
    expect(text(unzipSync(inner)['xl/sharedStrings.xml'])).toContain('The quick brown fox');
    expect(result.removed.some((r) => r.field === 'xlsx-absolute-path')).toBe(true);
  });
});

describe('canary.xlsx specifics', () => {
  const cleaned = stripClean(fixture('office/canary.xlsx')).then(({ bytes }) => unzipSync(bytes));

  it('neutralises comment authors, including the "Name:" Excel writes into the comment', async () => {
    const files = await cleaned;
    const comments = text(files['xl/comments1.xml']);
    // The first "author" is Excel's link to the threaded comment, a random id: it stays.
    expect(comments).toContain('<authors><author>tc={5A1E0000-5555-6666-7777-888888888888}</author><author>Author</author></authors>');
    expect(comments).toContain('<t>Author:</t>');
    expect(comments).toContain('Nice number');
    const threaded = text(files['xl/threadedComments/threadedComment1.xml']);
    expect(threaded).toContain('Is this right?');
    expect(threaded).not.toContain('dT=');
    expect(text(files['xl/persons/person.xml'])).toMatch(/<person displayName="Author" id="\{[^"]+\}"\/>/);
  });

  it('removes the save folder, build numbers, sharing user and window geometry', async () => {
    const workbook = text((await cleaned)['xl/workbook.xml']);
    expect(workbook).not.toMatch(/absPath|lastEdited|rupBuild|userName|revisionPtr|xWindow|windowWidth|xr2:uid/);
    expect(workbook).toContain('<sheet name="Sheet1" sheetId="1" r:id="rId1"/>');
  });

  it('drops printer settings with the r:id that named them, and clears external link paths', async () => {
    const files = await cleaned;
    expect(Object.keys(files)).not.toContain('xl/printerSettings/printerSettings1.bin');
    const sheet = text(files['xl/worksheets/sheet1.xml']);
    expect(sheet).toMatch(/<pageSetup paperSize="9" orientation="portrait"\/>/);
    expect(sheet).toContain('<legacyDrawing r:id="rId3"/>');
    expect(text(files['xl/externalLinks/_rels/externalLink1.xml.rels'])).toContain('Target="" TargetMode="External"');
  });
});

describe('canary.pptx specifics', () => {
  it('neutralises comment authors and dates, keeps the comment text', async () => {
    const files = unzipSync((await stripClean(fixture('office/canary.pptx'))).bytes);
    expect(text(files['ppt/commentAuthors.xml'])).toMatch(/<p:cmAuthor id="0" name="Author" initials="A" lastIdx="1" clrIdx="0"\/>/);
    const comment = text(files['ppt/comments/comment1.xml']);
    expect(comment).toContain('<p:text>Great slide</p:text>');
    expect(comment).not.toContain('dt=');
    expect(Object.keys(files)).not.toContain('docProps/thumbnail.png');
    expect(text(files['ppt/slides/slide1.xml'])).toMatch(/<p:cNvPr id="3" name="Picture 2"\/>/);
  });
});

describe('hostile packages', () => {
  const timed = async (bytes: Uint8Array, limits?: Parameters<typeof stripMetadata>[1]) => {
    const started = performance.now();
    const result = await stripMetadata(bytes, limits);
    return { result, ms: performance.now() - started };
  };

  it('rejects a zip bomb from its declared sizes, before inflating it', async () => {
    const { result, ms } = await timed(fixture('office/bomb.docx'));
    expect(result).toMatchObject({ status: 'rejected', code: 'too_large' });
    expect(ms).toBeLessThan(500);
    const limited = await timed(fixture('office/canary.docx'), { limits: { maxDecompressedBytes: 4096 } });
    expect(limited.result).toMatchObject({ status: 'rejected', code: 'too_large' });
  });

  it('stops inflating a member that lies about its size', async () => {
    const { result, ms } = await timed(fixture('office/bomb-lying-size.docx'));
    expect(result).toMatchObject({ status: 'rejected', code: 'too_large' });
    expect(ms).toBeLessThan(5000);
  });

  it('rejects more entries than maxElements', async () => {
    const { result } = await timed(fixture('office/many-entries.docx'), { limits: { maxElements: 50 } });
    expect(result).toMatchObject({ status: 'rejected', code: 'too_many_elements' });
  });

  it('refuses entity declarations (billion laughs) and XML nested deeper than maxDepth', async () => {
    const laughs = await timed(fixture('office/billion-laughs.docx'));
    expect(laughs.result).toMatchObject({ status: 'rejected', code: 'malformed' });
    expect(laughs.ms).toBeLessThan(2000);
    expect((await timed(fixture('office/deep-xml.docx'))).result).toMatchObject({ status: 'rejected', code: 'too_deep' });
  });

  it('rejects encrypted entries and duplicate names', async () => {
    const input = fixture('office/canary.docx');
    const encrypted = input.slice();
    const duplicated = input.slice();
    const view = new DataView(encrypted.buffer);
    for (let at = 0; at + 46 <= input.length; at++) {
      if (view.getUint32(at, true) !== 0x02014b50) continue;
      view.setUint16(at + 8, view.getUint16(at + 8, true) | 1, true);
      const nameLength = view.getUint16(at + 28, true);
      if (text(input.subarray(at + 46, at + 46 + nameLength)) === 'word/comments.xml') duplicated.set(strToU8('docProps/core.xml'), at + 46);
    }
    expect(await stripMetadata(encrypted)).toMatchObject({ status: 'rejected', code: 'encrypted' });
    expect(await stripMetadata(duplicated)).toMatchObject({ status: 'rejected', code: 'malformed' });
  });

  it('returns a typed result for every cleaned-output mutation of the cleaner itself', async () => {
    // The cleaner's own output, cut anywhere, is still never a throw.
    const { bytes } = await stripClean(fixture('office/canary.pptx'));
    for (let cut = 0; cut < bytes.length; cut += 997) {
      const result = await stripMetadata(bytes.subarray(0, cut));
      expect(['cleaned', 'rejected', 'unsupported']).toContain(result.status);
    }
  });
});

