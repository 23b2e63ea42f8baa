// The Node server's background jobs (issue 6); the Worker runs the purge from its cron trigger.
//   - retention: purgeExpired every TIPLINE_PURGE_INTERVAL_MINUTES (default 60), and once soon
//     after start;
//   - audit checkpoints: when TIPLINE_AUDIT_SIGNING_KEY_FILE names a key file (tipline audit
//     keygen), the chain head is signed every TIPLINE_AUDIT_CHECKPOINT_MINUTES (default 10) and
//     at shutdown. Each checkpoint's seq and head hash also go to the log, a record outside the
//     database.
// Timers are unref'd: they never keep the process alive. A run never overlaps the previous one.
// Failures are logged by error class only (driver messages can quote SQL parameters).
import { hex } from '@scure/base';
import { readSigningKeyFile } from './cli/audit-key.ts';
import { writeCheckpoint } from './domain/audit-checkpoints.ts';
import type { DomainContext } from './domain/context.ts';
import { purgeExpired } from './domain/retention.ts';
import { unfinishedUploadDays } from './settings.ts';

export interface Log {
  info(line: string): void;
  error(line: string): void;
}

function minutes(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number of minutes`);
  return value;
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : typeof error);

/** A job that runs at most once at a time: calling it while it runs joins the current run. */
function serial(name: string, log: Log, job: () => Promise<void>) {
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= job().catch((error: unknown) => log.error(`${name} failed: ${errorName(error)}`)).finally(() => { running = null; });
    return running;
  };
  /** The run in progress, if any. */
  run.current = () => running ?? Promise.resolve();
  return run;
}

/** Starts the jobs (reading the signing key now: a bad key file stops the start). */
export function startBackgroundJobs(ctx: DomainContext, env: NodeJS.ProcessEnv, log: Log): { stop(): Promise<void> } {
  const timers: NodeJS.Timeout[] = [];
  const uploadDays = unfinishedUploadDays(env); // read now: a bad value stops the start
  const purge = serial('retention', log, async () => {
    const r = await purgeExpired({ ctx, input: { unfinishedUploadDays: uploadDays } });
    if (r.tips || r.uploads || r.powChallenges) {
      log.info(`retention: purged ${r.tips} tips (${r.tipChunks} chunks, ${r.conversations} conversations), ${r.uploads} unfinished uploads (${r.chunks} chunks), ${r.powChallenges} challenges`);
    }
  });
  timers.push(setInterval(purge, minutes(env, 'TIPLINE_PURGE_INTERVAL_MINUTES', 60) * 60_000), setTimeout(purge, 10_000));

  const keyFile = env.TIPLINE_AUDIT_SIGNING_KEY_FILE;
  const keyPair = keyFile ? readSigningKeyFile(keyFile) : null;
  const checkpoint = serial('audit checkpoint', log, async () => {
    if (!keyPair) return;
    const written = await writeCheckpoint({ ctx, input: { keyPair } });
    if (written) log.info(`audit checkpoint: entry ${written.seq}, head ${hex.encode(written.headHash)}`);
  });
  if (keyPair) timers.push(setInterval(checkpoint, minutes(env, 'TIPLINE_AUDIT_CHECKPOINT_MINUTES', 10) * 60_000));
  for (const timer of timers) timer.unref();

  return {
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await purge.current(); // a purge in progress finishes its batch; none is started
      await checkpoint(); // the head as it is after the last request, signed
    },
  };
}
