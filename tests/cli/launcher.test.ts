// bin/tipline, the installed command: `strip` starts from the startup snapshot beside it
// (dist/cli/strip.blob) when there is one this Node can load and it is still current; everything
// else goes to bin/tipline.mjs. Run in a copy of the tree whose bin/tipline.mjs is a stand-in that
// says it was called, so that each test can tell which of the two served the command.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, readCliManifest, SNAPSHOT_NAME } from '../../scripts/build-cli.ts';
import { ROOT, runCommand } from '../helpers/processes.ts';
import { tempDir } from '../helpers/temp.ts';
import { FIXTURES } from '../strip/helpers.ts';

let tree: ReturnType<typeof tempDir>;
let launcher: string;
let outDir: string;
const photo = join(FIXTURES, 'images/phone.jpg');

beforeAll(async () => {
  tree = tempDir('tipline-launcher-');
  mkdirSync(join(tree.path, 'bin'));
  launcher = join(tree.path, 'bin/tipline');
  copyFileSync(join(ROOT, 'bin/tipline'), launcher);
  writeFileSync(join(tree.path, 'bin/tipline.mjs'), "console.log(`tipline.mjs ${process.argv.slice(2).join(' ')}`); process.exitCode = 7;\n");
  outDir = join(tree.path, 'dist/cli');
  await buildCli({ quiet: true, outDir });
}, 120_000);
afterAll(() => tree.remove());

async function strip(env: Record<string, string> = {}) {
  const out = join(tree.path, 'out');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out);
  return runCommand(launcher, ['strip', '--out', out, photo], env);
}

describe('bin/tipline', () => {
  it('strips from the snapshot while it is current', async () => {
    const run = await strip();
    expect(run.stdout).toBe(`${photo}: jpeg, removed: location, device details, author names, software names, dates, thumbnails, comments, edit history, unique identifiers, other metadata\n`);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('hands every other command, and strip with TIPLINE_CLI_BUNDLE=0, to bin/tipline.mjs', async () => {
    expect((await runCommand(launcher, ['desk', 'list'], {})).stdout).toBe('tipline.mjs desk list\n');
    const forced = await strip({ TIPLINE_CLI_BUNDLE: '0' });
    expect(forced.stdout).toMatch(/^tipline\.mjs strip --out /);
    expect(forced.code).toBe(7);
  });

  it('hands strip to bin/tipline.mjs once the build it was made with is no longer current', async () => {
    const path = join(outDir, 'manifest.json');
    const original = readFileSync(path, 'utf8');
    try {
      const edited = readCliManifest(outDir);
      const [size, mtime] = edited.inputs['src/strip/jpeg.ts']!;
      edited.inputs['src/strip/jpeg.ts'] = [size, mtime - 1000]; // as if jpeg.ts had been saved since
      writeFileSync(path, JSON.stringify(edited));
      const stale = await strip();
      expect(stale.stdout).toMatch(/^tipline\.mjs strip --out /);
      expect(stale.code).toBe(7);
    } finally {
      writeFileSync(path, original);
    }
  });

  it('falls back to bin/tipline.mjs when this Node cannot load the snapshot, or there is none', async () => {
    const blob = join(outDir, SNAPSHOT_NAME);
    const kept = `${blob}.kept`;
    copyFileSync(blob, kept);
    try {
      // A snapshot built with other V8 flags is refused by Node (exit 14) before anything runs,
      // as one built by another Node version is.
      const script = join(tree.path, 'empty.cjs');
      writeFileSync(script, '');
      const built = spawnSync(process.execPath, ['--harmony', '--snapshot-blob', blob, '--build-snapshot', script]);
      expect(built.status).toBe(0);
      const refused = await strip();
      expect(refused.stderr).toMatch(/startup snapshot/);
      expect(refused.stdout).toMatch(/^tipline\.mjs strip --out /);
      expect(refused.code).toBe(7);

      rmSync(blob);
      const none = await strip();
      expect(none.stdout).toMatch(/^tipline\.mjs strip --out /);
      expect(none.stderr).toBe('');
    } finally {
      copyFileSync(kept, blob);
      rmSync(kept);
    }
  });
});
