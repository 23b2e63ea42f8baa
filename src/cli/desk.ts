// tipline desk create: makes a desk and its first keypair. The secret key goes to a file for
// offline custody (mode 0600) and nowhere else; the database gets the public key only.
import { unlinkSync } from 'node:fs';
import { generateBoxKeyPair, toBase64 } from '../crypto/index.ts';
import { createDesk } from '../domain/desks.ts';
import { writeSecretKeyFile } from './secret-key-file.ts';
import { parse, required } from './util.ts';
import { withDatabase } from './with-database.ts';

export async function deskCreate(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    name: { type: 'string' },
    description: { type: 'string' },
    'secret-key-out': { type: 'string' },
  }, 1);
  const slug = positionals[0]!;
  const name = required(values.name, '--name');
  const out = required(values['secret-key-out'], '--secret-key-out');
  const keyPair = generateBoxKeyPair();
  // Write the secret first: a desk whose secret was never saved could receive unreadable tips.
  writeSecretKeyFile(out, { desk: slug, keyVersion: 1, keyPair });
  const desk = await withDatabase((ctx) =>
    createDesk({ ctx, input: { slug, name, description: values.description, publicKey: keyPair.publicKey, actor: { kind: 'admin-cli' } } }),
  ).catch((error: unknown) => {
    unlinkSync(out); // the desk was not created: leave no key for it lying around
    throw error;
  });
  process.stdout.write(`desk ${desk.slug} created (key version ${desk.keyVersion})\npublic key ${toBase64(keyPair.publicKey)}\nsecret key written to ${out}\n`);
  return 0;
}
