// Admin commands open DATABASE_URL (applying migrations) for the duration of one command.
import { openNodeDatabase } from '../db/open-node.ts';
import { systemClock, type DomainContext } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';
import { CliError } from './util.ts';

/** Opens DATABASE_URL (applying migrations) for the duration of `run`. */
export async function withDatabase<T>(run: (ctx: DomainContext) => Promise<T>): Promise<T> {
  const db = await openNodeDatabase({ url: process.env.DATABASE_URL, authToken: process.env.DATABASE_AUTH_TOKEN });
  try {
    return await run({ db, clock: systemClock });
  } catch (error) {
    if (error instanceof DomainError) throw new CliError(error.message);
    throw error;
  } finally {
    db.close();
  }
}
