// Finding the command in argv and running it: shared by the whole CLI (main.ts, run through tsx)
// and the prebuilt bundle of the commands that need no database (bundled.ts), so that both give
// the same usage text, exit codes and error lines.
import { CliError } from './util.ts';

export const USAGE = `usage: tipline <command>

  desk create <slug> --name <name> [--description <text>] --secret-key-out <file> --recovery-key-out <file>
  desk rotate <slug> (--secret-key <file> | --recovery-key <file>) (--new-secret-key-out <file> | --resume-with <file>) [--recovery-key-out <file>] [--workers <n>] [--batch <n>]
  desk grant <slug> --staff <username> --secret-key <file>
  admin create [--base-url <url>] [--valid-hours <n>]
  desk translate <slug> --locale <en|ko|zh-Hans> [--name <name>] [--description <text>]
  submit --server <url> --desk <slug> --message <text> [--file <path>]...
  tips export --desk <slug> (--secret-key <file> | --recovery-key <file>) --out <dir>
  audit verify [--public-key <base64|file>]...
  audit keygen --out <file>
  audit checkpoint
  audit export --out <file.jsonl>
  db migrate
  strip --out <dir> <file>...
  reply --tip <id> --message <text>

Admin commands use DATABASE_URL (default file:./data/tipline.db) and DATABASE_AUTH_TOKEN.`;

export type Command = (args: string[]) => Promise<number>;

/** Command name (one or two words) to a loader of its module, so a command loads only what it uses. */
export type CommandTable = Record<string, () => Promise<Command>>;

export async function dispatch(argv: string[], commands: CommandTable): Promise<number> {
  const two = argv.slice(0, 2).join(' ');
  const [name, rest] = commands[two] ? [two, argv.slice(2)] : [argv[0] ?? '', argv.slice(1)];
  const command = commands[name];
  if (!command || argv.includes('--help')) {
    process.stderr.write(`${USAGE}\n`);
    return command || argv.includes('--help') ? 0 : 2;
  }
  try {
    return await (await command())(rest);
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`tipline: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
