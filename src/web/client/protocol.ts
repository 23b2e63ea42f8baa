// What the page and the Web Worker (strip-worker.ts) say to each other. Each request carries an
// id; the worker answers with any number of events for it, then one result or one error.
import type { RemovalCategory } from '../../strip/index.ts';

/** What metadata removal found in one chosen file, as the page shows it. */
export type FileReport =
  | { status: 'cleaned'; kind: string; categories: RemovalCategory[]; summary: string }
  | { status: 'unsupported'; kind: string; reason: string }
  | { status: 'rejected'; kind: string; code: string; reason: string };

/** A source's keys, derived from the codename. Held in page memory only, never stored. */
export interface SourceSecrets {
  lookupKey: Uint8Array;
  replyPublicKey: Uint8Array;
  replySecretKey: Uint8Array;
}

/** A reply as POST /api/v1/conversation returns it (base64 fields). */
export interface SealedReply { id: string; day: string; body: string; sealedKey: string }

export interface Requests {
  /** Strips a chosen file now (so the page can show the report) and keeps the result for sending. */
  strip: { args: { key: string; file: File }; result: FileReport };
  /** Drops kept results for files the source removed from the selection. */
  forget: { args: { keys: string[] }; result: null };
  /**
   * Seals and sends a tip with its files. Without `followUp`: makes a codename, derives its keys
   * and registers the source; with it: a follow-up in that source's conversation.
   */
  submit: {
    args: {
      desk: string; message: string; files: Array<{ key: string; file: File }>; allowUnsupported: boolean; followUp?: { lookupKey: Uint8Array };
      /** The page's language (<html lang>): a new codename is made of its words. */
      locale?: string;
      /** The urgency flag and topic chosen on the submission form, for the routing rules. */
      routing?: { urgent?: boolean; topic?: string };
    };
    result: { tipId: string; codename?: string };
  };
  /** Derives a codename's keys with the instance's salt (GET /api/v1/instance). */
  derive: { args: { codename: string }; result: SourceSecrets };
  /** Opens replies with the source's reply key; null for one that does not open. */
  'open-replies': { args: { replies: SealedReply[]; keys: SourceSecrets }; result: Array<{ id: string; text: string | null }> };
}

export type Op = keyof Requests;
export type WorkerRequest = { [K in Op]: { id: number; op: K; args: Requests[K]['args'] } }[Op];

export type WorkerEvent =
  | { type: 'phase'; phase: 'keys' | 'sending' }
  /** The tip is stored (files may follow): from now on the codename is live. */
  | { type: 'created'; codename?: string }
  /** Total chunks to upload, before the first one is sent. */
  | { type: 'plan'; chunks: number }
  | { type: 'chunk' }
  /** After the files of a large submission: how sealing was shared out (SealPoolStats). */
  | { type: 'sealed'; lanesStarted: number; lanesReady: number; lanesLost: number; sealedInLanes: number; sealedHere: number };

export interface WorkerFailure {
  /** The server's error code (docs/api.md), or `network`, `rejected_file`, `unsupported_file`, `failed`. */
  code: string;
  status?: number;
  /** Developer detail only: the page shows its own words for `code`. */
  detail: string;
}

export type WorkerMessage =
  | { id: number; event: WorkerEvent }
  | { id: number; result: unknown }
  | { id: number; error: WorkerFailure };
