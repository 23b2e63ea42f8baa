// A tip's message as the browser opens it: the serialized part (0x01 || nonce prefix || chunk
// ciphertexts), put back together from its stored chunks. Ciphertext only: the server never
// holds a tip key.
import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import { serializePart } from '../../crypto/index.ts';
import type { Queryable } from '../../db/database.ts';
import { chunks, parts } from '../../db/schema.ts';
import { MAX_MESSAGE_PADDED_SIZE } from '../limits.ts';

/** The queue shows messages up to one chunk (64 KiB padded): previews stay small. */
export const QUEUE_MESSAGE_MAX_PADDED = 64 * 1024;

/**
 * The message of each tip in `tipIds` whose padded size is at most `maxPaddedSize`, in one
 * query (a page of the queue is 50 tips: one round trip, not 50).
 */
export async function loadMessages(db: Queryable, tipIds: readonly string[], maxPaddedSize = MAX_MESSAGE_PADDED_SIZE): Promise<Map<string, Uint8Array>> {
  const found = new Map<string, Uint8Array>();
  if (tipIds.length === 0) return found;
  const rows = await db
    .select({ tipId: parts.tipId, noncePrefix: parts.noncePrefix, chunkCount: parts.chunkCount, ciphertext: chunks.ciphertext })
    .from(parts)
    .innerJoin(chunks, eq(chunks.partId, parts.id))
    .where(and(inArray(parts.tipId, [...tipIds]), eq(parts.kind, 'message'), lte(parts.paddedSize, maxPaddedSize)))
    .orderBy(asc(parts.tipId), asc(chunks.idx));
  const grouped = new Map<string, { noncePrefix: Uint8Array; chunkCount: number; chunks: Uint8Array[] }>();
  for (const row of rows) {
    const entry = grouped.get(row.tipId) ?? { noncePrefix: row.noncePrefix, chunkCount: row.chunkCount, chunks: [] };
    entry.chunks.push(row.ciphertext);
    grouped.set(row.tipId, entry);
  }
  for (const [tipId, entry] of grouped) {
    // A damaged message (missing chunks) is left out rather than served half: the browser
    // would fail to open it anyway, and the export names such tips.
    if (entry.chunks.length !== entry.chunkCount) continue;
    try {
      found.set(tipId, serializePart(entry.noncePrefix, entry.chunks));
    } catch {
      // Same: a layout that does not add up is not served.
    }
  }
  return found;
}
