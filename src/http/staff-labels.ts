// /api/v1/staff/desks/:deskId/labels and /members: what a desk's members need around its tips
// (the label set, the assignee picker). Access is checked by the verbs (tip-access.ts).
import { Hono } from 'hono';
import { z } from 'zod';
import type { DomainContext } from '../domain/context.ts';
import { listDeskMembers } from '../domain/triage/desk-roster.ts';
import { createLabel, deleteLabel, listLabels, MAX_LABEL_NAME } from '../domain/triage/labels.ts';
import { registerStaffRoutes } from './openapi.ts';
import { staffOf, type StaffEnv } from './staff-auth.ts';
import { STAFF_JSON_MAX_BYTES } from './staff-schemas.ts';
import { hexId, jsonBody, valid } from './validate.ts';

const deskParam = valid('param', z.object({ deskId: hexId }));
const labelBody = z.strictObject({ name: z.string().min(1).max(MAX_LABEL_NAME * 2) });

registerStaffRoutes([
  { method: 'get', path: '/desks/:deskId/labels', summary: 'The desk’s labels', response: '{ labels: [{ id, name }] }' },
  { method: 'post', path: '/desks/:deskId/labels', summary: 'A new label (editor members)', body: labelBody, response: '{ id, name }', status: 201 },
  { method: 'delete', path: '/desks/:deskId/labels/:labelId', summary: 'Delete a label', response: '{ ok }' },
  { method: 'get', path: '/desks/:deskId/members', summary: 'The desk’s members (assignee picker)', response: '{ members: [{ id, displayName, role }] }' },
]);

/** Mounted behind staffAuth (src/http/staff-api.ts). */
export function staffLabelRoutes(ctx: DomainContext) {
  return new Hono<StaffEnv>()
    .get('/desks/:deskId/labels', deskParam, async (c) => {
      return c.json({ labels: await listLabels({ ctx, input: { viewer: staffOf(c), deskId: c.req.valid('param').deskId } }) });
    })
    .post('/desks/:deskId/labels', deskParam, ...jsonBody(labelBody, STAFF_JSON_MAX_BYTES), async (c) => {
      const label = await createLabel({ ctx, input: { actor: staffOf(c), deskId: c.req.valid('param').deskId, name: c.req.valid('json').name } });
      return c.json(label, 201);
    })
    .delete('/desks/:deskId/labels/:labelId', valid('param', z.object({ deskId: hexId, labelId: hexId })), async (c) => {
      const { deskId, labelId } = c.req.valid('param');
      await deleteLabel({ ctx, input: { actor: staffOf(c), deskId, labelId } });
      return c.json({ ok: true });
    })
    .get('/desks/:deskId/members', deskParam, async (c) => {
      return c.json({ members: await listDeskMembers({ ctx, input: { viewer: staffOf(c), deskId: c.req.valid('param').deskId } }) });
    });
}
