// The prebuilt CLI bundle (scripts/build-cli.ts, dist/cli) and when bin/tipline.mjs may use it
// (bin/cli-bundle.mjs): only when it was built from the files as they are now.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCliBundle } from '../../bin/cli-bundle.mjs';
import { buildCli, readCliManifest, type CliManifest } from '../../scripts/build-cli.ts';
import { tempDir } from '../helpers/temp.ts';

let dir: ReturnType<typeof tempDir>;
let manifest: CliManifest;
beforeAll(async () => {
  dir = tempDir('tipline-cli-bundle-');
  manifest = await buildCli({ quiet: true, outDir: dir.path });
});
afterAll(() => dir.remove());

/** The files a module of the build loads before it runs: itself and its static imports, transitively. */
function staticClosure(build: string, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(build, file), 'utf8');
    for (const m of code.matchAll(/(?:^|\n)import\s*(?:[^'"();]*?\sfrom\s*)?["']\.\/([^"']+)["']/g)) visit(m[1]!);
  };
  visit(entry);
  return [...seen];
}

describe('the CLI bundle', () => {
  it('holds `strip` only, with a chunk per format', () => {
    expect(manifest.commands).toEqual(['strip']);
    const build = join(dir.path, manifest.entry, '..');
    expect(existsSync(join(dir.path, manifest.entry))).toBe(true);
    // What starts with the entry (its static imports, transitively) must not hold pdf-lib or
    // xmldom: a photo does not need them, they come in only through import() when a PDF is met.
    const startup = staticClosure(build, 'bundled.mjs');
    expect(startup.length).toBeGreaterThan(1);
    for (const file of startup) expect(readFileSync(join(build, file), 'utf8')).not.toMatch(/PDFDocument|DOMParser/);
    const later = readdirSync(build).filter((f) => !startup.includes(f));
    expect(later.some((f) => readFileSync(join(build, f), 'utf8').includes('PDFDocument'))).toBe(true);
    expect(Object.keys(manifest.inputs)).toEqual(expect.arrayContaining([
      'src/cli/bundled.ts', 'src/cli/strip.ts', 'src/strip/index.ts', 'src/strip/pdf.ts', 'scripts/build-cli.ts', 'package-lock.json',
    ]));
    expect(Object.keys(manifest.inputs).some((p) => p.startsWith('node_modules/pdf-lib/'))).toBe(true);
  });

  it('is used while every input is as it was built, and for its commands only', () => {
    expect(freshCliBundle('strip', dir.path)).toBe(new URL(`file://${join(dir.path, manifest.entry)}`).href);
    expect(freshCliBundle('desk', dir.path)).toBeNull();
    expect(freshCliBundle(undefined, dir.path)).toBeNull();
  });

  it('is not used once an input differs from what was built, or when TIPLINE_CLI_BUNDLE=0', () => {
    const path = join(dir.path, 'manifest.json');
    const original = readFileSync(path, 'utf8');
    try {
      const edited = readCliManifest(dir.path);
      const [size, mtime] = edited.inputs['src/strip/pdf.ts']!;
      edited.inputs['src/strip/pdf.ts'] = [size, mtime - 1000]; // as if pdf.ts had been saved since
      writeFileSync(path, JSON.stringify(edited));
      expect(freshCliBundle('strip', dir.path)).toBeNull();
      edited.inputs['src/strip/pdf.ts'] = [size, mtime];
      edited.inputs['src/strip/no-such-file.ts'] = [1, 1]; // an input that is gone
      writeFileSync(path, JSON.stringify(edited));
      expect(freshCliBundle('strip', dir.path)).toBeNull();
      writeFileSync(path, original);
      expect(freshCliBundle('strip', dir.path)).not.toBeNull();
      process.env.TIPLINE_CLI_BUNDLE = '0';
      expect(freshCliBundle('strip', dir.path)).toBeNull();
    } finally {
      delete process.env.TIPLINE_CLI_BUNDLE;
      writeFileSync(path, original);
    }
  });

  it('is named after its content: the same build again is the same directory', async () => {
    const again = await buildCli({ quiet: true, outDir: dir.path });
    expect(again.entry).toBe(manifest.entry);
  });
});
