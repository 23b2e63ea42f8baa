// tipline desk rotate <slug> (--secret-key <old> | --recovery-key <file>)
//                            (--new-secret-key-out <new> | --resume-with <new>) [--recovery-key-out <file>]
//                            [--workers <n>] [--batch <keys per transaction>]
//
// Rotates a desk's key (DESIGN.md §2 "Rotation"): a new key pair, written to its key file BEFORE
// the new version is made active (so a crash can never leave a version whose secret nobody has),
// sealed to every active member and to the recovery key; then every tip key and reply key still
// sealed to an old version is re-sealed to it (worker threads, one per core); then the old
// versions' sealed secrets are destroyed. Re-running after a crash or a kill at any point
// continues: `--resume-with` names the new key file written by the first run (before activation,
// it activates that key; after, it checks it against the active version).
import { equalBytes } from '../domain/bytes.ts';
import { generateBoxKeyPair, type KeyPair } from '../crypto/index.ts';
import type { DomainContext } from '../domain/context.ts';
import { finishRotation } from '../domain/rotation/finish.ts';
import { openRecoverySecrets } from '../domain/rotation/recovery.ts';
import { MAX_RESEAL_BATCH } from '../domain/rotation/reseal.ts';
import { loadDeskKeyState, rotationProgress, type DeskKeyState } from '../domain/rotation/state.ts';
import { startRotationWithSecret } from '../domain/rotation/with-secret.ts';
import { readRecoveryKeyFile, syncToDisk, writeRecoveryKeyFile } from './recovery-key-file.ts';
import { ResealPool } from './reseal-pool.ts';
import { PAGE, resealDesk } from './rotate-reseal.ts';
import { readSecretKeyFile, writeSecretKeyFile } from './secret-key-file.ts';
import { CliError, parse } from './util.ts';
import { withDatabase } from './with-database.ts';

const say = (line: string) => process.stderr.write(`${line}\n`);

export async function deskRotate(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    'secret-key': { type: 'string' },
    'recovery-key': { type: 'string' },
    'new-secret-key-out': { type: 'string' },
    'resume-with': { type: 'string' },
    'recovery-key-out': { type: 'string' },
    workers: { type: 'string' },
    batch: { type: 'string' },
  }, 1);
  const slug = positionals[0]!;
  if (Boolean(values['secret-key']) === Boolean(values['recovery-key'])) throw new CliError('give either --secret-key or --recovery-key (see tipline --help)', 2);
  if (values['new-secret-key-out'] && values['resume-with']) throw new CliError('give --new-secret-key-out to start, or --resume-with to continue, not both', 2);
  const workers = values.workers === undefined ? ResealPool.defaultSize() : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new CliError('--workers is 1-64', 2);
  const batch = values.batch === undefined ? PAGE : Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > MAX_RESEAL_BATCH) throw new CliError(`--batch is 1-${MAX_RESEAL_BATCH}`, 2);
  const oldKey = values['secret-key'] ? readSecretKeyFile(values['secret-key']) : undefined;
  if (oldKey && oldKey.desk !== slug) throw new CliError(`the key file is for desk ${oldKey.desk}, not ${slug}`);
  const recovery = values['recovery-key'] ? readRecoveryKeyFile(values['recovery-key']) : undefined;

  return withDatabase(async (ctx) => {
    let desk = await loadDeskKeyState(ctx.db.read, { slug });
    const secrets = await knownSecrets(ctx, desk, oldKey, recovery);
    const progress = await rotationProgress(ctx.db.read, desk.id);
    let next: KeyPair;
    if (progress.inProgress) {
      if (values['recovery-key-out']) throw new CliError('a rotation is under way: a new recovery key can only be made when a rotation starts', 2);
      next = resumeKey(desk, values['resume-with'], secrets, Boolean(values['new-secret-key-out']));
      say(`continuing the rotation of ${slug} to key version ${desk.currentVersion}`);
    } else {
      next = await activate(ctx, desk, secrets, values);
      desk = await loadDeskKeyState(ctx.db.read, { slug });
    }

    const pool = await ResealPool.start(secrets, next.publicKey, workers);
    const cpuBefore = process.cpuUsage(); // the whole process: every worker thread included
    let report;
    try {
      report = await resealDesk(ctx, { id: desk.id, toVersion: desk.currentVersion }, secrets, pool, progressLine(), batch);
    } finally {
      await pool.close();
    }
    const rate = report.moved / Math.max(0.001, report.seconds);
    const cpu = process.cpuUsage(cpuBefore);
    say(`re-sealed ${report.moved} key(s) in ${report.seconds.toFixed(2)} s (${rate.toFixed(0)} keys/s, ${pool.size} worker(s), ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU)`);
    if (report.failed.length) {
      say(`cannot re-seal ${report.failed.length} key(s): their sealed key does not open with the old version's secret. Nothing was destroyed.`);
      for (const id of report.failed.slice(0, 20)) say(`  ${id}`);
      return 1;
    }
    const done = await finishRotation({ ctx, input: { deskId: desk.id, actor: { kind: 'admin-cli' } } });
    for (const k of secrets.values()) k.secretKey.fill(0);
    process.stdout.write(`desk ${slug} now uses key version ${done.toVersion} only; destroyed the sealed secrets of version(s) ${done.destroyedVersions.join(', ') || 'none'} (${done.grantsDeleted} grant(s))\n` +
      (oldKey ? `the old key file (version ${oldKey.keyVersion}) opens nothing any more: destroy it\n` : ''));
    return 0;
  });
}

/** Every desk key version the operator can open: the key file's version and/or all the recovery key opens. */
async function knownSecrets(ctx: DomainContext, desk: DeskKeyState, oldKey?: { keyVersion: number; keyPair: KeyPair }, recovery?: KeyPair) {
  const secrets = new Map<number, KeyPair>();
  if (oldKey) {
    const version = desk.versions.find((v) => v.version === oldKey.keyVersion);
    if (!version || !equalBytes(version.publicKey, oldKey.keyPair.publicKey)) throw new CliError(`the key file does not hold key version ${oldKey.keyVersion} of desk ${desk.slug}`);
    secrets.set(oldKey.keyVersion, oldKey.keyPair);
  }
  if (recovery) for (const [v, k] of await openRecoverySecrets(ctx.db.read, { id: desk.id }, recovery)) secrets.set(v, k);
  return secrets;
}

/** An unfinished rotation: the new key is the active one; prove it is kept (file or recovery copy). */
function resumeKey(desk: DeskKeyState, resumeWith: string | undefined, secrets: Map<number, KeyPair>, startAsked: boolean): KeyPair {
  if (resumeWith) {
    const file = readSecretKeyFile(resumeWith);
    if (file.desk !== desk.slug || file.keyVersion !== desk.currentVersion || !equalBytes(file.keyPair.publicKey, desk.publicKey)) {
      throw new CliError(`${resumeWith} is not key version ${desk.currentVersion} of desk ${desk.slug}, which the unfinished rotation made active`);
    }
    return file.keyPair;
  }
  const fromRecovery = secrets.get(desk.currentVersion);
  if (fromRecovery && !startAsked) return fromRecovery;
  throw new CliError(`the rotation of ${desk.slug} to key version ${desk.currentVersion} is not finished: continue it with --resume-with <the key file written when it started>` +
    ' (or with --recovery-key alone)');
}

/** No unfinished rotation: write the new key (and a recovery key if the desk has none) to files, then make it active. */
async function activate(ctx: DomainContext, desk: DeskKeyState, secrets: Map<number, KeyPair>, values: Record<string, string | boolean | undefined>): Promise<KeyPair> {
  const current = secrets.get(desk.currentVersion);
  if (!current) throw new CliError(`starting a rotation needs the current key (version ${desk.currentVersion}) of desk ${desk.slug}: its key file or the recovery key`);
  const resumeWith = values['resume-with'] as string | undefined;
  const out = values['new-secret-key-out'] as string | undefined;
  const recoveryOut = values['recovery-key-out'] as string | undefined;
  if (!desk.recoveryPublicKey && !recoveryOut) {
    throw new CliError(`desk ${desk.slug} has no recovery key yet: give --recovery-key-out <file> to make one with this rotation`, 2);
  }
  let next: KeyPair;
  if (resumeWith) {
    // An earlier run wrote this file and stopped before activating it.
    const file = readSecretKeyFile(resumeWith);
    if (file.desk !== desk.slug || file.keyVersion !== desk.currentVersion + 1) {
      throw new CliError(`${resumeWith} is not a new key (version ${desk.currentVersion + 1}) of desk ${desk.slug}, and no rotation of it is unfinished`);
    }
    next = file.keyPair;
  } else {
    if (!out) throw new CliError('--new-secret-key-out is required to start a rotation (see tipline --help)', 2);
    next = generateBoxKeyPair();
    // Written before the version is activated: a crash after activation must find it on disk.
    writeSecretKeyFile(out, { desk: desk.slug, keyVersion: desk.currentVersion + 1, keyPair: next });
    syncToDisk(out);
  }
  let newRecoveryPublicKey: Uint8Array | undefined;
  if (recoveryOut) {
    const recoveryKey = generateBoxKeyPair();
    writeRecoveryKeyFile(recoveryOut, desk.slug, recoveryKey);
    newRecoveryPublicKey = recoveryKey.publicKey;
    recoveryKey.secretKey.fill(0);
    say(`${desk.recoveryPublicKey ? 'new ' : ''}recovery key written to ${recoveryOut}: print it, keep it offline in a safe, then delete the file` +
      (desk.recoveryPublicKey ? '; the old one opens nothing once this rotation finishes' : ''));
  }
  const started = await startRotationWithSecret({ ctx, input: { deskSlug: desk.slug, current, next, ...(newRecoveryPublicKey ? { newRecoveryPublicKey } : {}) } });
  say(`key version ${started.toVersion} of ${desk.slug} is active for new tips${out ? ` (secret key in ${out})` : ''}`);
  return next;
}

/** One line per update on a terminal (rewritten in place); elsewhere a line at most every second. */
function progressLine() {
  let last = 0;
  return (moved: number, total: number, rate: number) => {
    const line = `re-sealed ${moved}/${total} keys (${rate.toFixed(0)}/s)`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line}${moved >= total ? '\n' : ''}`);
    } else if (moved >= total || performance.now() - last > 1000) {
      last = performance.now();
      say(line);
    }
  };
}
