/** Small byte helpers shared by the envelope files. No Buffer: this runs in browsers and Workers. */
import { fail } from './errors.ts';

// %TypedArray%.prototype[@@toStringTag] reads the internal [[TypedArrayName]] slot: unlike
// `instanceof`, it recognises Uint8Arrays from other realms (iframes, vm contexts, jsdom)
// and cannot be spoofed by an object with its own toStringTag.
const typedArrayName = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag)!
  .get as (this: unknown) => string | undefined;

/** True for any Uint8Array (including subclasses such as Node's Buffer and arrays from other realms). */
export function isBytes(value: unknown): value is Uint8Array {
  return typedArrayName.call(value) === 'Uint8Array';
}

/** Boundary check: throws EnvelopeError('bad_input') unless `value` is a Uint8Array (of `length` bytes). */
export function assertBytes(value: unknown, name: string, length?: number): asserts value is Uint8Array {
  if (!isBytes(value)) fail('bad_input', `${name} must be a Uint8Array`);
  if (length !== undefined && value.length !== length) {
    fail('bad_input', `${name} must be ${length} bytes, got ${value.length}`);
  }
}

/**
 * assertBytes, then returns an array of THIS realm: tweetnacl's high-level API
 * rejects foreign-realm arrays (it checks `instanceof Uint8Array`), so those are copied.
 */
export function ownBytes(value: unknown, name: string, length?: number): Uint8Array {
  assertBytes(value, name, length);
  return value instanceof Uint8Array ? value : new Uint8Array(value);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function writeU32BE(target: Uint8Array, offset: number, value: number): void {
  new DataView(target.buffer, target.byteOffset, target.byteLength).setUint32(offset, value, false);
}

export function readU32BE(source: Uint8Array, offset: number): number {
  return new DataView(source.buffer, source.byteOffset, source.byteLength).getUint32(offset, false);
}

/**
 * True when every byte is zero. Used for the Padmé padding check, the only
 * place where we must look at plaintext byte by byte; reading the aligned middle
 * as 32-bit words makes it ~4x cheaper than a byte loop.
 */
export function isAllZero(bytes: Uint8Array): boolean {
  const length = bytes.length;
  let acc = 0;
  let i = 0;
  const misalign = bytes.byteOffset % 4;
  const head = Math.min(length, misalign === 0 ? 0 : 4 - misalign);
  for (; i < head; i++) acc |= bytes[i]!;
  const words = Math.floor((length - i) / 4);
  if (words > 0) {
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
    for (let w = 0; w < words; w++) acc |= view[w]!;
    i += words * 4;
  }
  for (; i < length; i++) acc |= bytes[i]!;
  return acc === 0;
}
