// In-place edits of a box held in memory. Nothing changes size: a removed box becomes a 'free'
// box of the same size (ISO/IEC 14496-12 §8.1.2: free space, ignored by readers), so chunk
// offsets (stco/co64 §8.7.5), item locations (iloc §8.11.3) and fragment offsets (tfhd §8.8.7)
// into the rest of the file stay valid.
import { reject } from './errors.ts';
import type { BoxHeader } from './isobmff-box.ts';

/** Whether any byte of [from, to) is non-zero. */
export function anyNonZero(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] !== 0) return true;
  return false;
}

/** Zeroes [from, to); reports whether anything was there. */
export function zeroRange(bytes: Uint8Array, from: number, to: number): boolean {
  if (!anyNonZero(bytes, from, to)) return false;
  bytes.fill(0, from, to);
  return true;
}

/** Turns the box into a 'free' box of the same size with a zeroed payload (a uuid's usertype too). */
export function freeBox(bytes: Uint8Array, box: BoxHeader): void {
  bytes.set([0x66, 0x72, 0x65, 0x65], box.start + 4); // 'free'
  bytes.fill(0, box.start + (box.large ? 16 : 8), box.start + box.size);
}

/** Zeroes a free/skip/wide box's payload, where editors leave earlier metadata behind. */
export function zeroFreeSpace(bytes: Uint8Array, box: BoxHeader): boolean {
  return zeroRange(bytes, box.start + box.headerSize, box.start + box.size);
}

/**
 * hdlr (ISO/IEC 14496-12 §8.4.3; QuickTime "Handler Reference Atom"): version/flags, pre_defined
 * (QuickTime component type), handler_type, 12 reserved bytes (QuickTime component manufacturer,
 * e.g. 'appl', flags, mask), then the name (a C string in ISO, a Pascal string in QuickTime).
 * Zeroing everything after handler_type leaves an empty name in either reading.
 */
export function neutraliseHandler(bytes: Uint8Array, box: BoxHeader): boolean {
  const from = box.start + box.headerSize;
  const end = box.start + box.size;
  if (end - from < 12) reject('malformed', 'handler box too short');
  return zeroRange(bytes, from + 12, end);
}

/** The handler_type of a hdlr box. */
export function handlerType(bytes: Uint8Array, box: BoxHeader): string {
  const at = box.start + box.headerSize + 8;
  if (at + 4 > box.start + box.size) reject('malformed', 'handler box too short');
  return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}
