// tipline audit verify | keygen | checkpoint | export (issue 6).
//
//   verify [--public-key <b64|file>]...  the hash chain and every signed checkpoint; exit 0 only
//                                        when both are intact, else names the first bad entry
//   keygen --out <file>                  an Ed25519 checkpoint signing key file (mode 0600)
//   checkpoint                           signs the current head (TIPLINE_AUDIT_SIGNING_KEY_FILE)
//   export --out <file.jsonl>            every entry, then every checkpoint, as JSON Lines
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { hex } from '@scure/base';
import { toBase64 } from '../crypto/index.ts';
import { auditEntryPages } from '../domain/audit-browse.ts';
import { listCheckpoints, writeCheckpoint } from '../domain/audit-checkpoints.ts';
import type { AuditVerification } from '../domain/audit.ts';
import { verifyAuditChainParallel } from './audit-parallel.ts';
import { readSigningKeyFile, trustedPublicKeys, writeSigningKeyFile } from './audit-key.ts';
import { CliError, parse, required } from './util.ts';
import { withDatabase } from './with-database.ts';

export async function auditVerify(args: string[]): Promise<number> {
  const { values } = parse(args, { 'public-key': { type: 'string', multiple: true } });
  const keys = trustedPublicKeys(values['public-key'] ?? []);
  const threads = process.env.TIPLINE_AUDIT_VERIFY_THREADS ? Number(process.env.TIPLINE_AUDIT_VERIFY_THREADS) : undefined;
  if (threads !== undefined && (!Number.isSafeInteger(threads) || threads < 1)) throw new CliError('TIPLINE_AUDIT_VERIFY_THREADS must be a positive whole number', 2);
  const result = await withDatabase((ctx) => verifyAuditChainParallel(ctx.db.read, {
    url: process.env.DATABASE_URL, authToken: process.env.DATABASE_AUTH_TOKEN, trustedPublicKeys: keys, ...(threads ? { threads } : {}),
  }));
  process.stdout.write(describeVerification(result, keys.length));
  return result.ok ? 0 : 1;
}

export function describeVerification(result: AuditVerification, trustedKeys: number): string {
  const lines: string[] = [];
  if (result.ok) lines.push(`audit chain intact: ${result.entries} entries, head ${hex.encode(result.headHash)}`);
  else lines.push(`audit chain BROKEN at entry ${result.seq} (${result.problem}): ${result.message}`);
  const { count, last, signaturesChecked } = result.checkpoints;
  if (count === 0) {
    lines.push('no signed checkpoints: a cut-off tail or a chain rewritten from the start would not show (configure TIPLINE_AUDIT_SIGNING_KEY_FILE)');
  } else if (result.ok) {
    lines.push(signaturesChecked
      ? `${count} checkpoint(s) signed by the trusted key${trustedKeys > 1 ? 's' : ''} match the chain; the latest covers entry ${last!.seq} (${last!.at}), ${result.entries - last!.seq} entries after it`
      : `${count} checkpoint(s) match the chain, but their signatures were NOT checked: give --public-key, TIPLINE_AUDIT_PUBLIC_KEY or TIPLINE_AUDIT_SIGNING_KEY_FILE`);
  }
  return `${lines.join('\n')}\n`;
}

export async function auditKeygen(args: string[]): Promise<number> {
  const { values } = parse(args, { out: { type: 'string' } });
  const out = required(values.out, '--out');
  const publicKey = writeSigningKeyFile(out);
  process.stdout.write(`audit signing key written to ${out} (mode 0600); keep it off the database host's backups\n` +
    `public key ${toBase64(publicKey)}\nset TIPLINE_AUDIT_SIGNING_KEY_FILE=${out} for the server; give verifiers the public key (TIPLINE_AUDIT_PUBLIC_KEY)\n`);
  return 0;
}

export async function auditCheckpoint(args: string[]): Promise<number> {
  parse(args, {});
  const file = process.env.TIPLINE_AUDIT_SIGNING_KEY_FILE;
  if (!file) throw new CliError('TIPLINE_AUDIT_SIGNING_KEY_FILE is not set (make a key with tipline audit keygen --out <file>)', 2);
  const keyPair = readSigningKeyFile(file);
  const checkpoint = await withDatabase((ctx) => writeCheckpoint({ ctx, input: { keyPair } }));
  process.stdout.write(checkpoint
    ? `checkpoint signed at entry ${checkpoint.seq}, head ${hex.encode(checkpoint.headHash)}\n`
    : 'nothing to sign: the audit trail is empty or its head is already checkpointed\n');
  return 0;
}

export async function auditExport(args: string[]): Promise<number> {
  const { values } = parse(args, { out: { type: 'string' } });
  const out = required(values.out, '--out');
  const file = createWriteStream(out, { flags: 'wx', mode: 0o600 });
  await once(file, 'open').catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot write ${out}: ${error.code ?? 'error'} (it must not exist yet)`);
  });
  const write = async (line: unknown) => {
    if (!file.write(`${JSON.stringify(line)}\n`)) await once(file, 'drain');
  };
  const counts = await withDatabase(async (ctx) => {
    let entries = 0;
    let lastSeq = 0;
    for await (const page of auditEntryPages(ctx.db.read)) {
      for (const e of page) {
        lastSeq = e.seq;
        // `details` stays the stored text: re-hashing an exported line needs exactly those bytes.
        await write({ type: 'entry', seq: e.seq, at: e.at, actor: e.actor, action: e.action, subject: e.subject, details: e.details, prevHash: toBase64(e.prevHash), hash: toBase64(e.hash) });
        entries += 1;
      }
    }
    // Entries appended while exporting are not in the file, so neither are checkpoints of them
    // (a reader would take those for a cut-off tail).
    const checkpoints = (await listCheckpoints(ctx.db.read)).filter((c) => c.seq <= lastSeq);
    for (const c of checkpoints) {
      await write({ type: 'checkpoint', seq: c.seq, headHash: toBase64(c.headHash), at: c.at, publicKey: toBase64(c.publicKey), signature: toBase64(c.signature) });
    }
    return { entries, checkpoints: checkpoints.length };
  }).catch((error: unknown) => {
    file.destroy();
    throw error;
  });
  file.end();
  await once(file, 'finish');
  process.stdout.write(`exported ${counts.entries} entries and ${counts.checkpoints} checkpoints to ${out}\n`);
  return 0;
}
