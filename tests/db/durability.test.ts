// "Acknowledged means durable": every write transaction on a file database runs in WAL mode
// with synchronous=FULL (and secure_delete on), whatever connection the pool hands out.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.ts';
import { testApp } from '../helpers/app.ts';

async function writerSettings(db: Awaited<ReturnType<typeof testApp>>['db']) {
  return db.write(async (tx) => ({
    synchronous: (await tx.get<{ synchronous: number }>(sql`PRAGMA synchronous`))?.synchronous,
    secureDelete: (await tx.get<{ secure_delete: number }>(sql`PRAGMA secure_delete`))?.secure_delete,
  }));
}

describe('durability settings', () => {
  it('uses WAL and runs every write transaction with synchronous=FULL and secure_delete', async () => {
    const { db } = await testApp();
    const journal = await db.read.get<{ journal_mode: string }>(sql`PRAGMA journal_mode`);
    expect(journal?.journal_mode).toBe('wal');
    // Many concurrent writes, one that fails and rolls back, and then the settings again.
    const results = await Promise.all(Array.from({ length: 20 }, () => writerSettings(db)));
    await expect(db.write(async () => { throw new DomainError('invalid_input', 'roll back'); })).rejects.toThrow('roll back');
    results.push(await writerSettings(db));
    expect(new Set(results.map((r) => `${r.synchronous}/${r.secureDelete}`))).toEqual(new Set(['2/1']));
  });

  it('runs raw write transactions (writeRaw) with the same settings, in the same queue', async () => {
    const { db } = await testApp();
    const rawSettings = () => db.writeRaw(async (tx) => ({
      synchronous: Number((await tx.execute('PRAGMA synchronous')).rows[0]?.synchronous),
      secureDelete: Number((await tx.execute('PRAGMA secure_delete')).rows[0]?.secure_delete),
    }));
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? rawSettings() : writerSettings(db))));
    await expect(db.writeRaw(async (tx) => {
      await tx.execute("INSERT INTO desks (id, slug, name, current_key_version, created_day) VALUES ('d', 'ghost', 'Ghost', 1, '2026-11-22')");
      throw new DomainError('invalid_input', 'roll back');
    })).rejects.toThrow('roll back');
    results.push(await rawSettings());
    expect(new Set(results.map((r) => `${r.synchronous}/${r.secureDelete}`))).toEqual(new Set(['2/1']));
    expect(await db.read.query.desks.findMany()).toEqual([]);
  });

  it('rolls back everything a failed write transaction did', async () => {
    const { db } = await testApp();
    await expect(db.write(async (tx) => {
      await tx.run(sql`INSERT INTO desks (id, slug, name, current_key_version, created_day) VALUES ('d', 'ghost', 'Ghost', 1, '2026-11-22')`);
      throw new DomainError('invalid_input', 'changed my mind');
    })).rejects.toThrow();
    expect(await db.read.query.desks.findMany()).toEqual([]);
  });
});
