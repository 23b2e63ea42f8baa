// The inbox filters "has files" and "metadata not removed" read two flags on the tip row instead
// of joining parts for every listed tip (100,000 tips must page fast). They are kept here, by
// the verbs that finish a file part, inside the same transaction: a flag is true exactly when a
// finished file exists (and, for the second, one whose metadata was not confirmed removed).
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { parts, tips } from '../../db/schema.ts';

/** After `partId` (a file part) is finished: sets the tip's flags from it. Never clears them. */
export async function flagFinishedFile(tx: Tx, partId: string): Promise<void> {
  const [part] = await tx.select({ tipId: parts.tipId, kind: parts.kind, metadata: parts.metadata }).from(parts).where(eq(parts.id, partId)).limit(1);
  if (!part || part.kind !== 'file') return;
  // 'unknown' (the client did not say) counts as not cleaned: an editor should look before trusting it.
  const notCleaned = part.metadata !== 'cleaned';
  await tx.update(tips).set(notCleaned ? { hasFiles: true, unsupportedMetadata: true } : { hasFiles: true }).where(eq(tips.id, part.tipId));
}
