// Says what a PNG text chunk held, for the removal report; the chunk is always removed whole.
// PNG spec §11.3.4 (tEXt, zTXt, iTXt layouts; keyword 1-79 Latin-1 bytes then NUL) and §11.3.4.2
// (predefined keywords). XMP travels as iTXt "XML:com.adobe.xmp" (XMP part 3 §1.1.5).
import { Unzlib } from 'fflate';
import { classifyXmp } from './exif-xmp.ts';
import type { Removal, RemovalCategory } from './types.ts';

const r = (category: RemovalCategory, field: string): Removal => ({ category, field });

const KEYWORDS: ReadonlyMap<string, Removal> = new Map([
  ['title', r('comments', 'png-title')],
  ['author', r('author', 'png-author')],
  ['description', r('comments', 'png-description')],
  ['copyright', r('author', 'png-copyright')],
  ['creation time', r('dates', 'png-creation-time')],
  ['date:create', r('dates', 'png-creation-time')],
  ['date:modify', r('dates', 'png-creation-time')],
  ['date:timestamp', r('dates', 'png-creation-time')],
  ['software', r('software', 'png-software')],
  ['source', r('device', 'png-source')],
  ['comment', r('comments', 'png-comment')],
  ['raw profile type exif', r('other', 'exif')],
  ['raw profile type app1', r('other', 'exif')],
  ['raw profile type iptc', r('other', 'iptc')],
  ['raw profile type xmp', r('other', 'xmp')],
]);

const XMP_KEYWORD = 'xml:com.adobe.xmp';
/** Enough of a compressed XMP packet to report on; the rest is not needed to delete it. */
const MAX_INFLATED_FOR_REPORT = 1024 * 1024;

export function classifyPngText(type: 'tEXt' | 'zTXt' | 'iTXt', data: Uint8Array, maxElements: number, maxDecompressed: number): Removal[] {
  const nul = data.subarray(0, 80).indexOf(0);
  if (nul <= 0) return [r('comments', 'png-text')];
  const keyword = String.fromCharCode(...data.subarray(0, nul)).toLowerCase();
  if (keyword !== XMP_KEYWORD) return [{ ...(KEYWORDS.get(keyword) ?? r('other', 'png-text')) }];
  return classifyXmp(textOf(type, data, nul, Math.min(MAX_INFLATED_FOR_REPORT, maxDecompressed)), maxElements);
}

/** The text after the keyword, inflated when compressed (zTXt always, iTXt when flagged). */
function textOf(type: string, data: Uint8Array, nul: number, maxOut: number): Uint8Array {
  if (type === 'tEXt') return data.subarray(nul + 1);
  if (type === 'zTXt') return inflateBounded(data.subarray(nul + 2), maxOut);
  // iTXt: compression flag, method, language tag NUL, translated keyword NUL, text.
  const compressed = data[nul + 1] === 1;
  const languageEnd = data.indexOf(0, nul + 3);
  const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
  if (translatedEnd < 0) return new Uint8Array(0);
  const text = data.subarray(translatedEnd + 1);
  return compressed ? inflateBounded(text, maxOut) : text;
}

/** zlib data inflated up to `maxOut` bytes; a bomb or a broken stream just ends the text early. */
export function inflateBounded(zlib: Uint8Array, maxOut: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  const stop = new Error('enough');
  const stream = new Unzlib((chunk) => {
    parts.push(chunk);
    total += chunk.length;
    if (total >= maxOut) throw stop;
  });
  try {
    // Small input pieces bound what one push can produce (deflate expands at most ~1032:1).
    for (let at = 0; at < zlib.length; at += 1024) stream.push(zlib.subarray(at, at + 1024), at + 1024 >= zlib.length);
  } catch {
    // Over the cap or damaged: report on what was read.
  }
  const out = new Uint8Array(Math.min(total, maxOut));
  let at = 0;
  for (const part of parts) {
    if (at >= out.length) break;
    const piece = part.subarray(0, out.length - at);
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
