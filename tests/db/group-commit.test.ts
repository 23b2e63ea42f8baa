// Group commit (src/db/group-commit.ts): concurrent writes share one transaction and its COMMIT,
// each caller's writes stay all-or-nothing, and no caller hears "done" before its writes are
// committed, on a real file database.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database, RawTx } from '../../src/db/database.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { MAX_GROUP } from '../../src/db/group-commit.ts';
import { testApp } from '../helpers/app.ts';

const INSERT_DESK = 'INSERT INTO desks (id, slug, name, current_key_version, created_day) VALUES (?, ?, ?, 1, ?)';

function insertDeskRaw(tx: RawTx, slug: string) {
  return tx.execute(INSERT_DESK, [`id-${slug}`, slug, slug, '2026-12-07']);
}

async function committedSlugs(db: Database): Promise<string[]> {
  const rows = await db.read.all<{ slug: string }>(sql`SELECT slug FROM desks ORDER BY slug`);
  return rows.map((row) => row.slug);
}

describe('group commit', () => {
  it('runs concurrent raw writes in one transaction and answers each only after the COMMIT', async () => {
    const { db } = await testApp();
    const seenByReader: boolean[] = [];
    const writes = Array.from({ length: 10 }, (_, i) => db.writeRaw(async (tx) => {
      await insertDeskRaw(tx, `desk-${i}`);
      // Another connection cannot see the first caller's row until the shared COMMIT.
      if (i === 9) seenByReader.push((await committedSlugs(db)).includes('desk-0'));
      return i;
    }).then(async (value) => {
      // Resolved means committed: the reader (another connection) sees this caller's row.
      expect(await committedSlugs(db)).toContain(`desk-${value}`);
      return value;
    }));
    expect(await Promise.all(writes)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seenByReader).toEqual([false]);
    expect(await committedSlugs(db)).toHaveLength(10);
  });

  it('rolls back and rejects only the caller that threw; the others in its group commit', async () => {
    const { db } = await testApp();
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => db.writeRaw(async (tx) => {
      await insertDeskRaw(tx, `desk-${i}`);
      if (i === 2) throw new DomainError('invalid_input', 'caller 2 changed its mind');
      return i;
    })));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(DomainError);
    expect(await committedSlugs(db)).toEqual(['desk-0', 'desk-1', 'desk-3', 'desk-4', 'desk-5']);
  });

  it('does the same for drizzle writes, and for drizzle and raw writes queued together', async () => {
    const { db } = await testApp();
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => (i % 2
      ? db.writeRaw(async (tx) => { await insertDeskRaw(tx, `raw-${i}`); if (i === 5) throw new Error('raw 5 fails'); })
      : db.write(async (tx) => {
        await tx.run(sql`INSERT INTO desks (id, slug, name, current_key_version, created_day) VALUES (${`id-${i}`}, ${`orm-${i}`}, 'x', 1, '2026-12-07')`);
        if (i === 4) throw new Error('orm 4 fails');
      }))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
    expect(await committedSlugs(db)).toEqual(['orm-0', 'orm-2', 'orm-6', 'raw-1', 'raw-3', 'raw-7']);
  });

  it('acknowledges nobody in a group whose transaction broke, and keeps working afterwards', async () => {
    const { db } = await testApp();
    // The second caller ends the shared transaction itself (as SQLite does on some I/O errors):
    // the first caller's row is gone with it, so the first caller must not be told it is stored.
    const results = await Promise.allSettled([
      db.writeRaw(async (tx) => insertDeskRaw(tx, 'first')),
      db.writeRaw(async (tx) => tx.execute('ROLLBACK')),
      db.writeRaw(async (tx) => insertDeskRaw(tx, 'third')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await committedSlugs(db)).toEqual([]);
    await db.writeRaw(async (tx) => insertDeskRaw(tx, 'after'));
    expect(await committedSlugs(db)).toEqual(['after']);
  });

  it(`splits a burst of more than ${MAX_GROUP} writes over several transactions, all committed`, async () => {
    const { db } = await testApp();
    const count = MAX_GROUP * 2 + 5;
    const commitsSeen = new Set<number>();
    await Promise.all(Array.from({ length: count }, (_, i) => db.writeRaw(async (tx) => {
      await insertDeskRaw(tx, `desk-${String(i).padStart(3, '0')}`);
      // How many rows other connections can see = how many earlier groups have committed.
      commitsSeen.add((await committedSlugs(db)).length);
    })));
    expect(await committedSlugs(db)).toHaveLength(count);
    // Three groups: 0, MAX_GROUP and 2 * MAX_GROUP rows were committed when each started.
    expect([...commitsSeen].sort((a, b) => a - b)).toEqual([0, MAX_GROUP, 2 * MAX_GROUP]);
  });
});
