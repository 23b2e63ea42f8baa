// Timed metadata tracks: telemetry recorded next to the picture, sample by sample, in mdat —
// GoPro GPMF ('gpmd': GPS5 positions, camera serial), Google's camera motion ('camm': GPS),
// Sony 'rtmd', DJI 'djmd', Apple 'mebx' (keyed metadata, e.g. location), ISO timed metadata
// ('meta' handler, ISO/IEC 14496-12 §12.3). Removing the track box alone would leave the
// samples in mdat, so the chunks its sample table points at are zeroed as well: chunk offsets
// (stco/co64 §8.7.5), samples per chunk (stsc §8.7.4) and sample sizes (stsz/stz2 §8.7.3).
import { u16be, u32be, u64be, u8 } from './bytes.ts';
import { reject } from './errors.ts';
import { childBoxes, type BoxHeader, type ElementBudget } from './isobmff-box.ts';
import type { ByteRange } from './isobmff-output.ts';
import type { Removal } from './types.ts';

/** Sample entry codes of telemetry that includes positions. */
const TELEMETRY = new Set(['gpmd', 'camm', 'rtmd', 'djmd']);
const METADATA_ENTRIES = new Set(['mebx', 'mett', 'metx', 'urim', 'dbgi', ...TELEMETRY]);
const METADATA_HANDLERS = new Set(['meta', 'camm']);
/**
 * Handlers of tracks that are content (ISO/IEC 14496-12 §12, QuickTime media types): a track
 * with any other handler is treated like a metadata track, as we cannot tell what it records.
 */
const MEDIA_HANDLERS = new Set([
  'vide', 'soun', 'auxv', 'pict', 'text', 'sbtl', 'subt', 'clcp', 'tmcd', 'hint', 'sdsm', 'odsm', 'MPEG', 'sprt', 'musi', 'twen', 'qtvr', 'obje', 'pano', 'flsh', 'strm', 'skin',
]);

/** The removal for a track if it is a timed metadata track (or of unknown media), else undefined. */
export function timedMetadataRemoval(handler: string, entryTypes: string[]): Removal | undefined {
  if (entryTypes.some((t) => TELEMETRY.has(t))) return { category: 'location', field: 'telemetry-track' };
  if (METADATA_HANDLERS.has(handler) || entryTypes.some((t) => METADATA_ENTRIES.has(t))) return { category: 'other', field: 'timed-metadata-track' };
  if (!MEDIA_HANDLERS.has(handler)) return { category: 'other', field: 'unknown-track' };
  return undefined;
}

/** Finds a box by path below `parent` (first match at each level). */
export function findBox(bytes: Uint8Array, parent: BoxHeader, path: string[], budget: ElementBudget): BoxHeader | undefined {
  let current: BoxHeader | undefined = parent;
  for (const type of path) {
    if (!current) return undefined;
    const box: BoxHeader = current;
    current = childBoxes(bytes, box.start + box.headerSize, box.start + box.size, budget).find((b) => b.type === type);
  }
  return current;
}

/** The sample entry codes of a track's stsd. */
export function sampleEntryTypes(bytes: Uint8Array, stbl: BoxHeader | undefined, budget: ElementBudget): string[] {
  const stsd = stbl && childBoxes(bytes, stbl.start + stbl.headerSize, stbl.start + stbl.size, budget).find((b) => b.type === 'stsd');
  if (!stsd || stsd.size < stsd.headerSize + 8) return [];
  return childBoxes(bytes, stsd.start + stsd.headerSize + 8, stsd.start + stsd.size, budget).map((e) => e.type);
}

/** Absolute byte ranges of every chunk of the track whose sample table is `stbl`. */
export function chunkRanges(bytes: Uint8Array, stbl: BoxHeader, budget: ElementBudget): ByteRange[] {
  const tables = new Map(childBoxes(bytes, stbl.start + stbl.headerSize, stbl.start + stbl.size, budget).map((b) => [b.type, b]));
  const payload = (type: string) => {
    const box = tables.get(type);
    return box && { from: box.start + box.headerSize, view: bytes.subarray(0, box.start + box.size) };
  };
  const offsets = readChunkOffsets(payload('stco'), payload('co64'), budget);
  const sizes = readSampleSizes(payload('stsz'), payload('stz2'));
  const stsc = payload('stsc');
  // Samples without chunk offsets, or chunks without a sample-to-chunk table, cannot be located.
  if (sizes.count > 0 && offsets.length === 0) reject('malformed', 'a sample table without chunk offsets');
  if (!stsc) return offsets.length ? reject('malformed', 'a sample table without stsc') : [];
  const entryCount = u32be(stsc.view, stsc.from + 4);
  budget.spend(entryCount);
  const runs = Array.from({ length: entryCount }, (_, i) => ({ firstChunk: u32be(stsc.view, stsc.from + 8 + i * 12), perChunk: u32be(stsc.view, stsc.from + 12 + i * 12) }));
  const ranges: ByteRange[] = [];
  let sample = 0;
  let run = 0;
  for (let chunk = 1; chunk <= offsets.length; chunk++) {
    while (run + 1 < runs.length && runs[run + 1]!.firstChunk <= chunk) run++;
    const perChunk = runs[run]?.perChunk ?? 0;
    if (perChunk > sizes.count - sample) reject('malformed', 'the sample table lists more samples than it has sizes');
    let length = 0;
    if (sizes.fixed !== 0) length = perChunk * sizes.fixed; // one size for all: no per-sample loop
    else for (let i = 0; i < perChunk; i++) length += sizes.size(sample + i);
    sample += perChunk;
    ranges.push({ offset: offsets[chunk - 1]!, length });
  }
  return ranges;
}

function readChunkOffsets(stco: { from: number; view: Uint8Array } | undefined, co64: { from: number; view: Uint8Array } | undefined, budget: ElementBudget): number[] {
  const table = stco ?? co64;
  if (!table) return [];
  const wide = !stco;
  const count = u32be(table.view, table.from + 4);
  budget.spend(count);
  return Array.from({ length: count }, (_, i) => (wide ? u64be(table.view, table.from + 8 + i * 8) : u32be(table.view, table.from + 8 + i * 4)));
}

interface SampleSizes {
  count: number;
  /** Non-zero when every sample has this size. */
  fixed: number;
  /** Size of sample i (bounds-checked: a count larger than the table ends in a rejection). */
  size: (i: number) => number;
}

function readSampleSizes(stsz: { from: number; view: Uint8Array } | undefined, stz2: { from: number; view: Uint8Array } | undefined): SampleSizes {
  if (stsz) {
    const fixed = u32be(stsz.view, stsz.from + 4);
    const count = u32be(stsz.view, stsz.from + 8);
    return { count, fixed, size: (i) => u32be(stsz.view, stsz.from + 12 + i * 4) };
  }
  if (stz2) {
    const fieldSize = u8(stz2.view, stz2.from + 7);
    const count = u32be(stz2.view, stz2.from + 8);
    const at = stz2.from + 12;
    if (fieldSize === 4) return { count, fixed: 0, size: (i) => (i % 2 === 0 ? u8(stz2.view, at + (i >> 1)) >> 4 : u8(stz2.view, at + (i >> 1)) & 15) };
    if (fieldSize === 8) return { count, fixed: 0, size: (i) => u8(stz2.view, at + i) };
    if (fieldSize === 16) return { count, fixed: 0, size: (i) => u16be(stz2.view, at + i * 2) };
    reject('malformed', `stz2 field size ${fieldSize}`);
  }
  return { count: 0, fixed: 0, size: () => 0 };
}

/** track_ID of a tkhd (§8.3.2) or tfhd (§8.8.7) box. */
export function trackId(bytes: Uint8Array, box: BoxHeader): number {
  const from = box.start + box.headerSize;
  const view = bytes.subarray(0, box.start + box.size);
  return box.type === 'tkhd' ? u32be(view, from + (u8(view, from) === 1 ? 20 : 12)) : u32be(view, from + 4);
}
