// The newsroom side of a test: tips arriving through the real source API (the reference
// submitter, src/client/submit.ts, with the app as its fetch), and a staff member's browser
// opening what the staff API hands out with the desk secret.
import { submitTip } from '../../src/client/submit.ts';
import { fromBase64, generateBoxKeyPair, openMessage, openSealed, randomBytes, type KeyPair } from '../../src/crypto/index.ts';
import type { TestApp } from './app.ts';

export interface SentTip {
  tipId: string;
  /** The source's keys, for follow-ups and for reading replies. */
  source?: { lookupKey: Uint8Array; reply: KeyPair };
}

export interface FileSpec {
  name: string;
  bytes: Uint8Array;
  metadata?: 'cleaned' | 'unsupported' | 'unknown';
}

/** The app as fetch for the reference submitter. */
export function appFetch(t: TestApp): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => t.app.request(new URL(String(input)).pathname, init)) as typeof fetch;
}

/**
 * A tip as a source's browser sends it. `conversation: 'new'` registers a source (random
 * lookup key: the server only ever sees what the codename derives to); pass a SentTip's
 * source to follow up.
 */
export async function sendTip(t: TestApp, desk: string, message: string, options: {
  conversation?: 'new' | NonNullable<SentTip['source']>;
  files?: FileSpec[];
} = {}): Promise<SentTip> {
  const source = options.conversation === 'new'
    ? { lookupKey: randomBytes(32), reply: generateBoxKeyPair() }
    : options.conversation;
  const { tipId } = await submitTip({
    server: 'http://tipline.test', desk, message, fetch: appFetch(t),
    ...(source ? { source: { lookupKey: source.lookupKey, ...(options.conversation === 'new' ? { replyPublicKey: source.reply.publicKey } : {}) } } : {}),
    files: (options.files ?? []).map((f) => ({
      name: f.name, type: 'application/octet-stream', size: f.bytes.length, metadata: f.metadata, async *open() { yield f.bytes; },
    })),
  });
  return { tipId, ...(source ? { source } : {}) };
}

/** What the editor's browser does with a summary: open the tip key with the desk key, then the message. */
export async function openTipMessage(tip: { sealedKey: string; message: string | null }, desk: KeyPair): Promise<string> {
  if (!tip.message) throw new Error('no message in this summary');
  const tipKey = openSealed(fromBase64(tip.sealedKey), desk);
  return openMessage(tipKey, fromBase64(tip.message));
}

/** The tip key, as the editor's browser gets it from a summary. */
export function openTipKey(sealedKey: string, desk: KeyPair): Uint8Array {
  return openSealed(fromBase64(sealedKey), desk);
}
