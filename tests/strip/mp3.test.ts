// MP3 stripping: every ID3v1/v1.1/TAG+, ID3v2.2/2.3/2.4 (leading, consecutive, appended with a
// footer, in the middle), APE and Lyrics3 tag removed, audio frames (the Xing/LAME frame too)
// kept byte for byte, and damaged copies refused or cleaned-and-safe.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, stripMetadata, type ByteSource, type RemovalCategory } from '../../src/strip/index.ts';
import { exiftool, exiftoolLeaks, fixture, FIXTURES, rawCanaryHits, stripClean, damagedVariants, expectSafe } from './helpers.ts';

const CASES: Array<{ name: string; categories: RemovalCategory[]; fields: string[] }> = [
  { name: 'id3v23.mp3', categories: ['author', 'comments', 'thumbnails', 'dates', 'software', 'other'], fields: ['id3-artist', 'id3-comment', 'id3-user-text', 'id3-picture', 'id3-private', 'id3-encoder'] },
  { name: 'id3v24-footer.mp3', categories: ['author', 'comments', 'thumbnails', 'dates', 'software', 'other'], fields: ['id3-artist', 'id3-date', 'id3-object', 'id3-picture', 'id3-user-text'] },
  { name: 'id3v1.mp3', categories: ['author', 'comments', 'dates', 'other'], fields: ['id3v1-artist', 'id3v1-comment'] },
  { name: 'ape-lyrics3.mp3', categories: ['author', 'comments', 'thumbnails', 'dates', 'software'], fields: ['ape-artist', 'ape-picture', 'lyrics3-artist', 'id3v1-artist'] },
];

/** The fixtures' audio: the Xing/LAME frame then MPEG-1 Layer III frames (417/418 bytes). */
function audioOf(bytes: Uint8Array): Uint8Array {
  const start = Buffer.from(bytes).indexOf(Buffer.from([0xff, 0xfb, 0x90, 0x64]));
  let at = start;
  while (bytes[at] === 0xff && bytes[at + 1] === 0xfb) at += bytes[at + 2] === 0x92 ? 418 : 417;
  return bytes.subarray(start, at);
}

it('mp3 fixtures carry metadata that exiftool reads (else the checks below prove nothing)', () => {
  const out = execFileSync('exiftool', ['-j', '-a', '-G1', ...CASES.map((c) => join(FIXTURES, 'media', c.name))]).toString();
  for (const tags of JSON.parse(out) as Array<Record<string, unknown>>) {
    expect(Object.values(tags).some((v) => String(v).includes('CANARY')), String(tags.SourceFile)).toBe(true);
  }
});

describe.each(CASES)('mp3 $name', ({ name, categories, fields }) => {
  const input = fixture(`media/${name}`);

  it('removes every tag and keeps exactly the audio frames', async () => {
    const { result, bytes } = await stripClean(input);
    expect(result.kind).toBe('mp3');
    expect(result.mimeType).toBe('audio/mpeg');
    expect(result.size).toBe(bytes.length);
    const found = new Set(result.removed.map((r) => r.category));
    for (const c of categories) expect(found, c).toContain(c);
    for (const f of fields) expect(result.removed.map((r) => r.field), f).toContain(f);
    expect(rawCanaryHits(bytes)).toEqual([]);
    expect(exiftoolLeaks(bytes)).toEqual([]);
    expect(bytes).toEqual(audioOf(input));
    expect(String.fromCharCode(...bytes.subarray(36, 40))).toBe('Xing'); // the LAME frame is audio structure
  });

  it('is idempotent', async () => {
    const first = await stripClean(input);
    const second = await stripClean(first.bytes);
    expect(second.result.removed).toEqual([]);
    expect(second.bytes).toEqual(first.bytes);
  });

  it('gives rejected or cleaned-and-safe for truncated and corrupted copies, never a throw', async () => {
    for (const variant of damagedVariants(input, 32, 96, 4242)) await expectSafe(variant);
  });
});

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const syncsafe = (v: number) => [(v >>> 21) & 127, (v >>> 14) & 127, (v >>> 7) & 127, v & 127];
const id3 = (major: number, flags: number, body: number[]) => [...ascii('ID3'), major, 0, flags, ...syncsafe(body.length), ...body];
const frame23 = (id: string, text: string) => [...ascii(id), 0, 0, 0, text.length + 1, 0, 0, 0, ...ascii(text)];

describe('mp3 tricky cases', () => {
  const audio = audioOf(fixture('media/id3v1.mp3'));

  it('removes an ID3v2 tag between two joined files and keeps both audio parts', async () => {
    const joined = Uint8Array.from([...audio, ...id3(3, 0, frame23('TPE1', 'CANARY-middle')), ...audio]);
    const { result, bytes } = await stripClean(joined);
    expect(bytes).toEqual(Uint8Array.from([...audio, ...audio]));
    expect(result.removed).toContainEqual({ category: 'author', field: 'id3-artist' });
  });

  it('removes a footer-only APE tag (APEv1 style) and a Lyrics3 v1 tag', async () => {
    const le32 = (v: number) => [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255];
    const item = [...le32(13), ...le32(0), ...ascii('Artist'), 0, ...ascii('CANARY-artist')];
    const footer = [...ascii('APETAGEX'), ...le32(1000), ...le32(item.length + 32), ...le32(1), ...le32(0), ...new Array(8).fill(0)];
    const ape = await stripClean(Uint8Array.from([...audio, ...item, ...footer]));
    expect(ape.bytes).toEqual(audio);
    expect(ape.result.removed).toContainEqual({ category: 'author', field: 'ape-artist' });
    const lyrics = await stripClean(Uint8Array.from([...audio, ...ascii('LYRICSBEGIN[00:01]CANARY sings LYRICSEND')]));
    expect(lyrics.bytes).toEqual(audio);
    expect(lyrics.result.removed).toContainEqual({ category: 'comments', field: 'lyrics3-lyrics' });
  });

  it('drops unrecognised bytes inside the audio and says so', async () => {
    const junk = [...ascii('CANARY-junk-between-frames'), 0, 0];
    const { result, bytes } = await stripClean(Uint8Array.from([...audio.subarray(0, 834), ...junk, ...audio.subarray(834)]));
    expect(bytes).toEqual(audio);
    expect(result.removed).toContainEqual({ category: 'other', field: 'unrecognised-data' });
  });

  it('reads frames of an unsynchronised ID3v2.3 tag', async () => {
    const body = frame23('TPE1', 'CANARY-\u00ff\u00e0-unsync');
    const unsync = body.flatMap((b, i) => (b === 0xff && ((body[i + 1] ?? 0) & 0xe0) === 0xe0 ? [b, 0] : [b]));
    const { result, bytes } = await stripClean(Uint8Array.from([...id3(3, 0x80, unsync), ...audio]));
    expect(bytes).toEqual(audio);
    expect(result.removed).toContainEqual({ category: 'author', field: 'id3-artist' });
  });

  it('rejects an ID3v2 tag whose size runs past the end, and a file with no audio frames', async () => {
    expect(await stripMetadata(Uint8Array.from([...ascii('ID3'), 3, 0, 0, 127, 127, 127, 127, ...audio.subarray(0, 500)]))).toMatchObject({ status: 'rejected', code: 'malformed' });
    expect(await stripMetadata(Uint8Array.from([...id3(3, 0, frame23('TPE1', 'CANARY')), ...new Array(2000).fill(0x55)]))).toMatchObject({ status: 'rejected' });
  });

  it('does not pass off free-format audio (no frame length) as cleaned', async () => {
    const freeFormat = new Uint8Array(4000).fill(0x11);
    for (let at = 0; at < 4000; at += 400) freeFormat.set([0xff, 0xfb, 0x00, 0x64], at);
    const result = await stripMetadata(Uint8Array.from([...id3(3, 0, frame23('TPE1', 'CANARY')), ...freeFormat]));
    expect(result.status).toBe('unsupported');
  });

  it('rejects too many consecutive tags', async () => {
    const tags = Array.from({ length: 50 }, () => id3(3, 0, frame23('TPE1', 'CANARY'))).flat();
    expect(await stripMetadata(Uint8Array.from([...tags, ...audio]), { limits: { maxElements: 20 } })).toMatchObject({ status: 'rejected', code: 'too_many_elements' });
  });

  it('keeps the audio stream recognisable to an independent reader', async () => {
    const { bytes } = await stripClean(fixture('media/id3v23.mp3'));
    const tags = exiftool(bytes);
    expect(tags['MPEG:SampleRate']).toBe(44100);
    expect(tags['MPEG:AudioLayer']).toBe(3);
  });

  it('streams a 32 MB file in pieces with the announced size', async () => {
    const frame = audio.subarray(417, 834); // one 417-byte frame
    const count = Math.ceil((32 * 1024 * 1024) / frame.length);
    const tag = Uint8Array.from(id3(4, 0, [...ascii('TPE1'), ...syncsafe(14), 0, 0, 3, ...ascii('CANARY-large')]));
    const size = tag.length + count * frame.length;
    const source: ByteSource = {
      size,
      read: async (offset, length) => {
        const out = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
        for (let i = 0; i < out.length; ) {
          const at = offset + i;
          const chunk = at < tag.length ? tag.subarray(at) : frame.subarray((at - tag.length) % frame.length);
          const n = Math.min(chunk.length, out.length - i);
          out.set(chunk.subarray(0, n), i);
          i += n;
        }
        return out;
      },
    };
    const result = await stripMetadata(source);
    expect(result.status).toBe('cleaned');
    if (result.status !== 'cleaned') return;
    expect(result.size).toBe(count * frame.length);
    let total = 0;
    let largest = 0;
    for await (const piece of result.open()) (total += piece.length), (largest = Math.max(largest, piece.length));
    expect(total).toBe(result.size);
    expect(largest).toBeLessThanOrEqual(1 << 20);
  }, 60_000);
});
