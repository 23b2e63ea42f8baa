// The audit chain's hash, kept pure so that the verifier, the appender and anyone re-checking an
// export compute exactly the same bytes.
//
//   hash_n = SHA-256( prevHash_n || UTF-8( JSON.stringify([seq, at, actor, action, subject, details]) ) )
//   prevHash_1 = 32 zero bytes; prevHash_n = hash_{n-1}
//
// `details` is the stored canonical JSON text (keys sorted, no whitespace), embedded as a
// string so that the encoding does not depend on how a reader re-serialises objects.
// JSON text as ECMA-404 / RFC 8259, exactly as ECMAScript's JSON.stringify writes it; UTF-8 as
// RFC 3629; SHA-256 as specified in FIPS 180-4, from @noble/hashes.
//
// The verifier hashes a million entries in seconds, so nothing here allocates per entry beyond
// the digest itself: the hash input is written into one reused buffer (prevHash, then the
// body), and the verifier may hand in the body's UTF-8 bytes directly (see ChainHasher).
import { sha256 } from '@noble/hashes/sha2.js';

export const GENESIS_HASH = new Uint8Array(32);

export interface AuditFields {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  /** Canonical JSON text, see canonicalJson. */
  details: string;
}

/**
 * SHA-256 of `data` (FIPS 180-4), as bytes, or as a string of 32 characters whose char codes are
 * the bytes (Node's `hash('sha256', data, 'latin1')`: several times cheaper than a Buffer).
 * Node callers may pass a native one: the digest is the same.
 */
export type Sha256 = (data: Uint8Array) => Uint8Array | string;

/** A digest as bytes, whichever form it came in. */
export function digestBytes(digest: Uint8Array | string): Uint8Array {
  if (typeof digest !== 'string') return digest;
  const bytes = new Uint8Array(digest.length);
  for (let i = 0; i < digest.length; i++) bytes[i] = digest.charCodeAt(i);
  return bytes;
}

/** The JSON text that is hashed: JSON.stringify of the six fields as an array, built without the array. */
export function auditEntryBody(entry: AuditFields): string {
  return `[${JSON.stringify(entry.seq)},${JSON.stringify(entry.at)},${JSON.stringify(entry.actor)},${JSON.stringify(entry.action)},${JSON.stringify(entry.subject)},${JSON.stringify(entry.details)}]`;
}

const encoder = new TextEncoder();

/**
 * Hashes chain entries with one growing scratch buffer: prevHash at [0, 32), the body after it.
 * Synchronous use only (the buffer is shared between calls).
 */
export class ChainHasher {
  private scratch = new Uint8Array(4096);

  constructor(private readonly hash: Sha256 = sha256) {}

  private room(bodyBytes: number): Uint8Array {
    if (32 + bodyBytes > this.scratch.length) this.scratch = new Uint8Array(Math.max(32 + bodyBytes, this.scratch.length * 2));
    return this.scratch;
  }

  /** hash_n from the fields. */
  entry(prevHash: Uint8Array, entry: AuditFields): Uint8Array {
    const body = auditEntryBody(entry);
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    const buffer = this.room(body.length * 3);
    buffer.set(prevHash, 0);
    const { written } = encoder.encodeInto(body, buffer.subarray(32));
    return digestBytes(this.hash(buffer.subarray(0, 32 + written)));
  }

  /** hash_n from the body's UTF-8 bytes, as the verifier reads them, in whatever form the hash function gives it. */
  body(prevHash: Uint8Array, body: Uint8Array): Uint8Array | string {
    const buffer = this.room(body.length);
    buffer.set(prevHash, 0);
    buffer.set(body, 32);
    return this.hash(buffer.subarray(0, 32 + body.length));
  }
}

const shared = new ChainHasher();

export function auditEntryHash(prevHash: Uint8Array, entry: AuditFields): Uint8Array {
  return shared.entry(prevHash, entry);
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** JSON with object keys sorted at every level and no whitespace. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as JsonValue)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
