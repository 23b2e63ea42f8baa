// The re-seal phase of `tipline desk rotate`: every tip key and reply key of the desk still sealed
// to an old version, page by page, through the worker pool, written back in one transaction per
// page (src/domain/rotation/reseal.ts resealBatch: guarded, idempotent, audited). Pages are read
// by rowid while earlier pages are still in the workers, so the database work overlaps the
// crypto; a crash loses at most the pages in flight, which the next run finds again.
import type { KeyPair } from '../crypto/index.ts';
import type { DomainContext } from '../domain/context.ts';
import { pageOldReplies, pageOldTips, resealBatch, type PagedKey } from '../domain/rotation/reseal.ts';
import { oldVersionCounts } from '../domain/rotation/state.ts';
import type { ResealPool } from './reseal-pool.ts';
import { CliError } from './util.ts';

/** Keys per page (one write transaction each) unless --batch says otherwise. */
export const PAGE = 1000;
/** Pages in flight: enough to keep every worker busy while a page is written. */
const DEPTH = 3;

export interface ResealReport {
  moved: number;
  /** Ids whose old sealed key did not open: they keep their old version (nothing is destroyed). */
  failed: string[];
  seconds: number;
}

export async function resealDesk(
  ctx: DomainContext, desk: { id: string; toVersion: number }, secrets: Map<number, KeyPair>, pool: ResealPool,
  progress: (moved: number, total: number, rate: number) => void, pageSize = PAGE,
): Promise<ResealReport> {
  const started = performance.now();
  const failed = new Set<string>();
  let moved = 0;
  let total = 0;
  const tick = () => progress(moved, total, moved / Math.max(0.001, (performance.now() - started) / 1000));

  // A tip recorded before the switch but after a pass had gone by is found by the next pass.
  for (let pass = 0; pass < 5; pass++) {
    const left = await oldVersionCounts(ctx.db.read, desk.id, desk.toVersion);
    const todo = left.tips + left.replies - failed.size;
    if (todo <= 0) break;
    if (pass === 0) total = todo;
    const missing = [...left.versions].filter((v) => !secrets.has(v));
    if (missing.length) {
      throw new CliError(`tips or replies sealed to key version ${missing.join(', ')} remain; give that version's key file or the recovery key`);
    }
    for (const version of [...left.versions].sort((a, b) => a - b)) {
      for (const kind of ['tips', 'replies'] as const) await pipeline(kind, version);
    }
  }

  async function pipeline(kind: 'tips' | 'replies', version: number): Promise<void> {
    const page = kind === 'tips' ? pageOldTips : pageOldReplies;
    let after = 0;
    const inflight: Promise<void>[] = [];
    for (;;) {
      const rows = await page(ctx.db.read, desk.id, version, after, pageSize);
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.rowid;
      const work = pool.reseal(version, rows.map((r) => r.sealed)).then(async (done) => {
        moved += await write(kind, rows, done.sealed);
        tick();
      });
      work.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
      inflight.push(work);
      if (inflight.length >= DEPTH) await inflight.shift();
    }
    await Promise.all(inflight);
  }

  async function write(kind: 'tips' | 'replies', rows: PagedKey[], sealed: Array<Uint8Array | null>): Promise<number> {
    const ok = rows.flatMap((row, i) => {
      const s = sealed[i];
      if (!s) failed.add(row.id);
      return s ? [{ id: row.id, sealed: s }] : [];
    });
    if (ok.length === 0) return 0;
    const result = await resealBatch({
      ctx,
      input: {
        deskId: desk.id, toVersion: desk.toVersion, actor: { kind: 'admin-cli' },
        tips: kind === 'tips' ? ok.map((k) => ({ tipId: k.id, sealedKey: k.sealed })) : [],
        replies: kind === 'replies' ? ok.map((k) => ({ replyId: k.id, sealedForDesk: k.sealed })) : [],
      },
    });
    return result.tips + result.replies;
  }

  tick();
  return { moved, failed: [...failed], seconds: (performance.now() - started) / 1000 };
}
