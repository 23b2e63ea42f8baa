// Verifying the audit trail: the hash chain (audit-hash.ts) entry by entry, and every signed
// checkpoint (audit-checkpoints.ts) against the chain recomputed up to its seq. Names the first
// entry that does not fit.
//
// Speed (issue 6: a million entries in under 10 s). Fetching entries as rows costs ~10 µs each
// in the libSQL client (an object, two buffers and a string per row) against ~1 µs for the hash,
// so the verifier fetches a page of entries as ONE row (audit-pages.ts): SQLite builds each
// entry's hashed JSON text with json_array and joins them with newlines into one UTF-8 blob,
// and joins the stored prev_hash and hash columns into two more. JS then walks the blob, hashing
// each body over a reused buffer. SQLite's JSON text is JSON.stringify's for every text tried
// (control characters, quotes, non-ASCII); were an escaping rule ever to differ, the hash could
// not match, and that entry is re-read and re-hashed in JS before anything is concluded
// (`slowCheck`). Anything else unexpected in a page
// (a gap, a seq out of place) sends the page to the row-by-row walk, which names the problem.
// Neither shortcut can pass a bad chain: every accepted entry had its seq checked and its stored
// hash equal to SHA-256(previous hash || its JSON text), and SHA-256 does not collide.
import { checkpointVerifier, type CheckpointVerifier } from '../crypto/index.ts';
import type { Queryable } from '../db/database.ts';
import { ChainHasher, GENESIS_HASH, type Sha256 } from './audit-hash.ts';
import { listCheckpoints, type AuditCheckpoint } from './audit-checkpoints.ts';
import { entriesBelowOne, fastPage, firstSeqFrom, rowsOfRange, type FastPage } from './audit-pages.ts';
import { equalBytes } from './bytes.ts';
import { signatureChecks, Walk, type AuditProblem, type Failure } from './audit-walk.ts';

export type { AuditProblem, Failure } from './audit-walk.ts';

export interface CheckpointSummary {
  count: number;
  /** False when no trusted public key was given: heads were compared, signatures not checked. */
  signaturesChecked: boolean;
  last: { seq: number; at: string } | null;
}

export type AuditVerification =
  | { ok: true; entries: number; headHash: Uint8Array; checkpoints: CheckpointSummary }
  | { ok: false; entries: number; seq: number; problem: AuditProblem; message: string; checkpoints: CheckpointSummary };

export interface VerifyOptions {
  /** Ed25519 public keys trusted to sign checkpoints, from outside the database. */
  trustedPublicKeys?: readonly Uint8Array[];
  /** A native SHA-256 (Node's crypto.hash) for speed; the bytes are the same. */
  sha256?: Sha256;
  /** Entries per page (default 20,000). */
  pageSize?: number;
}

const PAGE = 20_000;
const NEWLINE = 0x0a;

export async function verifyAuditChain(db: Queryable, options: VerifyOptions = {}): Promise<AuditVerification> {
  const keys = options.trustedPublicKeys ?? [];
  const checkpoints = await usableCheckpoints(db);
  const segment = await verifyAuditSegment(db, {
    from: 1, to: Number.POSITIVE_INFINITY, checkpoints, verifier: keys.length ? await checkpointVerifier(keys) : null,
    ...(options.sha256 ? { sha256: options.sha256 } : {}), ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  });
  return verificationOf(segment, checkpointSummary(checkpoints, keys.length > 0));
}

/** Checkpoints with a seq below 1 name no entry; they are never written and never met. */
export async function usableCheckpoints(db: Queryable): Promise<AuditCheckpoint[]> {
  return (await listCheckpoints(db)).filter((cp) => cp.seq >= 1);
}

export function checkpointSummary(checkpoints: readonly AuditCheckpoint[], signaturesChecked: boolean): CheckpointSummary {
  const last = checkpoints.at(-1);
  return { count: checkpoints.length, signaturesChecked, last: last ? { seq: last.seq, at: last.at } : null };
}

export function verificationOf(segment: SegmentResult, checkpoints: CheckpointSummary): AuditVerification {
  return segment.failure
    ? { ok: false, entries: segment.entries, ...segment.failure, checkpoints }
    : { ok: true, entries: segment.entries, headHash: segment.headHash, checkpoints };
}

export interface SegmentInput {
  /** First seq of the segment; from > 1 starts from the stored hash of entry from - 1. */
  from: number;
  /** Last seq (inclusive); Infinity for the segment that runs to the chain's end. */
  to: number;
  checkpoints: readonly AuditCheckpoint[];
  verifier: CheckpointVerifier | null;
  sha256?: Sha256;
  pageSize?: number;
}

export interface SegmentResult {
  failure: Failure | null;
  /** Entries that checked out before the failure or the end (the seq reached - 1). */
  entries: number;
  headHash: Uint8Array;
}

/**
 * Verifies entries from..to as the whole-chain walk would, given that everything before `from`
 * checked out: segments of one chain verified side by side (src/cli/audit-parallel.ts) and put
 * in order give the whole chain's verdict, as the first failing segment's failure is the chain's
 * first failure. Only the last segment (to = Infinity) checks for a cut-off tail.
 */
export async function verifyAuditSegment(db: Queryable, input: SegmentInput): Promise<SegmentResult> {
  const hasher = new ChainHasher(input.sha256);
  const pageSize = input.pageSize ?? PAGE;
  const startHash = input.from === 1 ? GENESIS_HASH : (await rowsOfRange(db, input.from - 1, input.from - 1))[0]?.hash ?? GENESIS_HASH;
  const walk = new Walk(input.checkpoints, signatureChecks(input.checkpoints, input.verifier, input.from, input.to), input.from, startHash);
  const result = (failure: Failure | null): SegmentResult => ({ failure, entries: walk.expectedSeq - 1, headHash: walk.prevHash });

  if (input.from === 1) {
    const below = await entriesBelowOne(db);
    if (below !== null) return result({ seq: below, problem: 'bad_seq', message: `entry ${below} is out of sequence (seq numbers start at 1)` });
  }
  while (walk.expectedSeq <= input.to) {
    const from = walk.expectedSeq;
    const to = Math.min(from + pageSize - 1, input.to);
    const page = await fastPage(db, from, to);
    if (page.count === 0) {
      // Nothing in this range: the end, or a gap of a page or more. A segment that is not the
      // last was cut where entries existed: finding none there is a gap too.
      const after = await firstSeqFrom(db, from);
      if (after !== null || input.to !== Number.POSITIVE_INFINITY) {
        return result({ seq: from, problem: 'missing', message: `entry ${from} is missing${after === null ? '' : ` (next entry present is ${after})`}` });
      }
      break;
    }
    let problem = page.usable ? await walkFast(db, hasher, walk, page) : null;
    // Stopped short of the page's end without a verdict: the row-by-row walk judges the rest.
    if (!problem && walk.expectedSeq - from < page.count) problem = await walkRows(db, hasher, walk, to);
    if (problem) return result(problem);
  }
  return result(input.to === Number.POSITIVE_INFINITY ? await walk.finish() : null);
}

/**
 * Walks a page fetched as one row. Stops early (returning null, walk left at the entry) when
 * anything is out of the ordinary for the row-by-row walk to judge.
 */
async function walkFast(db: Queryable, hasher: ChainHasher, walk: Walk, page: FastPage): Promise<Failure | null> {
  const { bodies, prevHashes, hashes, count } = page;
  let start = 0;
  for (let i = 0; i < count; i++) {
    const end = i === count - 1 ? bodies.length : bodies.indexOf(NEWLINE, start);
    if (end < 0 || leadingSeq(bodies, start) !== walk.expectedSeq) return null;
    const seq = walk.expectedSeq;
    if (!sameHash(walk.prevHash, prevHashes, i * 32)) return notFollowing(seq);
    const stored = hashes.subarray(i * 32, i * 32 + 32);
    if (!sameHash(hasher.body(walk.prevHash, bodies.subarray(start, end)), hashes, i * 32)) {
      const problem = await slowCheck(db, hasher, seq, walk.prevHash, stored);
      if (problem) return problem;
    }
    // Equal to the computed hash: it is the next entry's running hash. No await unless a checkpoint is due.
    const atCheckpoint = walk.accept(stored);
    if (atCheckpoint) {
      const problem = await atCheckpoint;
      if (problem) return problem;
    }
    start = end + 1;
  }
  return null;
}

/** A 32-byte digest (bytes or latin1 string) equals `b` at `offset`. Not constant-time, and need not be: nothing here is secret. */
function sameHash(a: Uint8Array | string, b: Uint8Array, offset: number): boolean {
  if (a.length !== 32) return false;
  if (typeof a === 'string') {
    for (let i = 0; i < 32; i++) if (a.charCodeAt(i) !== b[offset + i]) return false;
  } else {
    for (let i = 0; i < 32; i++) if (a[i] !== b[offset + i]) return false;
  }
  return true;
}

/** The seq at the start of a json_array text `[123,...`, or -1. */
function leadingSeq(bytes: Uint8Array, start: number): number {
  if (bytes[start] !== 0x5b) return -1;
  let value = 0;
  let i = start + 1;
  for (; i < bytes.length && i < start + 17; i++) {
    const digit = bytes[i]! - 0x30;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
  }
  return i > start + 1 && bytes[i] === 0x2c ? value : -1;
}

/** The old-fashioned walk, row by row, from where the walk is up to `to`: names any problem. */
async function walkRows(db: Queryable, hasher: ChainHasher, walk: Walk, to: number): Promise<Failure | null> {
  for (const row of await rowsOfRange(db, walk.expectedSeq, to)) {
    const seq = walk.expectedSeq;
    if (row.seq !== seq) return { seq, problem: 'missing', message: `entry ${seq} is missing (next entry present is ${row.seq})` };
    if (!equalBytes(row.prevHash, walk.prevHash)) return notFollowing(seq);
    if (!equalBytes(hasher.entry(walk.prevHash, row), row.hash)) return { seq, problem: 'edited', message: `entry ${seq} was edited` };
    const problem = await walk.accept(row.hash);
    if (problem) return problem;
  }
  return null;
}

const notFollowing = (seq: number): Failure =>
  ({ seq, problem: 'inserted_or_reordered', message: `entry ${seq} does not follow entry ${seq - 1} (inserted, reordered or its predecessor deleted)` });

/** The fast hash did not match: re-read the entry and judge it as the appender wrote it. */
async function slowCheck(db: Queryable, hasher: ChainHasher, seq: number, prevHash: Uint8Array, stored: Uint8Array): Promise<Failure | null> {
  const [row] = await rowsOfRange(db, seq, seq);
  if (!row || row.seq !== seq) return { seq, problem: 'missing', message: `entry ${seq} disappeared during verification` };
  if (!equalBytes(row.prevHash, prevHash)) return notFollowing(seq);
  return equalBytes(hasher.entry(prevHash, row), stored) ? null : { seq, problem: 'edited', message: `entry ${seq} was edited` };
}
