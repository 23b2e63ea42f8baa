// Sealing and opening replies. A reply is a message part under its own key; the key is sealed
// to the source's reply key and to the desk key, so either can read it and the server cannot.
// Runtime-neutral: used by the CLI, the server's no-JavaScript source pages (which hold the
// source's key in memory for the request only) and, later, the editor's browser.
import { newTipKey, openMessage, openSealed, sealMessage, sealToPublicKey, type KeyPair } from '../crypto/index.ts';

export interface SealedReply {
  body: Uint8Array;
  sealedForSource: Uint8Array;
  sealedForDesk: Uint8Array;
}

export function sealReply(text: string, sourceReplyPublicKey: Uint8Array, deskPublicKey: Uint8Array): SealedReply {
  const key = newTipKey();
  try {
    return {
      body: sealMessage(key, text),
      sealedForSource: sealToPublicKey(key, sourceReplyPublicKey),
      sealedForDesk: sealToPublicKey(key, deskPublicKey),
    };
  } finally {
    key.fill(0);
  }
}

/** Opens a reply with whichever copy of its key the reader holds. */
export async function openReply(body: Uint8Array, sealedKey: Uint8Array, reader: KeyPair): Promise<string> {
  const key = openSealed(sealedKey, reader);
  try {
    return await openMessage(key, body);
  } finally {
    key.fill(0);
  }
}
