// In-process sealing lanes for the pool tests: the real lane handler (src/client/seal-lane.ts)
// behind structured cloning and timers, as a Web Worker would be (messages copied, buffers
// transferred, answers later and out of order), with ways to break it.
import type { StartLane } from '../../src/client/seal-pool.ts';
import { laneHandler, type LaneRequest } from '../../src/client/seal-lane.ts';

export interface FakeLaneOptions {
  /** Delay of each answer in ms (default: 0..3 at random, so lanes answer out of order). */
  delay?: () => number;
  /** Whether the lane ever says it is ready (a script that never loads: false). */
  ready?: boolean;
  /** Lane number i (0-based) throws when started. */
  throwOnStart?: (i: number) => boolean;
  /** Lane number i crashes on its n-th batch, losing the batches it holds. */
  crashOnBatch?: (i: number) => number | undefined;
  /** Every batch is answered `failed`. */
  answerFailed?: boolean;
}

export interface FakeLanes {
  start: StartLane;
  /** Every request a lane received, in order, per lane. */
  received: Array<Array<Pick<LaneRequest, 'op' | 'part'> & { indices?: number[] }>>;
  /** The most pieces out on all lanes at once. */
  maxOut: number;
  terminated: number;
}

export function fakeLanes(options: FakeLaneOptions = {}): FakeLanes {
  const delay = options.delay ?? (() => Math.floor(Math.random() * 4));
  const lanes: FakeLanes = { start: undefined!, received: [], maxOut: 0, terminated: 0 };
  let out = 0;
  let started = 0;
  lanes.start = (events) => {
    const number = started++;
    if (options.throwOnStart?.(number)) throw new Error('workers are not allowed here');
    const received: FakeLanes['received'][number] = [];
    lanes.received.push(received);
    let alive = true;
    let batches = 0;
    let held = 0;
    const handle = laneHandler((reply, transfer) => {
      const copy = structuredClone(reply, { transfer });
      setTimeout(() => {
        if (!alive) return;
        const pieces = copy.op === 'sealed' ? copy.chunks.length : 0;
        out -= pieces;
        held -= pieces;
        events.reply(options.answerFailed && copy.op === 'sealed' ? { op: 'failed', batch: copy.batch, detail: 'broken lane' } : copy);
      }, delay());
    });
    if (options.ready !== false) setTimeout(() => alive && events.reply({ op: 'ready' }), 1);
    return {
      post(request, transfer) {
        const copy = structuredClone(request, { transfer });
        received.push({ op: copy.op, part: copy.part, ...(copy.op === 'seal' ? { indices: copy.pieces.map((p) => p.index) } : {}) });
        if (copy.op === 'seal') {
          out += copy.pieces.length;
          held += copy.pieces.length;
          lanes.maxOut = Math.max(lanes.maxOut, out);
          batches += 1;
          if (batches === options.crashOnBatch?.(number)) {
            alive = false;
            out -= held; // what it held is gone with it
            setTimeout(() => events.fail('the lane crashed'), 0);
            return;
          }
        }
        setTimeout(() => alive && handle(copy), 0);
      },
      terminate() {
        alive = false;
        lanes.terminated += 1;
      },
    };
  };
  return lanes;
}
