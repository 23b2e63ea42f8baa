// Changing a passphrase: the client proves the old one (its login key), then sends the new salt,
// login key and the personal secret key re-encrypted under the new key-encryption key. The
// personal key pair itself stays, so every desk grant sealed to it stays valid. Every other
// session of the account ends.
import { sha256 } from '@noble/hashes/sha2.js';
import { eq } from 'drizzle-orm';
import { staff } from '../../db/schema.ts';
import { appendAudit } from '../audit.ts';
import { equalBytes } from '../bytes.ts';
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { checkCredentials, type StaffCredentials } from './credentials.ts';
import { revokeStaffSessions, type ResolvedSession } from './sessions.ts';

export interface ChangePassphraseInput {
  session: ResolvedSession;
  currentLoginKey: Uint8Array;
  next: StaffCredentials;
}

export async function changePassphrase({ ctx, input }: { ctx: DomainContext; input: ChangePassphraseInput }) {
  const next = checkCredentials(input.next);
  const staffId = input.session.staff.id;
  await ctx.db.write(async (tx) => {
    const [account] = await tx.select({ verifier: staff.loginVerifier, publicKey: staff.publicKey }).from(staff).where(eq(staff.id, staffId)).limit(1);
    if (!account) throw new DomainError('unknown_staff', 'no such staff member');
    if (input.currentLoginKey.length !== 32 || !equalBytes(sha256(input.currentLoginKey), account.verifier)) {
      throw new DomainError('login_failed', 'the current passphrase is wrong');
    }
    if (!equalBytes(next.publicKey, account.publicKey)) {
      throw new DomainError('invalid_input', 'a passphrase change keeps the personal key pair; rotating it is a separate step');
    }
    await tx.update(staff).set({ kdfSalt: next.kdfSalt, kdfLogN: next.kdfLogN, loginVerifier: next.loginVerifier, encryptedSecretKey: next.encryptedSecretKey }).where(eq(staff.id, staffId));
    await revokeStaffSessions(tx, staffId, input.session.idHash);
    await appendAudit(tx, ctx.clock, { actor: { kind: 'staff', id: staffId }, action: 'staff.passphrase_changed', subject: staffId });
  });
}
