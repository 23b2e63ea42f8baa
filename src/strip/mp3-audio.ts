// Walks the MPEG audio between an MP3's leading and trailing tags, frame by frame (each header
// gives the next frame's offset), so that what is not audio is found: ID3v2 or APE tags in the
// middle (files joined together) and unrecognised bytes, which are dropped. Frames themselves,
// the Xing/Info/LAME frame included, are kept byte for byte. Only frame headers are read, from a
// 1 MiB window; frame payloads are never interpreted.
import { APE_FOOTER_BYTES, apeRemovals, parseApeBlock } from './ape-tag.ts';
import { id3v2Length, readId3v2 } from './id3-v2.ts';
import type { ElementBudget } from './isobmff-box.ts';
import type { ByteRange } from './isobmff-output.ts';
import { parseFrameHeader, sameStream, type FrameHeader } from './mp3-frames.ts';
import { SourceWindow } from './mp3-window.ts';
import type { ByteSource, Removal } from './types.ts';

export interface AudioWalk {
  kept: ByteRange[];
  removed: Removal[];
  frames: number;
  /** Bytes dropped that were neither audio frames nor a known tag. */
  unrecognisedBytes: number;
}

export async function walkAudio(source: ByteSource, start: number, end: number, budget: ElementBudget): Promise<AudioWalk> {
  const window = new SourceWindow(source, end);
  const walk: AudioWalk = { kept: [], removed: [], frames: 0, unrecognisedBytes: 0 };
  const keep = (from: number, to: number) => {
    const last = walk.kept[walk.kept.length - 1];
    if (last && last.offset + last.length === from) last.length += to - from;
    else walk.kept.push({ offset: from, length: to - from });
  };
  const headerAt = async (at: number): Promise<FrameHeader | undefined> => {
    if (!window.has(at, 4) && (await window.ensure(at, 4)) < 4) return undefined;
    return parseFrameHeader(window.byte(at)!, window.byte(at + 1)!, window.byte(at + 2)!);
  };
  /** A frame found without a previous one counts only if the next frame (or the end) follows it. */
  const confirmed = async (at: number, header: FrameHeader): Promise<boolean> => {
    const next = at + header.length;
    if (next === end) return true;
    if (next > end) return false;
    const following = await headerAt(next);
    return following !== undefined && sameStream(header, following);
  };

  let previous: FrameHeader | undefined;
  for (let at = start; at < end; ) {
    const header = await headerAt(at);
    if (header && ((previous && sameStream(previous, header)) || (await confirmed(at, header)))) {
      // The last frame may be cut short by the end of the file: it is still audio.
      const to = Math.min(at + header.length, end);
      keep(at, to);
      walk.frames++;
      previous = header;
      at = to;
      continue;
    }
    previous = undefined;
    const tag = await embeddedTag(source, at, end, budget);
    if (tag) {
      walk.removed.push(...tag.removed);
      at += tag.length;
      continue;
    }
    budget.spend();
    const next = await resync(at + 1);
    walk.unrecognisedBytes += next - at;
    at = next;
  }
  if (walk.unrecognisedBytes > 0) walk.removed.push({ category: 'other', field: 'unrecognised-data' });
  return walk;

  /** The next offset where a confirmed frame or a tag starts (or the end). */
  async function resync(from: number): Promise<number> {
    for (let p = from; p + 4 <= end; p++) {
      if (!window.has(p, 4)) await window.ensure(p, 4);
      const b = window.byte(p)!;
      if (b === 0xff) {
        const header = await headerAt(p);
        if (header && (await confirmed(p, header))) return p;
      } else if ((b === 0x49 && window.byte(p + 1) === 0x44 && window.byte(p + 2) === 0x33) || (b === 0x41 && window.byte(p + 1) === 0x50 && window.byte(p + 2) === 0x45)) {
        return p; // "ID3" or "APE": the main loop checks whether a tag really starts here
      }
    }
    return end;
  }
}

/** An ID3v2 or APE (with header) tag starting at `at` inside the audio, if one fits before `end`. */
async function embeddedTag(source: ByteSource, at: number, end: number, budget: ElementBudget): Promise<{ length: number; removed: Removal[] } | undefined> {
  const head = await source.read(at, Math.min(APE_FOOTER_BYTES, end - at));
  const id3Length = id3v2Length(head);
  if (id3Length !== undefined && at + id3Length <= end) return readId3v2(source, at, end, budget);
  const ape = parseApeBlock(head);
  if (ape && at + APE_FOOTER_BYTES + ape.itemsLength + APE_FOOTER_BYTES <= end) {
    // A header-first APE tag: header, items, footer (the header's size counts items and footer).
    const items = await source.read(at + APE_FOOTER_BYTES, ape.itemsLength);
    return { length: 2 * APE_FOOTER_BYTES + ape.itemsLength, removed: apeRemovals(items, ape.itemCount, budget) };
  }
  return undefined;
}
