// The audit chain's hash, kept pure so that the verifier, the appender and anyone re-checking an
// export compute exactly the same bytes.
//
//   hash_n = SHA-256( prevHash_n || UTF-8( JSON.stringify([seq, at, actor, action, subject, details]) ) )
//   prevHash_1 = 32 zero bytes; prevHash_n = hash_{n-1}
//
// `details` is the stored canonical JSON text (keys sorted, no whitespace), embedded as a
// string so that the encoding does not depend on how a reader re-serialises objects.
// SHA-256 as specified in FIPS 180-4, from @noble/hashes.
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

const encoder = new TextEncoder();

export function auditEntryHash(prevHash: Uint8Array, entry: AuditFields): Uint8Array {
  const body = encoder.encode(
    JSON.stringify([entry.seq, entry.at, entry.actor, entry.action, entry.subject, entry.details]),
  );
  const input = new Uint8Array(prevHash.length + body.length);
  input.set(prevHash, 0);
  input.set(body, prevHash.length);
  return sha256(input);
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
