// Detection by content and the dispatcher's promises: nothing unrecognised passes as clean,
// nothing throws, and text passes unchanged.
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectKind } from '../../src/strip/detect.ts';
import { bytesSource, collect, stripMetadata } from '../../src/strip/index.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const bytes = (...b: number[]) => new Uint8Array(b);
function isoBmff(brand: string, compatible: string[] = []) {
  const size = 16 + 4 * compatible.length;
  return new Uint8Array([0, 0, 0, size, ...enc('ftyp'), ...enc(brand), 0, 0, 0, 0, ...compatible.flatMap((c) => [...enc(c)])]);
}

describe('detectKind', () => {
  it.each([
    ['jpeg', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16)],
    ['png', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0)],
    ['gif', enc('GIF89a\u0001\u0000')],
    ['webp', new Uint8Array([...enc('RIFF'), 0, 0, 0, 0, ...enc('WEBPVP8 ')])],
    ['pdf', enc('%PDF-1.7\n%âãÏÓ\n')],
    ['heic', isoBmff('heic', ['mif1', 'heic'])],
    ['avif', isoBmff('avif', ['mif1', 'avif'])],
    ['mov', isoBmff('qt  ', ['qt  '])],
    ['m4a', isoBmff('M4A ', ['M4A ', 'mp42'])],
    ['mp4', isoBmff('isom', ['isom', 'mp41'])],
    ['mp3', enc('ID3\u0004\u0000\u0000')],
    ['mp3', bytes(0xff, 0xfb, 0x90, 0x64, 0, 0)],
    ['svg', enc('<?xml version="1.0"?>\n<!-- drawn by hand -->\n<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['text', enc('name,amount\nKim,3\n')],
    ['docx', zipSync({ '[Content_Types].xml': enc('<Types/>'), 'word/document.xml': enc('<w:document/>') })],
    ['xlsx', zipSync({ '[Content_Types].xml': enc('<Types/>'), 'xl/workbook.xml': enc('<workbook/>') })],
    ['pptx', zipSync({ '[Content_Types].xml': enc('<Types/>'), 'ppt/presentation.xml': enc('<p/>') })],
    ['odt', zipSync({ mimetype: [enc('application/vnd.oasis.opendocument.text'), { level: 0 }], 'content.xml': enc('<x/>') })],
    ['zip', zipSync({ 'photo.jpg': bytes(0xff, 0xd8, 0xff) })],
    ['unknown', bytes(0, 1, 2, 3, 0xfe, 0xfd)],
  ])('recognises %s by its bytes', async (kind, input) => {
    expect(await detectKind(bytesSource(input))).toBe(kind);
  });
});

describe('stripMetadata', () => {
  it('passes UTF-8 text through unchanged', async () => {
    const input = enc('날짜,금액\n2026-11-02,300\n');
    const result = await stripMetadata(input);
    expect(result).toMatchObject({ status: 'cleaned', kind: 'text', removed: [] });
    expect(await collect(result as Extract<typeof result, { status: 'cleaned' }>)).toEqual(input);
  });

  it('never calls a file clean that it does not recognise', async () => {
    expect(await stripMetadata(bytes(0, 1, 2, 3, 0xfe))).toMatchObject({ status: 'unsupported', kind: 'unknown' });
    expect(await stripMetadata(zipSync({ 'a.jpg': bytes(0xff, 0xd8) }))).toMatchObject({ status: 'unsupported' });
    // Text at the start, binary further on: not text.
    const sneaky = new Uint8Array(10_000).fill(0x61);
    sneaky[9_000] = 0;
    expect(await stripMetadata(sneaky)).toMatchObject({ status: 'unsupported' });
  });

  it('rejects an empty file and files nested beyond the depth limit', async () => {
    expect(await stripMetadata(new Uint8Array(0))).toMatchObject({ status: 'rejected', code: 'malformed' });
    expect(await stripMetadata(enc('hi'), { limits: { maxDepth: -1 } })).toMatchObject({ status: 'rejected', code: 'too_deep' });
  });
});
