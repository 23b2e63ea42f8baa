// A worker thread of `tipline audit verify` (started by audit-parallel.ts): verifies one segment
// of the chain (verifyAuditSegment) on its own database connection and posts the result.
import { workerData, parentPort } from 'node:worker_threads';
import { checkpointVerifier } from '../crypto/index.ts';
import { openNodeDatabase } from '../db/open-node.ts';
import { usableCheckpoints, verifyAuditSegment, type SegmentResult } from '../domain/audit-verify.ts';
import { nativeSha256 } from './native-sha256.ts';

export interface SegmentJob {
  url: string | undefined;
  authToken: string | undefined;
  from: number;
  /** Inclusive; null for the segment that runs to the chain's end. */
  to: number | null;
  trustedPublicKeys: Uint8Array[];
}

const job = workerData as SegmentJob;
const db = await openNodeDatabase({ url: job.url, authToken: job.authToken, migrate: false });
try {
  const keys = job.trustedPublicKeys;
  const result: SegmentResult = await verifyAuditSegment(db.read, {
    from: job.from, to: job.to ?? Number.POSITIVE_INFINITY, checkpoints: await usableCheckpoints(db.read),
    verifier: keys.length ? await checkpointVerifier(keys) : null, sha256: nativeSha256,
  });
  parentPort!.postMessage(result);
} finally {
  db.close();
}
