/**
 * The no-JavaScript source session, sealed into its own cookie so that the server keeps no
 * session state at all (docs/source-flow.md):
 *
 *   sealed = nonce (24 random bytes) || secretbox(sourceId (16) || replySecretKey (32) || u32be(expiryMinute), nonce, sessionKey)
 *
 * XSalsa20-Poly1305 (nacl.secretbox) under the instance's 32-byte `session_key`: a cookie that
 * was altered, made up, or sealed by another Tipline does not open. Random nonces are safe at
 * 192 bits. The holder of the cookie holds the source's reply key for its lifetime, which is
 * why it is HttpOnly, SameSite=Strict and dies with the browser (src/http/source-session.ts).
 */
import nacl from 'tweetnacl';
import { assertBytes, ownBytes, readU32BE, writeU32BE } from './bytes.ts';
import { BOX_SECRET_KEY_BYTES, NONCE_BYTES, TAG_BYTES } from './constants.ts';
import { randomBytes } from './random.ts';

export const SESSION_KEY_BYTES = 32;
export const SESSION_SOURCE_ID_BYTES = 16;
const PLAIN_BYTES = SESSION_SOURCE_ID_BYTES + BOX_SECRET_KEY_BYTES + 4;
/** Length of a sealed session: 24 + 16 + 52 = 92 bytes. */
export const SEALED_SESSION_BYTES = NONCE_BYTES + TAG_BYTES + PLAIN_BYTES;

export interface SessionContents {
  /** The source's id as 16 raw bytes (its hex form is the database id). */
  sourceId: Uint8Array;
  /** X25519 secret key that opens the replies sealed to this source. */
  replySecretKey: Uint8Array;
  /** Unix minute after which the session is void. */
  expiryMinute: number;
}

export function sealSession(sessionKey: Uint8Array, contents: SessionContents): Uint8Array<ArrayBuffer> {
  const key = ownBytes(sessionKey, 'sessionKey', SESSION_KEY_BYTES);
  assertBytes(contents.sourceId, 'sourceId', SESSION_SOURCE_ID_BYTES);
  assertBytes(contents.replySecretKey, 'replySecretKey', BOX_SECRET_KEY_BYTES);
  const plain = new Uint8Array(PLAIN_BYTES);
  plain.set(contents.sourceId, 0);
  plain.set(contents.replySecretKey, SESSION_SOURCE_ID_BYTES);
  writeU32BE(plain, SESSION_SOURCE_ID_BYTES + BOX_SECRET_KEY_BYTES, contents.expiryMinute >>> 0);
  const nonce = randomBytes(NONCE_BYTES);
  try {
    const box = nacl.secretbox(plain, nonce, key);
    const sealed = new Uint8Array(SEALED_SESSION_BYTES);
    sealed.set(nonce, 0);
    sealed.set(box, NONCE_BYTES);
    return sealed;
  } finally {
    plain.fill(0);
  }
}

/** The contents, or null for anything that is not a session sealed under this key. */
export function openSession(sessionKey: Uint8Array, sealed: Uint8Array): SessionContents | null {
  const key = ownBytes(sessionKey, 'sessionKey', SESSION_KEY_BYTES);
  const bytes = ownBytes(sealed, 'sealed');
  if (bytes.length !== SEALED_SESSION_BYTES) return null;
  const plain = nacl.secretbox.open(bytes.subarray(NONCE_BYTES), bytes.subarray(0, NONCE_BYTES), key);
  if (plain === null || plain.length !== PLAIN_BYTES) return null;
  try {
    return {
      sourceId: plain.slice(0, SESSION_SOURCE_ID_BYTES),
      replySecretKey: plain.slice(SESSION_SOURCE_ID_BYTES, SESSION_SOURCE_ID_BYTES + BOX_SECRET_KEY_BYTES),
      expiryMinute: readU32BE(plain, SESSION_SOURCE_ID_BYTES + BOX_SECRET_KEY_BYTES),
    };
  } finally {
    plain.fill(0);
  }
}
