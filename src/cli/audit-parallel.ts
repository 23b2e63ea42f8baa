// `tipline audit verify` on several threads (TIPLINE_AUDIT_VERIFY_THREADS, default 1): the chain
// is cut into one segment per thread, each verified on its own connection (verifyAuditSegment,
// audit-verify-worker.ts), and the results put back in order: the first failing segment holds
// the chain's first failure. The main thread verifies the first segment itself while the workers
// start. One thread is the default because a worker costs about two CPU-seconds to start (tsx
// and the database stack, loaded again): on an idle multi-core server more threads finish a
// long chain sooner, on a busy one they only add work (docs/performance.md). Short chains are
// verified on the main thread alone whatever the setting.
import { Worker } from 'node:worker_threads';
import { checkpointVerifier } from '../crypto/index.ts';
import type { Queryable } from '../db/database.ts';
import { lastSeq } from '../domain/audit-pages.ts';
import {
  checkpointSummary, usableCheckpoints, verificationOf, verifyAuditSegment, type AuditVerification, type SegmentResult,
} from '../domain/audit-verify.ts';
import type { SegmentJob } from './audit-verify-worker.ts';
import { nativeSha256 } from './native-sha256.ts';

/** Entries per segment below which another thread is not worth starting. */
const MIN_SEGMENT = 150_000;

export interface ParallelOptions {
  url: string | undefined;
  authToken: string | undefined;
  trustedPublicKeys: Uint8Array[];
  threads?: number;
  /** Entries per segment below which no other thread is started (default MIN_SEGMENT). */
  minSegment?: number;
}

export async function verifyAuditChainParallel(db: Queryable, options: ParallelOptions): Promise<AuditVerification> {
  const checkpoints = await usableCheckpoints(db);
  const keys = options.trustedPublicKeys;
  const max = await lastSeq(db);
  const segments = Math.max(1, Math.min(options.threads ?? 1, Math.floor(max / (options.minSegment ?? MIN_SEGMENT))));
  const bounds = Array.from({ length: segments }, (_, i) => ({
    from: Math.floor((i * max) / segments) + 1,
    to: i === segments - 1 ? null : Math.floor(((i + 1) * max) / segments),
  }));
  const workers = bounds.slice(1).map((b) => runWorker({ url: options.url, authToken: options.authToken, ...b, trustedPublicKeys: keys }));
  const first = await verifyAuditSegment(db, {
    from: 1, to: bounds[0]!.to ?? Number.POSITIVE_INFINITY, checkpoints,
    verifier: keys.length ? await checkpointVerifier(keys) : null, sha256: nativeSha256,
  });
  const results = [first, ...(await Promise.all(workers))];
  const summary = checkpointSummary(checkpoints, keys.length > 0);
  return verificationOf(results.find((r) => r.failure) ?? results.at(-1)!, summary);
}

function runWorker(job: SegmentJob): Promise<SegmentResult> {
  // The worker runs the TypeScript sources through tsx, as bin/tipline.mjs does for the main thread.
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./audit-verify-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap, { eval: true, workerData: job });
    worker.once('message', (result: SegmentResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`an audit verify worker exited (${code})`)));
  });
}
