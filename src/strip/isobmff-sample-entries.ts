// Sample descriptions (stsd, ISO/IEC 14496-12 §8.5.2; QuickTime "Sample Description Atoms").
// Visual entries carry a 32-byte compressorname that encoders fill with their own name and
// version ("Lavc60.3.100 libx264", a camera's encoder), and QuickTime entries a vendor code
// ('appl'); both are informative only and are zeroed. Codec configuration boxes are kept.
import { reject } from './errors.ts';
import { childBoxes, type BoxHeader } from './isobmff-box.ts';
import { freeBox, zeroFreeSpace, zeroRange } from './isobmff-edit.ts';
import type { MovieContext } from './isobmff-movie.ts';
import { userDataRemovals } from './isobmff-tags.ts';
import { u16be, u32be } from './bytes.ts';

/** Protected sample entries (ISO/IEC 14496-12 §8.12, ISO/IEC 23001-7) and iTunes FairPlay. */
const PROTECTED = new Set(['encv', 'enca', 'encs', 'enct', 'encm', 'encf', 'drms', 'drmi', 'drmp']);

/** SampleEntry (§8.5.2.2): 6 reserved bytes and data_reference_index before the per-kind fields. */
/** Visual sample entry codes, so a video entry is recognised even when its track handler is not 'vide'. */
const VISUAL = new Set(['avc1', 'avc2', 'avc3', 'avc4', 'hvc1', 'hev1', 'dvh1', 'dvhe', 'av01', 'vp08', 'vp09', 'mp4v', 's263', 'jpeg', 'mjpa', 'mjpb', 'png ', 'raw ', 'apch', 'apcn', 'apcs', 'apco', 'ap4h', 'ap4x', 'dvc ', 'dvcp', 'xd5c', 'AVdn', 'AVdh', 'mjp2']);
const VENDOR = [12, 16] as const; // QuickTime vendor / ISO pre_defined, zero in ISO files
const COMPRESSOR_NAME = [42, 74] as const; // VisualSampleEntry compressorname (§12.1.3)
const VISUAL_ENTRY_BYTES = 78;
const AUDIO_ENTRY_BYTES = 28; // AudioSampleEntry (§12.2.3); QuickTime sound v1 adds 16, v2 36
const TIMECODE_ENTRY_BYTES = 26; // QuickTime "Timecode Sample Description": then a 'name' atom (reel name)

export function cleanSampleDescriptions(bytes: Uint8Array, stsd: BoxHeader, handler: string, ctx: MovieContext): boolean {
  const from = stsd.start + stsd.headerSize;
  const end = stsd.start + stsd.size;
  if (end - from < 8) reject('malformed', 'stsd box too short');
  let changed = false;
  let named = false;
  const entries = childBoxes(bytes, from + 8, end, ctx.budget);
  // §8.5.2.2: entry_count entries. More boxes than that are boxes after the stsd it has taken in
  // (a damaged size); unknown entries are kept as they are, so they must be the stsd's own.
  if (entries.length !== u32be(bytes, from + 4)) reject('malformed', 'stsd holds a different number of entries than it says');
  for (const entry of entries) {
    if (PROTECTED.has(entry.type)) reject('encrypted', 'the media is encrypted: its content cannot be checked');
    const payload = entry.start + entry.headerSize;
    const entryEnd = entry.start + entry.size;
    let childrenFrom: number | undefined;
    let timecode = false;
    if ((handler === 'vide' || VISUAL.has(entry.type)) && entryEnd - payload >= VISUAL_ENTRY_BYTES) {
      const vendor = zeroRange(bytes, payload + VENDOR[0], payload + VENDOR[1]);
      const name = zeroRange(bytes, payload + COMPRESSOR_NAME[0], payload + COMPRESSOR_NAME[1]);
      named ||= vendor || name;
      childrenFrom = payload + VISUAL_ENTRY_BYTES;
    } else if (handler === 'soun' && entryEnd - payload >= AUDIO_ENTRY_BYTES) {
      named ||= zeroRange(bytes, payload + VENDOR[0], payload + VENDOR[1]);
      const version = u16be(bytes, payload + 8);
      const extra = !ctx.quickTime ? 0 : version === 1 ? 16 : version === 2 ? 36 : 0;
      childrenFrom = payload + AUDIO_ENTRY_BYTES + extra;
    } else if ((handler === 'tmcd' || entry.type === 'tmcd') && entryEnd - payload >= TIMECODE_ENTRY_BYTES) {
      childrenFrom = payload + TIMECODE_ENTRY_BYTES;
      timecode = true;
    }
    if (childrenFrom !== undefined && childrenFrom <= entryEnd) changed = cleanEntryChildren(bytes, childrenFrom, entryEnd, ctx, timecode) || changed;
  }
  if (named) ctx.removed.push({ category: 'software', field: 'encoder-name' });
  return changed || named;
}

/**
 * Boxes after a sample entry's fixed fields are codec configuration (avcC, hvcC, esds, colr...):
 * kept, since a decoder may need one we do not know. Metadata boxes there are freed. A tail that
 * does not parse as boxes could hide anything (a reel name, a vendor string): refused. A
 * timecode entry has no codec configuration: the only box it may hold is its reel name, so
 * whatever it holds goes (a damaged 'name' type would otherwise keep the reel name).
 */
function cleanEntryChildren(bytes: Uint8Array, from: number, end: number, ctx: MovieContext, timecode: boolean): boolean {
  const children = childBoxes(bytes, from, end, ctx.budget);
  let changed = false;
  for (const child of children) {
    if (child.type === 'sinf') reject('encrypted', 'the media is encrypted: its content cannot be checked');
    if (timecode && child.type !== 'free' && child.type !== 'skip' && child.type !== 'name') {
      ctx.removed.push({ category: 'other', field: 'unknown-box' });
      freeBox(bytes, child);
      changed = true;
    } else if (child.type === 'udta' || child.type === 'meta' || child.type === 'uuid' || child.type === 'name') {
      ctx.removed.push(...(child.type === 'uuid' ? [{ category: 'other' as const, field: 'vendor-box' }] : child.type === 'name' ? [{ category: 'device' as const, field: 'reel-name' }] : userDataRemovals(bytes, child, ctx.budget)));
      freeBox(bytes, child);
      changed = true;
    } else if (child.type === 'free' || child.type === 'skip') {
      if (zeroFreeSpace(bytes, child)) {
        ctx.removed.push({ category: 'other', field: 'leftover-free-space' });
        changed = true;
      }
    }
  }
  return changed;
}
