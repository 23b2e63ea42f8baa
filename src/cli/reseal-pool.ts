// The worker threads of `tipline desk rotate`: one rotate-worker.ts per core, each re-sealing its
// share of a page of sealed keys. tweetnacl is pure JavaScript, so X25519 runs on the thread that
// calls it: only threads put the second core to work. The workers run the TypeScript sources
// through tsx, as the main thread does (bin/tipline.mjs), by registering it first.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SEALED_TIP_KEY_BYTES, type KeyPair } from '../crypto/index.ts';
import type { ResealJob, ResealResult, WorkerSetup } from './rotate-worker.ts';

const SIZE = SEALED_TIP_KEY_BYTES;

interface Pending {
  resolve(result: ResealResult): void;
  reject(error: Error): void;
}

export interface Resealed {
  /** Re-sealed keys, index for index; null where the old key did not open. */
  sealed: Array<Uint8Array | null>;
  failed: number;
}

export class ResealPool {
  private nextJob = 0;
  private readonly pending = new Map<number, Pending>();

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.on('message', (message: ResealResult | { ready: true }) => {
        if (!('job' in message)) return;
        this.pending.get(message.job)?.resolve(message);
        this.pending.delete(message.job);
      });
      worker.on('error', (error) => this.failAll(error));
      worker.on('exit', (code) => { if (this.pending.size) this.failAll(new Error(`a re-seal worker exited (${code})`)); });
    }
  }

  get size(): number {
    return this.workers.length;
  }

  static defaultSize(): number {
    return Math.max(1, availableParallelism());
  }

  static async start(secrets: Map<number, KeyPair>, recipient: Uint8Array, size = ResealPool.defaultSize()): Promise<ResealPool> {
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./rotate-worker.ts', import.meta.url).href;
    const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    const workers = Array.from({ length: size }, () => {
      const setup: WorkerSetup = { secrets: [...secrets].map(([v, k]) => [v, k.secretKey.slice()]), recipient };
      return new Worker(bootstrap, { eval: true, workerData: setup });
    });
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      const onMessage = (m: unknown) => {
        if (m && typeof m === 'object' && 'ready' in m) { w.off('message', onMessage); resolve(); }
      };
      w.on('message', onMessage);
      w.once('error', reject);
    })));
    return new ResealPool(workers);
  }

  /** Opens each sealed key with the secret of `version` and seals it to the new public key. */
  async reseal(version: number, sealed: Uint8Array[]): Promise<Resealed> {
    const share = Math.ceil(sealed.length / this.workers.length);
    const parts = await Promise.all(this.workers.map((worker, w) => {
      const slice = sealed.slice(w * share, (w + 1) * share);
      return slice.length === 0 ? undefined : this.send(worker, version, slice);
    }));
    const out: Array<Uint8Array | null> = [];
    let failed = 0;
    for (const part of parts) {
      if (!part) continue;
      const bad = new Set(part.failed);
      failed += bad.size;
      for (let i = 0; i < part.sealed.length / SIZE; i++) out.push(bad.has(i) ? null : part.sealed.subarray(i * SIZE, (i + 1) * SIZE));
    }
    return { sealed: out, failed };
  }

  private send(worker: Worker, version: number, items: Uint8Array[]): Promise<ResealResult> {
    const packed = new Uint8Array(items.length * SIZE);
    items.forEach((item, i) => {
      if (item.length !== SIZE) throw new Error('a sealed key is not 80 bytes');
      packed.set(item, i * SIZE);
    });
    const job: ResealJob = { job: this.nextJob++, version, sealed: packed };
    return new Promise<ResealResult>((resolve, reject) => {
      this.pending.set(job.job, { resolve, reject });
      worker.postMessage(job, [packed.buffer]);
    });
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
