// /api/v1/staff: retention (issue 6). An admin sets how long a desk keeps closed tips; an editor
// who is a member of a tip's desk keeps one tip longer. The verbs (src/domain/retention-settings.ts)
// check who may; the purge itself runs on a timer (Node) or a cron trigger (Workers).
import { Hono } from 'hono';
import { z } from 'zod';
import type { DomainContext } from '../domain/context.ts';
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS } from '../domain/retention-policy.ts';
import { postponePurge, setDeskRetention } from '../domain/retention-settings.ts';
import { registerStaffRoutes } from './openapi.ts';
import { staffOf, type StaffEnv } from './staff-auth.ts';
import { STAFF_JSON_MAX_BYTES } from './staff-schemas.ts';
import { hexId, jsonBody, valid } from './validate.ts';

export const retentionBody = z.strictObject({ days: z.number().int().min(MIN_RETENTION_DAYS).max(MAX_RETENTION_DAYS) });
export const keepUntilBody = z.strictObject({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day, YYYY-MM-DD').nullable() });

registerStaffRoutes([
  { method: 'put', path: '/desks/:deskId/retention', summary: 'Days a closed tip of this desk is kept before the purge deletes it (admins)', body: retentionBody, response: '{ deskId, retentionDays }' },
  { method: 'put', path: '/tips/:tipId/keep-until', summary: 'Keep a tip through this day even if its retention ends sooner; null lifts it (editors who are members of its desk)', body: keepUntilBody, response: '{ tipId, keepUntilDay, purgeDay }' },
]);

/** Mounted behind staffAuth. */
export function staffRetentionRoutes(ctx: DomainContext) {
  return new Hono<StaffEnv>()
    .put('/desks/:deskId/retention', valid('param', z.object({ deskId: hexId })), ...jsonBody(retentionBody, STAFF_JSON_MAX_BYTES), async (c) => {
      const result = await setDeskRetention({ ctx, input: { staff: staffOf(c), deskId: c.req.valid('param').deskId, days: c.req.valid('json').days } });
      return c.json(result);
    })
    .put('/tips/:tipId/keep-until', valid('param', z.object({ tipId: hexId })), ...jsonBody(keepUntilBody, STAFF_JSON_MAX_BYTES), async (c) => {
      const result = await postponePurge({ ctx, input: { staff: staffOf(c), tipId: c.req.valid('param').tipId, day: c.req.valid('json').day } });
      return c.json(result);
    });
}
