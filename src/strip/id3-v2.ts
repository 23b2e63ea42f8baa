// ID3v2 tags (ID3v2.2, ID3v2.3, ID3v2.4 "structure" §3): where one starts and how long it is, and
// what its frames held, for the removal summary. The tag is removed whole (APIC cover art
// included) whatever its frames say; frame parsing only names the categories.
import { ascii, u32be } from './bytes.ts';
import { reject } from './errors.ts';
import type { ElementBudget } from './isobmff-box.ts';
import type { ByteSource, Removal, RemovalCategory } from './types.ts';

const HEADER_BYTES = 10;
/** Larger tags are removed without naming their frames (the bytes are not held for it). */
const MAX_PARSED_TAG_BYTES = 16 * 1024 * 1024;

/** Syncsafe integer (§6.2): 4 bytes of 7 bits; undefined if a high bit is set. */
export function syncsafe(bytes: Uint8Array, at: number): number | undefined {
  let value = 0;
  for (let i = 0; i < 4; i++) {
    const b = bytes[at + i];
    if (b === undefined || b & 0x80) return undefined;
    value = value * 128 + b;
  }
  return value;
}

/** Length of the tag whose 10-byte header is `header` (footer included), or undefined if it is not one. */
export function id3v2Length(header: Uint8Array): number | undefined {
  if (header.length < HEADER_BYTES || ascii(header, 0, 3) !== 'ID3') return undefined;
  const major = header[3]!;
  if (major < 2 || major === 0xff || header[4] === 0xff) return undefined;
  const size = syncsafe(header, 6);
  if (size === undefined) return undefined;
  const footer = major >= 4 && (header[5]! & 0x10) !== 0;
  return HEADER_BYTES + size + (footer ? HEADER_BYTES : 0);
}

/** The ID3v2 tag at `at`, if there is one: its length (checked against `end`) and what it held. */
export async function readId3v2(source: ByteSource, at: number, end: number, budget: ElementBudget): Promise<{ length: number; removed: Removal[] } | undefined> {
  const header = await source.read(at, Math.min(HEADER_BYTES, end - at));
  const length = id3v2Length(header);
  if (length === undefined) return undefined;
  if (at + length > end) reject('malformed', `ID3v2 tag at offset ${at} runs past the end of the file`);
  budget.spend();
  if (length > MAX_PARSED_TAG_BYTES) return { length, removed: [{ category: 'other', field: 'id3v2-tag' }] };
  const tag = await source.read(at, length);
  return { length, removed: id3v2Removals(tag, budget) };
}

const V22: Record<string, string> = {
  TP1: 'TPE1', TP2: 'TPE2', TP3: 'TPE3', TP4: 'TPE4', TCM: 'TCOM', TXT: 'TEXT', TOA: 'TOPE', TOL: 'TOLY', COM: 'COMM', TXX: 'TXXX',
  ULT: 'USLT', PIC: 'APIC', TYE: 'TYER', TDA: 'TDAT', TIM: 'TIME', TOR: 'TORY', TSS: 'TSSE', TEN: 'TENC', GEO: 'GEOB', UFI: 'UFID',
  MCI: 'MCDI', TT1: 'TIT1', TT2: 'TIT2', TT3: 'TIT3', TAL: 'TALB', WXX: 'WXXX',
};
const FRAME_FIELDS: Array<[RegExp, RemovalCategory, string]> = [
  [/^TPE[1-4]$/, 'author', 'id3-artist'],
  [/^(TCOM|TEXT|TOLY|TOPE|IPLS|TIPL|TMCL)$/, 'author', 'id3-credits'],
  [/^TOWN$/, 'author', 'id3-owner'],
  [/^COMM$/, 'comments', 'id3-comment'],
  [/^TXXX$/, 'comments', 'id3-user-text'],
  [/^USLT$/, 'comments', 'id3-lyrics'],
  [/^APIC$/, 'thumbnails', 'id3-picture'],
  [/^(TDRC|TYER|TDAT|TIME|TDRL|TDEN|TDTG|TORY|TDOR|TRDA)$/, 'dates', 'id3-date'],
  [/^(TSSE|TENC)$/, 'software', 'id3-encoder'],
  [/^(UFID|MCDI)$/, 'identifiers', 'id3-unique-id'],
  [/^GEOB$/, 'other', 'id3-object'],
  [/^PRIV$/, 'other', 'id3-private'],
  [/^(TIT[1-3]|TALB|TOAL)$/, 'other', 'id3-title'],
  [/^W/, 'other', 'id3-url'],
];

function frameRemoval(id: string): Removal {
  const found = FRAME_FIELDS.find(([pattern]) => pattern.test(id));
  return found ? { category: found[1], field: found[2] } : { category: 'other', field: 'id3-frame' };
}

/** Names the frames of a whole tag (header included); a damaged frame list names what it can. */
function id3v2Removals(tag: Uint8Array, budget: ElementBudget): Removal[] {
  const major = tag[3]!;
  const flags = tag[5]!;
  const end = HEADER_BYTES + syncsafe(tag, 6)!;
  // v2.2/v2.3 unsynchronise the whole tag (§6.1): undo it before reading frame sizes.
  let body = tag.subarray(HEADER_BYTES, end);
  if (major < 4 && flags & 0x80) body = resynchronise(body);
  let at = 0;
  if (major === 3 && flags & 0x40 && body.length >= 4) at = 4 + u32be(body, 0);
  if (major === 4 && flags & 0x40) at = syncsafe(body, 0) ?? body.length;
  const idLength = major === 2 ? 3 : 4;
  const headerLength = major === 2 ? 6 : 10;
  const removed: Removal[] = [];
  while (at + headerLength <= body.length && body[at] !== 0) {
    budget.spend();
    const id = ascii(body, at, idLength);
    if (!/^[A-Z0-9]+$/.test(id)) break;
    const size = major === 2 ? (body[at + 3]! << 16) | (body[at + 4]! << 8) | body[at + 5]! : major === 3 ? u32be(body, at + 4) : syncsafe(body, at + 4);
    if (size === undefined || at + headerLength + size > body.length) break;
    removed.push(frameRemoval(major === 2 ? (V22[id] ?? id) : id));
    at += headerLength + size;
  }
  return removed.length ? removed : [{ category: 'other', field: 'id3v2-tag' }];
}

function resynchronise(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    out[n++] = bytes[i]!;
    if (bytes[i] === 0xff && bytes[i + 1] === 0x00) i++;
  }
  return out.subarray(0, n);
}
