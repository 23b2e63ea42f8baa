// Property test over every parser: mutated versions of every fixture (bit flips, truncation,
// inserted and duplicated ranges) must come back as a result, never a throw or a hang, and a
// `cleaned` result must produce exactly the bytes it announced. FUZZ_RUNS raises the count
// (npm run soak); CI runs a few per fixture.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collect, stripMetadata } from '../../src/strip/index.ts';
import { FIXTURES } from './helpers.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
/** Generous: a hang detector, not a speed target (those live in npm run bench). */
const MAX_MS_PER_INPUT = 10_000;

function listFixtures(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFixtures(path) : statSync(path).size <= 2_000_000 ? [path] : [];
  });
}

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'overwrite'; at: number; bytes: Uint8Array };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 4096 }) }),
  // Sizes and counts live in the first bytes of most structures: aim some writes there.
  fc.record({ kind: fc.constant('overwrite' as const), at: fc.nat(512), bytes: fc.constantFrom(
    new Uint8Array([0xff, 0xff, 0xff, 0xff]), new Uint8Array([0, 0, 0, 0]), new Uint8Array([0x7f, 0xff, 0xff, 0xf0]), new Uint8Array([0, 0, 0, 1])) }),
);

function apply(input: Uint8Array, mutations: Mutation[]): Uint8Array {
  let bytes = input;
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : m.at % bytes.length;
    if (m.kind === 'flip') {
      bytes = bytes.slice();
      if (bytes.length) bytes[at] = bytes[at]! ^ (1 << m.bit);
    } else if (m.kind === 'truncate') {
      bytes = bytes.subarray(0, at);
    } else if (m.kind === 'insert') {
      bytes = new Uint8Array([...bytes.subarray(0, at), ...m.bytes, ...bytes.subarray(at)]);
    } else if (m.kind === 'duplicate') {
      const piece = bytes.subarray(at, at + m.length);
      bytes = new Uint8Array([...bytes.subarray(0, at), ...piece, ...bytes.subarray(at)]);
    } else {
      bytes = bytes.slice();
      bytes.set(m.bytes.subarray(0, Math.max(0, bytes.length - at)), at);
    }
  }
  return bytes;
}

const fixtures = listFixtures(FIXTURES);

describe('stripping mutated files', () => {
  it('has fixtures to mutate', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  it.each(fixtures.map((f) => [relative(FIXTURES, f), f]))('%s: no throw, no hang, honest output', async (_name, path) => {
    const original = new Uint8Array(readFileSync(path));
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const input = apply(original, mutations);
        const started = Date.now();
        const result = await stripMetadata(input);
        expect(['cleaned', 'unsupported', 'rejected']).toContain(result.status);
        if (result.status === 'cleaned') {
          const output = await collect(result);
          expect(output.length).toBe(result.size);
        }
        expect(Date.now() - started).toBeLessThan(MAX_MS_PER_INPUT);
      }),
      { numRuns: RUNS },
    );
  });
});
