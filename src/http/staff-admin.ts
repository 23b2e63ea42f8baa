// /api/v1/staff: people and desks. Admins invite staff, set up desks and add members; a member
// who holds a desk key grants it to a new member (the sealing happens in their browser).
import { Hono } from 'hono';
import { z } from 'zod';
import { toBase64 } from '../crypto/index.ts';
import { STAFF_ROLES } from '../domain/staff/roles.ts';
import type { DomainContext } from '../domain/context.ts';
import { addDeskMember, grantDeskKey, requireRole } from '../domain/staff/desk-members.ts';
import { setUpDesk } from '../domain/staff/desk-setup.ts';
import { listDeskOverviews, listStaff } from '../domain/staff/directory.ts';
import { staffActor } from '../domain/staff/identity.ts';
import { createInvite } from '../domain/staff/invites.ts';
import { offboardMember } from '../domain/staff/offboarding.ts';
import { staffOf, type StaffEnv } from './staff-auth.ts';
import { sealedSecret, STAFF_JSON_MAX_BYTES } from './staff-schemas.ts';
import { base64Bytes, hexId, jsonBody, valid } from './validate.ts';

export const inviteBody = z.strictObject({
  role: z.enum(STAFF_ROLES),
  deskIds: z.array(hexId).max(100).optional(),
  validHours: z.number().int().min(1).max(24 * 14).optional(),
});

export const deskBody = z.strictObject({
  slug: z.string().max(64),
  name: z.string().max(200),
  description: z.string().max(4000).optional(),
  publicKey: base64Bytes(32),
  members: z.array(z.strictObject({ staffId: hexId, sealedSecret })).min(1).max(200),
  /** The desk's recovery key (made and shown once by the page) and the desk secret sealed to it. */
  recoveryPublicKey: base64Bytes(32),
  sealedForRecovery: sealedSecret,
});

export const memberBody = z.strictObject({ staffId: hexId });
export const grantBody = z.strictObject({ staffId: hexId, version: z.number().int().min(1), sealedSecret });

const deskParam = valid('param', z.object({ deskId: hexId }));
const memberParam = valid('param', z.object({ deskId: hexId, staffId: hexId }));

/** Mounted behind staffAuth. */
export function staffAdminRoutes(ctx: DomainContext) {
  return new Hono<StaffEnv>()
    .get('/staff', async (c) => {
      const rows = await listStaff(ctx.db.read);
      return c.json({ staff: rows.map((s) => ({ ...s, publicKey: toBase64(s.publicKey) })) });
    })
    .post('/invites', ...jsonBody(inviteBody, STAFF_JSON_MAX_BYTES), async (c) => {
      const me = staffOf(c);
      requireRole(me, 'admin');
      const body = c.req.valid('json');
      const invite = await createInvite({ ctx, input: { ...body, actor: staffActor(me) } });
      return c.json({ ...invite, path: `/staff/enroll/${invite.token}` }, 201);
    })
    .get('/desks', async (c) => {
      requireRole(staffOf(c), 'admin');
      return c.json({ desks: await listDeskOverviews(ctx.db.read) });
    })
    .post('/desks', ...jsonBody(deskBody, STAFF_JSON_MAX_BYTES), async (c) => {
      const desk = await setUpDesk({ ctx, input: { ...c.req.valid('json'), actor: staffOf(c) } });
      return c.json(desk, 201);
    })
    .post('/desks/:deskId/members', deskParam, ...jsonBody(memberBody, STAFF_JSON_MAX_BYTES), async (c) => {
      const me = staffOf(c);
      requireRole(me, 'admin');
      await addDeskMember({ ctx, input: { deskId: c.req.valid('param').deskId, staffId: c.req.valid('json').staffId, actor: staffActor(me) } });
      return c.json({ ok: true }, 201);
    })
    // Offboarding: membership and grants gone, sessions ended, the desk due for a rotation (issue 6).
    .delete('/desks/:deskId/members/:staffId', memberParam, async (c) => {
      const { deskId, staffId } = c.req.valid('param');
      return c.json(await offboardMember({ ctx, input: { deskId, staffId, actor: staffOf(c) } }));
    })
    .post('/desks/:deskId/grants', deskParam,
      ...jsonBody(grantBody, STAFF_JSON_MAX_BYTES), async (c) => {
        const body = c.req.valid('json');
        await grantDeskKey({ ctx, input: { ...body, deskId: c.req.valid('param').deskId, actor: staffActor(staffOf(c)) } });
        return c.json({ ok: true }, 201);
      });
}
