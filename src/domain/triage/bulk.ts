// Bulk triage on a selection of up to 200 tips: all or nothing. Every tip is access-checked on
// its own (a selection can span desks) and every change is audited per tip, in ONE transaction:
// one tip the actor may not triage, or one label foreign to a tip's desk, and nothing changes.
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import type { StaffIdentity } from '../staff/identity.ts';
import { requireTipAccess } from '../staff/tip-access.ts';
import { applyTriage, checkChanges, type TriageChanges } from './triage-changes.ts';

export const MAX_BULK_TIPS = 200;

export async function bulkTriage({ ctx, input }: { ctx: DomainContext; input: { actor: StaffIdentity; tipIds: string[]; changes: TriageChanges } }): Promise<{ updated: number }> {
  const tipIds = [...new Set(input.tipIds)];
  if (tipIds.length === 0 || tipIds.length > MAX_BULK_TIPS) throw new DomainError('invalid_input', `select 1-${MAX_BULK_TIPS} tips`);
  checkChanges(input.changes);
  return ctx.db.write(async (tx) => {
    let updated = 0;
    for (const tipId of tipIds) {
      const tip = await requireTipAccess(tx, input.actor, tipId, 'triage');
      if (await applyTriage(tx, ctx, input.actor, tip, input.changes)) updated += 1;
    }
    return { updated };
  });
}
