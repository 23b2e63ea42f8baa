// The page's own calls to the JSON API (the conversation); the worker sends tips. Same error
// shape and SubmitError as the reference client (src/client/http.ts).
import { toBase64 } from '../../crypto/base64.ts';
import { apiCaller, postJson } from '../../client/http.ts';
import { pageLocale } from './messages.ts';
import type { SealedReply } from './protocol.ts';

export interface Conversation {
  desk: { slug: string; name: string; keyVersion: number; publicKey: string };
  replies: SealedReply[];
}

const call = apiCaller('', (input, init) => fetch(input, init));

/** The desk comes named in this page's language (its translation where the newsroom made one). */
export const readConversation = (lookupKey: Uint8Array) =>
  postJson<Conversation>(call, `/api/v1/conversation?lang=${encodeURIComponent(pageLocale())}`, { lookupKey: toBase64(lookupKey) });

export const deleteReply = (replyId: string, lookupKey: Uint8Array) =>
  postJson<void>(call, `/api/v1/conversation/replies/${encodeURIComponent(replyId)}/delete`, { lookupKey: toBase64(lookupKey) });
