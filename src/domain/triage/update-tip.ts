// PATCH /tips/:id: one tip's triage fields, checked and changed in one transaction.
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { QUEUE_MESSAGE_MAX_PADDED } from './messages.ts';
import type { StaffIdentity } from '../staff/identity.ts';
import { requireTipAccess } from '../staff/tip-access.ts';
import { summarizeTip, type TipSummary } from './summary.ts';
import { applyTriage, checkChanges, type TriageChanges } from './triage-changes.ts';

export async function triageTip({ ctx, input }: { ctx: DomainContext; input: { actor: StaffIdentity; tipId: string; changes: TriageChanges } }): Promise<TipSummary> {
  checkChanges(input.changes);
  await ctx.db.write(async (tx) => {
    // Checked inside the transaction: the rules hold for the state the change is made on.
    const tip = await requireTipAccess(tx, input.actor, input.tipId, 'triage');
    await applyTriage(tx, ctx, input.actor, tip, input.changes);
  });
  const summary = await summarizeTip(ctx.db.read, input.actor.id, input.tipId, QUEUE_MESSAGE_MAX_PADDED);
  if (!summary) throw new DomainError('unknown_tip', 'no such tip');
  return summary;
}
