// tipline strip, as an editor or a source's helper runs it: one line per file, cleaned copies
// under the same names, nothing written for a rejected or unsupported file, exit 1 on rejection.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCli, SNAPSHOT_NAME } from '../../scripts/build-cli.ts';
import { runCli, runNode, type CliResult } from '../helpers/processes.ts';
import { tempDir } from '../helpers/temp.ts';
import { FIXTURES, rawCanaryHits } from '../strip/helpers.ts';

let dir: ReturnType<typeof tempDir> | undefined;
afterEach(() => dir?.remove());

describe('tipline strip', () => {
  it('cleans what it can, names what it cannot, and exits 1 when a file is rejected', async () => {
    dir = tempDir();
    const input = join(dir.path, 'in');
    const out = join(dir.path, 'out');
    mkdirSync(input);
    // A photo whose name lies about its type: handled as what it is.
    copyFileSync(join(FIXTURES, 'images/phone.jpg'), join(input, 'holiday.txt'));
    copyFileSync(join(FIXTURES, 'office/canary.docx'), join(input, 'minutes.docx'));
    copyFileSync(join(FIXTURES, 'media/id3v23.mp3'), join(input, 'call.mp3'));
    writeFileSync(join(input, 'blob.bin'), new Uint8Array([0, 1, 2, 3, 254, 255, 0, 7]));
    copyFileSync(join(FIXTURES, 'office/bomb.docx'), join(input, 'bomb.docx'));

    const files = ['holiday.txt', 'minutes.docx', 'call.mp3', 'blob.bin', 'bomb.docx'].map((f) => join(input, f));
    const result = await runCli(['strip', '--out', out, ...files], {});
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/holiday\.txt: jpeg, removed: .*location.*device/);
    expect(lines[1]).toMatch(/minutes\.docx: docx, removed: .*author/);
    expect(lines[2]).toMatch(/call\.mp3: mp3, removed: /);
    expect(lines[3]).toMatch(/blob\.bin: unsupported .*not written/);
    expect(lines[4]).toMatch(/bomb\.docx: rejected \(too_large/);
    expect(readdirSync(out).sort()).toEqual(['call.mp3', 'holiday.txt', 'minutes.docx']);
    for (const name of readdirSync(out)) expect(rawCanaryHits(new Uint8Array(readFileSync(join(out, name))))).toEqual([]);
    expect(existsSync(join(out, 'bomb.docx'))).toBe(false);
  });

  it('exits 0 when every file was cleaned, and 2 without files', async () => {
    dir = tempDir();
    const ok = await runCli(['strip', '--out', dir.path, join(FIXTURES, 'images/clean.png')], {});
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/clean\.png: png, removed: nothing/);
    expect((await runCli(['strip', '--out', dir.path], {})).code).toBe(2);
  });
});

/** Runs the entry of a CLI bundle built in `buildDir` (scripts/build-cli.ts) as bin/tipline.mjs would. */
async function runBundle(entry: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  const script = 'const { main } = await import(process.argv[1]); process.exitCode = await main(process.argv.slice(2));';
  return runNode(['--input-type=module', '-e', script, pathToFileURL(entry).href, ...args], env);
}

/** Every file under `dir`, by name, with its bytes. */
function contents(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name)).toString('base64')]));
}

describe('tipline strip from the bundle and from its startup snapshot', () => {
  it('prints the same lines and writes the same files as the TypeScript sources do', async () => {
    dir = tempDir();
    const input = join(dir.path, 'in');
    mkdirSync(join(input, 'a'), { recursive: true });
    mkdirSync(join(input, 'b'));
    const names: Array<[string, string]> = [
      ['office/canary.docx', 'minutes.docx'], ['images/phone.jpg', 'photo.jpg'], ['office/canary.odt', 'notes.odt'],
      ['pdf/full.pdf', 'report.pdf'], ['svg/inkscape.svg', 'chart.svg'], ['media/iphone.mov', 'clip.mov'],
      ['office/bomb.docx', 'bomb.docx'], ['media/id3v23.mp3', 'call.mp3'], ['office/canary.xlsx', 'sheet.xlsx'],
      // Two files of the same name: the copy left in the output is the last one named.
      ['svg/sketch.svg', 'a/same.svg'], ['images/text-chunks.png', 'photo.png'], ['svg/inkscape.svg', 'b/same.svg'],
      // Every PDF fixture: the bundle's pdf-lib is cut down to what stripping uses (scripts/build-cli.ts).
      ['pdf/linearized.pdf', 'linearized.pdf'], ['pdf/object-streams.pdf', 'object-streams.pdf'], ['pdf/encrypted.pdf', 'locked.pdf'],
    ];
    for (const [from, to] of names) copyFileSync(join(FIXTURES, from), join(input, to));
    writeFileSync(join(input, 'blob.bin'), new Uint8Array([0, 1, 2, 3, 254, 255, 0, 7]));
    const files = [...names.map(([, to]) => join(input, to)), join(input, 'blob.bin')];

    const build = tempDir('tipline-cli-bundle-');
    try {
      const manifest = await buildCli({ quiet: true, outDir: build.path });
      const entry = join(build.path, manifest.entry);
      expect(manifest.snapshot).toBe(true);
      const runs = {
        sources: await runCli(['strip', '--out', join(dir.path, 'sources'), ...files], { TIPLINE_CLI_BUNDLE: '0' }),
        bundle: await runBundle(entry, ['strip', '--out', join(dir.path, 'bundle'), ...files], {}),
        // The startup snapshot made with this build (src/cli/snapshot.ts), as bin/tipline starts it.
        snapshot: await runNode(['--snapshot-blob', join(build.path, SNAPSHOT_NAME), 'strip', '--out', join(dir.path, 'snapshot'), ...files], {}),
      };

      const lines = runs.sources.stdout.trim().split('\n');
      expect(runs.sources.code).toBe(1); // the bomb is rejected
      expect(lines).toHaveLength(files.length);
      lines.forEach((line, i) => expect(line.startsWith(`${files[i]}: `)).toBe(true));
      expect(lines[6]).toMatch(/bomb\.docx: rejected \(too_large/);
      const written = contents(join(dir.path, 'sources'));
      expect(lines[14]).toMatch(/locked\.pdf: rejected \(encrypted/);
      expect(Object.keys(written)).toHaveLength(12); // 16 files: not the bomb, the blob or locked.pdf; same.svg once
      expect(runs.bundle.stderr).toBe('');
      expect(runs.bundle.code).toBe(1);
      expect(runs.bundle.stdout).toBe(runs.sources.stdout);
      expect(contents(join(dir.path, 'bundle'))).toEqual(written);
      expect(runs.snapshot.stderr).toBe('');
      expect(runs.snapshot.code).toBe(1);
      expect(runs.snapshot.stdout).toBe(runs.sources.stdout);
      expect(contents(join(dir.path, 'snapshot'))).toEqual(written);
      // same.svg is the Inkscape drawing (named last, and also stripped as chart.svg), not the Sketch one.
      expect(written['same.svg']).toBe(written['chart.svg']);
    } finally {
      build.remove();
    }
  });
});
