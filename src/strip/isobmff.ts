// ISO base media files (MP4, MOV, M4A; HEIC and AVIF images): ISO/IEC 14496-12, QuickTime File
// Format, ISO/IEC 23008-12 (HEIF). Cleaned in place, in bounded memory: the top-level boxes are
// walked by reading their headers; only the small ones that hold metadata (moov, moof, meta,
// ftyp, udta) are loaded (64 MiB at most each); mdat and other large boxes pass through in
// pieces. Removed boxes become 'free' boxes of the same size and metadata items are zeroed, so
// the output has the input's size and every offset into it (stco/co64, iloc, tfhd) stays valid.
// Media data that no kept track or image item refers to is zeroed as well.
import { reject } from './errors.ts';
import { cleanImageMeta, isImageMeta, type MetadataItemRange } from './heif-meta.ts';
import { exifItemRemovals } from './heif-exif.ts';
import { ElementBudget, readTopLevelHeader, UnsupportedStructure, usertype, XMP_UUID, type BoxHeader } from './isobmff-box.ts';
import { cleanMovieBox, type MovieContext } from './isobmff-movie.ts';
import { PIECE_BYTES, planPatches, streamSegments, uncoveredRanges, type ByteRange, type Replacement } from './isobmff-output.ts';
import { metaRemovals, userDataRemovals } from './isobmff-tags.ts';
import { xmpRemovals } from './isobmff-xmp.ts';
import { mergeRemovals } from './source.ts';
import type { ByteSource, FileKind, Removal, StripResult, Stripper } from './types.ts';

/** Largest header box held in memory; real moov boxes of long recordings are a few MiB. */
const MAX_LOADED_BOX_BYTES = 64 * 1024 * 1024;
const MAX_SCANNED_METADATA_BYTES = 4 * 1024 * 1024;

const MIME_TYPES: Partial<Record<FileKind, string>> = {
  mp4: 'video/mp4', mov: 'video/quicktime', m4a: 'audio/mp4', heic: 'image/heic', avif: 'image/avif',
};

/** Top-level boxes kept as they are: media data and indexes (§8.1.1 mdat, §8.8.10 mfra, §8.16.3 sidx). */
const KEEP_TOP_LEVEL = new Set(['mdat', 'mfra', 'sidx', 'ssix', 'pdin']);

export const stripIsoBmff: Stripper = async (source, kind, ctx) => {
  try {
    return await strip(source, kind, ctx.limits);
  } catch (error) {
    if (error instanceof UnsupportedStructure) return { status: 'unsupported', kind, reason: `${error.message} cannot be cleaned` };
    throw error;
  }
};

async function strip(source: ByteSource, kind: FileKind, limits: MovieContext['limits']): Promise<StripResult> {
  const removed: Removal[] = [];
  const zeroed: ByteRange[] = [];
  const ctx: MovieContext = { budget: new ElementBudget(limits.maxElements), limits, quickTime: kind === 'mov', removed, zeroed, sampleData: [], metadataTracks: new Set(), trackData: [] };
  const replacements: Replacement[] = [];
  const items: MetadataItemRange[] = [];
  /** mdat and idat payloads: in a still image they hold item data only. */
  const itemData: ByteRange[] = [];
  let imageData: ByteRange[] | undefined;
  let foundHeader = false;
  let foundMovie = false;
  let foundFragments = false;
  let imageMeta = false;
  /** mdat payloads, for media data that no track refers to. */
  const mediaData: ByteRange[] = [];
  const load = async (box: BoxHeader) => {
    if (box.size > Math.min(MAX_LOADED_BOX_BYTES, limits.maxInMemoryBytes)) reject('too_large', `'${box.type}' box larger than ${MAX_LOADED_BOX_BYTES} bytes`);
    const bytes = (await source.read(box.start, box.size)).slice(); // a copy: the input is never modified
    if (bytes.length !== box.size) reject('malformed', 'the file is cut short');
    return { bytes, local: { ...box, start: 0 } };
  };
  const free = (box: BoxHeader, head: Uint8Array, removals: Removal[]) => {
    const header = head.slice(0, box.large ? 16 : 8);
    header.set([0x66, 0x72, 0x65, 0x65], 4); // 'free' (§8.1.2)
    replacements.push({ offset: box.start, bytes: header });
    zeroed.push({ offset: box.start + header.length, length: box.size - header.length });
    removed.push(...removals);
  };

  for (let at = 0; at < source.size; ) {
    if (source.size - at < 8) {
      // Too short for a box: stray bytes after the last one.
      if (await anyNonZeroIn(source, at, source.size)) {
        zeroed.push({ offset: at, length: source.size - at });
        removed.push({ category: 'other', field: 'trailing-data' });
      }
      break;
    }
    ctx.budget.spend();
    const { box, head } = await readTopLevelHeader(source, at);
    at += box.size;
    if (box.type === 'ftyp' || box.type === 'styp') {
      // §4.3: major brand, minor version, compatible brands. 'qt  ' means QuickTime semantics.
      const { bytes } = await load(box);
      ctx.quickTime = String.fromCharCode(...bytes.subarray(box.headerSize, box.headerSize + 4)) === 'qt  ';
    } else if (box.type === 'moov' || box.type === 'moof') {
      foundHeader = true;
      foundMovie = true;
      foundFragments ||= box.type === 'moof';
      const { bytes, local } = await load(box);
      if (cleanMovieBox(bytes, local, ctx)) replacements.push({ offset: box.start, bytes });
    } else if (box.type === 'meta') {
      const { bytes, local } = await load(box);
      if (isImageMeta(bytes, local, ctx)) {
        // ISO/IEC 23008-12 §6.2: one file-level meta box; a second would make item ids ambiguous.
        if (imageMeta) reject('malformed', 'more than one image meta box');
        foundHeader = true;
        imageMeta = true;
        const cleaned = cleanImageMeta(bytes, local, box.start, source.size, ctx);
        if (cleaned.changed) replacements.push({ offset: box.start, bytes });
        items.push(...cleaned.items);
        imageData = cleaned.imageData;
        itemData.push(...cleaned.itemDataBoxes);
      } else {
        free(box, head, metaRemovals(bytes, local, ctx.budget));
      }
    } else if (box.type === 'free' || box.type === 'skip' || box.type === 'wide') {
      if (await anyNonZeroIn(source, box.start + box.headerSize, box.start + box.size)) {
        zeroed.push({ offset: box.start + box.headerSize, length: box.size - box.headerSize });
        removed.push({ category: 'other', field: 'leftover-free-space' });
      }
    } else if (box.type === 'uuid') {
      const xmp = usertype(head, 0, box) === XMP_UUID;
      const payload = xmp ? await source.read(box.start + box.headerSize, Math.min(box.size - box.headerSize, MAX_SCANNED_METADATA_BYTES)) : undefined;
      free(box, head, payload ? xmpRemovals(payload) : [{ category: 'other', field: 'vendor-box' }]);
    } else if (box.type === 'udta') {
      const { bytes, local } = await load(box);
      free(box, head, userDataRemovals(bytes, local, ctx.budget));
    } else if (box.type === 'pnot' || box.type === 'PICT') {
      // QuickTime preview: a reference atom and the picture it points to.
      free(box, head, [{ category: 'thumbnails', field: 'quicktime-preview' }]);
    } else if (box.type === 'mdat') {
      itemData.push({ offset: box.start + box.headerSize, length: box.size - box.headerSize });
      mediaData.push({ offset: box.start + box.headerSize, length: box.size - box.headerSize });
    } else if (!KEEP_TOP_LEVEL.has(box.type)) {
      free(box, head, [{ category: 'other', field: 'unknown-box' }]);
    }
  }
  if (!foundHeader) reject('malformed', 'no movie header (moov) or image header (meta) found');
  // Image data must not lie in a box zeroed above (free space, an unknown box): the picture
  // would be lost. No writer does this; a file that does is not cleaned.
  if (imageData?.some((data) => zeroed.some((z) => z.offset < data.offset + data.length && data.offset < z.offset + z.length))) {
    throw new UnsupportedStructure('image data stored outside the media data box');
  }
  for (const sample of ctx.sampleData) {
    if (!(await anyNonZeroIn(source, sample.offset, sample.offset + sample.length))) continue;
    zeroed.push(sample);
    removed.push(sample.removal);
  }
  for (const item of items) {
    const found = await metadataItemRemovals(source, item, limits.maxElements);
    if (found.length === 0) continue; // already zero: nothing to remove
    zeroed.push(item);
    removed.push(...found);
  }
  if (imageData && !foundMovie) {
    // A still image: mdat and idat hold item data only. Bytes no item refers to (an earlier Exif
    // block an editor left behind, data of a removed item) are zeroed too.
    if (await zeroUncovered(source, itemData, [...imageData, ...items], zeroed)) removed.push({ category: 'other', field: 'unreferenced-data' });
  }
  if (foundMovie && !foundFragments && ctx.trackData && !(imageMeta && imageData === undefined)) {
    // Media data no kept track (or image item, in a file that has both) refers to: samples of a
    // removed track that its damaged sample table no longer points at, an earlier recording's
    // leftovers. (In fragments, samples are located by trun boxes, which this does not follow.)
    const covered = [...ctx.trackData, ...(imageData ?? []), ...items, ...zeroed];
    if (await zeroUncovered(source, mediaData, covered, zeroed)) removed.push({ category: 'other', field: 'unreferenced-data' });
  }
  const segments = planPatches(source.size, replacements, zeroed);
  return {
    status: 'cleaned',
    kind,
    mimeType: MIME_TYPES[kind] ?? 'application/octet-stream',
    size: source.size,
    removed: mergeRemovals(removed),
    open: () => streamSegments(source, segments),
  };
}

/** Names an Exif/XMP/other metadata item's content; empty when its bytes are already all zero. */
/**
 * Adds to `zeroed` every part of `areas` that `covered` leaves out and that holds a non-zero
 * byte (data nothing refers to); true when there was any.
 */
async function zeroUncovered(source: ByteSource, areas: readonly ByteRange[], covered: ByteRange[], zeroed: ByteRange[]): Promise<boolean> {
  let found = false;
  for (const area of areas) {
    for (const gap of uncoveredRanges(area.offset, area.offset + area.length, covered)) {
      if (!(await anyNonZeroIn(source, gap.offset, gap.offset + gap.length))) continue;
      zeroed.push(gap);
      found = true;
    }
  }
  return found;
}

async function metadataItemRemovals(source: ByteSource, item: MetadataItemRange, maxElements: number): Promise<Removal[]> {
  if (!(await anyNonZeroIn(source, item.offset, item.offset + item.length))) return [];
  const head = await source.read(item.offset, Math.min(item.length, MAX_SCANNED_METADATA_BYTES));
  if (item.kind === 'exif') return exifItemRemovals(head, maxElements);
  if (item.kind === 'xmp') return xmpRemovals(head);
  return [{ category: 'other', field: item.kind === 'uri' ? 'uri-metadata' : item.kind === 'mime' ? 'mime-metadata' : 'unknown-item' }];
}

/** Whether [from, to) of the source holds a non-zero byte, read in pieces. */
async function anyNonZeroIn(source: ByteSource, from: number, to: number): Promise<boolean> {
  for (let at = from; at < to; at += PIECE_BYTES) {
    const piece = await source.read(at, Math.min(PIECE_BYTES, to - at));
    if (piece.length === 0) reject('malformed', 'the file is cut short');
    if (piece.some((b) => b !== 0)) return true;
  }
  return false;
}
