// The no-JavaScript source session: one cookie, `tl_session`, holding the source id, the reply
// secret key and an expiry minute, sealed under the instance's session key (src/crypto/
// session-box.ts). The server stores nothing about sessions; logging out or closing the
// browser ends one, and after two hours it no longer opens.
//
// Cookie: HttpOnly (page scripts never see the key), SameSite=Strict (no other site can make
// the browser send it), Path=/, Secure over HTTPS, and no Expires/Max-Age so that it dies with
// the browser. CSRF token: a hash of the cookie value, so it needs no storage either, and
// cannot be turned back into the cookie.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { sha256 } from '@noble/hashes/sha2.js';
import { base64urlnopad, hex } from '@scure/base';
import { boxKeyPairFromSecretKey, openSession, sealSession, type KeyPair } from '../crypto/index.ts';
import { equalBytes } from '../domain/bytes.ts';
import type { DomainContext } from '../domain/context.ts';
import { instanceSecret } from '../domain/instance.ts';
import { SESSION_COOKIE } from './hygiene.ts';

const SESSION_MINUTES = 120;
const minuteOf = (date: Date) => Math.floor(date.getTime() / 60_000);

export interface SourceSession {
  sourceId: string;
  replyKeys: KeyPair;
  /** Goes into a hidden field of every form that changes something. */
  csrf: string;
  /** Zeroes the reply secret key once the request is done with it. */
  wipe(): void;
}

export async function startSession(c: Context, ctx: DomainContext, login: { sourceId: string; replySecretKey: Uint8Array }): Promise<void> {
  const sealed = sealSession(await instanceSecret(ctx, 'session_key'), {
    sourceId: hex.decode(login.sourceId),
    replySecretKey: login.replySecretKey,
    expiryMinute: minuteOf(ctx.clock.now()) + SESSION_MINUTES,
  });
  setCookie(c, SESSION_COOKIE, base64urlnopad.encode(sealed), {
    path: '/', httpOnly: true, sameSite: 'Strict', secure: new URL(c.req.url).protocol === 'https:',
  });
}

/** The session the request carries, or null when there is none, or it was altered or expired. */
export async function readSession(c: Context, ctx: DomainContext): Promise<SourceSession | null> {
  const value = getCookie(c, SESSION_COOKIE);
  if (!value) return null;
  let sealed: Uint8Array;
  try {
    sealed = base64urlnopad.decode(value);
  } catch {
    return null;
  }
  const contents = openSession(await instanceSecret(ctx, 'session_key'), sealed);
  if (!contents) return null;
  if (contents.expiryMinute < minuteOf(ctx.clock.now())) {
    contents.replySecretKey.fill(0);
    return null;
  }
  const replyKeys = boxKeyPairFromSecretKey(contents.replySecretKey);
  contents.replySecretKey.fill(0);
  return {
    sourceId: hex.encode(contents.sourceId),
    replyKeys,
    csrf: csrfToken(value),
    wipe: () => replyKeys.secretKey.fill(0),
  };
}

export function hasSessionCookie(c: Context): boolean {
  return getCookie(c, SESSION_COOKIE) !== undefined;
}

export function endSession(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: new URL(c.req.url).protocol === 'https:' });
}

const CSRF_LABEL = new TextEncoder().encode('tipline csrf v1\u0000');

function csrfToken(cookieValue: string): string {
  const value = new TextEncoder().encode(cookieValue);
  const input = new Uint8Array(CSRF_LABEL.length + value.length);
  input.set(CSRF_LABEL, 0);
  input.set(value, CSRF_LABEL.length);
  return base64urlnopad.encode(sha256(input));
}

/** Constant-time comparison of the submitted token with the session's. */
export function csrfMatches(session: SourceSession, submitted: unknown): boolean {
  if (typeof submitted !== 'string' || submitted.length > 100) return false;
  const encoder = new TextEncoder();
  return equalBytes(encoder.encode(session.csrf), encoder.encode(submitted));
}
