// tipline strip, as an editor or a source's helper runs it: one line per file, cleaned copies
// under the same names, nothing written for a rejected or unsupported file, exit 1 on rejection.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/processes.ts';
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
