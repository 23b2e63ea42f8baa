// The movie cleaner keeps structural boxes as they are (sample tables, headers). A kept box whose
// size field was damaged, or written to mislead, can claim the boxes after it: they are then
// carried through inside it, unwalked and uncleaned (a 20-byte vmhd claiming 276 bytes takes the
// dinf and the stbl, with its stsd's compressor name, along). So a kept box must have the size
// its own fields give it (ISO/IEC 14496-12 clause numbers below; QuickTime File Format for the
// QuickTime atoms): bytes beyond that may only be zero padding. A file where a kept box is
// longer, or shorter, than its fields is damaged and is refused.
//
// A few kept boxes have no size their fields alone fix (containers of their own, sample groups
// of types not listed here, sdtp whose length is the track's sample count): for those, nothing
// inside may look like a box the cleaner would walk or clean.
import { ascii, u16be, u32be, u8 } from './bytes.ts';
import { reject } from './errors.ts';
import { anyNonZero } from './isobmff-edit.ts';
import { printable, type BoxHeader, type ElementBudget } from './isobmff-box.ts';

/** Containers the movie cleaner walks into (isobmff-movie.ts). */
export const MOVIE_CONTAINERS: readonly string[] = ['moov', 'trak', 'mdia', 'minf', 'stbl', 'edts', 'dinf', 'mvex', 'moof', 'traf'];

/** Boxes the cleaner walks into or edits (isobmff-movie.ts): what a kept box must not swallow. */
const CLEANED_TYPES = [
  ...MOVIE_CONTAINERS, 'mvhd', 'tkhd', 'mdhd', 'hdlr', 'stsd',
  'dref', 'udta', 'meta', 'XMP_', 'uuid', 'free', 'skip', 'wide', 'cmov', 'pssh', 'sinf', 'senc', 'tenc', 'schm',
];
const CLEANED_CODES = new Set(CLEANED_TYPES.map((t) => ((t.charCodeAt(0) << 24) | (t.charCodeAt(1) << 16) | (t.charCodeAt(2) << 8) | t.charCodeAt(3)) >>> 0));

/** Bytes per sample group description entry for grouping types whose entries have a fixed size. */
const GROUP_ENTRY_BYTES = new Map([['roll', 2], ['prol', 2], ['rap ', 1], ['sync', 1], ['tele', 1]]);

/** Refuses a kept box that is longer than its fields (unless by zero padding) or shorter. */
export function checkKeptBox(bytes: Uint8Array, box: BoxHeader, budget: ElementBudget): void {
  const view = bytes.subarray(0, box.start + box.size); // every field read stays inside the box
  const size = layoutSize(view, box, budget);
  const end = box.start + box.size;
  const type = printable(box.type);
  if (size === undefined) {
    refuseSwallowedBoxes(bytes, box);
    return;
  }
  if (size > box.size) reject('malformed', `'${type}' box at offset ${box.start} is shorter than its fields`);
  if (size < box.size && anyNonZero(bytes, box.start + size, end)) {
    reject('malformed', `'${type}' box at offset ${box.start} is ${box.size} bytes where its fields take ${size}: it holds data it does not describe`);
  }
}

/**
 * The size `box` must have given its fields, header included; undefined when they do not fix it.
 * Counts come from the box itself; `bytes` must end where the box ends, so that reads past it
 * are refused by the readers.
 */
export function layoutSize(bytes: Uint8Array, box: BoxHeader, budget: ElementBudget): number | undefined {
  const h = box.headerSize;
  const at = box.start + h; // version (1 byte) and flags (3 bytes) of a FullBox
  const version = () => u8(bytes, at);
  const flags = () => u32be(bytes, at) & 0xffffff;
  const count = (offset = 4) => u32be(bytes, at + offset);
  const byVersion = (v0: number, v1: number) => (version() === 0 ? v0 : version() === 1 ? v1 : reject('malformed', `unknown ${box.type} version`));
  switch (box.type) {
    case 'mvhd': return h + byVersion(100, 112); // §8.2.2 (QuickTime's movie header has the same size)
    case 'tkhd': return h + byVersion(84, 96); // §8.3.2
    case 'mdhd': return h + byVersion(24, 36); // §8.4.2
    case 'vmhd': return h + 12; // §12.1.2: graphicsmode, opcolor
    case 'smhd': return h + 8; // §12.2.2: balance, reserved
    case 'hmhd': return h + 20; // §12.4.2
    case 'nmhd': case 'sthd': return h + 4; // §8.4.5.2, §12.6.2: version and flags only
    case 'mfhd': return h + 8; // §8.8.5
    case 'trex': return h + 24; // §8.8.3
    case 'mehd': case 'tfdt': return h + byVersion(8, 12); // §8.8.2, §8.8.12
    case 'cslg': return h + byVersion(24, 44); // §8.6.1.4
    case 'load': return h + 16; // QuickTime "Track Load Settings Atom"
    case 'stts': case 'ctts': case 'stsh': return h + 8 + 8 * count(); // §8.6.1.2, §8.6.1.3, §8.6.3
    case 'stss': case 'stps': case 'stco': return h + 8 + 4 * count(); // §8.6.2, QuickTime partial sync, §8.7.5
    case 'co64': return h + 8 + 8 * count(); // §8.7.5
    case 'stsc': return h + 8 + 12 * count(); // §8.7.4
    case 'stsz': return h + 12 + (count() === 0 ? 4 * count(8) : 0); // §8.7.3.2: sample_size 0 means a table
    case 'stz2': return h + 12 + Math.ceil((u8(bytes, at + 7) * count(8)) / 8); // §8.7.3.3
    case 'padb': return h + 8 + Math.ceil(count() / 2); // §8.7.6
    case 'elst': return h + 8 + count() * byVersion(12, 20); // §8.6.6
    case 'sbgp': return h + 12 + (version() === 1 ? 4 : 0) + 8 * count(version() === 1 ? 12 : 8); // §8.9.2
    case 'saiz': { // §8.7.8
      const from = flags() & 1 ? 12 : 4;
      return h + from + 5 + (u8(bytes, at + from) === 0 ? count(from + 1) : 0);
    }
    case 'saio': { // §8.7.9
      const from = flags() & 1 ? 12 : 4;
      return h + from + 4 + count(from) * (version() === 0 ? 4 : 8);
    }
    case 'tfhd': { // §8.8.7: optional fields by flag
      const f = flags();
      return h + 8 + (f & 0x1 ? 8 : 0) + [0x2, 0x8, 0x10, 0x20].filter((bit) => f & bit).length * 4;
    }
    case 'trun': { // §8.8.8: optional fields, then per sample one 32-bit value per flag set
      const f = flags();
      const perSample = [0x100, 0x200, 0x400, 0x800].filter((bit) => f & bit).length * 4;
      return h + 8 + (f & 0x1 ? 4 : 0) + (f & 0x4 ? 4 : 0) + perSample * count();
    }
    case 'subs': return subSampleInformationSize(bytes, box, budget);
    case 'sgpd': return sampleGroupDescriptionSize(bytes, box, budget);
    case 'leva': return levelAssignmentSize(bytes, box, budget);
    case 'iods': { // ISO/IEC 14496-14 Object Descriptor Box: one descriptor, a tag and an expandable size (14496-1)
      let length = 0;
      let i = at + 5;
      for (let n = 0; n < 4; n++, i++) {
        const byte = u8(bytes, i);
        length = length * 128 + (byte & 0x7f);
        if (!(byte & 0x80)) return i + 1 + length - box.start;
      }
      return reject('malformed', 'iods descriptor size too long');
    }
    case 'elng': return cStringEnd(bytes, at + 4, box) - box.start; // §8.4.6: a language tag
    case 'kind': return cStringEnd(bytes, cStringEnd(bytes, at + 4, box), box) - box.start; // §8.10.4
    case 'ctab': return h + 8 + 8 * (u16be(bytes, at + 6) + 1); // QuickTime "Color Table Atom" (not a FullBox)
    default: return undefined;
  }
}

/** The offset just past the NUL that ends the C string at `from`. */
function cStringEnd(bytes: Uint8Array, from: number, box: BoxHeader): number {
  const nul = bytes.indexOf(0, from);
  if (nul === -1 || nul >= box.start + box.size) reject('malformed', `${box.type} box string not terminated`);
  return nul + 1;
}

/** §8.7.7: entries of (sample_delta, subsample_count, subsamples of 6 or 8 bytes each). */
function subSampleInformationSize(bytes: Uint8Array, box: BoxHeader, budget: ElementBudget): number {
  const at = box.start + box.headerSize;
  const subsampleBytes = (u8(bytes, at) === 1 ? 4 : 2) + 6;
  const entries = u32be(bytes, at + 4);
  budget.spend(entries);
  let offset = at + 8;
  for (let i = 0; i < entries; i++) offset += 6 + u16be(bytes, offset + 4) * subsampleBytes;
  return offset - box.start;
}

/** §8.9.3: version 1 says how long its entries are; versions 0 and 2 leave it to the grouping type. */
function sampleGroupDescriptionSize(bytes: Uint8Array, box: BoxHeader, budget: ElementBudget): number | undefined {
  const at = box.start + box.headerSize;
  const version = u8(bytes, at);
  const groupingType = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
  let offset = at + 8;
  let entryBytes = GROUP_ENTRY_BYTES.get(groupingType);
  if (version === 1) {
    entryBytes = u32be(bytes, offset) || undefined;
    offset += 4;
  } else if (version >= 2) {
    offset += 4; // default_sample_description_index
  }
  const entries = u32be(bytes, offset);
  offset += 4;
  if (entryBytes !== undefined) return offset + entries * entryBytes - box.start;
  if (version !== 1) return undefined;
  budget.spend(entries);
  for (let i = 0; i < entries; i++) offset += 4 + u32be(bytes, offset); // description_length, entry
  return offset - box.start;
}

/** §8.8.13: per level a track_ID, an assignment type and that type's fields. */
function levelAssignmentSize(bytes: Uint8Array, box: BoxHeader, budget: ElementBudget): number | undefined {
  const at = box.start + box.headerSize;
  const levels = u8(bytes, at + 4);
  budget.spend(levels);
  let offset = at + 5;
  for (let i = 0; i < levels; i++) {
    const type = u8(bytes, offset + 4) & 0x7f;
    const fields = [4, 8, 0, 0, 4][type];
    if (fields === undefined) return undefined;
    offset += 5 + fields;
  }
  return offset - box.start;
}

/**
 * For a kept box without a fixed size: a box header of a type the cleaner walks or cleans
 * (moov, trak, stsd, udta...), with a size that fits, inside it means it has taken boxes that
 * follow it. (No field of these boxes holds such four-letter codes.)
 */
function refuseSwallowedBoxes(bytes: Uint8Array, box: BoxHeader): void {
  const end = box.start + box.size;
  for (let i = box.start + box.headerSize; i + 8 <= end; i++) {
    const code = u32be(bytes, i + 4);
    if (!CLEANED_CODES.has(code)) continue;
    const size = u32be(bytes, i);
    if (size >= 8 && size <= end - i) reject('malformed', `'${printable(box.type)}' box at offset ${box.start} holds a '${printable(ascii(bytes, i + 4, 4))}' box`);
  }
}
