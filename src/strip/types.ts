// The contract of every stripper. Pure bytes in and out: no node:*, no DOM, so the same code
// runs in the source's browser, in workerd and in Node.

/** What a removed item was about, for the "removed: GPS location, camera serial" summary. */
export type RemovalCategory =
  | 'location'    // GPS coordinates, place names
  | 'device'      // camera/phone make, model, serial numbers, lens, printer
  | 'author'      // person names, initials, user accounts, comment and revision authors
  | 'software'    // creator tools, editor namespaces, producer strings
  | 'dates'       // creation, modification, digitisation times
  | 'thumbnails'  // embedded previews that may show an earlier version of the content
  | 'comments'    // free-text comments and annotations' metadata
  | 'history'     // edit history, earlier revisions, tracked-change metadata
  | 'paths'       // file-system paths, template locations, user folders
  | 'identifiers' // document/instance UUIDs, unique ids that can link files to a machine
  | 'other';      // anything else identifying (settings blobs, private application data...)

export interface Removal {
  category: RemovalCategory;
  /** Stable kebab-case id, e.g. `exif-gps`, `camera-serial`, `docx-comment-author` (for i18n). */
  field: string;
  /** How many were removed (default 1). */
  count?: number;
}

/** Kinds recognised by content (never by file name). */
export type FileKind =
  | 'jpeg' | 'png' | 'gif' | 'webp' | 'heic' | 'avif'
  | 'pdf'
  | 'docx' | 'xlsx' | 'pptx' | 'odt' | 'ods' | 'odp'
  | 'mp3' | 'mp4' | 'mov' | 'm4a'
  | 'svg' | 'text';

/** Random access to the input: a Blob in the browser, a buffer or a file on the server. */
export interface ByteSource {
  readonly size: number;
  /** Exactly `length` bytes from `offset` (fewer only at the end of the source). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export interface CleanedFile {
  status: 'cleaned';
  kind: FileKind;
  mimeType: string;
  /** Exact size of the cleaned output, known before it is produced (sealing needs it). */
  size: number;
  removed: Removal[];
  /** The cleaned bytes, in pieces; may be called more than once. */
  open(): AsyncIterable<Uint8Array>;
}

/** Recognised or not, but metadata could not be removed: the caller decides (and tells). */
export interface UnsupportedFile {
  status: 'unsupported';
  kind: FileKind | 'unknown';
  reason: string;
}

export type RejectionCode = 'malformed' | 'too_large' | 'too_deep' | 'too_many_elements' | 'encrypted';

/** Malformed, adversarial or over a limit: nothing of it should be sent or stored. */
export interface RejectedFile {
  status: 'rejected';
  kind: FileKind | 'unknown';
  code: RejectionCode;
  reason: string;
}

export type StripResult = CleanedFile | UnsupportedFile | RejectedFile;

export interface StripLimits {
  /** Largest input a non-streaming stripper loads into memory. */
  maxInMemoryBytes: number;
  /** Total decompressed bytes of a container (ZIP members, compressed streams). */
  maxDecompressedBytes: number;
  /** Entries in a container, XML elements in a document, boxes/segments/chunks in a file. */
  maxElements: number;
  /** Nesting: containers inside containers, embedded files inside documents, XML depth. */
  maxDepth: number;
}

export const DEFAULT_LIMITS: StripLimits = {
  maxInMemoryBytes: 256 * 1024 * 1024,
  maxDecompressedBytes: 512 * 1024 * 1024,
  maxElements: 200_000,
  maxDepth: 32,
};

export interface StripContext {
  limits: StripLimits;
  /** 0 for the file itself, +1 for each level of embedding. */
  depth: number;
  /** Strips a file embedded in this one (an image in a document), one level deeper. */
  stripNested(bytes: Uint8Array): Promise<StripResult>;
}

/** One format's stripper. It may throw StripRejection; anything else thrown counts as malformed. */
export type Stripper = (source: ByteSource, kind: FileKind, ctx: StripContext) => Promise<StripResult>;
