// OpenDocument (odt, ods, odp): meta.xml emptied, annotation and change authors neutral,
// printer and path settings gone, thumbnail dropped with its manifest entry, pictures stripped;
// the mimetype member first and stored; no CANARY anywhere, for us or for exiftool.
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
const TMP = mkdtempSync(join(tmpdir(), 'tipline-odf-'));

function canaryLeaks(bytes: Uint8Array): string[] {
  const leaks = rawCanaryHits(bytes).map((hit) => `zip:${hit}`);
  for (const [name, data] of Object.entries(unzipSync(bytes))) leaks.push(...rawCanaryHits(data).map((hit) => `${name}:${hit}`));
  return leaks;
}

/** exiftool on a temporary file (through a pipe it cannot inflate ZIP members). */
function exiftoolLeaks(bytes: Uint8Array, name: string): string[] {
  const path = join(TMP, name);
  writeFileSync(path, bytes);
  const tags = (JSON.parse(execFileSync('exiftool', ['-j', '-a', '-G1', '-b', path], { encoding: 'utf8' })) as Array<Record<string, unknown>>)[0]!;
  return Object.entries(tags).filter(([, value]) => String(value).includes(CANARY)).map(([tag, value]) => `${tag}=${String(value).slice(0, 80)}`);
}

const parsesAsXml = (source: string) => {
  new DOMParser({ onError: (level, message) => { if (level !== 'warning') throw new Error(message); } }).parseFromString(source, 'application/xml');
  return true;
};

const CASES = [
  { file: 'canary.odt', kind: 'odt', categories: ['author', 'dates', 'software', 'thumbnails', 'history', 'paths', 'identifiers', 'device', 'other'] },
  { file: 'canary.ods', kind: 'ods', categories: ['author', 'dates', 'software', 'thumbnails', 'history', 'paths', 'identifiers', 'device', 'other'] },
  { file: 'canary.odp', kind: 'odp', categories: ['author', 'dates', 'software', 'thumbnails', 'history', 'paths', 'identifiers', 'device', 'other'] },
] as const;

describe.each(CASES)('$file', ({ file, kind, categories }) => {
  const input = fixture(`office/${file}`);
  const cleaned = stripClean(input);

  it('has canaries to find in the first place', () => {
    expect(canaryLeaks(input).length).toBeGreaterThan(3);
    expect(exiftoolLeaks(input, `in-${file}`).length).toBeGreaterThan(3);
  });

  it('is cleaned with the expected categories', async () => {
    const { result } = await cleaned;
    expect(result.kind).toBe(kind);
    // Categories from the document itself (embedded pictures may add their own).
    expect(new Set(result.removed.map((r) => r.category))).toEqual(new Set([...categories, ...(kind === 'odt' ? ['comments'] : [])]));
  });

  it('leaves no canary in the container, any member, or for exiftool', async () => {
    const { bytes } = await cleaned;
    expect(canaryLeaks(bytes)).toEqual([]);
    expect(exiftoolLeaks(bytes, file)).toEqual([]);
  });

  it('writes mimetype first and stored, and a manifest listing exactly what is there', async () => {
    const { bytes } = await cleaned;
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getUint32(0, true)).toBe(0x04034b50);
    expect(view.getUint16(8, true)).toBe(0); // stored
    expect(view.getUint16(28, true)).toBe(0); // no extra field
    expect(text(bytes.subarray(30, 38))).toBe('mimetype');
    expect(text(bytes.subarray(38, 38 + view.getUint32(18, true)))).toBe(`application/vnd.oasis.opendocument.${{ odt: 'text', ods: 'spreadsheet', odp: 'presentation' }[kind]}`);
    const files = unzipSync(bytes);
    const manifest = text(files['META-INF/manifest.xml']);
    for (const path of manifest.matchAll(/manifest:full-path="([^"]+)"/g)) {
      if (path[1] !== '/') expect(Object.keys(files)).toContain(path[1]);
    }
    expect(manifest).not.toContain('Thumbnails');
    expect(Object.keys(files).some((name) => name.startsWith('Thumbnails/'))).toBe(false);
    execFileSync('unzip', ['-tq', join(TMP, file)]); // written by the exiftool check above
    for (const [name, data] of Object.entries(files)) if (name.endsWith('.xml') && data.length) expect(parsesAsXml(text(data)), name).toBe(true);
  });

  it('empties meta.xml and strips printer, path and rsid settings', async () => {
    const files = unzipSync((await cleaned).bytes);
    expect(text(files['meta.xml'])).toMatch(/<office:meta\/><\/office:document-meta>$/);
    const settings = text(files['settings.xml']);
    expect(settings).not.toMatch(/PrinterName|PrinterSetup|CurrentDatabaseDataSource|"Rsid"|RsidRoot/);
    expect(settings).toContain('PrinterIndependentLayout');
    expect(text(files['content.xml'])).not.toMatch(/officeooo:(paragraph-)?rsid/);
  });

  it('keeps the text and the annotation, with a neutral author and no date', async () => {
    const content = text(unzipSync((await cleaned).bytes)['content.xml']);
    expect(content).toContain('The quick brown fox');
    expect(content).toMatch(/<office:annotation office:name="n1"><dc:creator>Author<\/dc:creator><meta:creator-initials>A<\/meta:creator-initials><loext:sender-initials>A<\/loext:sender-initials><text:p>Check this sentence<\/text:p><\/office:annotation>/);
  });

  it('is idempotent: a second pass removes nothing and changes nothing', async () => {
    const { bytes } = await cleaned;
    const again = await stripClean(bytes);
    expect(again.result.removed).toEqual([]);
    expect(again.bytes).toEqual(bytes);
  });

  it('never throws or passes a leak on truncated or corrupted input', async () => {
    const variants: Uint8Array[] = [];
    for (const cut of [1, 40, 300, input.length >> 1, input.length - 22, input.length - 1]) variants.push(input.subarray(0, cut));
    for (let at = 11; at < input.length; at += Math.floor(input.length / 9)) {
      const corrupt = input.slice();
      corrupt[at] = corrupt[at]! ^ 0xa5;
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

describe('canary.odt specifics', () => {
  const files = stripClean(fixture('office/canary.odt')).then(({ bytes }) => unzipSync(bytes));

  it('keeps tracked changes with a neutral author and date', async () => {
    const content = text((await files)['content.xml']);
    expect(content).toContain('<office:change-info><dc:creator>Author</dc:creator><dc:date>1980-01-01T00:00:00</dc:date></office:change-info>');
    expect(content).toContain('<text:change-start text:change-id="ct1"/>');
  });

  it('strips the picture, clears the linked file path and the file-name frame title', async () => {
    const all = await files;
    const picture = all['Pictures/x.jpg']!;
    expect([...picture.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    const content = text(all['content.xml']);
    expect(content).toContain('xlink:href="Pictures/x.jpg"');
    expect(content).toMatch(/<draw:image xlink:href="" xlink:type="simple"\/>/);
    expect(content).toContain('draw:name="Image"');
    expect(content).toContain('<svg:title/>');
    expect(content).toContain('xlink:href="https://example.org/"');
    // The empty Configurations2 file and the directory entry survive as they were.
    expect(all['Configurations2/accelerator/current.xml']).toEqual(new Uint8Array(0));
  });
});

describe('hostile ODF packages', () => {
  it('rejects an encrypted document', async () => {
    const files = unzipSync(fixture('office/canary.odt'));
    files['META-INF/manifest.xml'] = strToU8(text(files['META-INF/manifest.xml']).replace(
      '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>',
      '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/></manifest:file-entry>'));
    const { mimetype, ...rest } = files;
    const odt = zipSync({ mimetype: [mimetype!, { level: 0 }], ...rest });
    expect(await stripMetadata(odt)).toMatchObject({ status: 'rejected', code: 'encrypted' });
  });

  it('rejects entity declarations in content.xml', async () => {
    const files = unzipSync(fixture('office/canary.odt'));
    files['content.xml'] = strToU8(text(files['content.xml']).replace('<office:document-content', '<!DOCTYPE x [<!ENTITY a "CANARY">]><office:document-content'));
    const { mimetype, ...rest } = files;
    expect(await stripMetadata(zipSync({ mimetype: [mimetype!, { level: 0 }], ...rest }))).toMatchObject({ status: 'rejected', code: 'malformed' });
  });
});
