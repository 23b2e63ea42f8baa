// Format detection by content. The file name and the browser's MIME type are never consulted:
// a photo renamed to .txt is still a photo with GPS coordinates in it.
import { unzipSync } from 'fflate';
import type { ByteSource, FileKind } from './types.ts';

const HEAD_BYTES = 4096;
/** Office documents larger than this are not opened (they would be refused by the limits anyway). */
const MAX_ZIP_DETECT_BYTES = 256 * 1024 * 1024;
const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
const startsWith = (bytes: Uint8Array, magic: number[], at = 0) => magic.every((b, i) => bytes[at + i] === b);

export type Detected = FileKind | 'zip' | 'unknown';

export async function detectKind(source: ByteSource): Promise<Detected> {
  const head = await source.read(0, Math.min(source.size, HEAD_BYTES));
  if (head.length === 0) return 'unknown';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'webp';
  if (ascii(head, 0, 1024).includes('%PDF-')) return 'pdf';
  const isobmff = detectIsoBmff(head);
  if (isobmff) return isobmff;
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return detectZip(source);
  if (ascii(head, 0, 3) === 'ID3' || isMpegAudioFrame(head, 0)) return 'mp3';
  return detectText(head, source.size <= HEAD_BYTES);
}

/** ISO base media files (MP4, MOV, M4A, HEIC, AVIF) by their ftyp brands. */
function detectIsoBmff(head: Uint8Array): FileKind | undefined {
  const type = ascii(head, 4, 8);
  if (type !== 'ftyp') {
    // Old QuickTime files may start straight with these atoms.
    return ['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'].includes(type) && head.length >= 8 ? 'mov' : undefined;
  }
  const size = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
  const brands = [ascii(head, 8, 12)];
  for (let at = 16; at + 4 <= Math.min(size, head.length); at += 4) brands.push(ascii(head, at, at + 4));
  if (brands.some((b) => b === 'avif' || b === 'avis')) return 'avif';
  if (brands.some((b) => ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'].includes(b))) return 'heic';
  if (brands[0] === 'qt  ') return 'mov';
  if (brands.some((b) => b === 'M4A ' || b === 'M4B ')) return 'm4a';
  return 'mp4';
}

/** MPEG audio frame header: 11 sync bits, a valid version, layer, bitrate and sample rate. */
function isMpegAudioFrame(bytes: Uint8Array, at: number): boolean {
  const [b0, b1, b2] = [bytes[at], bytes[at + 1], bytes[at + 2]];
  if (b0 !== 0xff || b1 === undefined || b2 === undefined || (b1 & 0xe0) !== 0xe0) return false;
  const version = (b1 >> 3) & 3;
  const layer = (b1 >> 1) & 3;
  const bitrate = b2 >> 4;
  const rate = (b2 >> 2) & 3;
  return version !== 1 && layer !== 0 && bitrate !== 0 && bitrate !== 15 && rate !== 3;
}

/** OOXML and ODF are ZIP files; tell them apart by their manifest members. */
async function detectZip(source: ByteSource): Promise<Detected> {
  // Only the central directory's names are needed; fflate's filter sees each entry before it
  // is inflated, and by returning false we decompress nothing here.
  if (source.size > MAX_ZIP_DETECT_BYTES) return 'zip';
  const names: string[] = [];
  let mimetype: string | undefined;
  try {
    // fflate's filter sees each central-directory entry before anything is inflated; only a
    // tiny `mimetype` member (ODF) is decompressed.
    const members = unzipSync(await source.read(0, source.size), {
      filter: (file) => {
        names.push(file.name);
        // Both sizes small: a member that lies about its inflated size must not be inflated.
        return file.name === 'mimetype' && file.originalSize < 256 && file.size < 1024;
      },
    });
    if (members.mimetype) mimetype = new TextDecoder().decode(members.mimetype).trim();
  } catch {
    return 'zip';
  }
  const odf: Record<string, FileKind> = {
    'application/vnd.oasis.opendocument.text': 'odt',
    'application/vnd.oasis.opendocument.spreadsheet': 'ods',
    'application/vnd.oasis.opendocument.presentation': 'odp',
  };
  if (mimetype && odf[mimetype]) return odf[mimetype]!;
  if (names.includes('[Content_Types].xml')) {
    if (names.some((n) => n.startsWith('word/'))) return 'docx';
    if (names.some((n) => n.startsWith('xl/'))) return 'xlsx';
    if (names.some((n) => n.startsWith('ppt/'))) return 'pptx';
  }
  return 'zip';
}

/** SVG, or text that is safe to pass unchanged: UTF-8 without NULs or other binary controls. */
function detectText(head: Uint8Array, complete: boolean): Detected {
  let text: string;
  try {
    // A multi-byte character may be cut at the end of the head: only a complete file must decode.
    text = new TextDecoder('utf-8', { fatal: true }).decode(complete ? head : trimPartialUtf8(head));
  } catch {
    return 'unknown';
  }
  if (/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)) return 'unknown';
  // The prolog may hold a DOCTYPE with an internal subset (older Illustrator exports declare
  // their namespaces as entities there): skip it whole, or the SVG would pass as plain text.
  const start = text.replace(/^\uFEFF/, '').replace(/^(\s|<\?xml[^>]*\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>)*/i, '');
  if (/^<svg[\s>/]/i.test(start)) return 'svg';
  // Anything else that mentions an <svg element early on is not trusted as plain text either.
  if (/<svg[\s>/]/i.test(text.slice(0, HEAD_BYTES))) return 'svg';
  return 'text';
}

function trimPartialUtf8(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  // Step back over continuation bytes, then drop a lead byte whose sequence is incomplete.
  let back = 0;
  while (back < 3 && end - back - 1 >= 0 && (bytes[end - back - 1]! & 0xc0) === 0x80) back++;
  const lead = bytes[end - back - 1];
  if (lead !== undefined && lead >= 0xc0) {
    const need = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : 1;
    if (back < need) end = end - back - 1;
  }
  return bytes.subarray(0, end);
}
