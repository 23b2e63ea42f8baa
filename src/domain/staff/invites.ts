// Invitations and enrollment. An admin (or `tipline admin create` for the first admin) makes a
// single-use link that expires; whoever opens it chooses a username and passphrase, sets up an
// authenticator app, and becomes staff with the invited role. The token is a capability: only
// its hash is stored.
import { and, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { desks, deskMembers, staff, staffInvites, staffRecoveryCodes, STAFF_ROLES, type StaffRole } from '../../db/schema.ts';
import { appendAudit, type AuditActor } from '../audit.ts';
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { hashToken, newId, newToken } from '../ids.ts';
import { checkCredentials, type StaffCredentials } from './credentials.ts';
import { MAX_DISPLAY_NAME, USERNAME_PATTERN, type StaffIdentity } from './identity.ts';
import { newRecoveryCodes, recoveryCodeHash } from './recovery-codes.ts';
import { openStaffSession } from './sessions.ts';
import { matchTotp, TOTP_SECRET_BYTES } from './totp.ts';

export const INVITE_HOURS = 72;

export interface CreateInviteInput {
  role: StaffRole;
  deskIds?: string[];
  actor: AuditActor;
  validHours?: number;
}

export async function createInvite({ ctx, input }: { ctx: DomainContext; input: CreateInviteInput }) {
  if (!STAFF_ROLES.includes(input.role)) throw new DomainError('invalid_input', 'unknown role');
  const hours = input.validHours ?? INVITE_HOURS;
  if (!(hours > 0 && hours <= 24 * 14)) throw new DomainError('invalid_input', 'an invite is valid 1 hour to 14 days');
  const deskIds = [...new Set(input.deskIds ?? [])];
  const token = newToken();
  const expiresAt = new Date(ctx.clock.now().getTime() + hours * 3_600_000).toISOString();
  await ctx.db.write(async (tx) => {
    for (const deskId of deskIds) {
      const [desk] = await tx.select({ id: desks.id }).from(desks).where(eq(desks.id, deskId)).limit(1);
      if (!desk) throw new DomainError('unknown_desk', 'no such desk');
    }
    await tx.insert(staffInvites).values({
      tokenHash: hashToken(token), role: input.role, deskIds: JSON.stringify(deskIds),
      createdBy: input.actor.kind === 'staff' ? input.actor.id : input.actor.kind, expiresAt,
    });
    await appendAudit(tx, ctx.clock, { actor: input.actor, action: 'staff.invited', subject: input.role, details: { desks: deskIds, expiresAt } });
  });
  return { token, expiresAt };
}

async function usableInvite(db: Queryable, token: string, now: Date) {
  if (!/^[0-9a-f]{64}$/.test(token)) throw new DomainError('invite_invalid', 'this invitation link is not valid');
  const [invite] = await db.select().from(staffInvites).where(and(eq(staffInvites.tokenHash, hashToken(token)), isNull(staffInvites.usedAt))).limit(1);
  if (!invite || invite.expiresAt <= now.toISOString()) {
    throw new DomainError('invite_invalid', 'this invitation link was used already, has expired or is not valid');
  }
  return invite;
}

export async function describeInvite({ ctx, input }: { ctx: DomainContext; input: { token: string } }) {
  const invite = await usableInvite(ctx.db.read, input.token, ctx.clock.now());
  return { role: invite.role, expiresAt: invite.expiresAt };
}

export interface EnrollInput {
  token: string;
  username: string;
  displayName: string;
  credentials: StaffCredentials;
  totpSecret: Uint8Array;
  /** A current code from the authenticator: proves it was set up before the account exists. */
  totpCode: string;
}

export interface Enrolled {
  staff: StaffIdentity;
  /** Shown once; only their hashes are kept. */
  recoveryCodes: string[];
  /** A session starts at once: the TOTP code just used cannot log in again. */
  cookie: string;
  csrfToken: string;
}

export async function enrollStaff({ ctx, input }: { ctx: DomainContext; input: EnrollInput }): Promise<Enrolled> {
  const username = input.username.trim().toLowerCase();
  if (!USERNAME_PATTERN.test(username)) throw new DomainError('invalid_input', 'a username is 2-40 characters of a-z, 0-9, dot, hyphen and underscore');
  const displayName = input.displayName.trim();
  if (displayName.length === 0 || displayName.length > MAX_DISPLAY_NAME) throw new DomainError('invalid_input', `a display name is 1-${MAX_DISPLAY_NAME} characters`);
  const credentials = checkCredentials(input.credentials);
  if (input.totpSecret.length !== TOTP_SECRET_BYTES) throw new DomainError('invalid_input', `the TOTP secret is ${TOTP_SECRET_BYTES} bytes`);
  const now = ctx.clock.now();
  const step = matchTotp(input.totpSecret, input.totpCode, now);
  if (step === null) throw new DomainError('bad_totp', 'the code from the authenticator app does not match; check the device clock and try again');

  const recoveryCodes = newRecoveryCodes();
  return ctx.db.write(async (tx) => {
    const invite = await usableInvite(tx, input.token, now);
    const [taken] = await tx.select({ id: staff.id }).from(staff).where(eq(staff.username, username)).limit(1);
    if (taken) throw new DomainError('username_taken', 'that username is taken');
    const id = newId();
    const at = now.toISOString();
    await tx.insert(staff).values({
      id, username, displayName, role: invite.role, ...credentials,
      totpSecret: input.totpSecret, totpLastStep: step, createdAt: at,
    });
    await tx.insert(staffRecoveryCodes).values(recoveryCodes.map((code) => ({ staffId: id, codeHash: recoveryCodeHash(code) })));
    await tx.update(staffInvites).set({ usedAt: at }).where(eq(staffInvites.tokenHash, invite.tokenHash));
    const deskIds = JSON.parse(invite.deskIds) as string[];
    for (const deskId of deskIds) await tx.insert(deskMembers).values({ deskId, staffId: id, addedAt: at }).onConflictDoNothing();
    const actor = { kind: 'staff', id } as const;
    await appendAudit(tx, ctx.clock, { actor, action: 'staff.enrolled', subject: id, details: { role: invite.role, username } });
    for (const deskId of deskIds) await appendAudit(tx, ctx.clock, { actor, action: 'desk.member_added', subject: deskId, details: { staff: id, via: 'invite' } });
    const session = await openStaffSession(tx, now, id);
    return { staff: { id, username, displayName, role: invite.role }, recoveryCodes, ...session };
  });
}
