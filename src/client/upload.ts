// One file through the chunked upload API: create, seal and PUT chunks with a few requests in
// flight, finish; after a failure that retries could not mend (a long network cut, a server
// restart, `upload_incomplete`), ask the server what it has (GET /uploads/{id}) and send only
// the rest. Resuming seals the file again from the start with the same tip key and nonce
// prefix: chunk nonces are derived from (prefix, index), so the chunks come out byte-identical
// provided `open()` yields the same bytes again, which FileToSend requires. (A sealer that
// honours `wanted`, as the browser's SealPool does, skips the stored chunks instead of sealing
// them again for nothing.)
import { chunkCount as layoutChunkCount, newNoncePrefix, paddedPartSize, sealPartChunks, toBase64, type PartHeader } from '../crypto/index.ts';
import { isTransient, postJson, sleep, SubmitError, withRetry, type Call, type RetryPolicy } from './http.ts';

/**
 * How a part's chunks are sealed: every chunk in index order, each byte for byte what
 * sealPartChunks makes, or `null` for a chunk `wanted` declines (one the server already has).
 * The default seals on this thread; the source pages seal on a pool of Web Workers
 * (SealPool.sealPart in seal-pool.ts).
 */
export type SealChunks = (
  tipKey: Uint8Array, noncePrefix: Uint8Array, header: PartHeader, content: AsyncIterable<Uint8Array>, wanted: (index: number) => boolean,
) => AsyncIterable<Uint8Array<ArrayBuffer> | null>;

/** sealPartChunks, the reference: seals every chunk, even those a resumed upload skips. */
export const sealInThisThread: SealChunks = (tipKey, noncePrefix, header, content) => sealPartChunks(tipKey, noncePrefix, header, content);

export interface FileToSend {
  name: string;
  type: string;
  size: number;
  /** Produces the file's bytes; called again, and must yield the same bytes, if the upload resumes. */
  open(): AsyncIterable<Uint8Array>;
  /** What metadata removal said about this file; shown to editors (default 'unknown'). */
  metadata?: 'cleaned' | 'unsupported' | 'unknown';
}

export interface UploadContext {
  call: Call;
  tip: { id: string; uploadToken: string };
  tipKey: Uint8Array;
  retry: RetryPolicy;
  /** Chunk PUTs in flight at once: latency (Tor: ~1 s a round trip) hurts more than bandwidth. */
  concurrency: number;
  onChunk: (chunk: number, chunks: number) => void;
  /** Default: sealInThisThread. */
  sealChunks?: SealChunks;
}

interface UploadStatus { chunkCount: number; received: number; finished: boolean; missing: number[] }

/** The server lists at most this many missing indices; beyond the last one listed, assume missing. */
const MISSING_LIST_CAP = 1000;

export async function uploadFile(ctx: UploadContext, file: FileToSend): Promise<void> {
  const header: PartHeader = { kind: 'file', name: file.name, type: file.type, size: file.size };
  const noncePrefix = newNoncePrefix();
  const paddedSize = paddedPartSize(header);
  const total = layoutChunkCount(paddedSize);
  // Creating is not idempotent, but a duplicate is an unfinished upload that nobody sees: retry it.
  const { uploadId } = await withRetry(() => postJson<{ uploadId: string }>(ctx.call, `/api/v1/tips/${ctx.tip.id}/files`, {
    uploadToken: ctx.tip.uploadToken, noncePrefix: toBase64(noncePrefix), paddedSize, metadata: file.metadata,
  }), ctx.retry);

  let stored = new Set<number>();
  for (let round = 0; ; round++) {
    try {
      await sendChunks(ctx, uploadId, ctx.tipKey, noncePrefix, header, file, stored, total);
      await withRetry(() => ctx.call(`/api/v1/uploads/${uploadId}/finish`, { method: 'POST' }), ctx.retry);
      return;
    } catch (error) {
      const incomplete = error instanceof SubmitError && error.code === 'upload_incomplete';
      if ((!incomplete && !isTransient(error)) || round >= ctx.retry.resumes) throw error;
      await sleep(Math.min(ctx.retry.maxResumeDelayMs, ctx.retry.baseDelayMs * 4 * 2 ** round));
      const status = await withRetry(() => ctx.call<UploadStatus>(`/api/v1/uploads/${uploadId}`), ctx.retry);
      if (status.finished) return;
      stored = storedChunks(status, total);
    }
  }
}

/** Seals the file (all of it, or what is not in `stored`) and PUTs every chunk not in `stored`, with `concurrency` requests in flight. */
async function sendChunks(
  ctx: UploadContext, uploadId: string, tipKey: Uint8Array, noncePrefix: Uint8Array, header: PartHeader,
  file: FileToSend, stored: Set<number>, total: number,
): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let index = 0;
  const seal = ctx.sealChunks ?? sealInThisThread;
  for await (const chunk of seal(tipKey, noncePrefix, header, file.open(), (i) => !stored.has(i))) {
    if (failure) break; // leaving the loop wipes the sealer's key copy
    const i = index++;
    if (stored.has(i)) continue;
    if (chunk === null) {
      failure ??= { error: new Error(`chunk ${i} was not sealed`) }; // a sealer bug: never leave a gap
      break;
    }
    const put = withRetry(() => ctx.call(`/api/v1/uploads/${uploadId}/chunks/${i}`, {
      method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: chunk,
    }), ctx.retry).then(
      () => { stored.add(i); ctx.onChunk(i, total); },
      (error: unknown) => { failure ??= { error }; },
    ).finally(() => inFlight.delete(put));
    inFlight.add(put);
    if (inFlight.size >= ctx.concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure) throw failure.error;
}

function storedChunks(status: UploadStatus, total: number): Set<number> {
  const missing = new Set(status.missing);
  // A full list may be cut short: everything after its last entry is treated as missing too.
  const known = status.missing.length >= MISSING_LIST_CAP ? Math.max(...status.missing) : total - 1;
  const stored = new Set<number>();
  for (let i = 0; i <= known; i++) if (!missing.has(i)) stored.add(i);
  return stored;
}
