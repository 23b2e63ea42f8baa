// A re-seal worker thread for `tipline desk rotate` (started by reseal-pool.ts). It holds the old
// desk secret(s) and the new public key, and turns packed 80-byte sealed keys into packed 80-byte
// sealed keys: crypto_box_seal_open with the old version's secret, then crypto_box_seal to the
// new public key (libsodium sealed boxes, src/crypto/sealed-box.ts; layout in docs/envelope.md).
// Each re-seal costs three X25519 scalar multiplications in tweetnacl (the open's shared secret;
// the seal's ephemeral public key and shared secret), so the CLI runs one of these per core.
import { parentPort, workerData } from 'node:worker_threads';
import { boxKeyPairFromSecretKey, openSealed, SEALED_TIP_KEY_BYTES, sealToPublicKey, type KeyPair } from '../crypto/index.ts';

export interface WorkerSetup {
  /** [version, secret key] for every old version the operator can open. */
  secrets: Array<[number, Uint8Array]>;
  recipient: Uint8Array;
}

export interface ResealJob {
  job: number;
  version: number;
  /** n × 80 bytes. */
  sealed: Uint8Array;
}

export interface ResealResult {
  job: number;
  /** n × 80 bytes; an item that did not open is left zero and listed in `failed`. */
  sealed: Uint8Array;
  failed: number[];
}

const SIZE = SEALED_TIP_KEY_BYTES;

function run(setup: WorkerSetup): void {
  const keys = new Map<number, KeyPair>(setup.secrets.map(([version, secret]) => [version, boxKeyPairFromSecretKey(secret)]));
  for (const [, secret] of setup.secrets) secret.fill(0);
  parentPort!.on('message', (job: ResealJob) => {
    const key = keys.get(job.version);
    const count = job.sealed.length / SIZE;
    const out = new Uint8Array(job.sealed.length);
    const failed: number[] = [];
    for (let i = 0; i < count; i++) {
      let tipKey: Uint8Array | undefined;
      try {
        if (!key) throw new Error('no secret for this version');
        tipKey = openSealed(job.sealed.subarray(i * SIZE, (i + 1) * SIZE), key);
        out.set(sealToPublicKey(tipKey, setup.recipient), i * SIZE);
      } catch {
        failed.push(i);
      } finally {
        tipKey?.fill(0);
      }
    }
    const result: ResealResult = { job: job.job, sealed: out, failed };
    parentPort!.postMessage(result, [out.buffer]);
  });
  parentPort!.postMessage({ ready: true });
}

run(workerData as WorkerSetup);
