// `tipline`: the command line. Admin commands talk to the database directly (DATABASE_URL);
// `submit` talks HTTP to a server exactly as a source's browser does.
import { CliError } from './util.ts';

const USAGE = `usage: tipline <command>

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

type Command = (args: string[]) => Promise<number>;

// Loaded on demand: `strip` and `submit` should not pay for the database stack at start.
const COMMANDS: Record<string, () => Promise<Command>> = {
  'desk create': async () => (await import('./desk.ts')).deskCreate,
  'desk rotate': async () => (await import('./rotate.ts')).deskRotate,
  'desk grant': async () => (await import('./admin.ts')).deskGrant,
  'admin create': async () => (await import('./admin.ts')).adminCreate,
  'desk translate': async () => (await import('./desk.ts')).deskTranslate,
  submit: async () => (await import('./submit.ts')).submit,
  'tips export': async () => (await import('./tips-export.ts')).tipsExport,
  'audit verify': async () => (await import('./audit.ts')).auditVerify,
  'audit keygen': async () => (await import('./audit.ts')).auditKeygen,
  'audit checkpoint': async () => (await import('./audit.ts')).auditCheckpoint,
  'audit export': async () => (await import('./audit.ts')).auditExport,
  'db migrate': async () => (await import('./db.ts')).dbMigrate,
  strip: async () => (await import('./strip.ts')).strip,
  reply: async () => (await import('./reply.ts')).reply,
};

export async function main(argv: string[]): Promise<number> {
  const two = argv.slice(0, 2).join(' ');
  const [name, rest] = COMMANDS[two] ? [two, argv.slice(2)] : [argv[0] ?? '', argv.slice(1)];
  const command = COMMANDS[name];
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
