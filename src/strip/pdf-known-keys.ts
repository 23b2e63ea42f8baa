// The keys the PDF stripper keeps on the dictionaries where writers put private data: an
// allowlist per dictionary type, from the tables of ISO 32000-1:2008 (numbers below) plus the
// keys ISO 32000-2:2020 added. Anything else on such a dictionary (a writer's private key, a
// misspelt or damaged /PieceInfo, a vendor's data under a name of its own) is removed.
//
// Notation: a key ending in `*` may hold a string. Under any other key a string is not what the
// specification puts there, so it goes too: a damaged key name that happens to spell another
// known key (/T, an annotation's author, read as /P) cannot carry its text through.
//
// Keys the stripper removes on purpose (Metadata, PieceInfo, LastModified, Thumb, the web-capture
// ID, OPI links to the original image file) are left out of the lists.
import { PDFHexString, PDFName, PDFString, type PDFDict } from 'pdf-lib';
import { pdfName, report, type PdfCleanup } from './pdf-cleanup.ts';

export interface KnownKeys {
  keys: Set<PDFName>;
  /** The keys whose value may be a string. */
  text: Set<PDFName>;
}

export function known(...lists: string[]): KnownKeys {
  const words = lists.join(' ').split(/\s+/).filter(Boolean);
  return {
    keys: new Set(words.map((w) => pdfName(w.replace(/\*$/, '')))),
    text: new Set(words.filter((w) => w.endsWith('*')).map((w) => pdfName(w.slice(0, -1)))),
  };
}

/** Removes every key `allowed` does not list, and strings where no string belongs. */
export function dropUnknownKeys(dict: PDFDict, allowed: KnownKeys, cleanup: PdfCleanup): void {
  for (const key of dict.keys()) {
    if (allowed.keys.has(key) && (allowed.text.has(key) || !isString(dict.lookup(key)))) continue;
    dict.delete(key);
    report(cleanup, 'other', 'pdf-private-data');
  }
}

function isString(value: unknown): boolean {
  return value instanceof PDFString || value instanceof PDFHexString;
}

/** Table 5: entries common to all stream dictionaries (F: an external file, a file specification). */
const STREAM = 'Length Filter DecodeParms F* FFilter FDecodeParms DL';

/** Table 28 plus ISO 32000-2's AF and DPartRoot. */
export const CATALOG_KEYS = known(`Type Version Extensions Pages PageLabels Names Dests ViewerPreferences PageLayout PageMode
  Outlines Threads OpenAction AA URI AcroForm StructTreeRoot MarkInfo Lang* OutputIntents OCProperties Requirements Collection
  NeedsRendering AF DPartRoot`);

/** Table 29 and the inheritable page attributes (§7.7.3.4): a page tree node's keys. */
export const PAGE_TREE_KEYS = known('Type Parent Kids Count Resources MediaBox CropBox Rotate');

/** Table 30 plus ISO 32000-2's AF, OutputIntents and DPart. */
export const PAGE_KEYS = known(`Type Parent Resources MediaBox CropBox BleedBox TrimBox ArtBox BoxColorInfo Contents Rotate
  Group B Dur Trans Annots AA StructParents PZ SeparationInfo Tabs TemplateInstantiated PresSteps UserUnit VP AF OutputIntents DPart`);

/** A page's content streams: nothing but Table 5. */
export const CONTENT_STREAM_KEYS = known(STREAM);

/** Table 33: a resource dictionary. */
export const RESOURCE_KEYS = known('ExtGState ColorSpace Pattern Shading XObject Font ProcSet Properties');

/** Tables 5 and 95 (a form XObject) plus ISO 32000-2's AF, Measure and PtData. */
export const FORM_KEYS = known(STREAM, 'Type Subtype FormType BBox Matrix Resources Group Ref StructParent StructParents OC Name AF Measure PtData');

/**
 * Tables 5 and 89 (an image XObject), Table 146's Matte (a soft-mask image) and ISO 32000-2's
 * AF, Measure and PtData.
 */
export const IMAGE_KEYS = known(STREAM, `Type Subtype Width Height ColorSpace BitsPerComponent Intent ImageMask Mask Decode
  Interpolate Alternates SMask SMaskInData Name StructParent OC Matte AF Measure PtData`);

/** Table 160 (an article thread; its information dictionary /I goes) and Table 161 (a bead). */
export const THREAD_KEYS = known('Type F');
export const BEAD_KEYS = known('Type T N V P R');

/** Table 218: the interactive form dictionary (SigFlags is removed on purpose). */
export const ACRO_FORM_KEYS = known('Fields NeedAppearances CO DR DA* Q XFA');

/** §8.11.2.1 Table 98: an optional content group. */
export const LAYER_KEYS = known('Type Name* Intent Usage');
/** §8.11.4.4 Table 102: a usage dictionary, less CreatorInfo and User. */
export const USAGE_KEYS = known('Language Export Zoom Print View PageElement');
