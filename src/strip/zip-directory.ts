// The central directory of a ZIP file (PKWARE APPNOTE.TXT 6.3.x §4.3.12-4.3.16), ZIP64
// included (§4.3.14-15, §4.5.3), read with bounds-checked readers. Only what the reader needs:
// names, flags, method, sizes and where each local header is.
import { u16le, u32le } from './bytes.ts';
import { reject } from './errors.ts';
import type { StripLimits } from './types.ts';

export interface ZipDirectoryEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  /** Declared uncompressed size. */
  size: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const MAX_COMMENT = 0xffff;

function u64le(bytes: Uint8Array, offset: number): number {
  const low = u32le(bytes, offset);
  const high = u32le(bytes, offset + 4);
  if (high >= 0x200000) reject('malformed', 'ZIP64 value too large');
  return high * 0x1_0000_0000 + low;
}

export function zipDirectory(bytes: Uint8Array, limits: StripLimits, what: string): ZipDirectoryEntry[] {
  const eocd = findEndOfCentralDirectory(bytes, what);
  let count = u16le(bytes, eocd + 10);
  let offset = u32le(bytes, eocd + 16);
  // ZIP64: the locator sits right before the classic record and points at the ZIP64 record.
  if (eocd >= 20 && u32le(bytes, eocd - 20) === ZIP64_LOCATOR) {
    const record = u64le(bytes, eocd - 12);
    if (u32le(bytes, record) !== ZIP64_EOCD) reject('malformed', `${what}: damaged ZIP64 directory`);
    count = u64le(bytes, record + 32);
    offset = u64le(bytes, record + 48);
  }
  if (count > limits.maxElements) reject('too_many_elements', `${what}: more than ${limits.maxElements} ZIP entries`);
  const entries: ZipDirectoryEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (u32le(bytes, at) !== CENTRAL_HEADER) reject('malformed', `${what}: damaged ZIP central directory`);
    const nameLength = u16le(bytes, at + 28);
    const extraLength = u16le(bytes, at + 30);
    const commentLength = u16le(bytes, at + 32);
    const flags = u16le(bytes, at + 8);
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    if (nameBytes.length !== nameLength) reject('malformed', `${what}: damaged ZIP central directory`);
    const entry: ZipDirectoryEntry = {
      // Bit 11: the name is UTF-8 (4.4.4); otherwise code page 437, read as Latin-1 like fflate.
      name: flags & 0x800 ? new TextDecoder().decode(nameBytes) : String.fromCharCode(...nameBytes),
      flags,
      method: u16le(bytes, at + 10),
      compressedSize: u32le(bytes, at + 20),
      size: u32le(bytes, at + 24),
      localHeaderOffset: u32le(bytes, at + 42),
    };
    applyZip64Extra(bytes, at + 46 + nameLength, extraLength, entry, what);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findEndOfCentralDirectory(bytes: Uint8Array, what: string): number {
  const lowest = Math.max(0, bytes.length - 22 - MAX_COMMENT);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (bytes[at] === 0x50 && bytes[at + 1] === 0x4b && u32le(bytes, at) === EOCD) return at;
  }
  return reject('malformed', `${what}: not a complete ZIP file (no end of central directory)`);
}

/** ZIP64 extended information (4.5.3): 64-bit values for the fields set to 0xFFFFFFFF. */
function applyZip64Extra(bytes: Uint8Array, start: number, length: number, entry: ZipDirectoryEntry, what: string): void {
  const end = start + length;
  for (let at = start; at + 4 <= end; ) {
    const id = u16le(bytes, at);
    const size = u16le(bytes, at + 2);
    if (at + 4 + size > end) reject('malformed', `${what}: damaged ZIP extra field`);
    if (id === 0x0001) {
      let field = at + 4;
      const next = () => {
        if (field + 8 > at + 4 + size) reject('malformed', `${what}: damaged ZIP64 extra field`);
        const value = u64le(bytes, field);
        field += 8;
        return value;
      };
      if (entry.size === 0xffffffff) entry.size = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
    }
    at += 4 + size;
  }
}
