// JPEG 2000 images (JPXDecode, ISO 32000-1 §7.4.9). A JP2/JPX file (ISO 15444-1 Annex I,
// 15444-2 Annex M) is a list of boxes; XMP and EXIF sit in 'uuid' boxes, XML in 'xml ' boxes,
// rights in 'jp2i', labels in 'asoc'/'lbl '. Only the boxes that describe and hold the picture
// are kept. In the codestream (15444-1 Annex A), comment segments (COM, A.9.2) of the main
// header go; a comment in a tile-part header would change tile lengths, so such a file is
// refused rather than passed on with it.
import { concatBytes, u16be, u32be, u64be } from './bytes.ts';
import { reject } from './errors.ts';
import type { Removal } from './types.ts';

/** Signature, file type, reader requirements, header, codestreams and what JPX needs to find them. */
const KEPT_BOXES = new Set(['jP  ', 'ftyp', 'rreq', 'jp2h', 'jp2c', 'jpch', 'jplh', 'cgrp', 'ftbl', 'mdat', 'dtbl']);
const SOC = 0xff4f;
const SOT = 0xff90;
const SOD = 0xff93;
const COM = 0xff64;

export interface JpxResult {
  bytes: Uint8Array;
  removed: Removal[];
}

/** A cleaned copy, or undefined when metadata cannot be removed without re-encoding. */
export function stripJpx(data: Uint8Array, maxElements: number): JpxResult | undefined {
  if (data.length >= 2 && u16be(data, 0) === SOC) {
    const codestream = stripCodestream(data, maxElements);
    return codestream && { bytes: codestream.bytes, removed: codestream.removed };
  }
  const kept: Uint8Array[] = [];
  const removed: Removal[] = [];
  let at = 0;
  for (let boxes = 0; at < data.length; boxes++) {
    if (boxes > maxElements) reject('too_many_elements', 'too many boxes in a JPEG 2000 image');
    let length = u32be(data, at);
    const type = String.fromCharCode(...data.subarray(at + 4, at + 8));
    let header = 8;
    if (length === 1) {
      length = u64be(data, at + 8);
      header = 16;
    } else if (length === 0) {
      length = data.length - at;
    }
    if (length < header || at + length > data.length) reject('malformed', 'a JPEG 2000 box overruns the image');
    const box = data.subarray(at, at + length);
    if (type === 'jp2c') {
      const codestream = stripCodestream(box.subarray(header), maxElements);
      if (!codestream) return undefined;
      removed.push(...codestream.removed);
      kept.push(boxHeader('jp2c', codestream.bytes.length), codestream.bytes);
    } else if (KEPT_BOXES.has(type)) {
      kept.push(box);
    } else {
      removed.push(type === 'uuid' || type === 'xml ' ? { category: 'other', field: 'jpx-metadata-box' } : { category: 'other', field: 'jpx-private-box' });
    }
    at += length;
  }
  if (removed.length === 0) return { bytes: data, removed };
  return { bytes: concatBytes(kept), removed };
}

function boxHeader(type: string, contentLength: number): Uint8Array {
  const header = new Uint8Array(8);
  new DataView(header.buffer).setUint32(0, contentLength + 8);
  for (let i = 0; i < 4; i++) header[4 + i] = type.charCodeAt(i);
  return header;
}

/** Drops COM segments from the main header; undefined if a tile-part header has one. */
function stripCodestream(code: Uint8Array, maxElements: number): JpxResult | undefined {
  if (u16be(code, 0) !== SOC) reject('malformed', 'a JPEG 2000 codestream does not start with SOC');
  const kept: Uint8Array[] = [code.subarray(0, 2)];
  let comments = 0;
  let at = 2;
  for (let segments = 0; ; segments++) {
    if (segments > maxElements) reject('too_many_elements', 'too many segments in a JPEG 2000 header');
    const marker = u16be(code, at);
    if (marker === SOT) break;
    if ((marker & 0xff00) !== 0xff00) reject('malformed', 'a JPEG 2000 header segment has no marker');
    const length = u16be(code, at + 2);
    if (length < 2 || at + 2 + length > code.length) reject('malformed', 'a JPEG 2000 header segment overruns the codestream');
    if (marker === COM) comments++;
    else kept.push(code.subarray(at, at + 2 + length));
    at += 2 + length;
  }
  if (tilePartsHaveComments(code, at, maxElements)) return undefined;
  const removed: Removal[] = comments > 0 ? [{ category: 'comments', field: 'jpx-comment', count: comments }] : [];
  if (comments === 0) return { bytes: code, removed };
  kept.push(code.subarray(at));
  return { bytes: concatBytes(kept), removed };
}

/** A.4.2: each tile-part starts with SOT (Psot = its length, 0 = to the end) and its header ends at SOD. */
function tilePartsHaveComments(code: Uint8Array, from: number, maxElements: number): boolean {
  let at = from;
  for (let tileParts = 0; at + 12 <= code.length && u16be(code, at) === SOT; tileParts++) {
    if (tileParts > maxElements) reject('too_many_elements', 'too many JPEG 2000 tile-parts');
    const psot = u32be(code, at + 6);
    let segment = at + 2 + u16be(code, at + 2);
    for (let segments = 0; segment + 4 <= code.length && u16be(code, segment) !== SOD; segments++) {
      if (segments > maxElements) reject('too_many_elements', 'too many segments in a JPEG 2000 tile-part');
      if (u16be(code, segment) === COM) return true;
      const length = u16be(code, segment + 2);
      if (length < 2) reject('malformed', 'a JPEG 2000 tile-part segment is too short');
      segment += 2 + length;
    }
    if (psot === 0) break;
    if (psot < 14) reject('malformed', 'a JPEG 2000 tile-part is too short');
    at += psot;
  }
  return false;
}
