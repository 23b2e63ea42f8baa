// The proof-of-work function, shared by the server (which checks) and clients (which solve):
// SHA-256(challenge || nonce) must start with `difficulty` zero bits. SHA-256 per FIPS 180-4.
import { sha256 } from '@noble/hashes/sha2.js';

export function leadingZeroBits(hash: Uint8Array): number {
  let bits = 0;
  for (const byte of hash) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export function powHash(challenge: Uint8Array, nonce: Uint8Array): Uint8Array {
  const input = new Uint8Array(challenge.length + nonce.length);
  input.set(challenge, 0);
  input.set(nonce, challenge.length);
  return sha256(input);
}

/** Counts up an 8-byte nonce until it solves the challenge (2^difficulty tries on average). */
export function solvePow(challenge: Uint8Array, difficulty: number): Uint8Array {
  const nonce = new Uint8Array(8);
  const view = new DataView(nonce.buffer);
  for (let i = 0; ; i++) {
    view.setUint32(0, Math.floor(i / 0x1_0000_0000));
    view.setUint32(4, i >>> 0);
    if (leadingZeroBits(powHash(challenge, nonce)) >= difficulty) return nonce;
  }
}
