// /api/v1/staff/routing-rules: the ordered routing rules, for admins. Sources never see these;
// they see the outcome (GET /api/v1/route) and the topics (GET /api/v1/topics).
import { Hono } from 'hono';
import { z } from 'zod';
import type { DomainContext } from '../domain/context.ts';
import { LOCALES } from '../domain/locales.ts';
import { listRoutingRules, replaceRoutingRules } from '../domain/routing/admin.ts';
import { MAX_RULES, MAX_TOPIC_CHARS } from '../domain/routing/rules.ts';
import { registerStaffRoutes } from './openapi.ts';
import { staffOf, type StaffEnv } from './staff-auth.ts';
import { STAFF_JSON_MAX_BYTES } from './staff-schemas.ts';
import { hexId, jsonBody } from './validate.ts';

export const routeMatch = z.strictObject({
  /** The slug of the desk the source chose. */
  desk: z.string().min(1).max(64).optional(),
  topic: z.string().min(1).max(MAX_TOPIC_CHARS * 2).optional(),
  language: z.enum(LOCALES).optional(),
  hasFiles: z.boolean().optional(),
  urgent: z.boolean().optional(),
});

export const replaceRulesBody = z.strictObject({
  rules: z.array(z.strictObject({ match: routeMatch, targetDeskId: hexId })).max(MAX_RULES),
});

registerStaffRoutes([
  { method: 'get', path: '/routing-rules', summary: 'The routing rules in the order they are tried (admin)', response: '{ rules: [{ id, position, match, targetDeskId }] }' },
  { method: 'put', path: '/routing-rules', summary: 'Replace the ordered routing rules (admin); applies to new tips only', body: replaceRulesBody, response: '{ rules: [{ id, position, match, targetDeskId }] }' },
]);

/** Mounted behind staffAuth. */
export function staffRoutingRoutes(ctx: DomainContext) {
  return new Hono<StaffEnv>()
    .get('/routing-rules', async (c) => c.json({ rules: await listRoutingRules({ ctx, input: { actor: staffOf(c) } }) }))
    .put('/routing-rules', ...jsonBody(replaceRulesBody, STAFF_JSON_MAX_BYTES), async (c) => {
      const rules = await replaceRoutingRules({ ctx, input: { actor: staffOf(c), rules: c.req.valid('json').rules } });
      return c.json({ rules });
    });
}
