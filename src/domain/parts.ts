// Parts (a tip's message and files) and their chunks, as stored rows.
import { and, asc, eq, gte, lt } from 'drizzle-orm';
import { chunkCount } from '../crypto/index.ts';
import type { Queryable, RawTx, Tx } from '../db/database.ts';
import { chunks, parts } from '../db/schema.ts';
import { newId } from './ids.ts';

export interface NewPart {
  tipId: string;
  kind: 'message' | 'file';
  state: 'uploading' | 'complete';
  day: string;
  noncePrefix: Uint8Array;
  paddedSize: number;
  metadata?: 'cleaned' | 'unsupported' | 'unknown';
  /** Chunk ciphertexts, when they arrive with the part (messages, files sent by the form). */
  chunks?: Uint8Array[];
}

const WRITE_BATCH = 16;

export async function insertPart(tx: Tx, part: NewPart): Promise<{ partId: string; chunkCount: number }> {
  const partId = newId();
  const count = chunkCount(part.paddedSize);
  await tx.insert(parts).values({
    id: partId,
    tipId: part.tipId,
    kind: part.kind,
    noncePrefix: part.noncePrefix,
    paddedSize: part.paddedSize,
    chunkCount: count,
    state: part.state,
    metadata: part.metadata ?? null,
    createdDay: part.day,
  });
  // A file sent through the no-JavaScript form arrives whole: insert it a batch at a time so no
  // single statement carries more than about 1 MiB of ciphertext.
  const sealed = part.chunks ?? [];
  for (let start = 0; start < sealed.length; start += WRITE_BATCH) {
    await tx.insert(chunks).values(sealed.slice(start, start + WRITE_BATCH).map((ciphertext, i) => ({ partId, idx: start + i, ciphertext })));
  }
  return { partId, chunkCount: count };
}

const INSERT_PART_SQL = `INSERT INTO parts (id, tip_id, kind, nonce_prefix, padded_size, chunk_count, state, metadata, created_day)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_CHUNK_SQL = 'INSERT INTO chunks (part_id, idx, ciphertext) VALUES (?, ?, ?)';

/** insertPart in a raw write transaction (Database.writeRaw): one constant statement per chunk. */
export async function insertPartRaw(tx: RawTx, part: NewPart): Promise<{ partId: string; chunkCount: number }> {
  const partId = newId();
  const count = chunkCount(part.paddedSize);
  await tx.execute(INSERT_PART_SQL, [
    partId, part.tipId, part.kind, part.noncePrefix, part.paddedSize, count, part.state, part.metadata ?? null, part.day,
  ]);
  const sealed = part.chunks ?? [];
  for (let idx = 0; idx < sealed.length; idx += 1) await tx.execute(INSERT_CHUNK_SQL, [partId, idx, sealed[idx]!]);
  return { partId, chunkCount: count };
}

const READ_BATCH = 16; // 16 chunks of 64 KiB: about 1 MiB in memory at a time

/** Streams a part's chunk ciphertexts in order, a batch at a time, never the whole part. */
export async function* readPartChunks(db: Queryable, partId: string, count: number): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < count; start += READ_BATCH) {
    const rows = await db
      .select({ idx: chunks.idx, ciphertext: chunks.ciphertext })
      .from(chunks)
      .where(and(eq(chunks.partId, partId), gte(chunks.idx, start), lt(chunks.idx, start + READ_BATCH)))
      .orderBy(asc(chunks.idx));
    for (const row of rows) yield row.ciphertext;
    // A gap means the part is damaged: stop, and let the reader's chunk count check report it.
    if (rows.length < Math.min(READ_BATCH, count - start)) return;
  }
}
