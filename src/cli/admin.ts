// tipline admin create: the first admin (or another one, by whoever holds the database). Prints
// a single-use enrollment link; the admin opens it in a browser, where their passphrase and
// personal key are made. Nothing secret is chosen here.
// tipline desk grant: makes a staff member a member of a desk and seals the desk secret (from
// its key file) to their personal key.
import { createInvite, INVITE_HOURS } from '../domain/staff/invites.ts';
import { grantDeskKeyWithSecret } from '../domain/staff/desk-key-holder.ts';
import { readSecretKeyFile } from './secret-key-file.ts';
import { CliError, parse, required } from './util.ts';
import { withDatabase } from './with-database.ts';

export async function adminCreate(args: string[]): Promise<number> {
  const { values } = parse(args, { 'base-url': { type: 'string' }, 'valid-hours': { type: 'string' } });
  const base = (values['base-url'] ?? `http://${process.env.HOST || '127.0.0.1'}:${process.env.PORT || '8787'}`).replace(/\/+$/, '');
  const hours = Number(values['valid-hours'] ?? INVITE_HOURS);
  if (!Number.isInteger(hours)) throw new CliError('--valid-hours must be a whole number', 2);
  const invite = await withDatabase((ctx) => createInvite({ ctx, input: { role: 'admin', validHours: hours, actor: { kind: 'admin-cli' } } }));
  process.stdout.write(`admin enrollment link (single use, valid until ${invite.expiresAt}):\n${base}/staff/enroll/${invite.token}\n`);
  return 0;
}

export async function deskGrant(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { staff: { type: 'string' }, 'secret-key': { type: 'string' } }, 1);
  const username = required(values.staff, '--staff');
  const key = readSecretKeyFile(required(values['secret-key'], '--secret-key'));
  const slug = positionals[0]!;
  if (key.desk !== slug) throw new CliError(`the key file is for desk ${key.desk}, not ${slug}`);
  await withDatabase((ctx) => grantDeskKeyWithSecret({ ctx, input: { deskSlug: slug, username, keyVersion: key.keyVersion, keyPair: key.keyPair } }));
  key.keyPair.secretKey.fill(0);
  process.stdout.write(`${username} is a member of ${slug} and holds its key version ${key.keyVersion}\n`);
  return 0;
}
