// tipline db migrate: applies drizzle/ to DATABASE_URL (a file or a remote libSQL server).
import { parse } from './util.ts';
import { withDatabase } from './with-database.ts';

export async function dbMigrate(args: string[]): Promise<number> {
  parse(args, {});
  await withDatabase(async () => undefined);
  process.stdout.write('migrations applied\n');
  return 0;
}
