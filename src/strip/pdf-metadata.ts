// What the document information dictionary (ISO 32000-1 §14.3.3) and XMP metadata streams
// (§14.3.2) held, for the "removed: author, dates, software" summary. Both are removed whole;
// this only names what was in them.
import { PDFDict, PDFRawStream, type PDFObject } from 'pdf-lib';
import { pdfName } from './pdf-cleanup.ts';
import { decodeStream } from './pdf-decode.ts';
import type { Removal } from './types.ts';

const INFO_FIELDS: Record<string, Removal> = {
  Author: { category: 'author', field: 'pdf-info-author' },
  Creator: { category: 'software', field: 'pdf-info-creator' },
  Producer: { category: 'software', field: 'pdf-info-producer' },
  CreationDate: { category: 'dates', field: 'pdf-info-dates' },
  ModDate: { category: 'dates', field: 'pdf-info-dates' },
  Title: { category: 'other', field: 'pdf-info-title' },
  Subject: { category: 'other', field: 'pdf-info-subject' },
  Keywords: { category: 'other', field: 'pdf-info-keywords' },
};

/** One removal per entry of the Info dictionary; custom keys (Company, SourceModified...) too. */
export function infoRemovals(info: PDFObject | undefined): Removal[] {
  if (!(info instanceof PDFDict)) return info === undefined ? [] : [{ category: 'other', field: 'pdf-info-other' }];
  return info.keys().map((key) => ({ ...(INFO_FIELDS[key.decodeText()] ?? { category: 'other', field: 'pdf-info-other' }) }));
}

/** XMP properties by the prefixes writers use for them (Adobe XMP Specification Part 2). */
const XMP_FIELDS: [RegExp, Removal][] = [
  [/dc:creator|pdf:Author|xmp:Author|photoshop:AuthorsPosition|xmpRights:Owner|photoshop:Credit/, { category: 'author', field: 'xmp-author' }],
  [/xmp:CreatorTool|pdf:Producer|stEvt:softwareAgent|xmp:Toolkit|x:xmptk/, { category: 'software', field: 'xmp-software' }],
  [/xmp:CreateDate|xmp:ModifyDate|xmp:MetadataDate|photoshop:DateCreated|exif:DateTime/, { category: 'dates', field: 'xmp-dates' }],
  [/xmpMM:DocumentID|xmpMM:InstanceID|xmpMM:OriginalDocumentID/, { category: 'identifiers', field: 'xmp-document-id' }],
  [/xmpMM:History|xmpMM:DerivedFrom|xmpMM:Ingredients|xmpMM:Pantry/, { category: 'history', field: 'xmp-history' }],
  [/exif:GPS|photoshop:City|Iptc4xmpCore:Location/, { category: 'location', field: 'xmp-location' }],
  [/tiff:Make|tiff:Model|aux:SerialNumber|exifEX:BodySerialNumber|aux:Lens/, { category: 'device', field: 'xmp-device' }],
];

/** Packets are read only to name their contents: a few MB is plenty, the rest is not looked at. */
const XMP_READ_BYTES = 4 * 1024 * 1024;

/** What an XMP packet held; a packet that cannot be read is still reported as one. */
export function xmpRemovals(metadata: PDFObject | undefined): Removal[] {
  const packet: Removal = { category: 'other', field: 'xmp-packet' };
  if (!(metadata instanceof PDFRawStream)) return [packet];
  let bytes: Uint8Array | undefined;
  try {
    bytes = decodeStream(metadata, { remaining: XMP_READ_BYTES });
  } catch {
    bytes = undefined;
  }
  if (!bytes) return [packet];
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const found = XMP_FIELDS.filter(([pattern]) => pattern.test(text)).map(([, removal]) => ({ ...removal }));
  return found.length > 0 ? found : [packet];
}

/** §14.3.2: a metadata stream is marked /Type /Metadata /Subtype /XML. */
export function isXmpStream(object: PDFObject): boolean {
  if (!(object instanceof PDFRawStream)) return false;
  const type = object.dict.get(pdfName('Type'));
  const subtype = object.dict.get(pdfName('Subtype'));
  return type === pdfName('Metadata') || subtype === pdfName('XML');
}
