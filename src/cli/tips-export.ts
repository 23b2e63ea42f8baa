// tipline tips export: decrypts every tip of a desk into <out>/<tip-id>/, verifying every chunk.
// A file is written under a temporary name and renamed only once its last chunk verified, so a
// damaged tip never leaves plausible-looking partial plaintext behind.
// The key: a desk secret key file (one version), or the desk's recovery key, which opens every
// version's secret from its recovery copy (src/domain/rotation/recovery.ts), then the tips.
import { createWriteStream, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { EnvelopeError, type KeyPair } from '../crypto/index.ts';
import type { Queryable } from '../db/database.ts';
import { findDeskBySlug } from '../domain/desks.ts';
import { openRecoverySecrets } from '../domain/rotation/recovery.ts';
import { iterateDeskTips, type StoredTip } from '../domain/tip-reading.ts';
import { sanitizeFileName, uniqueName } from './file-names.ts';
import { openStoredTip, type DeskSecret } from './open-tip.ts';
import { readRecoveryKeyFile } from './recovery-key-file.ts';
import { readSecretKeyFile } from './secret-key-file.ts';
import { CliError, parse, required } from './util.ts';
import { withDatabase } from './with-database.ts';

export async function tipsExport(args: string[]): Promise<number> {
  const { values } = parse(args, { desk: { type: 'string' }, 'secret-key': { type: 'string' }, 'recovery-key': { type: 'string' }, out: { type: 'string' } });
  const slug = required(values.desk, '--desk');
  if (Boolean(values['secret-key']) === Boolean(values['recovery-key'])) throw new CliError('give either --secret-key or --recovery-key (see tipline --help)', 2);
  const key = values['secret-key'] ? readSecretKeyFile(values['secret-key']) : undefined;
  const recovery = values['recovery-key'] ? readRecoveryKeyFile(values['recovery-key']) : undefined;
  const out = required(values.out, '--out');
  mkdirSync(out, { recursive: true, mode: 0o700 });

  const failures: string[] = [];
  let exported = 0;
  await withDatabase(async (ctx) => {
    const desk = await findDeskBySlug(ctx.db.read, slug);
    if (!desk) throw new CliError(`there is no desk ${slug}`);
    const secrets = recovery ? await openRecoverySecrets(ctx.db.read, { id: desk.id }, recovery) : new Map<number, KeyPair>([[key!.keyVersion, key!.keyPair]]);
    for await (const tip of iterateDeskTips(ctx.db.read, desk.id)) {
      try {
        const keyPair = secrets.get(tip.keyVersion);
        if (!keyPair) {
          throw new Error(`sealed to desk key version ${tip.keyVersion}, ${key ? `the key file holds version ${key.keyVersion}` : 'the recovery key holds no copy of that version'}`);
        }
        await exportTip(ctx.db.read, tip, { keyVersion: tip.keyVersion, keyPair }, join(out, tip.id));
        exported += 1;
      } catch (error) {
        rmSync(join(out, tip.id), { recursive: true, force: true });
        failures.push(`${tip.id}: ${describe(error)}`);
      }
    }
  });
  process.stdout.write(`exported ${exported} tip(s) of ${slug} to ${out}\n`);
  for (const failure of failures) process.stderr.write(`cannot open tip ${failure}\n`);
  return failures.length === 0 ? 0 : 1;
}

async function exportTip(db: Queryable, tip: StoredTip, secret: DeskSecret, dir: string) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const taken = new Set(['tip.json', 'message.txt']);
  const files: Array<{ name: string; type: string; size: number }> = [];
  for await (const part of openStoredTip(db, tip, secret)) {
    const name = part.header.kind === 'message' ? 'message.txt' : uniqueName(sanitizeFileName(part.header.name), taken);
    const temporary = join(dir, '.partial');
    await pipeline(part.content, createWriteStream(temporary, { mode: 0o600 }));
    renameSync(temporary, join(dir, name));
    if (part.header.kind === 'file') files.push({ name, type: part.header.type, size: part.header.size });
  }
  const unfinishedUploads = tip.parts.filter((p) => p.state !== 'complete').length;
  const summary = { id: tip.id, receivedDay: tip.receivedDay, files, unfinishedUploads };
  writeFileSync(join(dir, 'tip.json'), `${JSON.stringify(summary, null, 2)}\n`, { mode: 0o600 });
}

function describe(error: unknown): string {
  if (error instanceof EnvelopeError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
