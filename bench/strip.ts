// Metadata stripping (issue: "Metadata stripping that beats mat2 and exiftool"):
//  - throughput and peak memory on large files: a 200 MB MP4 (streamed), a 50 MB JPEG, a 100-page PDF;
//  - whole-process time of `tipline strip` on a mixed folder of ~30 small files, side by side
//    with `exiftool -all=` on the same folder in one process. `tipline` is bin/tipline, the
//    command npm installs, which starts `strip` from the snapshot dist/cli/strip.blob. The CLI
//    bundle and snapshot are rebuilt before each round, so the round times what a user gets
//    after `npm start` even while src/ is being edited; each round also says whether the bundle
//    was fresh and the snapshot there.
// Each large-file run happens in its own child process (bench/strip-one.ts) so that its peak RSS
// (VmHWM) is its own.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { freshCliBundle } from '../bin/cli-bundle.mjs';
import { buildCli } from '../scripts/build-cli.ts';
import { finish, ROOT, spawnNode, tempDir, TSX } from './lib/processes.ts';
import { makeLargeJpeg, makeLargeMp4, makePdf } from './lib/strip-inputs.ts';

export interface StripBenchResult {
  large: Array<{ file: string; megabytes: number; seconds: number; mbPerSecond: number; peakRssMiB: number; status: string }>;
  folder: {
    files: number;
    tiplineSeconds: number[];
    exiftoolSeconds: number[];
    /** Per round: whether bin/tipline.mjs ran the bundle (false: it fell back to tsx). */
    bundleUsed: boolean[];
    /** Per round: whether the build made the startup snapshot that bin/tipline starts from. */
    snapshotUsed: boolean[];
    loadAverage: number[];
    ratio: number;
    pass: boolean;
  };
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
    const rounds = options.quick ? 1 : 5;
    const paths = readdirSync(folder).map((f) => join(folder, f));
    const r: Omit<StripBenchResult['folder'], 'files' | 'ratio' | 'pass'> = {
      tiplineSeconds: [], exiftoolSeconds: [], bundleUsed: [], snapshotUsed: [], loadAverage: [],
    };
    const tipline = (out: string) => {
      const seconds = timeCommand(join(ROOT, 'bin/tipline'), ['strip', '--out', out, ...paths]);
      rmSync(out, { recursive: true, force: true });
      return seconds;
    };
    for (let i = 0; i < rounds; i++) {
      const manifest = await buildCli({ quiet: true });
      r.bundleUsed.push(freshCliBundle('strip') !== null);
      r.snapshotUsed.push(manifest.snapshot);
      r.loadAverage.push(loadavg()[0]!);
      log(`strip: folder of ${files} files, round ${i + 1}/${rounds} (CLI bundle ${r.bundleUsed[i] ? 'fresh' : 'STALE: tsx'}, ` +
        `snapshot ${manifest.snapshot ? 'built' : 'MISSING'}, load ${r.loadAverage[i]!.toFixed(1)})`);
      tipline(join(work.path, `warm-${i}`)); // untimed: the new build's files read once, as exiftool's are by now
      r.tiplineSeconds.push(tipline(join(work.path, `out-${i}`)));
      const exifOut = join(work.path, `exif-${i}`);
      mkdirSync(exifOut);
      r.exiftoolSeconds.push(timeCommand('exiftool', ['-q', '-q', '-all=', '-o', `${exifOut}/`, folder]));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(r.tiplineSeconds) / median(r.exiftoolSeconds);
    return { large, folder: { files, ...r, ratio, pass: ratio <= 1 } };
  } finally {
    work.remove();
  }
}
