// Item information and item locations of a HEIF/AVIF meta box (ISO/IEC 14496-12 §8.11.6 iinf/
// infe and §8.11.3 iloc; ISO/IEC 23008-12 §6.4 for how HEIF uses them). Only what the stripper
// needs: each item's type and where its bytes are.
import { ascii, u16be, u32be, u64be, u8 } from './bytes.ts';
import { reject } from './errors.ts';
import { childBoxes, type BoxHeader, type ElementBudget } from './isobmff-box.ts';

export interface ItemInfo {
  id: number;
  /** 'hvc1', 'av01', 'grid', 'Exif', 'mime', 'uri '... */
  type: string;
  /** For mime items, e.g. application/rdf+xml (XMP). */
  contentType: string;
}

export interface ItemExtent {
  offset: number;
  /** 0 means "to the end of the data" (§8.11.3.3). */
  length: number;
}

export interface ItemLocation {
  id: number;
  /** 0: offsets in the file; 1: in the idat box; 2: in other items. */
  constructionMethod: number;
  /** Non-zero: the data is in another file named by dref. */
  dataReferenceIndex: number;
  extents: ItemExtent[];
}

/** iinf: version/flags, entry_count (16 bits in version 0), then infe boxes. */
export function parseItemInfos(bytes: Uint8Array, iinf: BoxHeader, budget: ElementBudget): ItemInfo[] {
  const from = iinf.start + iinf.headerSize;
  const countBytes = u8(bytes, from) === 0 ? 2 : 4;
  const count = countBytes === 2 ? u16be(bytes, from + 4) : u32be(bytes, from + 4);
  const items: ItemInfo[] = [];
  for (const infe of childBoxes(bytes, from + 4 + countBytes, iinf.start + iinf.size, budget)) {
    if (infe.type === 'infe') items.push(parseItemInfoEntry(bytes, infe));
  }
  // §8.11.6.2: entry_count entries, no more, no fewer (an item's information lost or made up).
  if (items.length !== count) reject('malformed', `iinf says ${count} items and holds ${items.length}`);
  refuseDuplicateIds(items, 'item information');
  return items;
}

/**
 * ISO/IEC 14496-12 §8.11.6 (and §8.11.3 for iloc): an item_ID names one item. Two entries with
 * the same ID leave it open which one a reader takes, e.g. an XMP item's information or an
 * image's for the same bytes: the file is damaged (or made to mislead) and is not cleaned.
 */
function refuseDuplicateIds(entries: { id: number }[], what: string): void {
  const seen = new Set<number>();
  for (const { id } of entries) {
    if (seen.has(id)) reject('malformed', `two ${what} entries share item_ID ${id}`);
    seen.add(id);
  }
}

function parseItemInfoEntry(bytes: Uint8Array, infe: BoxHeader): ItemInfo {
  const end = infe.start + infe.size;
  const from = infe.start + infe.headerSize;
  const view = bytes.subarray(0, end); // every read below is bounded by the entry's end
  const version = u8(view, from);
  if (version < 2) {
    // Versions 0 and 1 have no item_type: name, content_type, content_encoding (MIME-typed data).
    const id = u16be(view, from + 4);
    const name = cString(view, from + 8);
    return { id, type: 'mime', contentType: cString(view, name.next).text };
  }
  const wide = version >= 3;
  const id = wide ? u32be(view, from + 4) : u16be(view, from + 4);
  let at = from + 4 + (wide ? 4 : 2) + 2; // item_ID, item_protection_index
  const type = ascii(view, at, 4);
  at = cString(view, at + 4).next; // item_name
  const contentType = type === 'mime' ? cString(view, at).text : '';
  return { id, type, contentType };
}

/** A NUL-terminated string; a missing terminator ends it at the box end. */
function cString(bytes: Uint8Array, at: number): { text: string; next: number } {
  if (at >= bytes.length) return { text: '', next: at };
  let end = bytes.indexOf(0, at);
  if (end === -1) end = bytes.length;
  return { text: ascii(bytes, at, end - at), next: end + 1 };
}

export function parseItemLocations(bytes: Uint8Array, iloc: BoxHeader, budget: ElementBudget): ItemLocation[] {
  const view = bytes.subarray(0, iloc.start + iloc.size);
  let at = iloc.start + iloc.headerSize;
  const version = u8(view, at);
  if (version > 2) reject('malformed', `unknown iloc version ${version}`);
  const sizes = u16be(view, at + 4);
  const offsetSize = sizes >> 12;
  const lengthSize = (sizes >> 8) & 15;
  const baseOffsetSize = (sizes >> 4) & 15;
  const indexSize = version >= 1 ? sizes & 15 : 0;
  at += 6;
  const readN = (n: number): number => {
    if (n !== 0 && n !== 4 && n !== 8) reject('malformed', `iloc field size ${n}`);
    const value = n === 0 ? 0 : n === 4 ? u32be(view, at) : u64be(view, at);
    at += n;
    return value;
  };
  const itemCount = version < 2 ? u16be(view, at) : u32be(view, at);
  at += version < 2 ? 2 : 4;
  budget.spend(itemCount);
  const locations: ItemLocation[] = [];
  for (let i = 0; i < itemCount; i++) {
    const id = version < 2 ? u16be(view, at) : u32be(view, at);
    at += version < 2 ? 2 : 4;
    let constructionMethod = 0;
    if (version >= 1) {
      constructionMethod = u16be(view, at) & 15;
      at += 2;
    }
    const dataReferenceIndex = u16be(view, at);
    at += 2;
    const baseOffset = readN(baseOffsetSize);
    const extentCount = u16be(view, at);
    at += 2;
    budget.spend(extentCount);
    const extents: ItemExtent[] = [];
    for (let e = 0; e < extentCount; e++) {
      if (indexSize > 0) readN(indexSize);
      const offset = baseOffset + readN(offsetSize);
      extents.push({ offset, length: readN(lengthSize) });
    }
    locations.push({ id, constructionMethod, dataReferenceIndex, extents });
  }
  // The field sizes and counts fix the box's length: if they do not account for all of it (a
  // damaged size nibble shifts every later field), the items read are not the ones written.
  if (view.subarray(at).some((b) => b !== 0)) reject('malformed', 'iloc holds more than its items');
  refuseDuplicateIds(locations, 'item location');
  return locations;
}
