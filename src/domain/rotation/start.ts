// Starting a desk key rotation (DESIGN.md §2 "Rotation", issue 6). Whoever holds the current
// desk secret (a member's browser, or the CLI with the key file or the recovery key) makes a new
// key pair and sends its public key, its secret sealed (crypto_box_seal) to every active member's
// personal key and to the desk's recovery key. One transaction then adds the version and makes it
// current: from that commit on, a source that sealed to the old key gets 409 stale_key and
// re-seals (src/domain/tip-record.ts), so no tip is ever recorded under the old version again;
// tips recorded before it are found by the re-seal batches (reseal.ts).
import { eq } from 'drizzle-orm';
import { SEALED_TIP_KEY_BYTES } from '../../crypto/index.ts';
import { deskKeyGrants, deskKeys, desks } from '../../db/schema.ts';
import { appendAudit } from '../audit.ts';
import { equalBytes } from '../bytes.ts';
import { dayOf, type DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { checkRecoveryFields } from './recovery.ts';
import { auditActorOf, requireKeyHolder, type Rotator } from './rotator.ts';
import { activeMembers, loadDeskKeyState, oldVersionCounts, undestroyedOldVersions } from './state.ts';

export interface StartRotationInput {
  deskId: string;
  /** The new version's public key. */
  publicKey: Uint8Array;
  /** The new secret sealed to the desk's recovery key. */
  sealedForRecovery: Uint8Array;
  /**
   * A new recovery key, made with this rotation: for a desk made before recovery keys existed, or
   * to replace a lost or exposed one (the old one opens nothing once this rotation finishes,
   * since it holds copies of the old versions only).
   */
  recoveryPublicKey?: Uint8Array;
  /** The new secret sealed to each active member of the desk: all of them, nobody else. */
  grants: { staffId: string; sealedSecret: Uint8Array }[];
  actor: Rotator;
}

export async function startRotation({ ctx, input }: { ctx: DomainContext; input: StartRotationInput }) {
  if (input.publicKey.length !== 32) throw new DomainError('invalid_input', 'a desk public key is 32 bytes');
  for (const g of input.grants) {
    if (g.sealedSecret.length !== SEALED_TIP_KEY_BYTES) throw new DomainError('invalid_input', `a sealed desk secret is ${SEALED_TIP_KEY_BYTES} bytes`);
  }
  return ctx.db.write(async (tx) => {
    const desk = await loadDeskKeyState(tx, { id: input.deskId });
    await requireKeyHolder(tx, desk.id, desk.currentVersion, input.actor);
    const [left, undestroyed] = await Promise.all([
      oldVersionCounts(tx, desk.id, desk.currentVersion), undestroyedOldVersions(tx, desk.id, desk.currentVersion),
    ]);
    if (left.tips + left.replies > 0 || undestroyed.size > 0) {
      throw new DomainError('rotation_in_progress', `the rotation to key version ${desk.currentVersion} is not finished; finish it first`, {
        toVersion: desk.currentVersion, remaining: left.tips + left.replies,
      });
    }
    const recoveryPublicKey = input.recoveryPublicKey ?? desk.recoveryPublicKey;
    if (!recoveryPublicKey) throw new DomainError('invalid_input', 'this desk has no recovery key yet: send recoveryPublicKey to make one with this rotation');
    const recoveryChanged = !desk.recoveryPublicKey || !equalBytes(desk.recoveryPublicKey, recoveryPublicKey);
    checkRecoveryFields({ recoveryPublicKey, sealedForRecovery: input.sealedForRecovery });
    if (desk.versions.some((v) => equalBytes(v.publicKey, input.publicKey))) throw new DomainError('invalid_input', 'the new key must be a new key pair');
    await checkGrantsCoverMembers(tx, desk.id, input.grants);

    const from = desk.currentVersion;
    const to = from + 1;
    await tx.insert(deskKeys).values({ deskId: desk.id, version: to, publicKey: input.publicKey, createdDay: dayOf(ctx.clock.now()), sealedForRecovery: input.sealedForRecovery });
    for (const g of input.grants) await tx.insert(deskKeyGrants).values({ deskId: desk.id, version: to, staffId: g.staffId, sealedSecret: g.sealedSecret });
    await tx.update(desks).set({
      currentKeyVersion: to, rotationDueSince: null, ...(recoveryChanged ? { recoveryPublicKey } : {}),
    }).where(eq(desks.id, desk.id));
    await appendAudit(tx, ctx.clock, {
      actor: auditActorOf(input.actor), action: 'desk.rotation_started', subject: desk.id,
      details: { from, to, grantedTo: input.grants.map((g) => g.staffId), recoveryKey: !desk.recoveryPublicKey ? 'added' : recoveryChanged ? 'replaced' : 'kept' },
    });
    return { deskId: desk.id, slug: desk.slug, fromVersion: from, toVersion: to };
  });
}

async function checkGrantsCoverMembers(tx: Parameters<typeof activeMembers>[0], deskId: string, grants: StartRotationInput['grants']) {
  const members = new Set((await activeMembers(tx, deskId)).map((m) => m.staffId));
  const given = new Set(grants.map((g) => g.staffId));
  if (given.size !== grants.length) throw new DomainError('invalid_input', 'one grant per member');
  const outsiders = [...given].filter((id) => !members.has(id));
  if (outsiders.length) throw new DomainError('invalid_input', 'grants go to active members of the desk only', { staff: outsiders });
  const missing = [...members].filter((id) => !given.has(id));
  // A member left out would silently lose the desk: refuse instead (offboard them first).
  if (missing.length) throw new DomainError('invalid_input', 'seal the new key to every active member of the desk', { missing });
}
