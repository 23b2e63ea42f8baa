// Reading a ZIP container (PKWARE APPNOTE.TXT 6.3.x) for the office formats. The central
// directory (4.3.12) is the authority; every limit is checked from it BEFORE anything is
// inflated: entry count, declared sizes, compression ratio, encryption. Inflation itself is
// bounded too: fflate's streaming Inflate is fed 4 KiB at a time and stopped as soon as a
// member produces more than it declared. (fflate's unzipSync cannot do this: handed a member
// that claims 100 bytes, it writes 100 and silently decodes the rest of the stream, so a member
// that lies about its size costs time in proportion to its real size, a zip bomb in time.)
import { Inflate } from 'fflate';
import { u16le, u32le } from './bytes.ts';
import { reject, StripRejection } from './errors.ts';
import { zipDirectory, type ZipDirectoryEntry } from './zip-directory.ts';
import type { StripLimits } from './types.ts';

export interface ZipMember {
  name: string;
  data: Uint8Array;
}

/** Deflate cannot do much better than 1032:1; legitimate large members stay far below this. */
const MAX_RATIO = 250;
/** The ratio check applies to members larger than this (small members compress arbitrarily). */
const RATIO_CHECK_FROM = 4 * 1024 * 1024;
const INFLATE_STEP = 4 * 1024;

/** The members in central-directory order, with their decompressed bytes. */
export function readZip(bytes: Uint8Array, limits: StripLimits, what: string): ZipMember[] {
  const entries = zipDirectory(bytes, limits, what);
  const seen = new Set<string>();
  let declaredTotal = 0;
  for (const entry of entries) {
    // Two entries with one name are read differently by different tools (one might see the
    // cleaned member, another the original): refuse the ambiguity.
    if (seen.has(entry.name)) reject('malformed', `${what}: two ZIP entries named "${entry.name.slice(0, 80)}"`);
    seen.add(entry.name);
    if (entry.flags & 0x41) reject('encrypted', `${what}: the ZIP entries are encrypted`); // bits 0 and 6, 4.4.4
    if (entry.method !== 0 && entry.method !== 8) reject('malformed', `${what}: ZIP compression method ${entry.method} is not supported`);
    declaredTotal += entry.size;
    if (declaredTotal > limits.maxDecompressedBytes) reject('too_large', `${what}: more than ${limits.maxDecompressedBytes} bytes once decompressed`);
    if (entry.size > RATIO_CHECK_FROM && entry.size > MAX_RATIO * Math.max(entry.compressedSize, 1)) {
      reject('too_large', `${what}: "${entry.name.slice(0, 80)}" is compressed more than ${MAX_RATIO}:1 (a zip bomb)`);
    }
  }
  return entries.map((entry) => ({ name: entry.name, data: memberData(bytes, entry, what) }));
}

function memberData(bytes: Uint8Array, entry: ZipDirectoryEntry, what: string): Uint8Array {
  // Local file header (4.3.7): its own name and extra lengths decide where the data starts.
  if (u32le(bytes, entry.localHeaderOffset) !== 0x04034b50) reject('malformed', `${what}: ZIP local header missing for "${entry.name.slice(0, 80)}"`);
  const start = entry.localHeaderOffset + 30 + u16le(bytes, entry.localHeaderOffset + 26) + u16le(bytes, entry.localHeaderOffset + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) reject('malformed', `${what}: ZIP entry "${entry.name.slice(0, 80)}" runs past the end of the file`);
  const compressed = bytes.subarray(start, end);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) reject('malformed', `${what}: stored ZIP entry with inconsistent sizes`);
    return compressed.slice();
  }
  return inflateBounded(compressed, entry.size, `${what}: "${entry.name.slice(0, 80)}"`);
}

/** Inflates `compressed`, which must produce exactly `size` bytes; never decodes much more. */
function inflateBounded(compressed: Uint8Array, size: number, what: string): Uint8Array {
  const out = new Uint8Array(size);
  let produced = 0;
  let ended = false;
  const inflate = new Inflate((chunk, final) => {
    if (produced + chunk.length > size) reject('too_large', `${what} inflates to more than the ${size} bytes it declares`);
    out.set(chunk, produced);
    produced += chunk.length;
    ended ||= final;
  });
  try {
    for (let at = 0; at < compressed.length && !ended; at += INFLATE_STEP) {
      inflate.push(compressed.subarray(at, Math.min(compressed.length, at + INFLATE_STEP)), at + INFLATE_STEP >= compressed.length);
    }
    if (compressed.length === 0) inflate.push(compressed, true);
  } catch (error) {
    if (error instanceof StripRejection) throw error;
    reject('malformed', `${what}: damaged compressed data`);
  }
  if (produced !== size) reject('malformed', `${what}: inflates to ${produced} bytes, not the ${size} it declares`);
  return out;
}
