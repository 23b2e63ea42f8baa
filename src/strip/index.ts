// Metadata removal: detect the format by content, hand the bytes to that format's stripper,
// and turn every failure into a typed result. Nothing here or below may throw to the caller,
// hang, or pass an unrecognised file off as clean.
import { detectKind } from './detect.ts';
import { StripRejection } from './errors.ts';
import { stripGif } from './gif.ts';
import { stripIsoBmff } from './isobmff.ts';
import { stripJpeg } from './jpeg.ts';
import { stripMp3 } from './mp3.ts';
import { stripOdf } from './odf.ts';
import { stripOoxml } from './ooxml.ts';
import { stripPdf } from './pdf.ts';
import { stripPng } from './png.ts';
import { bytesSource } from './source.ts';
import { stripSvg } from './svg.ts';
import { stripText } from './text.ts';
import { DEFAULT_LIMITS, type ByteSource, type FileKind, type StripContext, type Stripper, type StripLimits, type StripResult } from './types.ts';
import { stripWebp } from './webp.ts';

export * from './types.ts';
export { StripRejection } from './errors.ts';
export { blobSource, bytesSource, collect } from './source.ts';
export { describeRemovals } from './describe.ts';

const STRIPPERS: Record<FileKind, Stripper> = {
  jpeg: stripJpeg,
  png: stripPng,
  gif: stripGif,
  webp: stripWebp,
  heic: stripIsoBmff,
  avif: stripIsoBmff,
  mp4: stripIsoBmff,
  mov: stripIsoBmff,
  m4a: stripIsoBmff,
  pdf: stripPdf,
  docx: stripOoxml,
  xlsx: stripOoxml,
  pptx: stripOoxml,
  odt: stripOdf,
  ods: stripOdf,
  odp: stripOdf,
  mp3: stripMp3,
  svg: stripSvg,
  text: stripText,
};

export interface StripOptions {
  limits?: Partial<StripLimits>;
}

export async function stripMetadata(input: ByteSource | Uint8Array, options: StripOptions = {}): Promise<StripResult> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  return stripAtDepth(input instanceof Uint8Array ? bytesSource(input) : input, limits, 0);
}

async function stripAtDepth(source: ByteSource, limits: StripLimits, depth: number): Promise<StripResult> {
  let kind: FileKind | 'zip' | 'unknown' = 'unknown';
  try {
    if (depth > limits.maxDepth) return { status: 'rejected', kind, code: 'too_deep', reason: `files nested more than ${limits.maxDepth} levels deep` };
    if (source.size === 0) return { status: 'rejected', kind, code: 'malformed', reason: 'the file is empty' };
    kind = await detectKind(source);
    if (kind === 'unknown') return { status: 'unsupported', kind, reason: 'unrecognised format: its metadata cannot be removed' };
    if (kind === 'zip') return { status: 'unsupported', kind: 'unknown', reason: 'a ZIP archive that is not an office document: its contents cannot be checked' };
    const ctx: StripContext = {
      limits,
      depth,
      stripNested: (bytes) => stripAtDepth(bytesSource(bytes), limits, depth + 1),
    };
    return await STRIPPERS[kind](source, kind, ctx);
  } catch (error) {
    const known = kind === 'zip' ? 'unknown' : kind;
    if (error instanceof StripRejection) return { status: 'rejected', kind: known, code: error.code, reason: error.message };
    // A parser bug or a structure it did not expect: refuse the file rather than pass it.
    return { status: 'rejected', kind: known, code: 'malformed', reason: 'the file is damaged or has an unexpected structure' };
  }
}
