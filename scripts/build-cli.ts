// Builds the prebuilt CLI bundle into dist/cli/, which bin/tipline.mjs runs instead of the
// TypeScript sources for the commands of src/cli/bundled.ts (today `tipline strip`), as long as it
// is fresh. Starting tsx and transpiling src/ took most of a `tipline strip` run (see
// docs/performance.md, "`tipline strip` on a folder").
//
//   dist/cli/<build id>/bundled.mjs  the entry; one chunk per format stripper and per shared
//                                    library (code splitting), so that stripping photos never
//                                    reads pdf-lib or xmldom
//   dist/cli/manifest.json           which build is current, its commands, and the size and
//                                    mtime of every file it was built from
//   dist/cli/strip.blob              a V8 startup snapshot of `tipline strip` made from the same
//                                    sources (src/cli/snapshot.ts), which bin/tipline starts
//
// bin/cli-bundle.mjs uses the bundle only when every input still has the recorded size and mtime
// (and the install, node_modules/.package-lock.json, is the same): edit a source file, pull, or
// `npm ci` and the CLI runs from the sources again until the next build (`npm start`, the test
// setup, or `npx tsx scripts/build-cli.ts`). Nothing needs the bundle: without it, every command
// still runs through tsx.
//
// Each build goes into its own directory named after its content and the manifest is replaced by
// a rename, so a `tipline strip` already running (and still to load a format's chunk) keeps its
// files while a test run rebuilds beside it.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { BUNDLED_COMMANDS } from '../src/cli/bundled.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI_OUT = join(ROOT, 'dist/cli');
/** Entries at fixed names (chunks get hashed ones): bundled.mjs. */
const ENTRIES = { bundled: 'src/cli/bundled.ts' };
/** Read by esbuild or deciding what it builds, without being imported by the entry. */
const BUILD_INPUTS = ['scripts/build-cli.ts', 'tsconfig.json', 'package.json', 'package-lock.json', 'node_modules/.package-lock.json'];
/**
 * Packages whose modules do nothing when loaded but define things: a module of theirs that nothing
 * uses is left out. pdf-lib's index pulls in its whole API (documents, font embedding with the
 * standard fonts' metrics, PNG decoding), of which stripping uses the parser, the object model
 * and the stream writer: the PDF chunk goes from ~875 KiB to ~565 KiB and loads ~50 ms faster.
 * (pdf-lib has no import-for-effect modules; tests/cli/strip.test.ts compares the bundle's output
 * with the sources' on the PDF fixtures.)
 */
const WITHOUT_SIDE_EFFECTS = /\/node_modules\/(pdf-lib|@pdf-lib\/[^/]+)\//;
/** The startup snapshot of `tipline strip`, at a fixed name: bin/tipline looks for it there. */
export const SNAPSHOT_NAME = 'strip.blob';
/** Stripped once while the snapshot is built (their formats' code is then compiled in it); the bombs and traps would only add time. */
const WARM_FIXTURES = 'tests/fixtures/strip';
const WARM_SKIP = /bomb|laughs|deep|many-entries|encrypted|entities/;
/** Builds no longer current are removed once this old (a running `tipline strip` may still use one). */
const KEEP_OLD_BUILDS_MS = 60 * 60 * 1000;

export interface CliManifest {
  version: 1;
  /** Directory of this build under dist/cli/, and its entry module. */
  entry: string;
  commands: string[];
  /** Path relative to the repository root: [size, mtimeMs], or null for a file that did not exist. */
  inputs: Record<string, [number, number] | null>;
  /** Whether dist/cli/strip.blob was built with this build (bin/tipline then starts `strip` from it). */
  snapshot: boolean;
}

function signature(path: string): [number, number] | null {
  try {
    const s = statSync(join(ROOT, path));
    return [s.size, s.mtimeMs];
  } catch {
    return null;
  }
}

export async function buildCli(options: { quiet?: boolean; outDir?: string } = {}): Promise<CliManifest> {
  const outDir = options.outDir ?? CLI_OUT;
  mkdirSync(outDir, { recursive: true });
  // Signatures taken before esbuild reads anything: a file edited during the build then no longer
  // matches, and the bundle counts as stale rather than fresh with the old content.
  const before = new Map<string, [number, number] | null>();
  const staging = mkdtempSync(join(outDir, '.building-'));
  try {
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: ENTRIES,
      outdir: staging,
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outExtension: { '.js': '.mjs' },
      // Packages' ES module builds where they have one (pdf-lib, tslib): no CommonJS wrappers to
      // run and copy exports out of at start-up. Same library, same code paths as under tsx.
      mainFields: ['module', 'main'],
      // Bundled CommonJS packages (pdf-lib) may require() Node's built-ins; ESM has no require.
      banner: { js: "import { createRequire as __tiplineRequire } from 'node:module'; const require = __tiplineRequire(import.meta.url);" },
      sourcemap: false,
      legalComments: 'none',
      metafile: true,
      write: false,
      logLevel: 'warning',
      plugins: [withoutSideEffects, recordInputs(before)],
    });
    for (const path of BUILD_INPUTS) before.set(path, signature(path));
    const inputPaths = Object.keys(result.metafile.inputs);

    const hash = createHash('sha256');
    const files = [...result.outputFiles].sort((a, b) => a.path.localeCompare(b.path));
    for (const file of files) hash.update(file.path.slice(staging.length)).update(file.contents);
    const id = hash.digest('hex').slice(0, 16);
    const buildDir = join(outDir, id);
    if (!existsSync(buildDir)) {
      for (const file of files) writeFileSync(file.path, file.contents);
      chmodSync(staging, 0o755); // mkdtemp makes it private; the bundle is as readable as src/
      try {
        renameSync(staging, buildDir);
      } catch (error) {
        // Another build of the same content won the rename: same files, nothing to do.
        if (!existsSync(join(buildDir, 'bundled.mjs'))) throw error;
      }
    } else {
      // The same content built before: current again, so not to be removed as an old build.
      const now = new Date();
      utimesSync(buildDir, now, now);
    }

    const entry = `${id}/bundled.mjs`;
    const snapshot = await buildSnapshot(outDir, pathToFileURL(join(outDir, entry)).href, before);
    if (snapshot.blob === null && !options.quiet) console.warn(`tipline strip: no startup snapshot (${snapshot.reason}); it runs from the bundle`);
    inputPaths.push(...snapshot.inputs);

    // Every file esbuild read, from the metafiles (the plugin saw them too, earlier).
    const inputs: CliManifest['inputs'] = {};
    for (const path of [...new Set([...inputPaths, ...BUILD_INPUTS])].sort()) {
      inputs[path] = before.has(path) ? before.get(path)! : signature(path);
    }
    const manifest: CliManifest = { version: 1, entry, commands: Object.keys(BUNDLED_COMMANDS), inputs, snapshot: snapshot.blob !== null };
    const temp = join(outDir, `.manifest-${process.pid}-${Date.now()}.json`);
    writeFileSync(temp, `${JSON.stringify(manifest, null, 1)}\n`);
    renameSync(temp, join(outDir, 'manifest.json'));
    // After the manifest: a snapshot runs only while the manifest names its build, so in between
    // the old one hands its runs on to bin/tipline.mjs rather than serve them from old code.
    if (snapshot.blob) renameSync(snapshot.blob, join(outDir, SNAPSHOT_NAME));
    else rmSync(join(outDir, SNAPSHOT_NAME), { force: true });
    removeOldBuilds(outDir, id);
    if (!options.quiet) {
      const bytes = files.reduce((n, f) => n + f.contents.length, 0);
      console.log(`dist/cli/${id}: ${files.length} files, ${(bytes / 1024).toFixed(0)} KiB, commands: ${manifest.commands.join(', ')}` +
        (snapshot.blob ? `; ${SNAPSHOT_NAME}` : ''));
    }
    return manifest;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

const withoutSideEffects: Plugin = {
  name: 'without-side-effects',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === WITHOUT_SIDE_EFFECTS || args.path.startsWith('node:')) return undefined;
      const resolved = await b.resolve(args.path, {
        kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: WITHOUT_SIDE_EFFECTS,
      });
      if (resolved.errors.length > 0 || !WITHOUT_SIDE_EFFECTS.test(resolved.path)) return undefined;
      return { path: resolved.path, sideEffects: false };
    });
  },
};

/** Records the size and mtime of every file esbuild loads, before it reads it. */
function recordInputs(before: Map<string, [number, number] | null>): Plugin {
  return {
    name: 'record-inputs',
    setup(b) {
      b.onLoad({ filter: /.*/ }, (args) => {
        const path = args.path.startsWith(ROOT) ? args.path.slice(ROOT.length) : args.path;
        if (!before.has(path)) before.set(path, signature(path));
        return undefined;
      });
    },
  };
}

/**
 * Builds the startup snapshot of `tipline strip` for the bundle whose entry is `bundleEntry`:
 * src/cli/snapshot.ts as one CommonJS file (what `node --build-snapshot` runs), then the blob.
 * Returns the blob (in `outDir`, to be renamed into place) and the files read, or why there is none.
 */
async function buildSnapshot(outDir: string, bundleEntry: string, before: Map<string, [number, number] | null>):
  Promise<{ blob: string; inputs: string[] } | { blob: null; inputs: string[]; reason: string }> {
  const work = mkdtempSync(join(outDir, '.snapshot-'));
  try {
    const warmDir = join(ROOT, WARM_FIXTURES);
    const warmFiles = existsSync(warmDir)
      ? readdirSync(warmDir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && !WARM_SKIP.test(e.name)).map((e) => join(e.parentPath, e.name)).sort()
      : [];
    const script = join(work, 'snapshot.cjs');
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: ['src/cli/snapshot.ts'],
      outfile: script,
      bundle: true,
      platform: 'node',
      format: 'cjs', // a snapshot is built from one classic script
      target: 'node20',
      mainFields: ['module', 'main'],
      // fflate's Node build loads worker_threads (for its async API, unused here), whose handles
      // a snapshot cannot hold; its browser build is the same code without them.
      alias: { fflate: './node_modules/fflate/esm/browser.js' },
      define: {
        // The fallback is the bin/tipline.mjs of the tree the snapshot sits in (dist/cli/ -> bin/).
        TIPLINE_SNAPSHOT: JSON.stringify({ bundleEntry, outDir, fallback: join(outDir, '../../bin/tipline.mjs'), warmFiles }),
        // The one module in it that finds its way by its own URL (CommonJS has no import.meta).
        'import.meta.url': JSON.stringify(pathToFileURL(join(ROOT, 'bin/cli-bundle.mjs')).href),
      },
      sourcemap: false,
      legalComments: 'none',
      metafile: true,
      logLevel: 'error',
      plugins: [withoutSideEffects, recordInputs(before)],
    });
    const inputs = Object.keys(result.metafile.inputs);
    const blob = join(outDir, `.${SNAPSHOT_NAME}-${process.pid}-${Date.now()}`);
    const run = spawnSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', script], { cwd: work, encoding: 'utf8', timeout: 120_000 });
    if (run.status !== 0 || !existsSync(blob)) {
      rmSync(blob, { force: true });
      const why = `${run.error?.message ?? `exit ${run.status ?? run.signal}`}: ${(run.stderr ?? '').trim().split('\n').slice(0, 3).join(' / ')}`;
      return { blob: null, inputs, reason: `node --build-snapshot failed, ${why}` };
    }
    return { blob, inputs };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function removeOldBuilds(outDir: string, current: string) {
  // The build the manifest names now (a concurrent build may have replaced ours) is kept too.
  let named = current;
  try {
    named = readCliManifest(outDir).entry.split('/')[0]!;
  } catch {
    // Being replaced: keep ours.
  }
  for (const name of readdirSync(outDir)) {
    if (name === current || name === named || name === 'manifest.json' || name === SNAPSHOT_NAME) continue;
    const path = join(outDir, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > KEEP_OLD_BUILDS_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by a concurrent build.
    }
  }
}

/** The manifest as written, for tests. */
export function readCliManifest(outDir = CLI_OUT): CliManifest {
  return JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as CliManifest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCli();
}
