// The browser bundle as built by the global setup (scripts/build-web.ts): small enough for a
// source on a slow Tor circuit, nothing the CSP would refuse, and no way for server-only code
// (node:*, the database) to slip into it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { browserOnly, cspViolations, WEB_OUT } from '../../scripts/build-web.ts';
import { tempDir } from '../helpers/temp.ts';

/** What a source page costs to load with JavaScript, compressed: the page bundle and the worker. */
const BUDGET_GZIP_BYTES = 400 * 1024;

describe('the browser bundle', () => {
  const files = ['source.js', 'strip-worker.js'].map((name) => ({ name, code: readFileSync(join(WEB_OUT, name)) }));

  it('fits the transfer budget', () => {
    const gzip = files.reduce((n, f) => n + gzipSync(f.code, { level: 9 }).length, 0);
    expect(gzip).toBeLessThan(BUDGET_GZIP_BYTES);
  });

  it('holds nothing the CSP refuses and asks no other origin for anything', () => {
    // seal-worker.js is not part of a page load (the worker starts a few for a large file only).
    for (const { name, code } of [...files, { name: 'seal-worker.js', code: readFileSync(join(WEB_OUT, 'seal-worker.js')) }]) {
      expect(cspViolations(code.toString('utf8')), name).toEqual([]);
      // Scripts are loaded from our own origin only: no importScripts or fetch of a URL elsewhere.
      expect(code.toString('utf8'), name).not.toMatch(/importScripts\(|fetch\(["'`]https?:/);
    }
  });

  it('refuses to build browser code that imports Node or the database', async () => {
    const dir = tempDir();
    try {
      for (const spec of ['node:fs', 'drizzle-orm', '@libsql/client']) {
        const entry = join(dir.path, 'entry.ts');
        writeFileSync(entry, `import * as m from '${spec}';\nconsole.log(m);\n`);
        await expect(build({ entryPoints: [entry], bundle: true, write: false, platform: 'browser', plugins: [browserOnly], logLevel: 'silent' }), spec)
          .rejects.toThrow(/must not import/);
      }
    } finally {
      dir.remove();
    }
  });
});
