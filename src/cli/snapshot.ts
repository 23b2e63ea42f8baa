// The entry of the `tipline strip` startup snapshot (dist/cli/strip.blob; scripts/build-cli.ts
// builds it with `node --build-snapshot` beside the CLI bundle, bin/tipline starts it with
// `node --snapshot-blob`). Stripping a folder of small files is a race against exiftool in which
// most of Tipline's time went to loading and compiling its own code in a fresh process: the
// snapshot is a V8 heap in which every format's stripper is already loaded and has already run
// once (on the committed sample files), so a run starts with that code compiled. It is made from
// code and those sample files alone: strings that occurred in them (XML names, for one) may stay
// in its string table, but nothing of a user's files, no keys and no settings (nothing here
// reads the environment while it is built).
//
// A snapshot belongs to one build of the bundle. It runs only while the manifest still names
// that build and the build is fresh (bin/cli-bundle.mjs); otherwise it hands the command to
// bin/tipline.mjs, which runs the bundle or the sources.
import './snapshot-text-decoder.ts'; // first: before any module makes a TextDecoder
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { freshCliBundle } from '../../bin/cli-bundle.mjs';
import { main } from './bundled.ts';
import { restoreTextDecoder } from './snapshot-text-decoder.ts';
import { stripFile } from './strip-file.ts';

/** Set by scripts/build-cli.ts (esbuild `define`). */
declare const TIPLINE_SNAPSHOT: {
  /** The bundle build this snapshot was made with: file URL of its entry, as freshCliBundle gives it. */
  bundleEntry: string;
  /** Where that build's manifest is. */
  outDir: string;
  /** The bin/tipline.mjs beside the snapshot's dist/, for runs the snapshot must not serve. */
  fallback: string;
  /** Sample files stripped once while building, so that their code is compiled in the snapshot. */
  warmFiles: string[];
};

async function warmUp(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'tipline-snapshot-'));
  try {
    for (const file of TIPLINE_SNAPSHOT.warmFiles) await stripFile(file, out);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function start(): Promise<void> {
  restoreTextDecoder();
  // Node 20 gives [node, ...args]; later versions [node, node, ...args].
  const argv = process.argv.slice(process.argv[1] === process.argv[0] ? 2 : 1);
  if (freshCliBundle(argv[0], TIPLINE_SNAPSHOT.outDir) === TIPLINE_SNAPSHOT.bundleEntry) {
    process.exitCode = await main(argv);
    return;
  }
  // A source edited since, another build current, or TIPLINE_CLI_BUNDLE=0.
  const run = spawnSync(process.execPath, [TIPLINE_SNAPSHOT.fallback, ...argv], { stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
}

if (!v8.startupSnapshot.isBuildingSnapshot()) throw new Error('src/cli/snapshot.ts only runs under node --build-snapshot');
v8.startupSnapshot.setDeserializeMainFunction(() => void start());
// Node takes the snapshot once the event loop is empty, i.e. after this; a failure fails the build.
void warmUp();
