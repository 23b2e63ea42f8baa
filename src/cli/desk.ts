// tipline desk create: makes a desk, its first keypair and its recovery key. The secret key goes
// to a file for offline custody (mode 0600) and nowhere else; the recovery key goes to a printable
// file (recovery-key-file.ts), shown this once; the database gets the public keys and the desk
// secret sealed to the recovery key (crypto_box_seal), which only the recovery secret opens.
// tipline desk translate: the desk's name and description in one of the sources' languages.
import { unlinkSync } from 'node:fs';
import { generateBoxKeyPair, sealToPublicKey, toBase64 } from '../crypto/index.ts';
import { setDeskTranslations } from '../domain/desk-translations.ts';
import { createDeskWithRecovery } from '../domain/rotation/recovery.ts';
import { syncToDisk, writeRecoveryKeyFile } from './recovery-key-file.ts';
import { writeSecretKeyFile } from './secret-key-file.ts';
import { CliError, parse, required } from './util.ts';
import { withDatabase } from './with-database.ts';

export async function deskCreate(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    name: { type: 'string' },
    description: { type: 'string' },
    'secret-key-out': { type: 'string' },
    'recovery-key-out': { type: 'string' },
  }, 1);
  const slug = positionals[0]!;
  const name = required(values.name, '--name');
  const out = required(values['secret-key-out'], '--secret-key-out');
  const recoveryOut = required(values['recovery-key-out'], '--recovery-key-out');
  if (recoveryOut === out) throw new CliError('--recovery-key-out and --secret-key-out must be different files', 2);
  const keyPair = generateBoxKeyPair();
  const recovery = generateBoxKeyPair();
  // Write both secrets first: a desk whose secret was never saved could receive unreadable tips.
  writeSecretKeyFile(out, { desk: slug, keyVersion: 1, keyPair });
  syncToDisk(out);
  try {
    writeRecoveryKeyFile(recoveryOut, slug, recovery);
  } catch (error) {
    unlinkSync(out);
    throw error;
  }
  const desk = await withDatabase((ctx) => createDeskWithRecovery({
    ctx,
    input: {
      slug, name, description: values.description, publicKey: keyPair.publicKey, actor: { kind: 'admin-cli' },
      recoveryPublicKey: recovery.publicKey, sealedForRecovery: sealToPublicKey(keyPair.secretKey, recovery.publicKey),
    },
  })).catch((error: unknown) => {
    // the desk was not created: leave no key for it lying around
    unlinkSync(out);
    unlinkSync(recoveryOut);
    throw error;
  });
  keyPair.secretKey.fill(0);
  recovery.secretKey.fill(0);
  process.stdout.write(`desk ${desk.slug} created (key version ${desk.keyVersion})\npublic key ${toBase64(keyPair.publicKey)}\nsecret key written to ${out}\n` +
    `recovery key written to ${recoveryOut}: print it, keep the printout offline in a safe, then delete the file\n`);
  return 0;
}

/** `--name ''` or `--description ''` removes that translation: the default text shows again. */
export async function deskTranslate(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    locale: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
  }, 1);
  const slug = positionals[0]!;
  const locale = required(values.locale, '--locale');
  if (values.name === undefined && values.description === undefined) throw new CliError('give --name, --description or both (see tipline --help)', 2);
  const texts = await withDatabase((ctx) =>
    setDeskTranslations({ ctx, input: { slug, locale, name: values.name, description: values.description, actor: { kind: 'admin-cli' } } }),
  );
  process.stdout.write(`desk ${texts.slug} in ${texts.locale}: name ${texts.name ?? '(default)'}; description ${texts.description ?? '(default)'}\n`);
  return 0;
}
