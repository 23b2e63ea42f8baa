// The Web Worker behind the source pages (/static/strip-worker.js): metadata removal, key
// derivation (scrypt, 32 MiB), proof of work and sealing all run here, so the page stays
// responsive while a large file is cleaned and encrypted. Files arrive as File objects (no copy);
// the plaintext never leaves this worker except as ciphertext to our own origin.
import { SubmitError } from '../../client/http.ts';
import { openReply } from '../../client/reply.ts';
import { submitTip } from '../../client/submit.ts';
import type { FileToSend } from '../../client/upload.ts';
import { chunkCount, deriveSourceKeys, fromBase64, paddedPartSize, type SourceKdfParams } from '../../crypto/index.ts';
import { codenameWordlist, generateCodename, normaliseCodename } from '../../domain/codename.ts';
import { DEFAULT_LOCALE, isLocale } from '../../domain/locales.ts';
import { describeRemovals, stripMetadata, type RemovalCategory, type StripResult } from '../../strip/index.ts';
import { readingAheadSource } from './blob-reader.ts';
import { MIN_CHUNKS_FOR_LANES, startSealPool } from './seal-lanes.ts';
import type { FileReport, Requests, SourceSecrets, WorkerEvent, WorkerFailure, WorkerMessage, WorkerRequest } from './protocol.ts';

// The DOM lib types `self` as a Window; in a dedicated worker it is the worker's global scope.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerMessage): void;
  location: Location;
};

class WorkerError extends Error {
  constructor(readonly code: string, detail: string) {
    super(detail);
  }
}

/**
 * Strip results by the page's key for each chosen file (unique per choice: a File arrives as a
 * new clone in every message, so it cannot be the key), so a file is cleaned once.
 */
const kept = new Map<string, Promise<StripResult>>();
/** Strips one file at a time: each may hold a whole file in memory. */
let queue: Promise<unknown> = Promise.resolve();

function strip(key: string, file: File): Promise<StripResult> {
  const found = kept.get(key);
  if (found) return found;
  const result = queue.then(() => stripMetadata(readingAheadSource(file)));
  queue = result.catch(() => undefined);
  kept.set(key, result);
  return result;
}

/** The order the no-JS confirmation and the CLI list categories in: most identifying first. */
const CATEGORY_ORDER: RemovalCategory[] = ['location', 'device', 'author', 'software', 'dates', 'thumbnails', 'comments', 'history', 'paths', 'identifiers', 'other'];

function report(result: StripResult): FileReport {
  if (result.status === 'cleaned') {
    const found = new Set(result.removed.map((r) => r.category));
    const categories = CATEGORY_ORDER.filter((c) => found.has(c));
    return { status: 'cleaned', kind: result.kind, categories, summary: describeRemovals(result.removed) };
  }
  if (result.status === 'unsupported') return { status: 'unsupported', kind: result.kind, reason: result.reason };
  return { status: 'rejected', kind: result.kind, code: result.code, reason: result.reason };
}

/** The file's own bytes, 1 MiB at a time, for a file sent as it is (unsupported and allowed). */
async function* blobPieces(blob: Blob): AsyncGenerator<Uint8Array> {
  const PIECE = 1024 * 1024;
  const source = readingAheadSource(blob);
  for (let at = 0; at < blob.size; at += PIECE) yield await source.read(at, Math.min(PIECE, blob.size - at));
}

/** A header name must be 1..1024 UTF-8 bytes (docs/envelope.md). */
const safeName = (name: string) => (name.length > 0 ? name.slice(0, 255) : 'file');

async function toSend(key: string, file: File, allowUnsupported: boolean): Promise<FileToSend> {
  const result = await strip(key, file);
  if (result.status === 'cleaned') {
    return { name: safeName(file.name), type: result.mimeType, size: result.size, open: () => result.open(), metadata: 'cleaned' };
  }
  if (result.status === 'rejected') throw new WorkerError('rejected_file', `${file.name}: ${result.reason}`);
  if (!allowUnsupported) throw new WorkerError('unsupported_file', `${file.name}: ${result.reason}`);
  return { name: safeName(file.name), type: file.type || 'application/octet-stream', size: file.size, open: () => blobPieces(file), metadata: 'unsupported' };
}

async function instanceKdf(): Promise<{ salt: Uint8Array; params: SourceKdfParams }> {
  const response = await fetch('/api/v1/instance');
  if (!response.ok) throw new SubmitError(response.status, 'http_error', `GET /api/v1/instance: ${response.status}`);
  const { kdf } = (await response.json()) as { kdf: { salt: string; logN: number; r: number; p: number } };
  return { salt: fromBase64(kdf.salt), params: { logN: kdf.logN, r: kdf.r, p: kdf.p } };
}

async function derive(codename: string): Promise<SourceSecrets> {
  const { salt, params } = await instanceKdf();
  const keys = await deriveSourceKeys(normaliseCodename(codename), salt, params);
  return { lookupKey: keys.lookupKey, replyPublicKey: keys.reply.publicKey, replySecretKey: keys.reply.secretKey };
}

type Handlers = { [K in keyof Requests]: (args: Requests[K]['args'], emit: (event: WorkerEvent) => void) => Promise<Requests[K]['result']> };

const handlers: Handlers = {
  async strip({ key, file }) {
    return report(await strip(key, file));
  },

  async forget({ keys }) {
    for (const key of keys) kept.delete(key);
    return null;
  },

  async derive({ codename }) {
    return derive(codename);
  },

  async 'open-replies'({ replies, keys }) {
    const reader = { publicKey: keys.replyPublicKey, secretKey: keys.replySecretKey };
    return Promise.all(replies.map(async (r) => {
      try {
        return { id: r.id, text: await openReply(fromBase64(r.body), fromBase64(r.sealedKey), reader) };
      } catch {
        return { id: r.id, text: null }; // damaged or not ours: the page says so, the rest still shows
      }
    }));
  },

  async submit({ desk, message, files, allowUnsupported, followUp, locale, routing }, emit) {
    // Every file is cleaned (or refused) before anything is sent.
    const sending = await Promise.all(files.map(({ key, file }) => toSend(key, file, allowUnsupported)));
    const chunks = sending.map((f) => chunkCount(paddedPartSize({ kind: 'file', name: f.name, type: f.type, size: f.size })));
    // Sealing lanes for a large file, started now so they load while keys are derived.
    const pool = chunks.some((n) => n >= MIN_CHUNKS_FOR_LANES) ? startSealPool() : undefined;
    let codename: string | undefined;
    let secrets: SourceSecrets | undefined;
    try {
      if (!followUp) {
        emit({ type: 'phase', phase: 'keys' });
        codename = generateCodename(codenameWordlist(locale && isLocale(locale) ? locale : DEFAULT_LOCALE));
        secrets = await derive(codename);
      }
      emit({ type: 'phase', phase: 'sending' });
      emit({ type: 'plan', chunks: chunks.reduce((a, b) => a + b, 0) });
      const { tipId } = await submitTip({
        server: scope.location.origin,
        desk,
        message,
        files: sending,
        via: 'js',
        // The page's language routes too (never stored); the server answers `rerouted` if needed.
        routing: { ...routing, ...(locale ? { language: locale } : {}) },
        source: followUp ? { lookupKey: followUp.lookupKey } : { lookupKey: secrets!.lookupKey, replyPublicKey: secrets!.replyPublicKey },
        onCreated: () => emit({ type: 'created', codename }),
        onProgress: () => emit({ type: 'chunk' }),
        ...(pool ? { sealChunks: (key, prefix, header, content, wanted) => pool.sealPart(key, prefix, header, content, wanted) } : {}),
      });
      if (pool) emit({ type: 'sealed', ...pool.stats });
      for (const { key } of files) kept.delete(key);
      return { tipId, codename };
    } finally {
      pool?.close();
      secrets?.lookupKey.fill(0);
      secrets?.replySecretKey.fill(0);
    }
  },
};

function failure(error: unknown): WorkerFailure {
  if (error instanceof WorkerError) return { code: error.code, detail: error.message };
  if (error instanceof SubmitError) return { code: error.code, status: error.status, detail: error.message };
  // fetch rejects with a TypeError when the network fails.
  if (error instanceof TypeError) return { code: 'network', detail: error.message };
  return { code: 'failed', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

scope.onmessage = (event) => {
  const { id, op, args } = event.data;
  const emit = (e: WorkerEvent) => scope.postMessage({ id, event: e });
  const handler = handlers[op] as (a: typeof args, e: typeof emit) => Promise<unknown>;
  handler(args, emit).then(
    (result) => scope.postMessage({ id, result }),
    (error: unknown) => scope.postMessage({ id, error: failure(error) }),
  );
};
