// The top-level meta box of a HEIF/AVIF image (ISO/IEC 23008-12 §6; ISO/IEC 14496-12 §8.11),
// cleaned in memory. Metadata items (Exif, XMP and other MIME or URI items) are kept as items,
// so iinf/iloc/iref stay consistent, but their bytes, wherever iloc puts them (mdat or idat),
// are listed for zeroing. Properties (ipco) are kept, orientation (irot/imir) included, except
// user descriptions and vendor boxes. Image items and their coded data are not touched.
import { reject } from './errors.ts';
import { checkDepth, childBoxes, UnsupportedStructure, type BoxHeader } from './isobmff-box.ts';
import { freeBox, neutraliseHandler, zeroFreeSpace } from './isobmff-edit.ts';
import type { MovieContext } from './isobmff-movie.ts';
import { parseItemInfos, parseItemLocations, type ItemInfo, type ItemLocation } from './heif-items.ts';
import type { ByteRange } from './isobmff-output.ts';
import type { Removal } from './types.ts';

export type MetadataItemKind = 'exif' | 'xmp' | 'mime' | 'uri' | 'unknown';

export interface MetadataItemRange {
  kind: MetadataItemKind;
  /** Absolute file offset. */
  offset: number;
  length: number;
}

/**
 * Item types that are pictures or build pictures (ISO/IEC 23008-12 §6.6 derived images, Annex
 * B/E/F coded images; AVIF; ISO/IEC 21496-1 tone maps; ISO/IEC 23001-17 uncompressed): their
 * data is kept. Any other item is metadata or unknown, and its data is zeroed.
 */
const IMAGE_ITEMS = new Set(['hvc1', 'hev1', 'hvt1', 'lhv1', 'av01', 'avc1', 'vvc1', 'vvi1', 'jpeg', 'j2k1', 'unci', 'grid', 'iovl', 'iden', 'tmap', 'mski']);

/** Boxes of an image meta box that structure the image (§8.11; ISO/IEC 23008-12 §9). */
const STRUCTURE = new Set(['pitm', 'iref', 'dinf', 'grpl', 'ipro', 'iinf', 'iloc', 'idat', 'iprp']);

export function isImageMeta(bytes: Uint8Array, meta: BoxHeader, ctx: MovieContext): boolean {
  const hdlr = metaChildren(bytes, meta, ctx).find((b) => b.type === 'hdlr');
  return hdlr !== undefined && hdlr.size >= hdlr.headerSize + 12 && String.fromCharCode(...bytes.subarray(hdlr.start + hdlr.headerSize + 8, hdlr.start + hdlr.headerSize + 12)) === 'pict';
}

/**
 * Cleans `bytes` (the meta box alone, starting at 0, found at `fileOffset` in a file of
 * `fileSize` bytes). Returns whether it changed and the metadata items' byte ranges.
 */
export interface CleanedImageMeta {
  changed: boolean;
  /** Metadata (and unknown) items' bytes, to zero. */
  items: MetadataItemRange[];
  /** File ranges holding image items' data; undefined when some cannot be located. */
  imageData: ByteRange[] | undefined;
  /** The idat payload (file range), which holds item data only. */
  itemDataBoxes: ByteRange[];
}

export function cleanImageMeta(bytes: Uint8Array, meta: BoxHeader, fileOffset: number, fileSize: number, ctx: MovieContext): CleanedImageMeta {
  let changed = false;
  const note = (removals: Removal[]) => {
    changed = true;
    ctx.removed.push(...removals);
  };
  let infos: ItemInfo[] = [];
  let locations: ItemLocation[] = [];
  let idat: BoxHeader | undefined;
  for (const child of metaChildren(bytes, meta, ctx)) {
    if (child.type === 'hdlr') {
      if (neutraliseHandler(bytes, child)) note([{ category: 'software', field: 'handler-name' }]);
    } else if (child.type === 'iinf') infos = parseItemInfos(bytes, child, ctx.budget);
    else if (child.type === 'iloc') locations = parseItemLocations(bytes, child, ctx.budget);
    else if (child.type === 'idat') idat = child;
    else if (child.type === 'iprp') changed = cleanProperties(bytes, child, ctx, 2) || changed;
    else if (child.type === 'free' || child.type === 'skip') {
      if (zeroFreeSpace(bytes, child)) note([{ category: 'other', field: 'leftover-free-space' }]);
    } else if (!STRUCTURE.has(child.type)) {
      freeBox(bytes, child);
      note([{ category: 'other', field: child.type === 'xml ' || child.type === 'bxml' ? 'xml-metadata' : 'unknown-box' }]);
    }
  }
  const items: MetadataItemRange[] = [];
  const imageData: ByteRange[] = [];
  let imageDataKnown = true;
  const infoById = new Map(infos.map((info) => [info.id, info]));
  for (const location of locations) {
    const info = infoById.get(location.id);
    const kind = info ? metadataKind(info) : 'unknown';
    if (location.dataReferenceIndex !== 0) continue; // the bytes are in another file, not in this one
    if (location.constructionMethod === 2) {
      if (kind) throw new UnsupportedStructure('a metadata item built from other items');
      imageDataKnown = false; // an image made of other items' bytes: where they are is not tracked
      continue;
    }
    if (location.constructionMethod > 2) reject('malformed', 'unknown item construction method');
    let [base, limit] = [0, fileSize];
    if (location.constructionMethod === 1) {
      if (!idat) reject('malformed', 'an item refers to a missing idat box');
      base = fileOffset + idat.start + idat.headerSize;
      limit = fileOffset + idat.start + idat.size;
    }
    for (const extent of location.extents) {
      const offset = base + extent.offset;
      const length = extent.length === 0 ? limit - offset : extent.length;
      if (offset < base || length < 0 || offset + length > limit) reject('malformed', 'an item lies outside its data');
      if (kind) items.push({ kind, offset, length });
      else imageData.push({ offset, length });
    }
  }
  const idatRange = idat && { offset: fileOffset + idat.start + idat.headerSize, length: idat.size - idat.headerSize };
  return { changed, items, imageData: imageDataKnown ? imageData : undefined, itemDataBoxes: idatRange ? [idatRange] : [] };
}

function metadataKind(info: ItemInfo): MetadataItemKind | undefined {
  if (IMAGE_ITEMS.has(info.type)) return undefined;
  if (info.type === 'Exif') return 'exif';
  if (info.type === 'mime') return /rdf\+xml|xmp/i.test(info.contentType) ? 'xmp' : 'mime';
  if (info.type === 'uri ') return 'uri';
  return 'unknown';
}

function metaChildren(bytes: Uint8Array, meta: BoxHeader, ctx: MovieContext): BoxHeader[] {
  const from = meta.start + meta.headerSize + 4; // a FullBox (§8.11.1)
  if (from > meta.start + meta.size) reject('malformed', 'meta box too short');
  return childBoxes(bytes, from, meta.start + meta.size, ctx.budget);
}

/**
 * Item properties (ISO/IEC 23008-12 §6.5; AVIF §2.3; ISO/IEC 23001-17) that describe how to
 * decode and show an image. Any other property (udes, the user description §6.5.20, with a name,
 * a description and tags; vendor uuid boxes; ones we do not know) is freed: properties are
 * addressed by position in ipco, and a free box keeps that position.
 */
const IMAGE_PROPERTIES = new Set([
  'hvcC', 'lhvC', 'av1C', 'avcC', 'vvcC', 'jpgC', 'j2kH', 'ispe', 'pixi', 'colr', 'irot', 'imir', 'clap', 'rloc', 'lsel', 'auxC',
  'a1op', 'a1lx', 'pasp', 'clli', 'mdcv', 'cclv', 'amve', 'reve', 'uncC', 'cmpd', 'cpal', 'cpat', 'splz', 'sbpm', 'snuc', 'cloc',
  'mskC', 'oinf', 'tols', 'iscl', 'altt', 'crtt', 'mdft', 'ndwt', 'tmap', 'rrtp', 'crrt',
]);

/** iprp holds ipco (the properties) and ipma (which item has which). */
function cleanProperties(bytes: Uint8Array, iprp: BoxHeader, ctx: MovieContext, depth: number): boolean {
  checkDepth(depth, ctx.limits);
  let changed = false;
  for (const child of childBoxes(bytes, iprp.start + iprp.headerSize, iprp.start + iprp.size, ctx.budget)) {
    if (child.type === 'ipma') continue;
    if (child.type !== 'ipco') {
      freeBox(bytes, child);
      ctx.removed.push({ category: 'other', field: 'unknown-box' });
      changed = true;
      continue;
    }
    for (const property of childBoxes(bytes, child.start + child.headerSize, child.start + child.size, ctx.budget)) {
      if (property.type === 'free' || property.type === 'skip') {
        if (zeroFreeSpace(bytes, property)) {
          ctx.removed.push({ category: 'other', field: 'leftover-free-space' });
          changed = true;
        }
      } else if (!IMAGE_PROPERTIES.has(property.type)) {
        freeBox(bytes, property);
        ctx.removed.push(property.type === 'udes' ? { category: 'comments', field: 'image-description' } : { category: 'other', field: property.type === 'uuid' ? 'vendor-box' : 'unknown-property' });
        changed = true;
      }
    }
  }
  return changed;
}
