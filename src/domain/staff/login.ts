// Logging in: the client first asks for the account's KDF salt, derives the login key from the
// passphrase, and sends it with a TOTP code (or a recovery code). Failures are counted per
// account, never per IP (staff IPs are not kept): after 5 in a row the account waits 1 minute,
// then 2, 4, ... up to an hour. Unknown usernames get a stable made-up salt, so the salt
// request does not tell which usernames exist.
import { sha256 } from '@noble/hashes/sha2.js';
import { and, eq } from 'drizzle-orm';
import { STAFF_KDF_LOG_N } from '../../crypto/index.ts';
import type { Tx } from '../../db/database.ts';
import { staff, staffRecoveryCodes } from '../../db/schema.ts';
import { appendAudit } from '../audit.ts';
import { equalBytes } from '../bytes.ts';
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { instanceSecret } from '../instance.ts';
import type { StaffIdentity } from './identity.ts';
import { recoveryCodeHash } from './recovery-codes.ts';
import { openStaffSession } from './sessions.ts';
import { matchTotp } from './totp.ts';

export const FREE_FAILURES = 5;
export const MAX_LOCK_MINUTES = 60;

export async function loginParameters({ ctx, input }: { ctx: DomainContext; input: { username: string } }) {
  const username = input.username.trim().toLowerCase();
  const [row] = await ctx.db.read.select({ salt: staff.kdfSalt, logN: staff.kdfLogN }).from(staff).where(eq(staff.username, username)).limit(1);
  if (row) return { kdfSalt: row.salt, kdfLogN: row.logN };
  const secret = await instanceSecret(ctx, 'session_key');
  const label = new TextEncoder().encode(`tipline decoy salt\u0000${username}`);
  const input2 = new Uint8Array(secret.length + label.length);
  input2.set(secret, 0);
  input2.set(label, secret.length);
  return { kdfSalt: sha256(input2).slice(0, 16), kdfLogN: STAFF_KDF_LOG_N };
}

export interface LogInInput {
  username: string;
  loginKey: Uint8Array;
  totpCode?: string;
  recoveryCode?: string;
}

export interface LoggedIn {
  staff: StaffIdentity;
  cookie: string;
  csrfToken: string;
  publicKey: Uint8Array;
  encryptedSecretKey: Uint8Array;
}

type Outcome = { ok: true; value: LoggedIn } | { ok: false; error: DomainError };

export async function logIn({ ctx, input }: { ctx: DomainContext; input: LogInInput }): Promise<LoggedIn> {
  const username = input.username.trim().toLowerCase();
  const now = ctx.clock.now();
  // Failures are committed (the counter and the audit entry), so the verdict leaves the
  // transaction as a value and is thrown after it.
  const outcome = await ctx.db.write(async (tx): Promise<Outcome> => {
    const [account] = await tx.select().from(staff).where(eq(staff.username, username)).limit(1);
    const failed = new DomainError('login_failed', 'the username, passphrase or code is wrong');
    if (!account || !account.active) {
      await appendAudit(tx, ctx.clock, { actor: { kind: 'system' }, action: 'staff.login_failed', subject: 'unknown' });
      return { ok: false, error: failed };
    }
    const actor = { kind: 'staff', id: account.id } as const;
    if (account.lockedUntil && account.lockedUntil > now.toISOString()) {
      const retryAfter = Math.ceil((Date.parse(account.lockedUntil) - now.getTime()) / 1000);
      return { ok: false, error: new DomainError('login_locked', `too many failed logins; try again in ${retryAfter} seconds`, { retryAfter }) };
    }
    const factor = await checkFactors(tx, account, input, now);
    if (!factor) {
      const failures = account.failedLogins + 1;
      const lockMinutes = failures >= FREE_FAILURES ? Math.min(2 ** (failures - FREE_FAILURES), MAX_LOCK_MINUTES) : 0;
      await tx.update(staff).set({
        failedLogins: failures,
        lockedUntil: lockMinutes ? new Date(now.getTime() + lockMinutes * 60_000).toISOString() : null,
      }).where(eq(staff.id, account.id));
      await appendAudit(tx, ctx.clock, { actor, action: 'staff.login_failed', subject: account.id, details: { failures } });
      return { ok: false, error: failed };
    }
    await tx.update(staff).set({
      failedLogins: 0, lockedUntil: null, ...(factor.kind === 'totp' ? { totpLastStep: factor.step } : {}),
    }).where(eq(staff.id, account.id));
    const { cookie, csrfToken } = await openStaffSession(tx, now, account.id);
    await appendAudit(tx, ctx.clock, { actor, action: 'staff.login', subject: account.id, details: { factor: factor.kind } });
    return {
      ok: true,
      value: {
        staff: { id: account.id, username: account.username, displayName: account.displayName, role: account.role },
        cookie, csrfToken, publicKey: account.publicKey, encryptedSecretKey: account.encryptedSecretKey,
      },
    };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

type Account = typeof staff.$inferSelect;
type Factor = { kind: 'totp'; step: number } | { kind: 'recovery_code' };

async function checkFactors(tx: Tx, account: Account, input: LogInInput, now: Date): Promise<Factor | null> {
  if (input.loginKey.length !== 32 || !equalBytes(sha256(input.loginKey), account.loginVerifier)) return null;
  if (input.totpCode !== undefined) {
    const step = matchTotp(account.totpSecret, input.totpCode, now);
    return step !== null && step > account.totpLastStep ? { kind: 'totp', step } : null;
  }
  if (input.recoveryCode !== undefined) {
    const used = await tx.delete(staffRecoveryCodes)
      .where(and(eq(staffRecoveryCodes.staffId, account.id), eq(staffRecoveryCodes.codeHash, recoveryCodeHash(input.recoveryCode))))
      .returning({ staffId: staffRecoveryCodes.staffId });
    return used.length === 1 ? { kind: 'recovery_code' } : null;
  }
  return null;
}

