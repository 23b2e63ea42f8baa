// Finishing a rotation: once no tip or reply of the desk is sealed to an older version, the
// older versions' secrets are destroyed: every member's grant of them is deleted and their copy
// sealed to the recovery key is nulled (DESIGN.md §2: "then the old version's sealed secrets are
// destroyed"). The check and the destruction are one write transaction (BEGIN IMMEDIATE), so no
// tip can be recorded or moved under an old version in between; a new tip cannot carry an old
// version anyway (stale_key). The public keys stay: tips and the audit trail name versions.
// On a file database, secure_delete (src/db/open-node.ts) overwrites the deleted bytes.
import { and, eq, isNotNull, lt } from 'drizzle-orm';
import { deskKeyGrants, deskKeys } from '../../db/schema.ts';
import { appendAudit } from '../audit.ts';
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { auditActorOf, requireKeyHolder, type Rotator } from './rotator.ts';
import { loadDeskKeyState, oldVersionCounts, undestroyedOldVersions } from './state.ts';

export async function finishRotation({ ctx, input }: { ctx: DomainContext; input: { deskId: string; actor: Rotator } }) {
  return ctx.db.write(async (tx) => {
    const desk = await loadDeskKeyState(tx, { id: input.deskId });
    await requireKeyHolder(tx, desk.id, desk.currentVersion, input.actor);
    const left = await oldVersionCounts(tx, desk.id, desk.currentVersion);
    if (left.tips + left.replies > 0) {
      throw new DomainError('rotation_unfinished', `${left.tips} tip(s) and ${left.replies} reply(ies) are still sealed to an older key`, {
        remaining: left.tips + left.replies, remainingTips: left.tips, remainingReplies: left.replies,
      });
    }
    const destroyed = [...await undestroyedOldVersions(tx, desk.id, desk.currentVersion)].sort((a, b) => a - b);
    if (destroyed.length === 0) return { toVersion: desk.currentVersion, destroyedVersions: [], grantsDeleted: 0 };
    const grants = await tx.delete(deskKeyGrants)
      .where(and(eq(deskKeyGrants.deskId, desk.id), lt(deskKeyGrants.version, desk.currentVersion)))
      .returning({ v: deskKeyGrants.version });
    await tx.update(deskKeys).set({ sealedForRecovery: null })
      .where(and(eq(deskKeys.deskId, desk.id), lt(deskKeys.version, desk.currentVersion), isNotNull(deskKeys.sealedForRecovery)));
    await appendAudit(tx, ctx.clock, {
      actor: auditActorOf(input.actor), action: 'desk.rotation_finished', subject: desk.id,
      details: { toVersion: desk.currentVersion, destroyedVersions: destroyed, grantsDeleted: grants.length },
    });
    return { toVersion: desk.currentVersion, destroyedVersions: destroyed, grantsDeleted: grants.length };
  });
}
