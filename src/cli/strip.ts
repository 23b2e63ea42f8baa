// tipline strip --out <dir> <file>...: removes metadata from each file and writes the cleaned
// copy under the same name into <dir>. One line per file, in the order the files were named: what
// was removed, or why the file was rejected or is unsupported. Nothing is written for a rejected
// or unsupported file; exit 1 if any file was rejected.
//
// With TIPLINE_STRIP_THREADS=2 and run from the prebuilt bundle (bin/tipline.mjs), the files are
// stripped on two threads. The XML formats (office documents and SVG: xmldom, fflate) are the
// worker thread's share (strip-worker.ts), everything else (PDF, photos, recordings) this one's,
// so that each library is normally loaded by one thread only; a thread done with its share takes
// files from the end of the other's. Each file is claimed once, through a shared Int32Array. Files
// that share a name stay on this thread, in order, so the last one named is the copy left in
// <dir>, as it would be one by one. Not the default: on the shared 2-core project machine the
// second thread cost 30-40% more CPU (its own start, libraries loaded twice) and was slower by the
// clock too (docs/performance.md, "tipline strip on a folder"); `npm run bench -- --only strip`
// times both, so that a machine with an idle core can show whether it pays there.
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, extname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CLAIMED_BY_MAIN, CLAIMED_BY_WORKER, stripFile, type FileOutcome } from './strip-file.ts';
import type { StripWorkerJob, StripWorkerResult } from './strip-worker.ts';
import { CliError, parse, required } from './util.ts';

/** Only by name, and only to choose a thread: what a file is, is still decided by its content. */
const WORKER_EXTENSIONS = new Set(['.docx', '.xlsx', '.pptx', '.odt', '.ods', '.odp', '.svg']);

/**
 * The worker module beside this one in the bundle. From the TypeScript sources (tsx) there is no
 * worker: it would have to start tsx again, which costs more than it saves.
 */
const WORKER_URL = import.meta.url.endsWith('.ts') ? null : new URL('./strip-worker.mjs', import.meta.url);

export async function strip(args: string[]): Promise<number> {
  const { values, positionals: paths } = parse(args, { out: { type: 'string' } }, -1);
  const out = required(values.out, '--out');
  if (paths.length === 0) throw new CliError('name at least one file to strip (see tipline --help)', 2);
  mkdirSync(out, { recursive: true });

  const outcomes: Array<FileOutcome | undefined> = [];
  let printed = 0;
  let rejected = 0;
  const settle = (index: number, outcome: FileOutcome) => {
    if (outcomes[index]) return;
    outcomes[index] = outcome;
    for (let next = outcomes[printed]; next; next = outcomes[printed]) {
      process.stdout.write(`${next.line}\n`);
      if (next.rejected) rejected += 1;
      printed += 1;
    }
  };

  const plan = shareOut(paths);
  const claims = new Int32Array(new SharedArrayBuffer(4 * paths.length));
  const worker = plan.worker.length + plan.mayHelp.length > 0
    ? runWorker({ out, paths, own: plan.worker, help: [...plan.mayHelp].reverse(), claims: claims.buffer as SharedArrayBuffer }, settle)
    : null;
  for (const index of [...plan.main, ...[...plan.worker].reverse()]) {
    if (Atomics.compareExchange(claims, index, 0, CLAIMED_BY_MAIN) !== 0) continue;
    settle(index, await stripFile(paths[index]!, out));
  }
  // Whatever the worker claimed and did not finish (it failed) is done here: every file gets a line.
  for (const index of worker ? await worker : []) settle(index, await stripFile(paths[index]!, out));
  return rejected === 0 ? 0 : 1;
}

interface Plan {
  /** Indexes of the files for this thread, for the worker, and those of this thread's it may take. */
  main: number[];
  worker: number[];
  mayHelp: number[];
}

function shareOut(paths: string[]): Plan {
  const all = paths.map((_, index) => index);
  const alone: Plan = { main: all, worker: [], mayHelp: [] };
  if (!WORKER_URL || paths.length < 2 || !secondThread()) return alone;
  const names = new Map<string, number>();
  for (const path of paths) names.set(basename(path), (names.get(basename(path)) ?? 0) + 1);
  const unique = (i: number) => names.get(basename(paths[i]!)) === 1;
  const forWorker = (i: number) => unique(i) && WORKER_EXTENSIONS.has(extname(paths[i]!).toLowerCase());
  const worker = all.filter(forWorker);
  const main = all.filter((i) => !forWorker(i));
  const mayHelp = main.filter(unique);
  if (worker.length + mayHelp.length < 2) return alone; // no second file to strip at the same time
  return { main, worker, mayHelp };
}

function secondThread(): boolean {
  return process.env.TIPLINE_STRIP_THREADS === '2' && availableParallelism() >= 2;
}

/** Resolves, once the worker has exited, to the indexes of the files it claimed and did not report. */
function runWorker(job: StripWorkerJob, settle: (index: number, outcome: FileOutcome) => void): Promise<number[]> {
  const claims = new Int32Array(job.claims);
  const reported = new Set<number>();
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_URL!, { workerData: job });
    worker.on('message', (result: StripWorkerResult) => {
      reported.add(result.index);
      settle(result.index, { line: result.line, rejected: result.rejected });
    });
    // An error (the worker could not start, or a write failed) is not reported here: the files it
    // claimed and left are done again on this thread, where the same error surfaces as it would
    // one by one. Files it never claimed, this thread takes anyway.
    worker.on('error', () => {});
    worker.once('exit', () => {
      const left = job.paths.map((_, i) => i).filter((i) => Atomics.load(claims, i) === CLAIMED_BY_WORKER && !reported.has(i));
      resolve(left);
    });
  });
}
