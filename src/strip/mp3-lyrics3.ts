// Lyrics3 tags, placed before an ID3v1 tag. v2: "LYRICSBEGIN", fields (3-letter id, 5-digit
// size, data), a 6-digit size of all that, "LYRICS200". v1: "LYRICSBEGIN" ... "LYRICSEND",
// at most 5100 bytes of lyrics. (Lyrics3 v2.00 specification.)
import { ascii } from './bytes.ts';
import type { Removal, RemovalCategory } from './types.ts';

export const LYRICS3_V2_END = 'LYRICS200';
export const LYRICS3_V1_END = 'LYRICSEND';
export const LYRICS3_BEGIN = 'LYRICSBEGIN';
export const LYRICS3_V1_MAX_BYTES = 5100 + 11 + 9;

/** The 6-digit size before "LYRICS200" (counts from LYRICSBEGIN to the size field). */
export function lyrics3v2Size(trailer: Uint8Array): number | undefined {
  const digits = ascii(trailer, 0, 6);
  return /^\d{6}$/.test(digits) ? Number(digits) : undefined;
}

const FIELDS: Record<string, [RemovalCategory, string]> = {
  EAR: ['author', 'lyrics3-artist'],
  AUT: ['author', 'lyrics3-artist'],
  INF: ['comments', 'lyrics3-info'],
  LYR: ['comments', 'lyrics3-lyrics'],
  ETT: ['other', 'lyrics3-title'],
  EAL: ['other', 'lyrics3-title'],
  IMG: ['other', 'lyrics3-image-link'],
};

/** Names the fields of a Lyrics3v2 tag's body (after LYRICSBEGIN, before the size). */
export function lyrics3v2Removals(body: Uint8Array): Removal[] {
  const removed: Removal[] = [];
  for (let at = 0; at + 8 <= body.length; ) {
    const id = ascii(body, at, 3);
    const size = ascii(body, at + 3, 5);
    if (!/^[A-Z]{3}$/.test(id) || !/^\d{5}$/.test(size)) break;
    const field = FIELDS[id];
    if (field) removed.push({ category: field[0], field: field[1] });
    at += 8 + Number(size);
  }
  return removed.length ? removed : [{ category: 'other', field: 'lyrics3-tag' }];
}
