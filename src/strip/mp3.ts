// MP3 files: ID3v2 tags at the start (several may follow each other), tags appended at the end
// (ID3v1 and TAG+, ID3v2 with footer, APE, Lyrics3), and anything inside the audio that is not
// an MPEG audio frame. Tags are removed whole (cover art goes with its tag); audio frames are
// kept byte for byte. The output is the kept ranges of the input, streamed in pieces: its size
// is known once the tags and frames have been located, before anything is produced.
import { reject } from './errors.ts';
import { readId3v2 } from './id3-v2.ts';
import { ElementBudget } from './isobmff-box.ts';
import { streamSegments, type Segment } from './isobmff-output.ts';
import { walkAudio } from './mp3-audio.ts';
import { readTrailingTag } from './mp3-trailing.ts';
import { mergeRemovals } from './source.ts';
import type { Removal, Stripper } from './types.ts';

/** Dropping more than this much unrecognised data would no longer be "keeping the audio". */
const MAX_UNRECOGNISED_SHARE = 0.25;
const UNRECOGNISED_ALLOWANCE = 64 * 1024;

export const stripMp3: Stripper = async (source, kind, ctx) => {
  const budget = new ElementBudget(ctx.limits.maxElements);
  const removed: Removal[] = [];
  let start = 0;
  for (let tag = await readId3v2(source, 0, source.size, budget); tag; tag = await readId3v2(source, start, source.size, budget)) {
    removed.push(...tag.removed);
    start += tag.length;
  }
  let end = source.size;
  for (let tag = await readTrailingTag(source, start, end, budget); tag; tag = await readTrailingTag(source, start, end, budget)) {
    removed.push(...tag.removed);
    end = tag.start;
  }
  const audio = await walkAudio(source, start, end, budget);
  if (audio.frames === 0) {
    // Free-format MPEG audio (bitrate index 0) is valid but its frame lengths are not written down.
    const head = await source.read(start, Math.min(4, end - start));
    if (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0 && ((head[2] ?? 0xff) & 0xf0) === 0) {
      return { status: 'unsupported', kind, reason: 'free-format MPEG audio cannot be followed frame by frame' };
    }
    reject('malformed', 'no MPEG audio frames found');
  }
  if (audio.unrecognisedBytes > UNRECOGNISED_ALLOWANCE && audio.unrecognisedBytes > (end - start) * MAX_UNRECOGNISED_SHARE) {
    return { status: 'unsupported', kind, reason: 'the audio stream could not be followed (free-format or damaged MPEG audio)' };
  }
  removed.push(...audio.removed);
  const segments: Segment[] = audio.kept.map((range) => ({ kind: 'source', offset: range.offset, length: range.length }));
  return {
    status: 'cleaned',
    kind,
    mimeType: 'audio/mpeg',
    size: audio.kept.reduce((n, range) => n + range.length, 0),
    removed: mergeRemovals(removed),
    open: () => streamSegments(source, segments),
  };
};
