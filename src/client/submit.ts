// A source's client for the HTTP API: seals a tip with src/crypto and sends it. Runtime-neutral
// (fetch + async iterables): the CLI uses it, and so does the browser bundle's Web Worker
// (src/web/client/strip-worker.ts); it is the reference for what a well-behaved submitter does.
import { fromBase64, newTipKey, sealMessage, sealToPublicKey, toBase64 } from '../crypto/index.ts';
import { solvePow } from '../domain/pow-hash.ts';
import { apiCaller, DEFAULT_RETRY, postJson, sleep, SubmitError, type Call, type RetryPolicy } from './http.ts';
import { uploadFile, type FileToSend, type SealChunks } from './upload.ts';

export { SubmitError } from './http.ts';
export type { RetryPolicy } from './http.ts';
export type { FileToSend, SealChunks } from './upload.ts';

export interface SubmitOptions {
  server: string;
  desk: string;
  message: string;
  files?: FileToSend[];
  fetch?: typeof fetch;
  /**
   * The conversation: `replyPublicKey` registers a new source (a first tip with a codename);
   * `lookupKey` alone names an existing one (a follow-up). Both come from deriveSourceKeys.
   */
  source?: { lookupKey: Uint8Array; replyPublicKey?: Uint8Array };
  /** 'js' from the source pages' bundle; other clients leave it out (the server records 'api'). */
  via?: 'api' | 'js';
  /**
   * What the source chose, for the newsroom's routing rules (GET /api/v1/topics lists the
   * topics). Whether files follow is sent too, from `files`. The server may answer `rerouted`:
   * the tip is then sealed to the desk it names, `desk` staying the source's choice.
   */
  routing?: { topic?: string; urgent?: boolean; language?: string };
  /** Called once the tip is stored, before its files are sent: from here on it exists. */
  onCreated?: (tipId: string) => void;
  /** Called after each chunk is stored, for progress bars (chunks may finish out of order). */
  onProgress?: (file: number, chunk: number, chunks: number) => void;
  /** Chunk uploads in flight at once (default 4). */
  concurrency?: number;
  /** How file chunks are sealed (default: on this thread, with sealPartChunks). */
  sealChunks?: SealChunks;
  retry?: Partial<RetryPolicy>;
}

interface DeskKey { keyVersion: number; publicKey: string }

/** Answers to POST /tips that name the key (and for the last two, the desk) to seal to instead. */
const RESEAL_CODES = new Set(['stale_key', 'conversation_moved', 'rerouted']);

/** Times a POST /tips answered 429 busy (nothing stored) is tried again after the hinted wait. */
const BUSY_RETRIES = 3;

export async function submitTip(options: SubmitOptions): Promise<{ tipId: string }> {
  const call = apiCaller(options.server, options.fetch ?? fetch);
  const retry = { ...DEFAULT_RETRY, ...options.retry };

  const { desks } = await call<{ desks: Array<DeskKey & { slug: string }> }>('/api/v1/desks');
  let deskSlug = options.desk;
  let desk: DeskKey | undefined = desks.find((d) => d.slug === deskSlug);
  if (!desk) throw new SubmitError(404, 'unknown_desk', `there is no desk ${deskSlug}`);

  const { powRequired } = await call<{ powRequired: boolean }>('/api/v1/instance');
  const tipKey = newTipKey();
  try {
    const message = toBase64(sealMessage(tipKey, options.message));
    const source = options.source && {
      lookupKey: toBase64(options.source.lookupKey),
      ...(options.source.replyPublicKey ? { replyPublicKey: toBase64(options.source.replyPublicKey) } : {}),
    };
    const routing = { chosenDesk: options.desk, ...options.routing, hasFiles: (options.files ?? []).length > 0 };
    let created: { id: string; uploadToken: string } | undefined;
    // POST /tips is not idempotent, so a network failure is not retried here (the caller starts
    // over). What is retried: a 409 carrying the key to use (stale_key; conversation_moved for a
    // follow-up whose conversation an editor moved; rerouted for a tip the routing rules send to
    // another desk) re-seals the tip key only, the sealed message stays; and 429 busy, which
    // stored nothing, after the wait it names.
    for (let reseals = 0, busy = 0; !created;) {
      const sealedKey = toBase64(sealToPublicKey(tipKey, fromBase64(desk.publicKey)));
      const pow = powRequired ? await solveChallenge(call) : undefined;
      try {
        created = await postJson(call, '/api/v1/tips', { desk: deskSlug, keyVersion: desk.keyVersion, sealedKey, message, via: options.via, source, pow, ...routing });
      } catch (error) {
        if (!(error instanceof SubmitError)) throw error;
        if (error.code === 'busy' && busy++ < BUSY_RETRIES) {
          await sleep((error.details.retryAfter ?? 5) * 1000);
          continue;
        }
        const rekey = RESEAL_CODES.has(error.code) && error.currentKey;
        if (!rekey || reseals++ > 1) throw error;
        if (error.code !== 'stale_key' && error.details.desk) deskSlug = error.details.desk;
        desk = { keyVersion: rekey.version, publicKey: rekey.publicKey };
      }
    }
    options.onCreated?.(created.id);

    const tip = created;
    for (const [fileIndex, file] of (options.files ?? []).entries()) {
      await uploadFile({
        call, tip, tipKey, retry, concurrency: options.concurrency ?? 4, sealChunks: options.sealChunks,
        onChunk: (chunk, chunks) => options.onProgress?.(fileIndex, chunk, chunks),
      }, file);
    }
    return { tipId: created.id };
  } finally {
    tipKey.fill(0);
  }
}

/** Fetches and solves the anti-spam challenge (a fraction of a second at the default difficulty). */
async function solveChallenge(call: Call) {
  const { id, challenge, difficulty } = await call<{ id: string; challenge: string; difficulty: number }>('/api/v1/pow');
  return { id, nonce: toBase64(solvePow(fromBase64(challenge), difficulty)) };
}
