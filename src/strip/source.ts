// ByteSource adapters and helpers shared by the strippers.
import { reject } from './errors.ts';
import type { ByteSource, CleanedFile, FileKind, Removal, StripLimits } from './types.ts';

export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
  };
}

/** A Blob (a File in the browser) as a ByteSource: nothing is read until asked for. */
export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
  };
}

/** The whole source in memory, for formats that cannot be streamed; bounded by the limits. */
export async function readAll(source: ByteSource, limits: StripLimits): Promise<Uint8Array> {
  if (source.size > limits.maxInMemoryBytes) reject('too_large', `file is larger than ${limits.maxInMemoryBytes} bytes`);
  return source.read(0, source.size);
}

/** A CleanedFile whose output is one buffer. */
export function cleanedBytes(kind: FileKind, mimeType: string, bytes: Uint8Array, removed: Removal[]): CleanedFile {
  return {
    status: 'cleaned',
    kind,
    mimeType,
    size: bytes.length,
    removed,
    open: async function* () {
      yield bytes;
    },
  };
}

/** Collects a cleaned file's output into one buffer (tests, small files). */
export async function collect(file: CleanedFile): Promise<Uint8Array> {
  const out = new Uint8Array(file.size);
  let at = 0;
  for await (const piece of file.open()) {
    if (at + piece.length > out.length) throw new Error('stripper produced more bytes than it announced');
    out.set(piece, at);
    at += piece.length;
  }
  if (at !== out.length) throw new Error('stripper produced fewer bytes than it announced');
  return out;
}

/** Merges removals with the same category and field, summing counts. */
export function mergeRemovals(removals: Removal[]): Removal[] {
  const merged = new Map<string, Removal>();
  for (const r of removals) {
    const key = `${r.category}/${r.field}`;
    const seen = merged.get(key);
    if (seen) seen.count = (seen.count ?? 1) + (r.count ?? 1);
    else merged.set(key, { ...r });
  }
  return [...merged.values()];
}
