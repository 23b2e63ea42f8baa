// The second thread of `tipline strip` (see strip.ts): strips its share of the files, then helps
// with the main thread's share, and posts each file's outcome back. Loaded as its own module
// (dist/cli/<build>/strip-worker.mjs in the bundle).
import { parentPort, workerData } from 'node:worker_threads';
import { CLAIMED_BY_WORKER, stripFile, type FileOutcome } from './strip-file.ts';

export interface StripWorkerJob {
  out: string;
  paths: string[];
  /** Indexes into paths: this thread's share, then those it may take from the main thread's. */
  own: number[];
  help: number[];
  /** One Int32 per path: 0 until a thread claims the file, then CLAIMED_BY_MAIN or CLAIMED_BY_WORKER. */
  claims: SharedArrayBuffer;
}

export interface StripWorkerResult extends FileOutcome {
  index: number;
}

const job = workerData as StripWorkerJob;
const claims = new Int32Array(job.claims);
for (const index of [...job.own, ...job.help]) {
  if (Atomics.compareExchange(claims, index, 0, CLAIMED_BY_WORKER) !== 0) continue;
  const outcome = await stripFile(job.paths[index]!, job.out);
  parentPort!.postMessage({ index, ...outcome } satisfies StripWorkerResult);
}
