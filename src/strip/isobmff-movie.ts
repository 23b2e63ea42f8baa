// Cleans a movie header box (moov) or a movie fragment (moof) held in memory, in place.
// Known structural boxes are kept (sample tables, edit lists, headers: everything a player
// needs), provided they have the size their own fields give them (isobmff-layouts.ts: a box
// that claims more would carry the boxes after it through uncleaned); metadata boxes become
// 'free' boxes of the same size; dates are zeroed; names are
// blanked. A box we do not know is freed too: in these trees players ignore what they do not
// know, while a vendor box we do not know may carry a serial number or a location.
import { reject } from './errors.ts';
import { checkDepth, childBoxes, ElementBudget, UnsupportedStructure, usertype, XMP_UUID, type BoxHeader } from './isobmff-box.ts';
import { freeBox, handlerType, neutraliseHandler, zeroFreeSpace } from './isobmff-edit.ts';
import { checkKeptBox, MOVIE_CONTAINERS } from './isobmff-layouts.ts';
import { cleanSampleDescriptions } from './isobmff-sample-entries.ts';
import { userDataRemovals } from './isobmff-tags.ts';
import { xmpRemovals } from './isobmff-xmp.ts';
import type { ByteRange } from './isobmff-output.ts';
import { chunkRanges, findBox, sampleEntryTypes, timedMetadataRemoval, trackId } from './isobmff-timed-metadata.ts';
import type { Removal, StripLimits } from './types.ts';

export interface MovieContext {
  budget: ElementBudget;
  limits: StripLimits;
  /** QuickTime semantics (ftyp 'qt  ' or no ftyp): sound sample description versions differ. */
  quickTime: boolean;
  removed: Removal[];
  /** Absolute file ranges to zero (samples of removed timed metadata tracks). */
  zeroed: ByteRange[];
  /** Sample data to zero, and report, if it is not zero already (timecode samples). */
  sampleData: Array<ByteRange & { removal: Removal }>;
  /** track_IDs of removed timed metadata tracks, whose fragments cannot be cleaned. */
  metadataTracks: Set<number>;
  /**
   * Absolute file ranges of the kept tracks' samples (their chunks); undefined once a kept track
   * is met whose samples cannot be located. In a movie without fragments, media data outside
   * them belongs to no track.
   */
  trackData: ByteRange[] | undefined;
}

/** ISO/IEC 14496-12 §8.2-§8.10 containers whose children are cleaned one by one. */
const CONTAINERS = new Set(MOVIE_CONTAINERS);

/** Structural boxes kept as they are: they hold timing, sample tables and layout, not metadata. */
const KEEP = new Set([
  'stts', 'ctts', 'cslg', 'stss', 'stps', 'sdtp', 'stsc', 'stsz', 'stz2', 'stco', 'co64', 'sgpd', 'sbgp',
  'subs', 'saiz', 'saio', 'stsh', 'padb', 'mehd', 'trex', 'trep', 'leva', 'iods', 'elst', 'vmhd', 'smhd',
  'hmhd', 'nmhd', 'sthd', 'gmhd', 'tref', 'tapt', 'load', 'imap', 'clip', 'matt', 'kmat', 'mfhd', 'tfhd',
  'tfdt', 'trun', 'txas', 'elng', 'ctab', 'strk', 'kind',
]);

/** Boxes that mean the media is encrypted (ISO/IEC 23001-7 §8; protected sample entries §8.12). */
export const ENCRYPTION_BOXES = new Set(['pssh', 'sinf', 'senc', 'tenc', 'schm']);

/** Header boxes with creation/modification times (§8.2.2 mvhd, §8.3.2 tkhd, §8.4.2 mdhd). */
const DATED: Record<string, string> = { mvhd: 'movie-dates', tkhd: 'track-dates', mdhd: 'media-dates' };

export function cleanMovieBox(bytes: Uint8Array, box: BoxHeader, ctx: MovieContext): boolean {
  return new MovieCleaner(bytes, ctx).clean(box, 1, '');
}

class MovieCleaner {
  private changed = false;
  constructor(private readonly bytes: Uint8Array, private readonly ctx: MovieContext) {}

  clean(box: BoxHeader, depth: number, handler: string): boolean {
    this.box(box, depth, handler);
    return this.changed;
  }

  private box(box: BoxHeader, depth: number, handler: string): void {
    checkDepth(depth, this.ctx.limits);
    const { bytes, ctx } = this;
    const from = box.start + box.headerSize;
    const end = box.start + box.size;
    if (box.type === 'trak' && this.removeTimedMetadataTrack(box)) return;
    if (box.type === 'traf') this.checkFragmentTrack(box);
    if (CONTAINERS.has(box.type)) {
      const trackHandler = box.type === 'trak' ? this.trackHandler(box) : handler;
      for (const child of childBoxes(bytes, from, end, ctx.budget)) this.box(child, depth + 1, trackHandler);
      if (box.type === 'trak') this.noteTrackData(box);
    } else if (DATED[box.type]) {
      checkKeptBox(bytes, box, ctx.budget);
      this.zeroDates(box, DATED[box.type]!);
    } else if (box.type === 'hdlr') {
      if (neutraliseHandler(bytes, box)) this.note([{ category: 'software', field: 'handler-name' }]);
    } else if (box.type === 'stsd') {
      if (cleanSampleDescriptions(bytes, box, handler, ctx)) this.changed = true;
    } else if (box.type === 'dref') {
      this.cleanDataReferences(box);
    } else if (box.type === 'free' || box.type === 'skip' || box.type === 'wide') {
      if (zeroFreeSpace(bytes, box)) this.note([{ category: 'other', field: 'leftover-free-space' }]);
    } else if (box.type === 'cmov') {
      // A compressed movie header (QuickTime "Compressed Movie Resources"): recompressing
      // would change its size and every offset after it.
      throw new UnsupportedStructure('a compressed QuickTime movie header');
    } else if (ENCRYPTION_BOXES.has(box.type)) {
      reject('encrypted', 'the media is encrypted: its content cannot be checked');
    } else if (box.type === 'uuid') {
      const xmp = usertype(bytes, box.start, box) === XMP_UUID;
      this.remove(box, xmp ? xmpRemovals(bytes.subarray(from, end)) : [{ category: 'other', field: 'vendor-box' }]);
    } else if (box.type === 'udta' || box.type === 'meta' || box.type === 'XMP_') {
      this.remove(box, userDataRemovals(bytes, box, ctx.budget));
    } else if (KEEP.has(box.type)) {
      checkKeptBox(bytes, box, ctx.budget); // kept whole: it must not hold the boxes after it
    } else {
      this.remove(box, [{ category: 'other', field: 'unknown-box' }]);
    }
  }

  private note(removals: Removal[]): void {
    this.changed = true;
    this.ctx.removed.push(...removals);
  }

  private remove(box: BoxHeader, removals: Removal[]): void {
    freeBox(this.bytes, box);
    this.note(removals);
  }

  /** version 0: 32-bit creation and modification times; version 1: 64-bit (seconds since 1904). */
  private zeroDates(box: BoxHeader, field: string): void {
    const from = box.start + box.headerSize;
    const version = this.bytes[from];
    const width = version === 1 ? 8 : version === 0 ? 4 : reject('malformed', `unknown ${box.type} version`);
    if (box.start + box.size < from + 4 + 2 * width) reject('malformed', `${box.type} box too short`);
    const dates = this.bytes.subarray(from + 4, from + 4 + 2 * width);
    if (dates.some((b) => b !== 0)) {
      dates.fill(0);
      this.note([{ category: 'dates', field }]);
    }
  }

  /** A telemetry or timed metadata track goes whole, and its samples in mdat are zeroed. */
  private removeTimedMetadataTrack(trak: BoxHeader): boolean {
    const { bytes, ctx } = this;
    const stbl = findBox(bytes, trak, ['mdia', 'minf', 'stbl'], ctx.budget);
    const entryTypes = sampleEntryTypes(bytes, stbl, ctx.budget);
    if (stbl && entryTypes.includes('tmcd')) {
      // A timecode track (QuickTime "Timecode Media"): its one sample is the start frame number,
      // often the time of day of the recording. The track stays (editors use it); the number goes.
      ctx.sampleData.push(...chunkRanges(bytes, stbl, ctx.budget).map((range) => ({ ...range, removal: { category: 'dates' as const, field: 'timecode' } })));
    }
    const removal = timedMetadataRemoval(this.trackHandler(trak), entryTypes);
    if (!removal) return false;
    // Its samples must be found to be zeroed; a track without a sample table has none only if
    // it has no chunks either, which cannot be told: refuse rather than leave them behind.
    if (!stbl) throw new UnsupportedStructure('a metadata track whose samples cannot be located');
    ctx.zeroed.push(...chunkRanges(bytes, stbl, ctx.budget));
    const tkhd = findBox(bytes, trak, ['tkhd'], ctx.budget);
    if (tkhd) ctx.metadataTracks.add(trackId(bytes, tkhd));
    this.remove(trak, [removal]);
    return true;
  }

  /**
   * Where a kept track's samples are. Its tables were size-checked while walking it, so their
   * counts are bounded by the box: the work here is linear in the moov's size, and it is not
   * charged to the element budget (a long recording has hundreds of thousands of chunks).
   */
  private noteTrackData(trak: BoxHeader): void {
    const { bytes, ctx } = this;
    if (!ctx.trackData) return;
    const stbl = findBox(bytes, trak, ['mdia', 'minf', 'stbl'], ctx.budget);
    if (!stbl) {
      ctx.trackData = undefined;
      return;
    }
    ctx.trackData.push(...chunkRanges(bytes, stbl, new ElementBudget(stbl.size)));
  }

  /** Fragments of a removed metadata track would need their trun sample ranges zeroed: not done. */
  private checkFragmentTrack(traf: BoxHeader): void {
    const tfhd = findBox(this.bytes, traf, ['tfhd'], this.ctx.budget);
    if (tfhd && this.ctx.metadataTracks.has(trackId(this.bytes, tfhd))) throw new UnsupportedStructure('a timed metadata track in movie fragments');
  }

  /** The media handler (mdia/hdlr, §8.4.3) says how to read the track's sample descriptions. */
  private trackHandler(trak: BoxHeader): string {
    const { bytes, ctx } = this;
    for (const mdia of childBoxes(bytes, trak.start + trak.headerSize, trak.start + trak.size, ctx.budget)) {
      if (mdia.type !== 'mdia') continue;
      for (const child of childBoxes(bytes, mdia.start + mdia.headerSize, mdia.start + mdia.size, ctx.budget)) {
        if (child.type === 'hdlr') return handlerType(bytes, child);
      }
    }
    return '';
  }

  /**
   * dref (§8.7.2): each entry is a FullBox; flag 1 means "media in this file". Any other entry
   * names another file: a URL, or a QuickTime alias record with a volume and folder path. Zeroed
   * (a movie that needs another file cannot play from this one anyway).
   */
  private cleanDataReferences(box: BoxHeader): void {
    const { bytes, ctx } = this;
    const from = box.start + box.headerSize;
    if (box.start + box.size < from + 8) reject('malformed', 'dref box too short');
    for (const entry of childBoxes(bytes, from + 8, box.start + box.size, ctx.budget)) {
      const payload = entry.start + entry.headerSize;
      if (payload + 4 > entry.start + entry.size) reject('malformed', 'data reference too short');
      // A self-contained entry has nothing after its flags; whatever is there names another file.
      if (bytes.subarray(payload + 4, entry.start + entry.size).some((b) => b !== 0)) {
        bytes.fill(0, payload + 4, entry.start + entry.size);
        this.note([{ category: 'paths', field: 'external-reference' }]);
      }
    }
  }
}
