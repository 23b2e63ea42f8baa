// What an XMP packet (ISO 16684-1) held, for the removal summary. The packet is removed whole
// whatever it says; this only names the categories, by the property names it carries.
import type { Removal } from './types.ts';

const MAX_SCAN_BYTES = 4 * 1024 * 1024;

const XMP_PROPERTIES: Array<[RegExp, Removal]> = [
  [/exif:GPS|GPSLatitude|GPSLongitude|photoshop:City|Iptc4xmpCore:Location/, { category: 'location', field: 'xmp-gps' }],
  [/tiff:Make|tiff:Model|SerialNumber|aux:Lens|exifEX:Lens/, { category: 'device', field: 'xmp-device' }],
  [/CreatorTool|softwareAgent|xmp:Software|pdf:Producer/, { category: 'software', field: 'xmp-software' }],
  [/CreateDate|ModifyDate|MetadataDate|DateCreated|DateTimeOriginal|DateTimeDigitized/, { category: 'dates', field: 'xmp-dates' }],
  [/dc:creator|dc:rights|xmpRights:Owner|tiff:Artist|Iptc4xmpCore:CreatorContactInfo/, { category: 'author', field: 'xmp-author' }],
  [/dc:description|exif:UserComment|dc:title/, { category: 'comments', field: 'xmp-description' }],
  [/xmpMM:DocumentID|xmpMM:InstanceID|xmpMM:OriginalDocumentID/, { category: 'identifiers', field: 'xmp-ids' }],
  [/xmpMM:History|xmpMM:DerivedFrom|xmpMM:Ingredients|xmpMM:Pantry/, { category: 'history', field: 'xmp-history' }],
];

/** Removals for one XMP packet; `packet` may be cut short (only its start is scanned). */
export function xmpRemovals(packet: Uint8Array): Removal[] {
  // XMP is UTF-8 (or, rarely, UTF-16): property names are ASCII, so drop NULs and scan as Latin-1.
  const text = new TextDecoder('latin1').decode(packet.subarray(0, MAX_SCAN_BYTES)).replace(/\0/g, '');
  const found = XMP_PROPERTIES.filter(([pattern]) => pattern.test(text)).map(([, removal]) => ({ ...removal }));
  return found.length ? found : [{ category: 'other', field: 'xmp' }];
}
