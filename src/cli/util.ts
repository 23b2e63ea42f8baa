// Shared pieces of the CLI commands.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { openNodeDatabase } from '../db/open-node.ts';
import type { DomainContext } from '../domain/context.ts';
import { systemClock } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';

export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** parseArgs with usage errors turned into exit code 2. `positionals`: how many, or -1 for any number. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, positionals = 0) {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: positionals !== 0, strict: true });
    if (positionals >= 0 && parsed.positionals.length !== positionals) throw new Error(`expected ${positionals} argument(s)`);
    return parsed;
  } catch (error) {
    throw new CliError(`${(error as Error).message} (see tipline --help)`, 2);
  }
}

export function required<T>(value: T | undefined, flag: string): T {
  if (value === undefined || value === '') throw new CliError(`${flag} is required (see tipline --help)`, 2);
  return value;
}

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
