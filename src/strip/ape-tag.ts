// APEv1/APEv2 tags (APE tag specification, "APE Tags Header" and "APE Tag Item"): a 32-byte
// footer "APETAGEX" ends the tag; the tag size in it counts the items and the footer; an APEv2
// tag may also start with a 32-byte header of the same shape. Items: value size, flags, a
// NUL-terminated key, the value.
import { ascii, u32le } from './bytes.ts';
import type { ElementBudget } from './isobmff-box.ts';
import type { Removal, RemovalCategory } from './types.ts';

export const APE_FOOTER_BYTES = 32;
const HAS_HEADER = 0x80000000;

export interface ApeFooter {
  /** Bytes before the footer's end that belong to the tag: items, footer and header if any. */
  length: number;
  itemsLength: number;
  itemCount: number;
}

/** The footer (or header) block, if `block` is one. */
export function parseApeBlock(block: Uint8Array): ApeFooter | undefined {
  if (block.length < APE_FOOTER_BYTES || ascii(block, 0, 8) !== 'APETAGEX') return undefined;
  const size = u32le(block, 12);
  if (size < APE_FOOTER_BYTES) return undefined;
  const flags = u32le(block, 20);
  return { length: size + ((flags & HAS_HEADER) !== 0 ? APE_FOOTER_BYTES : 0), itemsLength: size - APE_FOOTER_BYTES, itemCount: u32le(block, 16) };
}

const KEYS: Array<[RegExp, RemovalCategory, string]> = [
  [/^(artist|album artist|composer|conductor|lyricist|publisher|copyright)$/, 'author', 'ape-artist'],
  [/^(comment|description|notes)$/, 'comments', 'ape-comment'],
  [/^(year|record date|date)$/, 'dates', 'ape-date'],
  [/^cover art/, 'thumbnails', 'ape-picture'],
  [/^(tool name|tool version|encoder|encoded by|encodedby)$/, 'software', 'ape-encoder'],
  [/^(title|album|subtitle)$/, 'other', 'ape-title'],
];

/** Names the items (the bytes between header and footer); a damaged list names what it can. */
export function apeRemovals(items: Uint8Array, itemCount: number, budget: ElementBudget): Removal[] {
  const removed: Removal[] = [];
  let at = 0;
  for (let i = 0; i < itemCount && at + 9 <= items.length; i++) {
    budget.spend();
    const valueSize = u32le(items, at);
    const keyEnd = items.indexOf(0, at + 8);
    if (keyEnd === -1 || keyEnd + 1 + valueSize > items.length) break;
    const key = ascii(items, at + 8, keyEnd - at - 8).toLowerCase();
    const found = KEYS.find(([pattern]) => pattern.test(key));
    removed.push(found ? { category: found[1], field: found[2] } : { category: 'other', field: 'ape-item' });
    at = keyEnd + 1 + valueSize;
  }
  return removed.length ? removed : [{ category: 'other', field: 'ape-tag' }];
}
