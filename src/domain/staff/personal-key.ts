// Personal key rotation (issue 6: suspected compromise). The member's browser makes a new X25519
// key pair, encrypts its secret under the same key-encryption key as before (same passphrase and
// salt: src/crypto/staff-keys.ts), proves the passphrase with its login key, and sends both. The
// server replaces the key pair and deletes every desk grant sealed to the old public key: those
// may be opened by whoever has the old secret, and cannot be opened by the new one. Another member
// (POST /desks/:deskId/grants) or the CLI (`tipline desk grant`, with a key file or after
// opening the key with the recovery key) grants the desks again. The member's desks are marked
// as due for a rotation, since the desk secrets the old key could open must be presumed known.
// Every other session of the account ends.
import { sha256 } from '@noble/hashes/sha2.js';
import { eq } from 'drizzle-orm';
import { ENCRYPTED_SECRET_KEY_BYTES } from '../../crypto/index.ts';
import { deskKeyGrants, staff } from '../../db/schema.ts';
import { appendAudit } from '../audit.ts';
import { equalBytes } from '../bytes.ts';
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { markRotationDue, requireAnotherHolder } from './offboarding.ts';
import { revokeStaffSessions, type ResolvedSession } from './sessions.ts';

export interface RotatePersonalKeyInput {
  session: ResolvedSession;
  currentLoginKey: Uint8Array;
  publicKey: Uint8Array;
  /** nonce || secretbox(new secret key, nonce, kek), as at enrollment. */
  encryptedSecretKey: Uint8Array;
}

export async function rotatePersonalKey({ ctx, input }: { ctx: DomainContext; input: RotatePersonalKeyInput }) {
  if (input.publicKey.length !== 32) throw new DomainError('invalid_input', 'publicKey is 32 bytes');
  if (input.encryptedSecretKey.length !== ENCRYPTED_SECRET_KEY_BYTES) throw new DomainError('invalid_input', `encryptedSecretKey is ${ENCRYPTED_SECRET_KEY_BYTES} bytes`);
  const staffId = input.session.staff.id;
  return ctx.db.write(async (tx) => {
    const [account] = await tx.select({ verifier: staff.loginVerifier, publicKey: staff.publicKey }).from(staff).where(eq(staff.id, staffId)).limit(1);
    if (!account) throw new DomainError('unknown_staff', 'no such staff member');
    if (input.currentLoginKey.length !== 32 || !equalBytes(sha256(input.currentLoginKey), account.verifier)) {
      throw new DomainError('login_failed', 'the current passphrase is wrong');
    }
    if (equalBytes(input.publicKey, account.publicKey)) throw new DomainError('invalid_input', 'the new personal key must be a new key pair');
    const held = await tx.selectDistinct({ deskId: deskKeyGrants.deskId }).from(deskKeyGrants).where(eq(deskKeyGrants.staffId, staffId));
    await requireAnotherHolder(tx, held.map((h) => h.deskId), staffId);
    await tx.update(staff).set({ publicKey: input.publicKey, encryptedSecretKey: input.encryptedSecretKey }).where(eq(staff.id, staffId));
    const grants = await tx.delete(deskKeyGrants).where(eq(deskKeyGrants.staffId, staffId)).returning({ deskId: deskKeyGrants.deskId });
    const deskIds = [...new Set(grants.map((g) => g.deskId))].sort();
    await markRotationDue(tx, deskIds, ctx.clock.now().toISOString());
    await revokeStaffSessions(tx, staffId, input.session.idHash);
    await appendAudit(tx, ctx.clock, {
      actor: { kind: 'staff', id: staffId }, action: 'staff.personal_key_rotated', subject: staffId,
      details: { grantsDeleted: grants.length, desks: deskIds },
    });
    return { grantsDeleted: grants.length, desksToRegrant: deskIds };
  });
}
