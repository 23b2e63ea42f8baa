// What an XMP packet in a media file held (a uuid box, udta/XMP_, a HEIF XMP item), for the
// removal summary. The packet is removed or zeroed whole whatever it says; naming its properties
// is exif-xmp.ts's job, shared with the image strippers. Only the packet's start is scanned.
import { classifyXmp } from './exif-xmp.ts';
import type { Removal } from './types.ts';

const MAX_SCAN_BYTES = 4 * 1024 * 1024;
/** Properties looked at before the report stops counting (the packet goes anyway). */
const MAX_REPORTED_PROPERTIES = 10_000;

/** Removals for one XMP packet; `packet` may be cut short. */
export function xmpRemovals(packet: Uint8Array): Removal[] {
  return classifyXmp(packet.subarray(0, MAX_SCAN_BYTES), MAX_REPORTED_PROPERTIES);
}
