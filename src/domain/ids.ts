// Public identifiers: 128 random bits, lowercase hex. Random rather than sequential so that an
// id says nothing about when or in which order tips arrived; hex so that ids are safe as file
// names on case-insensitive file systems (export writes one folder per tip).
import { sha256 } from '@noble/hashes/sha2.js';
import { hex } from '@scure/base';
import { randomBytes } from '../crypto/index.ts';

export function newId(): string {
  return hex.encode(randomBytes(16));
}

export function isId(value: string): boolean {
  return /^[0-9a-f]{32}$/.test(value);
}

/** Capability tokens (e.g. the upload token of a tip): 256 random bits, hex. */
export function newToken(): string {
  return hex.encode(randomBytes(32));
}

/** What is stored of a capability token: its SHA-256, so a database copy grants nothing. */
export function hashToken(token: string): Uint8Array {
  return sha256(hex.decode(token));
}
