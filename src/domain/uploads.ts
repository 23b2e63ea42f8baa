// Chunked file uploads: create (declares the padded size, hence the exact chunk layout), put
// chunks in any order and as often as needed until finished, then finish. A file counts as
// received only once finished; until then it is invisible to staff and can be resumed.
import { and, count, eq } from 'drizzle-orm';
import { chunkCiphertextLength, isPaddedSize, NONCE_PREFIX_BYTES } from '../crypto/index.ts';
import type { Queryable } from '../db/database.ts';
import { chunks, parts, tips } from '../db/schema.ts';
import { appendAudit } from './audit.ts';
import { equalBytes } from './bytes.ts';
import { dayOf, type DomainContext } from './context.ts';
import { DomainError } from './errors.ts';
import { MAX_FILE_PADDED_SIZE, MAX_FILES_PER_TIP } from './limits.ts';
import { insertPart } from './parts.ts';
import { hashToken } from './ids.ts';
import { flagFinishedFile } from './triage/file-flags.ts';

export interface CreateUploadInput {
  tipId: string;
  uploadToken: string;
  noncePrefix: Uint8Array;
  paddedSize: number;
  /** The client's metadata removal verdict for this file, shown to editors. */
  metadata?: 'cleaned' | 'unsupported' | 'unknown';
}

export async function createUpload({ ctx, input }: { ctx: DomainContext; input: CreateUploadInput }) {
  if (input.noncePrefix.length !== NONCE_PREFIX_BYTES) throw new DomainError('invalid_input', `noncePrefix must be ${NONCE_PREFIX_BYTES} bytes`);
  if (!Number.isSafeInteger(input.paddedSize) || !isPaddedSize(input.paddedSize)) {
    throw new DomainError('bad_ciphertext_length', 'paddedSize is not a padded size (docs/envelope.md)');
  }
  if (input.paddedSize > MAX_FILE_PADDED_SIZE) throw new DomainError('file_too_large', `a file is at most ${MAX_FILE_PADDED_SIZE} bytes once padded`);

  return ctx.db.write(async (tx) => {
    const [tip] = await tx.select({ tokenHash: tips.uploadTokenHash }).from(tips).where(eq(tips.id, input.tipId)).limit(1);
    // Same answer for an unknown tip and a wrong token: the token is the capability.
    if (!tip || !/^[0-9a-f]{64}$/.test(input.uploadToken) || !equalBytes(tip.tokenHash, hashToken(input.uploadToken))) {
      throw new DomainError('bad_upload_token', 'no such tip, or the upload token does not match');
    }
    const [files] = await tx.select({ n: count() }).from(parts).where(and(eq(parts.tipId, input.tipId), eq(parts.kind, 'file')));
    if ((files?.n ?? 0) >= MAX_FILES_PER_TIP) throw new DomainError('too_many_files', `a tip has at most ${MAX_FILES_PER_TIP} files`);
    const day = dayOf(ctx.clock.now());
    const { partId, chunkCount } = await insertPart(tx, {
      tipId: input.tipId, kind: 'file', state: 'uploading', day, noncePrefix: input.noncePrefix, paddedSize: input.paddedSize,
      metadata: input.metadata ?? 'unknown',
    });
    return { uploadId: partId, chunkCount };
  });
}

async function findUpload(tx: Queryable, uploadId: string) {
  const [part] = await tx
    .select({ tipId: parts.tipId, kind: parts.kind, state: parts.state, paddedSize: parts.paddedSize, chunkCount: parts.chunkCount })
    .from(parts)
    .where(eq(parts.id, uploadId))
    .limit(1);
  if (!part || part.kind !== 'file') throw new DomainError('unknown_upload', 'no such upload');
  return part;
}

export interface PutChunkInput {
  uploadId: string;
  index: number;
  ciphertext: Uint8Array;
}

/** Idempotent until the upload is finished: a retried chunk replaces the earlier copy. */
export async function putChunk({ ctx, input }: { ctx: DomainContext; input: PutChunkInput }): Promise<void> {
  await ctx.db.write(async (tx) => {
    const part = await findUpload(tx, input.uploadId);
    if (part.state === 'complete') throw new DomainError('upload_finished', 'this upload is finished; its chunks can no longer change');
    if (!Number.isSafeInteger(input.index) || input.index < 0 || input.index >= part.chunkCount) {
      throw new DomainError('chunk_index_out_of_range', `chunk index must be 0..${part.chunkCount - 1}`);
    }
    const expected = chunkCiphertextLength(part.paddedSize, input.index);
    if (input.ciphertext.length !== expected) {
      throw new DomainError('bad_chunk_length', `chunk ${input.index} must be ${expected} bytes, got ${input.ciphertext.length}`);
    }
    await tx
      .insert(chunks)
      .values({ partId: input.uploadId, idx: input.index, ciphertext: input.ciphertext })
      .onConflictDoUpdate({ target: [chunks.partId, chunks.idx], set: { ciphertext: input.ciphertext } });
  });
}

export interface UploadStatus {
  chunkCount: number;
  received: number;
  finished: boolean;
  /** Up to 1,000 missing indices, lowest first: what a resuming client sends next. */
  missing: number[];
}

const MAX_MISSING_LISTED = 1000;

async function uploadStatus(tx: Queryable, uploadId: string): Promise<UploadStatus & { tipId: string }> {
  const part = await findUpload(tx, uploadId);
  const present = await tx.select({ idx: chunks.idx }).from(chunks).where(eq(chunks.partId, uploadId));
  const have = new Uint8Array(part.chunkCount);
  for (const row of present) have[row.idx] = 1;
  const missing: number[] = [];
  for (let i = 0; i < part.chunkCount && missing.length < MAX_MISSING_LISTED; i++) if (!have[i]) missing.push(i);
  return { tipId: part.tipId, chunkCount: part.chunkCount, received: present.length, finished: part.state === 'complete', missing };
}

export async function getUploadStatus({ ctx, input }: { ctx: DomainContext; input: { uploadId: string } }): Promise<UploadStatus> {
  const { tipId: _tipId, ...status } = await uploadStatus(ctx.db.read, input.uploadId);
  return status;
}

/** Marks the file received once every chunk is in; finishing twice is harmless. */
export async function finishUpload({ ctx, input }: { ctx: DomainContext; input: { uploadId: string } }) {
  return ctx.db.write(async (tx) => {
    const status = await uploadStatus(tx, input.uploadId);
    if (status.finished) return { chunkCount: status.chunkCount };
    if (status.received !== status.chunkCount) {
      throw new DomainError('upload_incomplete', `${status.chunkCount - status.received} chunks are missing`, { missing: status.missing });
    }
    await tx.update(parts).set({ state: 'complete' }).where(eq(parts.id, input.uploadId));
    await flagFinishedFile(tx, input.uploadId);
    await appendAudit(tx, ctx.clock, { actor: { kind: 'source' }, action: 'tip.file_received', subject: status.tipId, details: { part: input.uploadId } });
    return { chunkCount: status.chunkCount };
  });
}
