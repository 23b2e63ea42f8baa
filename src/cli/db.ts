// tipline db migrate: applies drizzle/ to DATABASE_URL (a file, or a libSQL server: Turso,
// sqld, with DATABASE_AUTH_TOKEN). Safe to run again, and beside running servers.
import { sql } from 'drizzle-orm';
import { DEFAULT_DATABASE_URL } from '../db/open-node.ts';
import { CliError, parse } from './util.ts';
import { withDatabase } from './with-database.ts';

/** The URL without its query, which may carry an `authToken`: fit for an error message. */
function shown(url: string): string {
  return url.replace(/\?.*$/, '');
}

export async function dbMigrate(args: string[]): Promise<number> {
  parse(args, {});
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  let applied: number;
  try {
    applied = await withDatabase(async (ctx) => {
      const [row] = await ctx.db.read.all<{ n: number }>(sql`SELECT count(*) AS n FROM __drizzle_migrations`);
      return Number(row?.n ?? 0);
    });
  } catch (error) {
    if (error instanceof CliError) throw error;
    // A wrong URL or token, an unreachable server: say which database, and what it answered.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    throw new CliError(`cannot migrate ${shown(url)}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  process.stdout.write(`migrations applied: ${applied} in ${shown(url)}\n`);
  return 0;
}
