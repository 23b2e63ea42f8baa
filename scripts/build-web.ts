// Builds the browser code into dist/web/, which the server serves as /static/*:
//   source.js        the source pages' bundle (src/web/client/source.ts)
//   strip-worker.js  the Web Worker: metadata removal, key derivation, sealing
//   seal-worker.js   a sealing lane the Web Worker starts a few of for a large file
//   staff.js         the newsroom pages' bundle (src/web/staff-client/staff.ts): a separate file,
//                    so that source pages never load staff code (and stay small on Tor)
// Classic scripts (iife), ES2020, minified, no source maps. Browser code must not reach Node:
// node:*, database and server-only packages fail the build here, before a browser would.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const WEB_OUT = `${ROOT}dist/web`;
const ENTRIES = {
  source: 'src/web/client/source.ts',
  'strip-worker': 'src/web/client/strip-worker.ts',
  'seal-worker': 'src/web/client/seal-worker.ts',
  staff: 'src/web/staff-client/staff.ts',
};

const SERVER_ONLY = /^(node:|drizzle-orm|drizzle-kit|@libsql\/|@hono\/node-server|hono($|\/))/;

/** Fails on any import of server-only code, naming who imported it. */
export const browserOnly: Plugin = {
  name: 'browser-only',
  setup(b) {
    b.onResolve({ filter: SERVER_ONLY }, (args) => ({
      errors: [{ text: `browser code must not import ${args.path} (imported by ${args.importer.replace(ROOT, '')})` }],
    }));
  },
};

/** Things the CSP (no 'unsafe-eval', no wasm) would block at run time, caught at build time. */
const FORBIDDEN_IN_OUTPUT: Array<[RegExp, string]> = [
  [/\beval\(/, 'eval('],
  [/new Function\(/, 'new Function('],
  [/WebAssembly\./, 'WebAssembly'],
];

export interface BuiltFile { name: string; bytes: number; gzipBytes: number }

export async function buildWeb(options: { quiet?: boolean } = {}): Promise<BuiltFile[]> {
  // Built beside dist/web and moved in file by file (rename is atomic): a server or a test run
  // reading dist/web meanwhile sees the old file or the new one, never a missing or half one.
  mkdirSync(WEB_OUT, { recursive: true });
  const staging = mkdtempSync(`${WEB_OUT}.building-`);
  try {
    await bundle(staging);
    const built = Object.keys(ENTRIES).map((name) => check(staging, name));
    for (const name of readdirSync(staging)) renameSync(`${staging}/${name}`, `${WEB_OUT}/${name}`);
    if (!options.quiet) {
      for (const f of built) console.log(`dist/web/${f.name}: ${(f.bytes / 1024).toFixed(1)} KiB, ${(f.gzipBytes / 1024).toFixed(1)} KiB gzip`);
    }
    return built;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function bundle(outdir: string) {
  await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    plugins: [browserOnly],
    logLevel: 'warning',
  });
}

/** What in a built file the CSP would refuse (empty when nothing). */
export function cspViolations(code: string): string[] {
  return FORBIDDEN_IN_OUTPUT.filter(([pattern]) => pattern.test(code)).map(([, label]) => label);
}

/** Checks a built file and writes its gzip twin (`name.js.gz`), which the server sends when it may. */
function check(dir: string, name: string): BuiltFile {
  const text = readFileSync(`${dir}/${name}.js`);
  const violations = cspViolations(text.toString('utf8'));
  if (violations.length) throw new Error(`${name}.js contains ${violations.join(', ')}, which the CSP blocks`);
  const gzip = gzipSync(text, { level: 9 });
  writeFileSync(`${dir}/${name}.js.gz`, gzip);
  return { name: `${name}.js`, bytes: text.length, gzipBytes: gzip.length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildWeb();
  // `npm start`'s build step: the CLI bundle too (dist/cli, see scripts/build-cli.ts).
  const { buildCli } = await import('./build-cli.ts');
  await buildCli();
}
