// A source's client for the HTTP API: seals a tip with src/crypto and sends it. Runtime-neutral
// (fetch + async iterables), so the CLI uses it today and the browser bundle can tomorrow; it
// is the reference for what a well-behaved submitter does.
import {
  chunkCount as layoutChunkCount,
  fromBase64,
  newNoncePrefix,
  newTipKey,
  paddedPartSize,
  sealMessage,
  sealPartChunks,
  sealToPublicKey,
  toBase64,
  type PartHeader,
} from '../crypto/index.ts';
import { solvePow } from '../domain/pow-hash.ts';

export interface FileToSend {
  name: string;
  type: string;
  size: number;
  /** Produces the file's bytes; called again if the upload has to start over. */
  open(): AsyncIterable<Uint8Array>;
}

export interface SubmitOptions {
  server: string;
  desk: string;
  message: string;
  files?: FileToSend[];
  fetch?: typeof fetch;
  /** Called after each chunk is stored, for progress bars. */
  onProgress?: (file: number, chunk: number, chunks: number) => void;
}

export class SubmitError extends Error {
  override readonly name = 'SubmitError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** On `stale_key`: the desk's current key, to re-seal to. */
    readonly currentKey?: { version: number; publicKey: string },
  ) {
    super(message);
  }
}

interface DeskKey { keyVersion: number; publicKey: string }
type ErrorBody = { error?: { code?: string; message?: string; currentKey?: { version: number; publicKey: string } } };

export async function submitTip(options: SubmitOptions): Promise<{ tipId: string }> {
  const http = options.fetch ?? fetch;
  const base = options.server.replace(/\/+$/, '');
  /** Any non-2xx answer becomes a SubmitError carrying the server's error code. */
  const call = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const response = await http(`${base}${path}`, init);
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as ErrorBody | null;
      throw new SubmitError(response.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `HTTP ${response.status}`, body?.error?.currentKey);
    }
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
  const postJson = <T>(path: string, body: unknown) =>
    call<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  const { desks } = await call<{ desks: Array<DeskKey & { slug: string }> }>('/api/v1/desks');
  let desk: DeskKey | undefined = desks.find((d) => d.slug === options.desk);
  if (!desk) throw new SubmitError(404, 'unknown_desk', `there is no desk ${options.desk}`);

  const { powRequired } = await call<{ powRequired: boolean }>('/api/v1/instance');
  const tipKey = newTipKey();
  const message = toBase64(sealMessage(tipKey, options.message));
  let created: { id: string; uploadToken: string } | undefined;
  // A 409 stale_key carries the desk's current key: re-seal the tip key (the sealed message
  // stays as it is) and try once more.
  for (let attempt = 0; !created; attempt++) {
    const sealedKey = toBase64(sealToPublicKey(tipKey, fromBase64(desk.publicKey)));
    const pow = powRequired ? await solveChallenge(call) : undefined;
    try {
      created = await postJson('/api/v1/tips', { desk: options.desk, keyVersion: desk.keyVersion, sealedKey, message, pow });
    } catch (error) {
      if (attempt > 0 || !(error instanceof SubmitError) || error.code !== 'stale_key' || !error.currentKey) throw error;
      desk = { keyVersion: error.currentKey.version, publicKey: error.currentKey.publicKey };
    }
  }

  for (const [fileIndex, file] of (options.files ?? []).entries()) {
    const header: PartHeader = { kind: 'file', name: file.name, type: file.type, size: file.size };
    const noncePrefix = newNoncePrefix();
    const paddedSize = paddedPartSize(header);
    const { uploadId } = await postJson<{ uploadId: string }>(`/api/v1/tips/${created.id}/files`, {
      uploadToken: created.uploadToken, noncePrefix: toBase64(noncePrefix), paddedSize,
    });
    const total = layoutChunkCount(paddedSize);
    let index = 0;
    for await (const chunk of sealPartChunks(tipKey, noncePrefix, header, file.open())) {
      const path = `/api/v1/uploads/${uploadId}/chunks/${index}`;
      await withRetry(() => call(path, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: chunk as Uint8Array<ArrayBuffer> }));
      options.onProgress?.(fileIndex, index, total);
      index += 1;
    }
    await withRetry(() => call(`/api/v1/uploads/${uploadId}/finish`, { method: 'POST' }));
  }
  return { tipId: created.id };
}

/** Fetches and solves the anti-spam challenge (a fraction of a second at the default difficulty). */
async function solveChallenge(call: <T>(path: string) => Promise<T>) {
  const { id, challenge, difficulty } = await call<{ id: string; challenge: string; difficulty: number }>('/api/v1/pow');
  return { id, nonce: toBase64(solvePow(fromBase64(challenge), difficulty)) };
}

const RETRIES = 5;

/**
 * Network errors, 429 and 5xx are retried with backoff: chunk PUTs are idempotent until the
 * upload is finished, and finishing twice is harmless.
 */
async function withRetry(step: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await step();
      return;
    } catch (error) {
      const retriable = !(error instanceof SubmitError) || error.status >= 500 || error.status === 429;
      if (!retriable || attempt >= RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
    }
  }
}
