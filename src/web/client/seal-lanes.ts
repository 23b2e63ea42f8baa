// Sealing lanes as Web Workers (/static/seal-worker.js), started from the main worker
// (strip-worker.ts: nested dedicated workers). How many: one per core the browser reports but
// one (the main worker seals too whenever the lanes are full), at least one, at most MAX_LANES.
// Tor Browser reports a fixed core count. A browser without nested workers, or one that refuses
// this script (CSP worker-src, a failed load), leaves SealPool with fewer lanes or none, and the
// main worker does the work itself.
import { SealPool, type StartLane } from '../../client/seal-pool.ts';
import type { LaneReply } from '../../client/seal-lane.ts';

export const SEAL_WORKER_URL = '/static/seal-worker.js';
/** More lanes than this only add memory and start-up requests: with the main worker, four sealers. */
export const MAX_LANES = 3;
/**
 * Parts smaller than this (1 MiB) are sealed in the main worker: starting lanes costs a request
 * each (the script is not cached: every response is no-store) for less than ~50 ms of work.
 */
export const MIN_CHUNKS_FOR_LANES = 16;

export function laneCount(cores: number | undefined = globalThis.navigator?.hardwareConcurrency): number {
  return Number.isFinite(cores) && cores! >= 2 ? Math.min(MAX_LANES, Math.floor(cores!) - 1) : 1;
}

export const startWorkerLane = (url: string): StartLane => (events) => {
  // Throws where nested workers are missing or refused: SealPool then skips this lane.
  const worker = new Worker(url, { name: 'seal' });
  worker.onmessage = (event: MessageEvent<LaneReply>) => events.reply(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    events.fail(event.message || 'the sealing worker failed');
  };
  worker.onmessageerror = () => events.fail('a message from the sealing worker could not be read');
  return { post: (request, transfer) => worker.postMessage(request, transfer), terminate: () => worker.terminate() };
};

export function startSealPool(url = SEAL_WORKER_URL): SealPool {
  return new SealPool(laneCount(), startWorkerLane(url));
}
