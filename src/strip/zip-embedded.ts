// Files embedded in an office document (pictures, embedded workbooks, OLE objects, fonts) are
// stripped through the dispatcher, one nesting level deeper. Policy for what cannot be cleaned
// (unsupported format, damaged, nested too deep): a cleaned document must be clean, so the file
// does not go through. A picture is replaced by a blank 1x1 image of the same format, which
// keeps every reference to it valid so the document still opens; anything else is dropped
// (the caller removes the references). Both are reported, never silent.
import { collect } from './source.ts';
import type { StripContext } from './types.ts';
import type { RemovalLog } from './xml-removals.ts';

const fromHex = (hex: string) => new Uint8Array(hex.match(/../g)!.map((byte) => parseInt(byte, 16)));

/**
 * Baseline 1x1 grey JPEG: SOI, one all-ones quantisation table, SOF0, one-code DC and AC
 * Huffman tables, SOS and a single block (DC 0, EOB), EOI (ITU T.81 Annex B). No APPn segment.
 */
const BLANK_JPEG = fromHex(
  'ffd8ffdb004300' + '01'.repeat(64) + 'ffc0000b080001000101011100' +
    'ffc4001400' + '01' + '00'.repeat(15) + '00' + 'ffc4001410' + '01' + '00'.repeat(15) + '00' +
    'ffda000801010000003f00' + '3f' + 'ffd9',
);
/** 1x1 white greyscale PNG: IHDR, IDAT, IEND, nothing else (PNG §11.2). */
const BLANK_PNG = fromHex(
  '89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b550000000a4944415478da63f80f00010101001cb08c990000000049454e44ae426082',
);
/** 1x1 transparent GIF89a with no comment or application extension. */
const BLANK_GIF = fromHex('47494638396101000100800000000000ffffff21f90401000000002c000000000100010000020144003b');

const PLACEHOLDERS = [BLANK_JPEG, BLANK_PNG, BLANK_GIF];

/** A blank picture in the format the member's name announces (PNG when it announces none we make). */
export function blankImageFor(name: string): Uint8Array {
  if (/\.(?:jpe?g|jpe|jfif)$/i.test(name)) return BLANK_JPEG;
  if (/\.gif$/i.test(name)) return BLANK_GIF;
  return BLANK_PNG;
}

function isPlaceholder(data: Uint8Array): boolean {
  return PLACEHOLDERS.some((p) => p.length === data.length && p.every((byte, i) => data[i] === byte));
}

/**
 * The cleaned bytes of an embedded file, a blank picture in place of a picture that could not
 * be cleaned, or null when the file must be dropped. The nested file's own removals are merged
 * into `log`.
 */
export async function cleanEmbeddedFile(name: string, data: Uint8Array, isPicture: boolean, ctx: StripContext, log: RemovalLog): Promise<Uint8Array | null> {
  // An empty member carries nothing; our own placeholders need no second look (idempotence).
  if (data.length === 0 || isPlaceholder(data)) return data;
  const result = await ctx.stripNested(data);
  if (result.status === 'cleaned') {
    log.addAll(result.removed);
    return collect(result);
  }
  if (isPicture) {
    log.add('other', 'embedded-image-replaced');
    return blankImageFor(name);
  }
  log.add('other', 'embedded-file-removed');
  return null;
}
