// What every domain verb receives: the database and the clock. The domain imports neither hono
// nor `node:*`, so the same verbs serve the Node server, the Worker and the CLI.
import type { Database } from '../db/database.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface DomainContext {
  db: Database;
  clock: Clock;
}

/**
 * The UTC day of an instant, "YYYY-MM-DD". Everything a source does is recorded at this
 * granularity only: an exact time can be matched against a source's network records.
 */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}
