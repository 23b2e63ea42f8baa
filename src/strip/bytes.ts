// Bounds-checked byte readers shared by the format parsers. Reading past the end is a malformed
// file, never an `undefined` that turns into NaN further down.
import { reject } from './errors.ts';

function at(bytes: Uint8Array, offset: number, length: number): void {
  if (!Number.isInteger(offset) || offset < 0 || offset + length > bytes.length) {
    reject('malformed', `unexpected end of data at offset ${offset}`);
  }
}

export function u8(bytes: Uint8Array, offset: number): number {
  at(bytes, offset, 1);
  return bytes[offset]!;
}

export function u16be(bytes: Uint8Array, offset: number): number {
  at(bytes, offset, 2);
  return (bytes[offset]! << 8) | bytes[offset + 1]!;
}

export function u16le(bytes: Uint8Array, offset: number): number {
  at(bytes, offset, 2);
  return bytes[offset]! | (bytes[offset + 1]! << 8);
}

export function u32be(bytes: Uint8Array, offset: number): number {
  at(bytes, offset, 4);
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}

export function u32le(bytes: Uint8Array, offset: number): number {
  at(bytes, offset, 4);
  return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>> 0;
}

/** 64-bit big-endian as a number; rejects values beyond 2^53 (no real file is that large). */
export function u64be(bytes: Uint8Array, offset: number): number {
  const high = u32be(bytes, offset);
  const low = u32be(bytes, offset + 4);
  if (high >= 0x200000) reject('malformed', `64-bit value too large at offset ${offset}`);
  return high * 0x1_0000_0000 + low;
}

export function writeU16be(bytes: Uint8Array, offset: number, value: number): void {
  at(bytes, offset, 2);
  bytes[offset] = (value >>> 8) & 0xff;
  bytes[offset + 1] = value & 0xff;
}

export function writeU32be(bytes: Uint8Array, offset: number, value: number): void {
  at(bytes, offset, 4);
  bytes[offset] = (value >>> 24) & 0xff;
  bytes[offset + 1] = (value >>> 16) & 0xff;
  bytes[offset + 2] = (value >>> 8) & 0xff;
  bytes[offset + 3] = value & 0xff;
}

export function writeU32le(bytes: Uint8Array, offset: number, value: number): void {
  at(bytes, offset, 4);
  bytes[offset] = value & 0xff;
  bytes[offset + 1] = (value >>> 8) & 0xff;
  bytes[offset + 2] = (value >>> 16) & 0xff;
  bytes[offset + 3] = (value >>> 24) & 0xff;
}

/** Latin-1 view of a byte range (four-character codes, magic strings). */
export function ascii(bytes: Uint8Array, offset: number, length: number): string {
  at(bytes, offset, length);
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(bytes[offset + i]!);
  return text;
}

export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** First index of `needle` in `hay` at or after `from`, or -1. */
export function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  if (needle.length === 0) return from;
  const first = needle[0]!;
  outer: for (let i = hay.indexOf(first, from); i !== -1 && i + needle.length <= hay.length; i = hay.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
