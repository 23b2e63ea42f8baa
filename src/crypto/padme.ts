/**
 * Padmé padding length (Nikitin, Barman, Lueks, Underwood, Hubaux, Ford:
 * "Reducing Metadata Leakage from Encrypted Files and Communication with
 * PURBs", PoPETs 2019(4), §4 / Algorithm 1).
 *
 * Padmé rounds a length L so that it leaks only O(log log L) bits while the
 * overhead stays below 12%: the padded length keeps the floor(log2 E) + 1 most
 * significant bits of L (E = floor(log2 L)) and zeroes the rest, rounding up.
 *
 * Sizes here reach 2^47 and beyond, so this uses plain double arithmetic
 * (exact for integers < 2^53), never 32-bit bitwise operators.
 */
import { fail } from './errors.ts';

/** floor(log2 x) for an integer x >= 1, exact up to 2^53 (Math.log2 rounds near powers of two). */
function floorLog2(x: number): number {
  let exponent = 0;
  let power = 2;
  while (power <= x) {
    power *= 2;
    exponent++;
  }
  return exponent;
}

/** Padded length for a plaintext of `length` bytes. padme(0) = 0, padme(1) = 1. */
export function padme(length: number): number {
  if (!Number.isSafeInteger(length) || length < 0) {
    fail('bad_input', 'padme: length must be a non-negative safe integer');
  }
  if (length < 2) return length;
  const e = floorLog2(length);
  const s = floorLog2(e) + 1;
  const lastBits = e - s;
  const multiple = 2 ** lastBits;
  // Same as the paper's (L + mask) & ~mask with mask = 2^lastBits - 1.
  return Math.ceil(length / multiple) * multiple;
}

/** True iff `size` is a length Padmé can produce (a fixed point of padme), excluding 0. */
export function isPaddedSize(size: number): boolean {
  return Number.isSafeInteger(size) && size >= 1 && padme(size) === size;
}
