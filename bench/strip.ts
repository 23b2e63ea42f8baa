// Metadata stripping (issue: "Metadata stripping that beats mat2 and exiftool"):
//  - throughput and peak memory on large files: a 200 MB MP4 (streamed), a 50 MB JPEG, a 100-page PDF;
//  - whole-process time of `tipline strip` on a mixed folder of ~30 small files, side by side
//    with `exiftool -all=` on the same folder in one process.
// Each large-file run happens in its own child process (bench/strip-one.ts) so that its peak RSS
// (VmHWM) is its own.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { finish, ROOT, spawnNode, tempDir, TSX } from './lib/processes.ts';
import { makeLargeJpeg, makeLargeMp4, makePdf } from './lib/strip-inputs.ts';

export interface StripBenchResult {
  large: Array<{ file: string; megabytes: number; seconds: number; mbPerSecond: number; peakRssMiB: number; status: string }>;
  folder: { files: number; tiplineSeconds: number[]; exiftoolSeconds: number[]; ratio: number; pass: boolean };
}

const FIXTURES = join(ROOT, 'tests/fixtures/strip');

async function stripOne(path: string) {
  const run = await finish(spawnNode([TSX, 'bench/strip-one.ts', path]), 600_000);
  if (run.code !== 0) throw new Error(`strip-one ${path}: ${run.output}`);
  return JSON.parse(run.output.trim().split('\n').pop()!) as { seconds: number; peakRssMiB: number; status: string };
}

/** The mixed folder: every committed fixture that is a cleanable document, photo or recording. */
function mixedFolder(dir: string): number {
  mkdirSync(dir, { recursive: true });
  let n = 0;
  for (const group of ['images', 'office', 'pdf', 'media', 'svg']) {
    for (const name of readdirSync(join(FIXTURES, group))) {
      if (/bomb|laughs|deep|many-entries|encrypted|entities/.test(name)) continue;
      copyFileSync(join(FIXTURES, group, name), join(dir, `${group}-${name}`));
      n += 1;
    }
  }
  return n;
}

function timeCommand(command: string, args: string[]): number {
  const started = performance.now();
  try {
    execFileSync(command, args, { cwd: ROOT, stdio: 'ignore' });
  } catch {
    // tipline strip exits 1 when a file is rejected and exiftool 1 when it cannot write one:
    // both still did the whole folder, which is what is timed.
  }
  return (performance.now() - started) / 1000;
}

export async function runStrip(options: { quick: boolean }, log: (line: string) => void): Promise<StripBenchResult> {
  const work = tempDir('tipline-bench-strip-');
  try {
    const inputs = [
      makeLargeMp4(join(work.path, 'large.mp4'), options.quick ? 32 : 200),
      makeLargeJpeg(join(work.path, 'large.jpg'), options.quick ? 8 : 50),
      await makePdf(join(work.path, 'pages.pdf'), 100),
    ];
    const large: StripBenchResult['large'] = [];
    for (const path of inputs) {
      const megabytes = statSync(path).size / 1e6;
      log(`strip: ${path.split('/').pop()} (${megabytes.toFixed(1)} MB)`);
      const r = await stripOne(path);
      large.push({ file: path.split('/').pop()!, megabytes, seconds: r.seconds, mbPerSecond: megabytes / r.seconds, peakRssMiB: r.peakRssMiB, status: r.status });
    }

    const folder = join(work.path, 'folder');
    const files = mixedFolder(folder);
    const rounds = options.quick ? 1 : 3;
    const tiplineSeconds: number[] = [];
    const exiftoolSeconds: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const out = join(work.path, `out-${i}`);
      log(`strip: folder of ${files} files, round ${i + 1}/${rounds}`);
      tiplineSeconds.push(timeCommand(process.execPath, ['bin/tipline.mjs', 'strip', '--out', out, ...readdirSync(folder).map((f) => join(folder, f))]));
      const exifOut = join(work.path, `exif-${i}`);
      mkdirSync(exifOut);
      exiftoolSeconds.push(timeCommand('exiftool', ['-q', '-q', '-all=', '-o', `${exifOut}/`, folder]));
      rmSync(out, { recursive: true, force: true });
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(tiplineSeconds) / median(exiftoolSeconds);
    return { large, folder: { files, tiplineSeconds, exiftoolSeconds, ratio, pass: ratio <= 1 } };
  } finally {
    work.remove();
  }
}
