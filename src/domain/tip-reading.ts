// Reading stored tips back (for export and, later, the inbox). Everything returned is ciphertext.
import { asc, eq, and, gt, inArray } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { parts, tips } from '../db/schema.ts';

export interface StoredPart {
  id: string;
  kind: 'message' | 'file';
  state: 'uploading' | 'complete';
  noncePrefix: Uint8Array;
  paddedSize: number;
  chunkCount: number;
}

export interface StoredTip {
  id: string;
  keyVersion: number;
  sealedKey: Uint8Array;
  receivedDay: string;
  parts: StoredPart[];
}

const PAGE = 200;

/** Every tip of a desk with its parts, a page at a time, in id order. */
export async function* iterateDeskTips(db: Queryable, deskId: string): AsyncGenerator<StoredTip> {
  let after = '';
  for (;;) {
    const page = await db
      .select({ id: tips.id, keyVersion: tips.keyVersion, sealedKey: tips.sealedKey, receivedDay: tips.receivedDay })
      .from(tips)
      .where(and(eq(tips.deskId, deskId), gt(tips.id, after)))
      .orderBy(asc(tips.id))
      .limit(PAGE);
    if (page.length === 0) return;
    const partRows = await db
      .select({
        id: parts.id, tipId: parts.tipId, kind: parts.kind, state: parts.state,
        noncePrefix: parts.noncePrefix, paddedSize: parts.paddedSize, chunkCount: parts.chunkCount,
      })
      .from(parts)
      .where(inArray(parts.tipId, page.map((t) => t.id)))
      .orderBy(asc(parts.tipId), asc(parts.kind), asc(parts.id));
    for (const tip of page) {
      yield { ...tip, parts: partRows.filter((p) => p.tipId === tip.id).map(({ tipId: _t, ...p }) => p) };
    }
    after = page[page.length - 1]!.id;
  }
}
