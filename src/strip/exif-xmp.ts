// Says what an XMP packet held, for the removal report; the packet is always removed whole.
// XMP is RDF/XML (XMP part 1 §7); properties appear as elements (<dc:creator>) or attributes
// (xmp:CreatorTool="..."), under any namespace prefix, so we match `prefix:LocalName` and look
// the local name up. This is a report, not a parser: it never decides what is kept.
import type { Removal, RemovalCategory } from './types.ts';

const FIELDS: Array<[RemovalCategory, string, string[]]> = [
  ['location', 'xmp-location', ['City', 'State', 'Country', 'CountryCode', 'CountryName', 'Location', 'Sublocation', 'ProvinceState', 'WorldRegion', 'LocationCreated', 'LocationShown']],
  ['device', 'xmp-camera', ['Make', 'Model', 'UniqueCameraModel']],
  ['device', 'xmp-serial', ['SerialNumber', 'BodySerialNumber', 'CameraSerialNumber', 'InternalSerialNumber', 'LensSerialNumber']],
  ['device', 'xmp-lens', ['Lens', 'LensModel', 'LensID', 'LensInfo', 'LensMake', 'LensSpecification']],
  ['author', 'xmp-creator', ['creator', 'Artist', 'Author', 'Owner', 'CameraOwnerName', 'AuthorsPosition', 'CaptionWriter', 'Credit', 'CreatorContactInfo', 'CiEmailWork', 'CiTelWork', 'CiUrlWork', 'CiAdrExtadr', 'CiAdrCity', 'LastModifiedBy', 'contributor', 'publisher']],
  ['author', 'xmp-rights', ['rights', 'Copyright', 'UsageTerms', 'WebStatement', 'Marked', 'CopyrightNotice']],
  ['software', 'xmp-creator-tool', ['CreatorTool', 'Software', 'softwareAgent', 'Producer']],
  ['dates', 'xmp-date', ['CreateDate', 'ModifyDate', 'MetadataDate', 'DateCreated', 'DateTimeOriginal', 'DateTimeDigitized', 'DateTime', 'DateAcquired', 'when', 'date']],
  ['identifiers', 'xmp-document-id', ['DocumentID', 'OriginalDocumentID', 'ImageUniqueID', 'documentID']],
  ['identifiers', 'xmp-instance-id', ['InstanceID', 'instanceID']],
  ['history', 'xmp-history', ['History', 'DerivedFrom', 'Ingredients', 'Pantry', 'Manifest', 'Versions']],
  ['comments', 'xmp-description', ['description', 'title', 'UserComment', 'Headline', 'Instructions', 'Caption', 'Label', 'ImageDescription']],
  ['comments', 'xmp-keywords', ['subject', 'Keywords', 'PersonInImage']],
];

const BY_NAME = new Map<string, Removal>();
for (const [category, field, names] of FIELDS) for (const name of names) BY_NAME.set(name, { category, field });

const PROPERTY = /[<\s"']([A-Za-z_][\w.-]*):([A-Za-z_][\w.-]*)(?=[\s=>/])/g;

/** The categories of an XMP packet's properties; `other/xmp` when nothing known was found. */
export function classifyXmp(packet: Uint8Array, maxElements: number): Removal[] {
  const text = decodeXmp(packet);
  const removals: Removal[] = [];
  let seen = 0;
  for (const match of text.matchAll(PROPERTY)) {
    if (++seen > maxElements) break; // a report only: stop, the packet goes anyway
    const [, prefix, name] = match;
    if (prefix === 'xmlns') continue;
    const known = BY_NAME.get(name!) ?? (/^GPS/.test(name!) ? { category: 'location' as const, field: 'xmp-gps' } : undefined);
    if (known) removals.push({ ...known });
  }
  if (removals.length === 0) removals.push({ category: 'other', field: 'xmp' });
  return removals;
}

/**
 * XMP is UTF-8, -16 or -32 (XMP part 1 §7.1) and the property names we look for are ASCII in
 * all of them: for the wide forms, dropping the zero bytes leaves the names readable (and avoids
 * depending on which TextDecoder encodings a runtime ships).
 */
function decodeXmp(packet: Uint8Array): string {
  const head = packet.subarray(0, 64);
  if (!head.includes(0)) return new TextDecoder('utf-8').decode(packet);
  let text = '';
  const CHUNK = 8192;
  for (let at = 0; at < packet.length; at += CHUNK) {
    const narrow = packet.subarray(at, at + CHUNK).filter((b) => b !== 0);
    text += String.fromCharCode(...narrow);
  }
  return text;
}
