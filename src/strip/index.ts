// Metadata removal: detect the format by content, hand the bytes to that format's stripper,
// and turn every failure into a typed result. Nothing here or below may throw to the caller,
// hang, or pass an unrecognised file off as clean.
import { detectKind } from './detect.ts';
import { StripRejection } from './errors.ts';
import { bytesSource } from './source.ts';
import { DEFAULT_LIMITS, type ByteSource, type FileKind, type StripContext, type Stripper, type StripLimits, type StripResult } from './types.ts';

export * from './types.ts';
export { StripRejection } from './errors.ts';
export { blobSource, bytesSource, collect } from './source.ts';
export { describeRemovals } from './describe.ts';

// Each format's stripper is loaded the first time a file of that kind is met: pdf-lib, xmldom and
// pako are most of the code, and a process that strips a few photos (`tipline strip`, a server
// taking a JPEG) should not pay to load them. Bundlers without code splitting (the browser worker,
// the Workers build) inline these imports, so there nothing changes.
const STRIPPERS: Record<FileKind, () => Promise<Stripper>> = {
  jpeg: async () => (await import('./jpeg.ts')).stripJpeg,
  png: async () => (await import('./png.ts')).stripPng,
  gif: async () => (await import('./gif.ts')).stripGif,
  webp: async () => (await import('./webp.ts')).stripWebp,
  heic: async () => (await import('./isobmff.ts')).stripIsoBmff,
  avif: async () => (await import('./isobmff.ts')).stripIsoBmff,
  mp4: async () => (await import('./isobmff.ts')).stripIsoBmff,
  mov: async () => (await import('./isobmff.ts')).stripIsoBmff,
  m4a: async () => (await import('./isobmff.ts')).stripIsoBmff,
  pdf: async () => (await import('./pdf.ts')).stripPdf,
  docx: async () => (await import('./ooxml.ts')).stripOoxml,
  xlsx: async () => (await import('./ooxml.ts')).stripOoxml,
  pptx: async () => (await import('./ooxml.ts')).stripOoxml,
  odt: async () => (await import('./odf.ts')).stripOdf,
  ods: async () => (await import('./odf.ts')).stripOdf,
  odp: async () => (await import('./odf.ts')).stripOdf,
  mp3: async () => (await import('./mp3.ts')).stripMp3,
  svg: async () => (await import('./svg.ts')).stripSvg,
  text: async () => (await import('./text.ts')).stripText,
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
    const stripper = await STRIPPERS[kind]();
    return await stripper(source, kind, ctx);
  } catch (error) {
    const known = kind === 'zip' ? 'unknown' : kind;
    if (error instanceof StripRejection) return { status: 'rejected', kind: known, code: error.code, reason: error.message };
    // A parser bug or a structure it did not expect: refuse the file rather than pass it.
    return { status: 'rejected', kind: known, code: 'malformed', reason: 'the file is damaged or has an unexpected structure' };
  }
}
