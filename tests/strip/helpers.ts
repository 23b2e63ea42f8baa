// Shared checks for the stripper tests: an independent reader (exiftool, from Debian's
// libimage-exiftool-perl with libarchive-zip-perl for Office files) and canary scans.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { collect, stripMetadata, type CleanedFile, type StripResult } from '../../src/strip/index.ts';

export const FIXTURES = new URL('../fixtures/strip/', import.meta.url).pathname;

/** Every fixture carries this marker in every metadata field it sets. */
export const CANARY = 'CANARY';

export function fixture(relativePath: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, relativePath)));
}

/**
 * exiftool's view of a file: every tag of every group, duplicates included. Through a temporary
 * file, not a pipe: from a pipe exiftool cannot inflate ZIP members (it wants IO::String) and
 * would see only the container of an Office document.
 */
export function exiftool(bytes: Uint8Array): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'tipline-exiftool-'));
  try {
    const path = join(dir, 'input');
    writeFileSync(path, bytes);
    const out = execFileSync('exiftool', ['-j', '-a', '-G1', '-b', path], { maxBuffer: 64 * 1024 * 1024 });
    return (JSON.parse(out.toString('utf8')) as Array<Record<string, unknown>>)[0]!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** exiftool tags whose name or value mentions the canary (or any GPS tag at all). */
export function exiftoolLeaks(bytes: Uint8Array): string[] {
  return Object.entries(exiftool(bytes))
    .filter(([tag, value]) => tag !== 'SourceFile' && (/GPS/i.test(tag) || String(value).includes(CANARY)))
    .map(([tag, value]) => `${tag}=${String(value).slice(0, 80)}`);
}

/** Offsets at which the canary appears in the raw bytes (UTF-8 or UTF-16, either byte order). */
export function rawCanaryHits(bytes: Uint8Array, canary = CANARY): string[] {
  const hay = Buffer.from(bytes);
  const hits: string[] = [];
  for (const [encoding, needle] of [
    ['utf8', Buffer.from(canary, 'utf8')],
    ['utf16le', Buffer.from(canary, 'utf16le')],
    ['utf16be', Buffer.from(canary, 'utf16le').swap16()],
  ] as const) {
    const at = hay.indexOf(needle);
    if (at >= 0) hits.push(`${encoding}@${at}`);
  }
  return hits;
}

/** Strips and insists the result is cleaned; returns it with its bytes. */
export async function stripClean(bytes: Uint8Array): Promise<{ result: CleanedFile; bytes: Uint8Array }> {
  const result: StripResult = await stripMetadata(bytes);
  if (result.status !== 'cleaned') throw new Error(`expected cleaned, got ${result.status}: ${'reason' in result ? result.reason : ''}`);
  return { result, bytes: await collect(result) };
}

/** A mulberry32 stream: the same "random" damage on every run. */
export function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Damaged input must be refused, or cleaned without a trace of the canary. Never thrown, never hung. */
export async function expectSafe(input: Uint8Array): Promise<void> {
  const result = await stripMetadata(input);
  expect(['cleaned', 'rejected', 'unsupported']).toContain(result.status);
  if (result.status === 'cleaned') expect(rawCanaryHits(await collect(result))).toEqual([]);
}

/** `truncations` prefixes of the input and `flips` copies with one bit flipped, deterministically. */
export function damagedVariants(input: Uint8Array, truncations: number, flips: number, seed: number): Uint8Array[] {
  const random = prng(seed);
  const variants: Uint8Array[] = [];
  for (let i = 1; i <= truncations; i++) variants.push(input.subarray(0, Math.floor((input.length * i) / (truncations + 1))));
  for (let i = 0; i < flips; i++) {
    const copy = input.slice();
    const at = Math.floor(random() * copy.length);
    copy[at] = copy[at]! ^ (1 << (i % 8));
    variants.push(copy);
  }
  return variants;
}
