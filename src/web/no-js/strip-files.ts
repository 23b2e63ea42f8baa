// Metadata removal for files that arrive without JavaScript: the same src/strip code the
// browser runs, here in server memory. A rejected file stops the whole submission (it may be
// an attack, or damaged); an unsupported one stops it unless the source said to send it anyway.
import { stripMetadata, type RejectionCode, type RemovalCategory } from '../../strip/index.ts';

/** A file as the form delivered it, its name and type already made safe by the form reader. */
export interface UploadedFile {
  name: string;
  type: string;
  blob: Blob;
}

/** Its bytes, read into memory that this code owns (and zeroes) only once work begins. */
export interface LoadedFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

export interface PreparedFile {
  header: { kind: 'file'; name: string; type: string; size: number };
  metadata: 'cleaned' | 'unsupported';
  removed: RemovalCategory[];
  /** The bytes to seal: cleaned output, or the original when sent as it was. */
  open(): AsyncIterable<Uint8Array>;
}

export type FileProblem =
  | { kind: 'file_rejected'; name: string; code: RejectionCode }
  | { kind: 'file_unsupported'; name: string };

export type PreparedFiles = { ok: true; files: PreparedFile[] } | { ok: false; problem: FileProblem };

export async function prepareFiles(files: LoadedFile[], allowUnsupported: boolean): Promise<PreparedFiles> {
  const prepared: PreparedFile[] = [];
  for (const file of files) {
    const result = await stripMetadata(file.bytes);
    if (result.status === 'rejected') return { ok: false, problem: { kind: 'file_rejected', name: file.name, code: result.code } };
    if (result.status === 'unsupported') {
      if (!allowUnsupported) return { ok: false, problem: { kind: 'file_unsupported', name: file.name } };
      prepared.push({
        header: { kind: 'file', name: file.name, type: file.type, size: file.bytes.length },
        metadata: 'unsupported',
        removed: [],
        open: async function* () {
          yield file.bytes;
        },
      });
      continue;
    }
    prepared.push({
      // The cleaned output's own type: the browser's claim was about the file as it came.
      header: { kind: 'file', name: file.name, type: result.mimeType, size: result.size },
      metadata: 'cleaned',
      removed: [...new Set(result.removed.map((removal) => removal.category))],
      open: () => result.open(),
    });
  }
  return { ok: true, files: prepared };
}
