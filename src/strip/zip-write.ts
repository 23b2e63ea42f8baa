// Writing the cleaned ZIP container. Everything a ZIP can say about its author's machine besides
// the members is dropped: every member gets one fixed timestamp (1980-01-01 00:00, the DOS
// epoch, APPNOTE.TXT 4.4.6), no extra fields (4.5: NTFS/Unix times, uid/gid), no comments
// (4.3.16, 4.4.18), no "made by" host; members keep their original order.
import { zipSync, type ZipOptions } from 'fflate';
import { reject } from './errors.ts';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
  /** Store uncompressed (ODF's mimetype member must be, ODF 1.2 Part 3 §3.3). */
  stored?: boolean;
}

/**
 * fflate writes DOS times from the Date's local fields, so a local-time Date for 1980-01-01
 * 00:00 gives the same bytes in every time zone.
 */
const FIXED_TIME = new Date(1980, 0, 1, 0, 0, 0);

export function writeZip(entries: ZipEntry[]): Uint8Array {
  const files: Record<string, [Uint8Array, ZipOptions]> = {};
  for (const entry of entries) {
    files[entry.name] = [entry.data, { level: entry.stored ? 0 : 6, mtime: FIXED_TIME, os: 0, attrs: 0 }];
  }
  // fflate writes members in the object's key order, and JavaScript orders integer-like keys
  // ("0", "17") first: make sure that did not reorder anything.
  const order = Object.keys(files);
  if (order.length !== entries.length || order.some((name, i) => name !== entries[i]!.name)) {
    reject('malformed', 'ZIP member names that cannot be written in their original order');
  }
  return zipSync(files, { mtime: FIXED_TIME });
}
