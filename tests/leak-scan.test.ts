// The leak scanner is what proves promise 1, so it is tested itself: it must find a canary
// however it was encoded on its way to disk, and must not cry wolf.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scanForLeaks } from './helpers/leak-scan.ts';
import { tempDir } from './helpers/temp.ts';

const CANARY = 'canary-198.51.100.77-Mozilla/Leak';
let dir: ReturnType<typeof tempDir>;
afterEach(() => dir?.remove());

describe('scanForLeaks', () => {
  it.each([
    ['utf8', Buffer.from(`xx${CANARY}yy`)],
    ['utf16le', Buffer.from(`xx${CANARY}yy`, 'utf16le')],
    ['base64 at offset 0', Buffer.from(Buffer.from(CANARY).toString('base64'))],
    ['base64 at offset 1', Buffer.from(Buffer.concat([Buffer.from('a'), Buffer.from(CANARY)]).toString('base64'))],
    ['base64 at offset 2', Buffer.from(Buffer.concat([Buffer.from('ab'), Buffer.from(CANARY)]).toString('base64'))],
  ])('finds a canary stored as %s in a nested file', (_name, content) => {
    dir = tempDir();
    writeFileSync(join(dir.path, 'clean.bin'), Buffer.from('nothing to see'));
    writeFileSync(join(dir.path, 'leaky.db-wal'), Buffer.concat([Buffer.alloc(100, 7), content]));
    const hits = scanForLeaks([CANARY], [dir.path]);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.where.endsWith('leaky.db-wal'))).toBe(true);
  });

  it('finds a canary in captured output and reports nothing for clean input', () => {
    dir = tempDir();
    writeFileSync(join(dir.path, 'clean.bin'), Buffer.from('nothing to see'));
    expect(scanForLeaks([CANARY], [dir.path], { stdout: 'GET /api/v1/desks 200' })).toEqual([]);
    expect(scanForLeaks([CANARY], [dir.path], { stderr: `oops ${CANARY}` })).toEqual([
      { canary: CANARY, where: 'stderr', encoding: 'utf8' },
    ]);
  });
});
