// Seals a part's chunks on several lanes at once (Web Workers in the source's browser:
// src/web/client/seal-lanes.ts) and hands them back in order, byte for byte what
// sealPartChunks makes for the same tip key and nonce prefix.
//
// Why this is possible: chunk i's nonce is prefix || u32be(i) || u32be(final) (docs/envelope.md
// §6), so chunks do not depend on each other. tweetnacl's XSalsa20-Poly1305 is pure JavaScript
// and runs at roughly one core's speed; several lanes use several cores.
//
// This thread cuts the content into pieces (partPlaintextChunks), sends them in batches to the
// least busy lane that has said it is ready (sealing a batch itself whenever every lane is
// full), and yields the sealed chunks in index order. At most
// `(lanes × batchesPerLane + 1) × piecesPerBatch` pieces are out at once, so memory stays
// bounded whatever the file size, and the consumer's own pace (uploads in flight) holds the
// whole pipeline back.
//
// Pieces go to a lane transferred, not copied (copying cost this thread about a tenth of what
// sealing costs a lane, measured in Chromium), and the lane wipes them once sealed.
//
// Degrading: a lane that cannot start (no nested Workers, a CSP or the browser refusing) is
// skipped; while no lane is ready (its script still loading) pieces are sealed here; with no
// lane at all everything is sealed on this thread, as sealPartChunks would. A lane that fails
// after it started takes the pieces it held with it: the part then fails with LaneLostError,
// which the uploader (upload.ts) treats like a network error and resumes from what the server
// has, sealing only the missing chunks again, on the lanes that are left.
import { ChunkSealer, partPlaintextChunks, type PartHeader, type PlainChunk } from '../crypto/index.ts';
import type { LaneReply, LaneRequest } from './seal-lane.ts';

export interface Lane {
  /**
   * Sends a request as postMessage does: copied, except the buffers in `transfer`, which move to
   * the lane (the lane wipes what it receives, so a key must never be in `transfer`).
   */
  post(request: LaneRequest, transfer: ArrayBuffer[]): void;
  terminate(): void;
}

/** A lane stopped while it held pieces of the part being sealed: the part must be sealed again. */
export class LaneLostError extends Error {
  override readonly name = 'LaneLostError';
}

export interface LaneEvents {
  reply(message: LaneReply): void;
  /** The lane is gone (its script failed to load, it crashed): no more work goes to it. */
  fail(detail: string): void;
}

/** Starts one lane, or throws when it cannot. Events must arrive asynchronously. */
export type StartLane = (events: LaneEvents) => Lane;

/**
 * Pieces per message to a lane (1 MiB): one message, one wake-up of each thread and one answer
 * per batch rather than per 64 KiB chunk. On a busy machine every wake-up waits for a core, and
 * per-chunk messages left the lanes idle most of the time.
 */
export const PIECES_PER_BATCH = 16;
/**
 * Batches out per lane: one being sealed, one waiting, so a lane never runs dry while this
 * thread waits for its turn (2 MiB of plaintext per lane, plus the chunks coming back). When
 * every lane has this many, this thread seals the next batch itself instead of waiting.
 */
export const BATCHES_PER_LANE = 2;

/** What a pool did, for progress reports, benchmarks and tests (counts are chunks). */
export interface SealPoolStats {
  lanesStarted: number;
  lanesReady: number;
  lanesLost: number;
  sealedInLanes: number;
  sealedHere: number;
}

type Sealed = Uint8Array<ArrayBuffer>;

interface LaneState {
  lane: Lane | undefined;
  ready: boolean;
  dead: boolean;
  /** Batches out on this lane. */
  busy: number;
}

interface OpenPart {
  id: number;
  tipKey: Uint8Array;
  noncePrefix: Uint8Array;
  /** For batches sealed on this thread. */
  local: ChunkSealer;
}

interface Batch {
  id: number;
  part: OpenPart;
  pieces: PlainChunk[];
  lane: LaneState | null;
  settled: boolean;
  promise: Promise<Sealed[]>;
  resolve(chunks: Sealed[]): void;
  reject(error: unknown): void;
}

/** A place in the output order: a piece of a batch, or a chunk not wanted (batch null). */
interface Slot {
  batch: Batch | null;
  position: number;
}

export interface SealPoolOptions {
  piecesPerBatch?: number;
  batchesPerLane?: number;
}

export class SealPool {
  readonly #lanes: LaneState[] = [];
  readonly #parts = new Map<number, OpenPart>();
  /** Batches given out and not yet answered, by id. */
  readonly #out = new Map<number, Batch>();
  readonly #batchSize: number;
  readonly #perLane: number;
  readonly #window: number;
  readonly #stats: SealPoolStats = { lanesStarted: 0, lanesReady: 0, lanesLost: 0, sealedInLanes: 0, sealedHere: 0 };
  #nextPart = 1;
  #nextBatch = 1;
  #closed = false;
  /** This thread sealed a batch and has not let the lanes' messages in since. */
  #owesTurn = false;

  constructor(lanes: number, start: StartLane, options: SealPoolOptions = {}) {
    for (let i = 0; i < lanes; i++) {
      const state: LaneState = { lane: undefined, ready: false, dead: false, busy: 0 };
      try {
        state.lane = start({ reply: (message) => this.#receive(state, message), fail: () => this.#lose(state) });
        this.#lanes.push(state);
        this.#stats.lanesStarted += 1;
      } catch {
        // This lane cannot start: the others, or this thread, do its share.
      }
    }
    this.#batchSize = Math.max(1, options.piecesPerBatch ?? PIECES_PER_BATCH);
    this.#perLane = Math.max(1, options.batchesPerLane ?? BATCHES_PER_LANE);
    // In pieces: what may be out (on the lanes, one batch here, or sealed and waiting for the
    // consumer) at once.
    this.#window = (this.#lanes.length * this.#perLane + 1) * this.#batchSize;
  }

  get stats(): SealPoolStats {
    return { ...this.#stats };
  }

  /**
   * The chunk ciphertexts of one part, in order; `null` for a chunk `wanted` declines (a resumed
   * upload's stored chunks: not sealed again). Throws what sealPartChunks throws for bad input.
   */
  async *sealPart(
    tipKey: Uint8Array, noncePrefix: Uint8Array, header: PartHeader, content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    wanted: (index: number) => boolean = () => true,
  ): AsyncGenerator<Sealed | null> {
    const pieces = partPlaintextChunks(header, content);
    const part = this.#open(tipKey, noncePrefix);
    const queue: Slot[] = [];
    let filling: Batch | null = null;
    const flush = () => {
      if (filling) this.#run(filling);
      filling = null;
    };
    const done = (slot: Slot | undefined) => slot !== undefined && (slot.batch === null || slot.batch.settled);
    try {
      // for-await closes `pieces` (which wipes its unfinished piece) if anything below throws.
      for await (const piece of pieces) {
        if (wanted(piece.index)) {
          filling ??= this.#batch(part);
          queue.push({ batch: filling, position: filling.pieces.length });
          filling.pieces.push(piece);
          if (filling.pieces.length >= this.#batchSize || piece.final) flush();
        } else {
          piece.plaintext.fill(0);
          queue.push({ batch: null, position: 0 });
        }
        if (this.#owesTurn) {
          // After sealing here, let the lanes' messages in ("ready", sealed batches) before going
          // on: when every promise this loop awaits is already settled (pieces read ahead, an
          // upload that answers at once) it would otherwise never leave the microtask queue,
          // and would seal everything itself while the lanes wait.
          this.#owesTurn = false;
          await nextTask();
        }
        // Hand out what is done at the head; wait for the head only when the window is full.
        while (queue.length >= this.#window || done(queue[0])) {
          if (queue[0]!.batch === filling) flush(); // never wait for a batch not yet sent
          yield await take(queue.shift()!);
        }
      }
      flush();
      while (queue.length > 0) yield await take(queue.shift()!);
    } finally {
      wipe((filling as Batch | null)?.pieces ?? []);
      this.#close(part);
    }
  }

  /** Stops every lane and wipes every key copy. The pool cannot be used afterwards. */
  close(): void {
    this.#closed = true;
    for (const part of [...this.#parts.values()]) this.#close(part);
    for (const state of this.#lanes) {
      state.dead = true;
      state.lane?.terminate();
    }
  }

  #open(tipKey: Uint8Array, noncePrefix: Uint8Array): OpenPart {
    if (this.#closed) throw new Error('the seal pool is closed');
    const local = new ChunkSealer(tipKey, noncePrefix); // checks both
    const part: OpenPart = { id: this.#nextPart++, tipKey: new Uint8Array(tipKey), noncePrefix: new Uint8Array(noncePrefix), local };
    this.#parts.set(part.id, part);
    for (const state of this.#lanes) if (state.ready && !state.dead) this.#sendKey(state, part);
    return part;
  }

  #close(part: OpenPart): void {
    if (!this.#parts.delete(part.id)) return;
    for (const batch of [...this.#out.values()]) {
      if (batch.part !== part) continue;
      this.#out.delete(batch.id);
      wipe(batch.pieces);
      batch.settled = true; // answers still on their way are ignored
    }
    // Lanes handle messages in order: the drop comes after the batches already sent.
    for (const state of this.#lanes) if (state.ready && !state.dead) state.lane!.post({ op: 'drop', part: part.id }, []);
    part.local.dispose();
    part.tipKey.fill(0);
  }

  #sendKey(state: LaneState, part: OpenPart): void {
    state.lane!.post({ op: 'key', part: part.id, tipKey: part.tipKey, noncePrefix: part.noncePrefix }, []);
  }

  #batch(part: OpenPart): Batch {
    let resolve!: (chunks: Sealed[]) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<Sealed[]>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => undefined); // awaited at the head of the queue; never unhandled meanwhile
    return { id: this.#nextBatch++, part, pieces: [], lane: null, settled: false, promise, resolve, reject };
  }

  /**
   * Sends a batch to the least busy ready lane; seals it here when there is none, or when every
   * lane already has its fill: this thread then works too rather than wait (so with N cores,
   * N - 1 lanes and this thread keep them all busy).
   */
  #run(batch: Batch): void {
    this.#out.set(batch.id, batch);
    let best: LaneState | null = null;
    for (const state of this.#lanes) {
      if (state.ready && !state.dead && (!best || state.busy < best.busy)) best = state;
    }
    if (!best || best.busy >= this.#perLane) {
      try {
        const chunks = batch.pieces.map((piece) => batch.part.local.seal(piece));
        this.#stats.sealedHere += chunks.length;
        this.#owesTurn = this.#lanes.some((state) => !state.dead);
        this.#settle(batch, chunks);
      } catch (error) {
        this.#settle(batch, error, true);
      }
      return;
    }
    batch.lane = best;
    best.busy += 1;
    // Moved, not copied: the pieces are gone from this thread (their arrays are now empty).
    best.lane!.post({ op: 'seal', part: batch.part.id, batch: batch.id, pieces: batch.pieces }, batch.pieces.map((p) => p.plaintext.buffer));
  }

  #settle(batch: Batch, value: unknown, failed = false): void {
    this.#out.delete(batch.id);
    wipe(batch.pieces);
    batch.settled = true;
    if (failed) batch.reject(value);
    else batch.resolve(value as Sealed[]);
  }

  #receive(state: LaneState, message: LaneReply): void {
    if (state.dead) return;
    if (message.op === 'ready') {
      if (state.ready) return;
      state.ready = true;
      this.#stats.lanesReady += 1;
      for (const part of this.#parts.values()) this.#sendKey(state, part);
      return;
    }
    state.busy = Math.max(0, state.busy - 1);
    const batch = this.#out.get(message.batch);
    if (!batch || batch.lane !== state || batch.settled) return; // a closed part's batch
    if (message.op === 'sealed' && message.chunks.length === batch.pieces.length) {
      this.#stats.sealedInLanes += message.chunks.length;
      this.#settle(batch, message.chunks);
    } else {
      const detail = message.op === 'failed' ? message.detail : 'the lane answered with the wrong number of chunks';
      this.#settle(batch, new Error(`sealing chunks from ${batch.pieces[0]?.index} failed: ${detail}`), true);
    }
  }

  #lose(state: LaneState): void {
    if (state.dead) return;
    state.dead = true;
    state.busy = 0;
    this.#stats.lanesLost += 1;
    state.lane?.terminate();
    // Its pieces went with it.
    for (const batch of [...this.#out.values()]) {
      if (batch.lane === state) this.#settle(batch, new LaneLostError('a sealing lane stopped while it held chunks of this part'), true);
    }
  }
}

/** Zeroes pieces still held here (those moved to a lane are empty: detached, not wipeable). */
function wipe(pieces: PlainChunk[]): void {
  for (const { plaintext } of pieces) if (plaintext.byteLength > 0) plaintext.fill(0);
}

/** Resolves in a later task (a message to ourselves): the event loop handles waiting messages first. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

async function take(slot: Slot): Promise<Sealed | null> {
  if (slot.batch === null) return null;
  const chunks = await slot.batch.promise;
  return chunks[slot.position]!;
}
