// The walk along the audit chain (audit-verify.ts): where it is, and the signed checkpoints it
// meets on the way (audit-checkpoints.ts). A checkpoint's signature must verify under a trusted
// key (Ed25519, RFC 8032), and its head hash must equal the chain's hash at its seq.
import type { CheckpointVerifier } from '../crypto/index.ts';
import type { AuditCheckpoint } from './audit-checkpoints.ts';
import { equalBytes } from './bytes.ts';

export type AuditProblem =
  | 'edited' | 'missing' | 'inserted_or_reordered'
  /** An entry with a seq below 1, which no appender writes. */
  | 'bad_seq'
  /** A signed checkpoint names a seq past the chain's end: the tail was cut off. */
  | 'truncated'
  /** The chain up to a checkpoint's seq hashes to something else than the signed head. */
  | 'rewritten'
  /** A checkpoint's signature does not verify under any trusted public key. */
  | 'bad_signature';

export interface Failure { seq: number; problem: AuditProblem; message: string }

/** Whether checkpoint `index` (of the list the walk was given) is signed by a trusted key. */
export type SignatureCheck = (index: number) => Promise<boolean>;

/**
 * Starts checking the signatures of the segment's checkpoints at once: Web Crypto runs them off
 * the main thread (Node's thread pool) while the walk hashes; the walk awaits each verdict when
 * it reaches that checkpoint, so failures are still named in chain order.
 */
export function signatureChecks(checkpoints: readonly AuditCheckpoint[], verifier: CheckpointVerifier | null, from: number, to: number): SignatureCheck | null {
  if (!verifier) return null;
  const check = (cp: AuditCheckpoint) => verifier(cp.seq, cp.headHash, cp.signature).catch(() => false);
  const started = checkpoints.map((cp) => (cp.seq >= from && cp.seq <= to ? check(cp) : null));
  return (index) => started[index] ?? check(checkpoints[index]!);
}

/** The walk along the chain: where it is, and the checkpoints it meets on the way. */
export class Walk {
  private next: number;
  private previousCheckpointSeq = 0;

  constructor(
    private readonly checkpoints: readonly AuditCheckpoint[],
    /** Whether checkpoint `index` is signed by a trusted key; null when no key was given. */
    private readonly signedByTrustedKey: SignatureCheck | null,
    public expectedSeq: number,
    public prevHash: Uint8Array,
  ) {
    this.next = checkpoints.findIndex((cp) => cp.seq >= expectedSeq);
    if (this.next < 0) this.next = checkpoints.length;
    if (this.next > 0) this.previousCheckpointSeq = checkpoints[this.next - 1]!.seq;
  }

  /** The seq of the next checkpoint to meet (Infinity when none is left). */
  get nextCheckpointSeq(): number {
    return this.checkpoints[this.next]?.seq ?? Number.POSITIVE_INFINITY;
  }

  /** The entry at expectedSeq checked out, with this stored hash (callers await only at a checkpoint). */
  accept(stored: Uint8Array): Promise<Failure | null> | null {
    if (this.nextCheckpointSeq === this.expectedSeq) return this.acceptAtCheckpoint(stored);
    this.prevHash = stored;
    this.expectedSeq += 1;
    return null;
  }

  private async acceptAtCheckpoint(stored: Uint8Array): Promise<Failure | null> {
    const problem = await this.checkCheckpoint(this.checkpoints[this.next]!, stored);
    if (problem) return problem;
    this.next += 1;
    this.prevHash = stored;
    this.expectedSeq += 1;
    return null;
  }

  /** After the last entry: a checkpoint still ahead is a signed head the chain no longer reaches. */
  async finish(): Promise<Failure | null> {
    const cp = this.checkpoints[this.next];
    return cp ? this.checkCheckpoint(cp, null) : null;
  }

  private async checkCheckpoint(cp: AuditCheckpoint, chainHash: Uint8Array | null): Promise<Failure | null> {
    if (this.signedByTrustedKey && !(await this.signedByTrustedKey(this.next))) {
      return { seq: cp.seq, problem: 'bad_signature', message: `the checkpoint at entry ${cp.seq} is not signed by a trusted key (forged or replaced checkpoint)` };
    }
    if (chainHash === null) {
      const last = this.expectedSeq - 1;
      return { seq: this.expectedSeq, problem: 'truncated', message: `entries ${this.expectedSeq} to ${cp.seq} are missing: the chain ends at entry ${last} but a checkpoint signed entry ${cp.seq} (the tail was cut off)` };
    }
    if (!equalBytes(chainHash, cp.headHash)) {
      return { seq: cp.seq, problem: 'rewritten', message: `the chain up to entry ${cp.seq} does not match its signed checkpoint: entries ${this.previousCheckpointSeq + 1} to ${cp.seq} were rewritten` };
    }
    this.previousCheckpointSeq = cp.seq;
    return null;
  }
}
