// The ordered routing rules in the database: read (by intake, inside its write transaction, and
// by the source API), listed and replaced (admins). The table is small (at most MAX_RULES rows)
// and read with one constant statement, so intake reads it per tip instead of caching it: a
// cache would go stale across processes (several Workers isolates share one database), and a
// rule change must apply to the very next tip.
import { sql } from 'drizzle-orm';
import type { Queryable, RawTx } from '../../db/database.ts';
import { findDeskBySlug, findDeskBySlugRaw, type PublicDesk } from '../desks.ts';
import { parseStoredMatch, type LoadedRule } from './rules.ts';

const RULES_SQL = `SELECT r.id, r.position, r.match, r.target_desk_id, d.slug AS target_slug
  FROM routing_rules r JOIN desks d ON d.id = r.target_desk_id ORDER BY r.position`;

/** What routing needs from the database, over either kind of transaction (or the read pool). */
export interface RouteReader {
  rules(): Promise<LoadedRule[]>;
  desk(slug: string): Promise<PublicDesk | undefined>;
}

function toRules(rows: readonly Record<string, unknown>[]): LoadedRule[] {
  return rows.map((row) => ({
    id: String(row.id),
    position: Number(row.position),
    match: parseStoredMatch(String(row.match)),
    targetDeskId: String(row.target_desk_id),
    targetSlug: String(row.target_slug),
  }));
}

/** Over drizzle (a transaction or the read pool). */
export function routeReader(db: Queryable): RouteReader {
  return {
    rules: async () => toRules(await db.all<Record<string, unknown>>(sql.raw(RULES_SQL))),
    desk: (slug) => findDeskBySlug(db, slug),
  };
}

/** Over a raw write transaction (the plain-tip hot path, Database.writeRaw). */
export function rawRouteReader(tx: RawTx): RouteReader {
  return {
    rules: async () => toRules((await tx.execute(RULES_SQL)).rows as unknown as Record<string, unknown>[]),
    desk: (slug) => findDeskBySlugRaw(tx, slug),
  };
}
