// Argument handling and the usage error shared by the CLI commands. Kept free of the database
// stack so that commands which do not need it (strip, submit) start quickly.
import { parseArgs, type ParseArgsConfig } from 'node:util';

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
