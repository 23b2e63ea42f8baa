// The desk's offline recovery key (DESIGN.md §2, issue 6 "Recovery"): an X25519 key pair made
// when the desk is (by the CLI or the admin's browser) and shown once. The server keeps its
// public half, and every desk key version's secret sealed to it (crypto_box_seal, the layout of
// a sealed tip key: docs/envelope.md), so whoever holds the recovery secret can open every
// version, hence every tip, even when no member is left.
import { and, eq } from 'drizzle-orm';
import { boxKeyPairFromSecretKey, openSealed, SEALED_TIP_KEY_BYTES, type KeyPair } from '../../crypto/index.ts';
import type { Queryable, Tx } from '../../db/database.ts';
import { deskKeys, desks } from '../../db/schema.ts';
import { appendAudit, type AuditActor } from '../audit.ts';
import { equalBytes } from '../bytes.ts';
import type { DomainContext } from '../context.ts';
import { checkDeskFields, insertDesk } from '../desks.ts';
import { DomainError } from '../errors.ts';
import { loadDeskKeyState } from './state.ts';

export interface RecoveryFields {
  recoveryPublicKey: Uint8Array;
  /** The desk key version's secret, crypto_box_seal'ed to recoveryPublicKey. */
  sealedForRecovery: Uint8Array;
}

export function checkRecoveryFields(input: RecoveryFields): void {
  if (input.recoveryPublicKey.length !== 32) throw new DomainError('invalid_input', 'a recovery public key is 32 bytes');
  if (input.sealedForRecovery.length !== SEALED_TIP_KEY_BYTES) throw new DomainError('invalid_input', `a sealed desk secret is ${SEALED_TIP_KEY_BYTES} bytes`);
}

/** Inside the desk's creating transaction: the recovery key and version 1's recovery copy. */
export async function setDeskRecovery(tx: Tx, ctx: DomainContext, deskId: string, version: number, input: RecoveryFields, actor: AuditActor): Promise<void> {
  checkRecoveryFields(input);
  await tx.update(desks).set({ recoveryPublicKey: input.recoveryPublicKey }).where(eq(desks.id, deskId));
  await tx.update(deskKeys).set({ sealedForRecovery: input.sealedForRecovery }).where(and(eq(deskKeys.deskId, deskId), eq(deskKeys.version, version)));
  await appendAudit(tx, ctx.clock, { actor, action: 'desk.recovery_key_set', subject: deskId, details: { version } });
}

export interface CreateDeskWithRecoveryInput extends RecoveryFields {
  slug: string;
  name: string;
  description?: string;
  publicKey: Uint8Array;
  actor: AuditActor;
}

/** createDesk (src/domain/desks.ts) plus the recovery key, in one transaction. */
export async function createDeskWithRecovery({ ctx, input }: { ctx: DomainContext; input: CreateDeskWithRecoveryInput }) {
  const fields = checkDeskFields(input);
  checkRecoveryFields(input);
  return ctx.db.write(async (tx) => {
    const desk = await insertDesk(tx, ctx, { ...input, ...fields });
    await setDeskRecovery(tx, ctx, desk.id, desk.keyVersion, input, input.actor);
    return desk;
  });
}

/**
 * Every desk key version this recovery key can open (those not yet retired by a finished
 * rotation), each checked against that version's public key. During a rotation that replaced the
 * recovery key, the old one opens the old versions and the new one the new version. Throws when
 * it opens none: it is not this desk's recovery key (or no longer opens anything).
 */
export async function openRecoverySecrets(db: Queryable, by: { id: string } | { slug: string }, recovery: KeyPair): Promise<Map<number, KeyPair>> {
  const desk = await loadDeskKeyState(db, by);
  if (!desk.recoveryPublicKey) throw new DomainError('invalid_input', `desk ${desk.slug} has no recovery key`);
  const secrets = new Map<number, KeyPair>();
  for (const v of desk.versions) {
    if (!v.sealedForRecovery) continue;
    let secret: Uint8Array;
    try {
      secret = openSealed(v.sealedForRecovery, recovery);
    } catch {
      continue; // sealed to another recovery key (replaced by a rotation still under way)
    }
    const keyPair = boxKeyPairFromSecretKey(secret);
    secret.fill(0);
    if (!equalBytes(keyPair.publicKey, v.publicKey)) throw new DomainError('invalid_input', `the recovery copy of key version ${v.version} does not match that version`);
    secrets.set(v.version, keyPair);
  }
  if (secrets.size === 0) throw new DomainError('invalid_input', `this is not the recovery key of desk ${desk.slug}, or it opens no key version any more`);
  return secrets;
}
