// The page's side of the Worker protocol: one promise per request, events to a callback.
import type { Op, Requests, WorkerEvent, WorkerFailure, WorkerMessage, WorkerRequest } from './protocol.ts';

export class WorkerCallError extends Error {
  constructor(readonly failure: WorkerFailure) {
    super(`${failure.code}: ${failure.detail}`);
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onEvent?: (event: WorkerEvent) => void;
}

export class WorkerClient {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #next = 1;
  #broken: WorkerFailure | undefined;

  /**
   * A worker the browser or the CSP refuses fails every call with `worker_failed`: the page
   * then says so rather than fall back to posting plaintext to the server.
   */
  constructor(url: string) {
    let worker: Worker | undefined;
    try {
      worker = new Worker(url);
    } catch (error) {
      this.#broken = { code: 'worker_failed', detail: String(error) };
    }
    this.#worker = worker!;
    if (!worker) return;
    this.#worker.onmessage = (event: MessageEvent<WorkerMessage>) => this.#receive(event.data);
    // A script that does not load, or a crash: every request waiting fails, later ones at once.
    this.#worker.onerror = (event) => {
      event.preventDefault();
      this.#broken = { code: 'worker_failed', detail: event.message || 'the worker failed' };
      for (const pending of this.#pending.values()) pending.reject(new WorkerCallError(this.#broken));
      this.#pending.clear();
    };
  }

  /** Set once the worker could not start or crashed. */
  get failure(): WorkerFailure | undefined {
    return this.#broken;
  }

  call<K extends Op>(op: K, args: Requests[K]['args'], onEvent?: (event: WorkerEvent) => void): Promise<Requests[K]['result']> {
    if (this.#broken) return Promise.reject(new WorkerCallError(this.#broken));
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject, onEvent });
      this.#worker.postMessage({ id, op, args } as WorkerRequest);
    });
  }

  #receive(message: WorkerMessage) {
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    if ('event' in message) {
      pending.onEvent?.(message.event);
      return;
    }
    this.#pending.delete(message.id);
    if ('error' in message) pending.reject(new WorkerCallError(message.error));
    else pending.resolve(message.result);
  }
}
