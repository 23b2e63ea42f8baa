// ID3v1 / ID3v1.1: 128 bytes at the very end starting with "TAG" (title 30, artist 30, album 30,
// year 4, comment 30 (v1.1: 28 + NUL + track), genre 1); the enhanced "TAG+" block of 227 bytes
// sits right before it (title 60, artist 60, album 60, speed 1, genre 30, start 6, end 6).
import { ascii } from './bytes.ts';
import type { Removal } from './types.ts';

export const ID3V1_BYTES = 128;
export const ID3V1_ENHANCED_BYTES = 227;

const blank = (bytes: Uint8Array, from: number, length: number) => bytes.subarray(from, from + length).every((b) => b === 0 || b === 0x20);

export function isId3v1(bytes: Uint8Array): boolean {
  return bytes.length === ID3V1_BYTES && ascii(bytes, 0, 3) === 'TAG';
}

export function isId3v1Enhanced(bytes: Uint8Array): boolean {
  return bytes.length === ID3V1_ENHANCED_BYTES && ascii(bytes, 0, 4) === 'TAG+';
}

export function id3v1Removals(tag: Uint8Array): Removal[] {
  const removed: Removal[] = [];
  if (!blank(tag, 3, 30) || !blank(tag, 63, 30)) removed.push({ category: 'other', field: 'id3v1-title' });
  if (!blank(tag, 33, 30)) removed.push({ category: 'author', field: 'id3v1-artist' });
  if (!blank(tag, 93, 4)) removed.push({ category: 'dates', field: 'id3v1-year' });
  if (!blank(tag, 97, 28)) removed.push({ category: 'comments', field: 'id3v1-comment' });
  return removed.length ? removed : [{ category: 'other', field: 'id3v1-tag' }];
}

export function id3v1EnhancedRemovals(tag: Uint8Array): Removal[] {
  const removed: Removal[] = [];
  if (!blank(tag, 4, 60) || !blank(tag, 124, 60)) removed.push({ category: 'other', field: 'id3v1-title' });
  if (!blank(tag, 64, 60)) removed.push({ category: 'author', field: 'id3v1-artist' });
  return removed.length ? removed : [{ category: 'other', field: 'id3v1-tag' }];
}
