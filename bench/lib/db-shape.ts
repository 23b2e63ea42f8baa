// Guards the intake comparison against drift: src/domain/tips.ts changes while the baseline is a
// hand-written copy of what it stores. After a run, each database is reduced to its "shape" (rows
// per stored tip in every table, and the type, and small constant values, of every column of the
// newest row); the baseline's shape must equal the real server's, or the ratio means nothing.
import { createClient } from '@libsql/client';

export type Shape = Record<string, string>;

export async function dbShape(databaseUrl: string, tips: number): Promise<Shape> {
  const db = createClient({ url: databaseUrl });
  try {
    const shape: Shape = {};
    const tables = await db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%drizzle%'");
    for (const { name } of tables.rows) {
      const table = String(name);
      const count = Number((await db.execute(`SELECT count(*) AS n FROM "${table}"`)).rows[0]!.n);
      // Tables written per tip show as a ratio, set-up tables (desks, desk_keys...) as a count.
      // (one decimal: the audit chain also holds the two desk set-up entries).
      shape[`${table} rows`] = count >= Math.max(10, tips / 2) ? `${(count / tips).toFixed(1)} per tip` : String(count);
      const row = (await db.execute(`SELECT * FROM "${table}" ORDER BY rowid DESC LIMIT 1`)).rows[0];
      if (!row) continue;
      for (const column of Object.keys(row)) shape[`${table}.${column}`] = describe(row[column]);
    }
    return shape;
  } finally {
    db.close();
  }
}

/** Random ids, days, hashes and sequence numbers differ between runs; types and constants must not. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof ArrayBuffer) return `blob(${value.byteLength})`;
  if (typeof value === 'string') {
    const random = /^[0-9a-f]{32,64}$/.test(value) || /^\d{4}-\d\d-\d\d/.test(value) || value.length > 60;
    return random ? 'text' : `text ${JSON.stringify(value)}`;
  }
  return typeof value;
}

/** Human-readable differences, empty when the shapes agree. */
export function shapeDiff(expected: Shape, actual: Shape): string[] {
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return keys.filter((k) => expected[k] !== actual[k]).map((k) => `${k}: tipline ${expected[k] ?? '(none)'}, baseline ${actual[k] ?? '(none)'}`);
}
