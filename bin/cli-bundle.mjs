// Which prebuilt CLI bundle (dist/cli/, made by scripts/build-cli.ts) bin/tipline.mjs may run, if
// any. Plain JavaScript: it runs before anything can load TypeScript.
//
// A bundle is used only when it was built from the files as they are now: every input (sources,
// bundled packages, the build script, the lockfiles) still has the size and mtime recorded when it
// was built. Anything else (no dist/ after `npm ci`, an edited source, a pull, a new install, an
// unreadable manifest) means null, and the caller runs the sources through tsx instead.
// TIPLINE_CLI_BUNDLE=0 forces the sources.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI_OUT = join(ROOT, 'dist/cli');

/**
 * The file URL of the bundle's entry module if it is fresh and has `command`, else null.
 * @param {string | undefined} command the first word of argv
 * @param {string} [outDir] where the bundle was built (tests build elsewhere)
 * @returns {string | null}
 */
export function freshCliBundle(command, outDir = CLI_OUT) {
  if (process.env.TIPLINE_CLI_BUNDLE === '0' || command === undefined) return null;
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'));
  } catch {
    return null;
  }
  if (manifest?.version !== 1 || !Array.isArray(manifest.commands) || !manifest.commands.includes(command)) return null;
  for (const [path, recorded] of Object.entries(manifest.inputs ?? {})) {
    if (!sameSignature(join(ROOT, path), recorded)) return null;
  }
  const entry = join(outDir, manifest.entry);
  try {
    statSync(entry);
  } catch {
    return null;
  }
  return pathToFileURL(entry).href;
}

function sameSignature(path, recorded) {
  let s;
  try {
    s = statSync(path);
  } catch {
    return recorded === null;
  }
  return Array.isArray(recorded) && s.size === recorded[0] && s.mtimeMs === recorded[1];
}
