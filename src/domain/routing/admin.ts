// Admins list and replace the ordered routing rules. The list is replaced whole (the admin page
// edits it as one ordered list), in one transaction, so intake never sees half a change. The
// audit entry records how many rules there are, not what they say: topics are the newsroom's
// words, and the entry should not become a second place to read them.
import { asc, inArray } from 'drizzle-orm';
import { desks, routingRules } from '../../db/schema.ts';
import { appendAudit } from '../audit.ts';
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { newId } from '../ids.ts';
import { requireRole } from '../staff/desk-members.ts';
import { staffActor, type StaffIdentity } from '../staff/identity.ts';
import { MAX_RULES, normaliseMatch, parseStoredMatch, type RouteMatch } from './rules.ts';

export interface RoutingRuleView {
  id: string;
  position: number;
  match: RouteMatch;
  targetDeskId: string;
}

export async function listRoutingRules({ ctx, input }: { ctx: DomainContext; input: { actor: StaffIdentity } }): Promise<RoutingRuleView[]> {
  requireRole(input.actor, 'admin');
  const rows = await ctx.db.read.select().from(routingRules).orderBy(asc(routingRules.position));
  return rows.map((r) => ({ id: r.id, position: r.position, match: parseStoredMatch(r.match), targetDeskId: r.targetDeskId }));
}

export interface ReplaceRulesInput {
  actor: StaffIdentity;
  /** In the order they are tried; the first match wins. */
  rules: { match: RouteMatch; targetDeskId: string }[];
}

export async function replaceRoutingRules({ ctx, input }: { ctx: DomainContext; input: ReplaceRulesInput }): Promise<RoutingRuleView[]> {
  requireRole(input.actor, 'admin');
  if (input.rules.length > MAX_RULES) throw new DomainError('invalid_input', `at most ${MAX_RULES} rules`);
  const rules = input.rules.map((r) => ({ match: normaliseMatch(r.match), targetDeskId: r.targetDeskId }));
  const createdAt = ctx.clock.now().toISOString();
  return ctx.db.write(async (tx) => {
    const deskIds = [...new Set(rules.map((r) => r.targetDeskId))];
    const slugs = [...new Set(rules.flatMap((r) => (r.match.desk === undefined ? [] : [r.match.desk])))];
    const foundIds = deskIds.length ? await tx.select({ id: desks.id }).from(desks).where(inArray(desks.id, deskIds)) : [];
    const foundSlugs = slugs.length ? await tx.select({ slug: desks.slug }).from(desks).where(inArray(desks.slug, slugs)) : [];
    if (foundIds.length !== deskIds.length) throw new DomainError('unknown_desk', 'a rule sends tips to a desk that does not exist');
    if (foundSlugs.length !== slugs.length) throw new DomainError('unknown_desk', 'a rule matches a desk that does not exist');

    await tx.delete(routingRules);
    const rows = rules.map((r, position) => ({ id: newId(), position, match: JSON.stringify(r.match), targetDeskId: r.targetDeskId, createdAt }));
    if (rows.length) await tx.insert(routingRules).values(rows);
    await appendAudit(tx, ctx.clock, { actor: staffActor(input.actor), action: 'routing.rules_replaced', subject: 'routing', details: { count: rows.length } });
    return rows.map((r) => ({ id: r.id, position: r.position, match: parseStoredMatch(r.match), targetDeskId: r.targetDeskId }));
  });
}
