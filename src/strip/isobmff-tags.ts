// Names what a removed metadata box held, for the removal summary: QuickTime user data atoms
// (QuickTime File Format "User Data Atoms"), iTunes-style ilst items, mdta keys
// (QuickTime File Format "Metadata": keys atom, item list atom) and 3GPP user data (TS 26.244 §8).
// The boxes are removed whole whatever is found here.
import { ascii, u32be } from './bytes.ts';
import { StripRejection } from './errors.ts';
import { childBoxes, type BoxHeader, type ElementBudget } from './isobmff-box.ts';
import { xmpRemovals } from './isobmff-xmp.ts';
import type { Removal, RemovalCategory } from './types.ts';

const C = '\u00a9';
const r = (category: RemovalCategory, field: string): Removal => ({ category, field });

/** Four-character codes of user data and ilst items (© is 0xA9 in these files). */
const ATOMS: Record<string, Removal> = {
  [`${C}xyz`]: r('location', 'gps-location'),
  loci: r('location', 'gps-location'),
  [`${C}mak`]: r('device', 'device-make'),
  [`${C}mod`]: r('device', 'device-model'),
  CAME: r('device', 'camera-serial'),
  LENS: r('device', 'lens'),
  [`${C}too`]: r('software', 'encoder'),
  [`${C}swr`]: r('software', 'encoder'),
  [`${C}enc`]: r('software', 'encoder'),
  FIRM: r('software', 'firmware'),
  [`${C}day`]: r('dates', 'creation-date'),
  yrrc: r('dates', 'creation-date'),
  [`${C}ART`]: r('author', 'artist'),
  aART: r('author', 'artist'),
  [`${C}aut`]: r('author', 'artist'),
  [`${C}wrt`]: r('author', 'artist'),
  [`${C}dir`]: r('author', 'artist'),
  [`${C}prd`]: r('author', 'artist'),
  [`${C}prf`]: r('author', 'artist'),
  auth: r('author', 'artist'),
  perf: r('author', 'artist'),
  apID: r('author', 'account'),
  ownr: r('author', 'account'),
  cprt: r('author', 'copyright'),
  [`${C}cpy`]: r('author', 'copyright'),
  [`${C}cmt`]: r('comments', 'comment'),
  [`${C}des`]: r('comments', 'comment'),
  [`${C}inf`]: r('comments', 'comment'),
  desc: r('comments', 'comment'),
  ldes: r('comments', 'comment'),
  dscp: r('comments', 'comment'),
  covr: r('thumbnails', 'cover-art'),
  [`${C}nam`]: r('other', 'title'),
  [`${C}alb`]: r('other', 'title'),
  titl: r('other', 'title'),
  MUID: r('identifiers', 'media-id'),
  GUMI: r('identifiers', 'media-id'),
};

/** mdta key names (com.apple.quicktime.*, com.android.*) by what they mention. */
function keyRemoval(key: string): Removal {
  // The reverse-DNS prefix says who defined the key, not what it holds ("quicktime" has "time").
  const k = key.toLowerCase().replace(/^com\.(apple\.quicktime|android|apple)\./, '');
  if (/location|iso6709|gps/.test(k)) return r('location', 'gps-location');
  if (/(^|\.)make$/.test(k)) return r('device', 'device-make');
  if (/(^|\.)model$|camera|lens|serial|device/.test(k)) return r('device', 'device-model');
  if (/software|encoder|version/.test(k)) return r('software', 'encoder');
  if (/date|time/.test(k)) return r('dates', 'creation-date');
  if (/author|artist|owner|copyright|publisher/.test(k)) return r('author', 'artist');
  if (/comment|description|keywords/.test(k)) return r('comments', 'comment');
  if (/identifier|uuid/.test(k)) return r('identifiers', 'content-identifier');
  return r('other', 'metadata-key');
}

/** Removals for a user data box or any box inside one. */
export function userDataRemovals(bytes: Uint8Array, box: BoxHeader, budget: ElementBudget, depth = 0): Removal[] {
  const from = box.start + box.headerSize;
  const end = box.start + box.size;
  if (box.type === 'XMP_') return xmpRemovals(bytes.subarray(from, end));
  if (box.type === 'meta') return metaRemovals(bytes, box, budget, depth);
  if (box.type === 'udta' && depth < 4) {
    const found = tryChildren(bytes, from, end, budget).flatMap((child) => userDataRemovals(bytes, child, budget, depth + 1));
    return found.length ? found : [r('other', 'user-data')];
  }
  return [ATOMS[box.type] ?? r('other', 'user-data')];
}

/** A metadata box: ISO 14496-12 §8.11.1 (a FullBox) or QuickTime's (not one); told apart by where hdlr is. */
export function metaRemovals(bytes: Uint8Array, meta: BoxHeader, budget: ElementBudget, depth = 0): Removal[] {
  let from = meta.start + meta.headerSize;
  const end = meta.start + meta.size;
  if (end - from >= 12 && ascii(bytes, from + 4, 4) !== 'hdlr') from += 4;
  const children = tryChildren(bytes, from, end, budget);
  const keys: string[] = [];
  const removals: Removal[] = [];
  for (const child of children) {
    const childFrom = child.start + child.headerSize;
    const childEnd = child.start + child.size;
    if (child.type === 'keys') keys.push(...readKeys(bytes, childFrom, childEnd, budget));
    else if (child.type === 'ilst') {
      for (const item of tryChildren(bytes, childFrom, childEnd, budget)) {
        // In an mdta list the item "type" is a 1-based index into keys.
        const index = u32be(bytes, item.start + 4);
        const key = keys[index - 1];
        removals.push(key !== undefined ? keyRemoval(key) : (ATOMS[item.type] ?? r('other', 'itunes-tag')));
      }
    } else if (child.type === 'XMP_' || child.type === 'udta') removals.push(...userDataRemovals(bytes, child, budget, depth + 1));
  }
  return removals.length ? removals : [r('other', 'metadata-box')];
}

/** keys atom: version/flags, entry_count, then (size, namespace, name) entries. */
function readKeys(bytes: Uint8Array, from: number, end: number, budget: ElementBudget): string[] {
  const keys: string[] = [];
  for (let at = from + 8; at + 8 <= end; ) {
    budget.spend();
    const size = u32be(bytes, at);
    if (size < 8 || at + size > end) break;
    keys.push(ascii(bytes, at + 8, size - 8));
    at += size;
  }
  return keys;
}

/** Children for naming only: a damaged list names what it can (the box goes anyway). */
function tryChildren(bytes: Uint8Array, from: number, end: number, budget: ElementBudget): BoxHeader[] {
  try {
    return childBoxes(bytes, from, end, budget);
  } catch (error) {
    if (!(error instanceof StripRejection) || error.code !== 'malformed') throw error;
    return [];
  }
}
