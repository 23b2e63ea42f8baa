// Output of the in-place strippers: the input passed through in pieces, with some byte ranges
// replaced (a cleaned moov held in memory) or zeroed (a removed box's payload, an Exif item in
// mdat). Only the replaced boxes are ever held whole; passthrough is read ~1 MiB at a time.
// Also used by the MP3 stripper, whose output is kept ranges of the input.
import { reject } from './errors.ts';
import type { ByteSource } from './types.ts';

export const PIECE_BYTES = 1 << 20;

export type Segment =
  | { kind: 'source'; offset: number; length: number }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'zeros'; length: number };

export interface Replacement {
  offset: number;
  bytes: Uint8Array;
}

export interface ByteRange {
  offset: number;
  length: number;
}

/**
 * Segments covering [0, size): the source, except the replacements (which must not overlap:
 * they are distinct boxes) and the zeroed ranges (which may overlap anything; where one falls on
 * a replacement, the replacement's own bytes are zeroed).
 */
export function planPatches(size: number, replacements: Replacement[], zeroed: ByteRange[]): Segment[] {
  const reps = [...replacements].sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < reps.length; i++) {
    if (reps[i - 1]!.offset + reps[i - 1]!.bytes.length > reps[i]!.offset) reject('malformed', 'overlapping boxes');
  }
  // Each zero range is cut into the parts outside the replacements; the parts inside are applied.
  const zeros: ByteRange[] = [];
  for (const z of zeroed) {
    if (z.length <= 0) continue;
    if (z.offset < 0 || z.offset + z.length > size) reject('malformed', 'a data range lies outside the file');
    let from = z.offset;
    const to = z.offset + z.length;
    for (const r of reps) {
      const rEnd = r.offset + r.bytes.length;
      if (rEnd <= from || r.offset >= to) continue;
      if (r.offset > from) zeros.push({ offset: from, length: r.offset - from });
      r.bytes.fill(0, Math.max(from, r.offset) - r.offset, Math.min(to, rEnd) - r.offset);
      from = Math.min(to, rEnd);
    }
    if (from < to) zeros.push({ offset: from, length: to - from });
  }
  zeros.sort((a, b) => a.offset - b.offset);
  const merged: ByteRange[] = [];
  for (const z of zeros) {
    const last = merged[merged.length - 1];
    if (last && last.offset + last.length >= z.offset) last.length = Math.max(last.length, z.offset + z.length - last.offset);
    else merged.push({ ...z });
  }
  // Sweep both sorted lists (they no longer overlap each other) and fill the gaps from the source.
  const edits: Segment[] = [];
  const starts: number[] = [];
  let i = 0;
  let j = 0;
  while (i < reps.length || j < merged.length) {
    const takeRep = j >= merged.length || (i < reps.length && reps[i]!.offset < merged[j]!.offset);
    if (takeRep) {
      starts.push(reps[i]!.offset);
      edits.push({ kind: 'bytes', bytes: reps[i++]!.bytes });
    } else {
      starts.push(merged[j]!.offset);
      edits.push({ kind: 'zeros', length: merged[j++]!.length });
    }
  }
  const segments: Segment[] = [];
  let at = 0;
  edits.forEach((edit, k) => {
    const start = starts[k]!;
    if (start > at) segments.push({ kind: 'source', offset: at, length: start - at });
    segments.push(edit);
    at = start + segmentLength(edit);
  });
  if (at < size) segments.push({ kind: 'source', offset: at, length: size - at });
  return segments;
}

export function segmentLength(segment: Segment): number {
  return segment.kind === 'bytes' ? segment.bytes.length : segment.length;
}

/** Produces the segments in pieces of at most PIECE_BYTES. Pieces are read-only views: no copy is made. */
export async function* streamSegments(source: ByteSource, segments: Segment[]): AsyncIterable<Uint8Array> {
  for (const segment of segments) {
    if (segment.kind === 'bytes') {
      for (let at = 0; at < segment.bytes.length; at += PIECE_BYTES) yield segment.bytes.subarray(at, at + PIECE_BYTES);
    } else if (segment.kind === 'zeros') {
      for (let left = segment.length; left > 0; left -= PIECE_BYTES) yield new Uint8Array(Math.min(left, PIECE_BYTES));
    } else {
      for (let at = segment.offset; at < segment.offset + segment.length; at += PIECE_BYTES) {
        const length = Math.min(PIECE_BYTES, segment.offset + segment.length - at);
        const piece = await source.read(at, length);
        // A source that changed size under us must not yield a shorter file than announced.
        if (piece.length !== length) throw new Error('the file changed while it was being read');
        yield piece;
      }
    }
  }
}

/** The parts of [from, to) that none of `covered` overlaps, in order. */
export function uncoveredRanges(from: number, to: number, covered: ByteRange[]): ByteRange[] {
  const gaps: ByteRange[] = [];
  let at = from;
  for (const range of [...covered].sort((a, b) => a.offset - b.offset)) {
    if (range.offset + range.length <= at) continue;
    if (range.offset >= to) break;
    if (range.offset > at) gaps.push({ offset: at, length: range.offset - at });
    at = Math.max(at, range.offset + range.length);
  }
  if (at < to) gaps.push({ offset: at, length: to - at });
  return gaps;
}
