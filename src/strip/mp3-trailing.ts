// Tags appended after the audio of an MP3 file, found backwards from the end: ID3v1 (+ TAG+),
// ID3v2 with a "3DI" footer (ID3v2.4 "structure" §3.4), APEv1/v2 (footer "APETAGEX"), and
// Lyrics3 v1/v2. They may follow each other in any order; the caller peels them one at a time.
import { APE_FOOTER_BYTES, apeRemovals, parseApeBlock } from './ape-tag.ts';
import { ascii, indexOfBytes, asciiBytes } from './bytes.ts';
import { id3v1EnhancedRemovals, id3v1Removals, ID3V1_BYTES, ID3V1_ENHANCED_BYTES, isId3v1, isId3v1Enhanced } from './id3-v1.ts';
import { id3v2Length, readId3v2, syncsafe } from './id3-v2.ts';
import type { ElementBudget } from './isobmff-box.ts';
import { LYRICS3_BEGIN, LYRICS3_V1_END, LYRICS3_V1_MAX_BYTES, LYRICS3_V2_END, lyrics3v2Removals, lyrics3v2Size } from './mp3-lyrics3.ts';
import type { ByteSource, Removal } from './types.ts';

const MAX_PARSED_TAG_BYTES = 16 * 1024 * 1024;

/** The tag ending at `end` (and starting at or after `start`), or undefined if none does. */
export async function readTrailingTag(source: ByteSource, start: number, end: number, budget: ElementBudget): Promise<{ start: number; removed: Removal[] } | undefined> {
  const room = end - start;
  if (room < 9) return undefined;
  const tail = await source.read(end - Math.min(room, ID3V1_BYTES + ID3V1_ENHANCED_BYTES), Math.min(room, ID3V1_BYTES + ID3V1_ENHANCED_BYTES));
  const last = (n: number) => tail.subarray(tail.length - n);
  budget.spend();

  if (room >= ID3V1_BYTES && isId3v1(last(ID3V1_BYTES))) {
    const removed = id3v1Removals(last(ID3V1_BYTES));
    const enhanced = room >= ID3V1_BYTES + ID3V1_ENHANCED_BYTES ? tail.subarray(0, ID3V1_ENHANCED_BYTES) : undefined;
    if (enhanced && isId3v1Enhanced(enhanced)) return { start: end - ID3V1_BYTES - ID3V1_ENHANCED_BYTES, removed: [...removed, ...id3v1EnhancedRemovals(enhanced)] };
    return { start: end - ID3V1_BYTES, removed };
  }

  if (room >= 20 && ascii(last(10), 0, 3) === '3DI') {
    const size = syncsafe(last(10), 6);
    const tagStart = size === undefined ? -1 : end - 20 - size;
    if (tagStart >= start && id3v2Length(await source.read(tagStart, 10)) === end - tagStart) {
      const tag = await readId3v2(source, tagStart, end, budget);
      if (tag) return { start: tagStart, removed: tag.removed };
    }
  }

  if (room >= APE_FOOTER_BYTES) {
    const footer = parseApeBlock(last(APE_FOOTER_BYTES));
    if (footer && footer.length <= room) {
      const itemsAt = end - APE_FOOTER_BYTES - footer.itemsLength;
      const removed = footer.itemsLength <= MAX_PARSED_TAG_BYTES
        ? apeRemovals(await source.read(itemsAt, footer.itemsLength), footer.itemCount, budget)
        : [{ category: 'other' as const, field: 'ape-tag' }];
      return { start: end - footer.length, removed };
    }
  }

  const marker = ascii(last(9), 0, 9);
  if (marker === LYRICS3_V2_END && room >= 15 + LYRICS3_BEGIN.length) {
    const size = lyrics3v2Size(last(15));
    const tagStart = size === undefined ? -1 : end - 15 - size;
    if (tagStart >= start && size! >= LYRICS3_BEGIN.length) {
      const tag = await source.read(tagStart, size!);
      if (ascii(tag, 0, LYRICS3_BEGIN.length) === LYRICS3_BEGIN) return { start: tagStart, removed: lyrics3v2Removals(tag.subarray(LYRICS3_BEGIN.length)) };
    }
  }
  if (marker === LYRICS3_V1_END) {
    const from = Math.max(start, end - LYRICS3_V1_MAX_BYTES);
    const window = await source.read(from, end - from);
    const begin = indexOfBytes(window, asciiBytes(LYRICS3_BEGIN));
    if (begin !== -1) return { start: from + begin, removed: [{ category: 'comments', field: 'lyrics3-lyrics' }] };
  }
  return undefined;
}
