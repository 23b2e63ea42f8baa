// /api/v1/staff: desk key rotation from a member's browser (issue 6), disabling an account, and
// replacing one's own personal key. Every step that needs the desk secret happens in the browser;
// these routes move public keys and sealed bytes. Docs: docs/api.md "Key rotation".
import { Hono } from 'hono';
import { z } from 'zod';
import { SEALED_TIP_KEY_BYTES, toBase64 } from '../crypto/index.ts';
import type { DomainContext } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';
import { finishRotation } from '../domain/rotation/finish.ts';
import { MAX_RESEAL_BATCH, nextResealBatch, resealBatch } from '../domain/rotation/reseal.ts';
import { requireKeyHolder } from '../domain/rotation/rotator.ts';
import { startRotation } from '../domain/rotation/start.ts';
import { rotationProgress, type RotationProgress } from '../domain/rotation/state.ts';
import { isDeskMember } from '../domain/staff/desk-members.ts';
import { disableStaff } from '../domain/staff/offboarding.ts';
import { rotatePersonalKey } from '../domain/staff/personal-key.ts';
import { registerStaffRoutes } from './openapi.ts';
import { staffOf, type StaffEnv } from './staff-auth.ts';
import { credentials, sealedSecret, STAFF_JSON_MAX_BYTES } from './staff-schemas.ts';
import { base64Bytes, hexId, jsonBody, valid } from './validate.ts';

/** A full batch: MAX_RESEAL_BATCH ids and sealed keys in JSON, with room to spare. */
const BATCH_MAX_BYTES = 512 * 1024;

const deskParam = valid('param', z.object({ deskId: hexId }));
const staffParam = valid('param', z.object({ staffId: hexId }));

export const startBody = z.strictObject({
  publicKey: base64Bytes(32),
  sealedForRecovery: sealedSecret,
  recoveryPublicKey: base64Bytes(32).optional(),
  grants: z.array(z.strictObject({ staffId: hexId, sealedSecret })).max(500),
});

const sealedKey = base64Bytes(SEALED_TIP_KEY_BYTES);
export const batchBody = z.strictObject({
  toVersion: z.number().int().min(1),
  tips: z.array(z.strictObject({ tipId: hexId, sealedKey })).max(MAX_RESEAL_BATCH),
  replies: z.array(z.strictObject({ replyId: hexId, sealedForDesk: sealedKey })).max(MAX_RESEAL_BATCH),
});

export const batchQuery = z.object({ limit: z.coerce.number().int().min(1).max(MAX_RESEAL_BATCH).default(500) });

export const personalKeyBody = z.strictObject({
  currentLoginKey: base64Bytes(32),
  publicKey: credentials.publicKey,
  encryptedSecretKey: credentials.encryptedSecretKey,
});

registerStaffRoutes([
  { method: 'get', path: '/desks/:deskId/rotation', summary: 'Where the desk’s keys stand: current version, versions still to retire, keys left to re-seal, members (desk members and admins)', response: '{ toVersion, publicKey, fromVersions, inProgress, remaining, total, rotationDue, recoveryPublicKey, members }' },
  { method: 'post', path: '/desks/:deskId/rotation', summary: 'Start a rotation: a new desk key version, sealed to every active member and to the recovery key (a member holding the current key)', body: startBody, status: 201, response: 'the rotation state, as GET' },
  { method: 'get', path: '/desks/:deskId/rotation/batch', summary: 'The next tip keys and reply keys still sealed to an old version (a member holding the current key)', query: batchQuery, response: '{ toVersion, publicKey, remaining, tips: [{ tipId, keyVersion, sealedKey }], replies: [{ replyId, keyVersion, sealedForDesk }] }' },
  { method: 'post', path: '/desks/:deskId/rotation/batch', summary: 'Store re-sealed keys (guarded and idempotent: anything not of this desk or not on an old version is skipped)', body: batchBody, response: '{ resealed, skipped, remaining, total }' },
  { method: 'post', path: '/desks/:deskId/rotation/finish', summary: 'Destroy the old versions’ sealed secrets once nothing is sealed to them', response: '{ toVersion, destroyedVersions, grantsDeleted }' },
  { method: 'post', path: '/staff/:staffId/disable', summary: 'Disable an account: logins refused, sessions ended, its desks due for rotation (admin)', response: '{ staffId, rotationDueDesks, tipsUnassigned }' },
  { method: 'post', path: '/me/key', summary: 'Replace one’s personal key pair; its desk grants are deleted until re-granted', body: personalKeyBody, response: '{ grantsDeleted, desksToRegrant }' },
]);

function progressJson(p: RotationProgress) {
  return {
    deskId: p.deskId, slug: p.slug, toVersion: p.toVersion, publicKey: toBase64(p.publicKey), fromVersions: p.fromVersions,
    inProgress: p.inProgress, remaining: p.remaining, remainingTips: p.remainingTips, remainingReplies: p.remainingReplies, total: p.total,
    rotationDue: p.rotationDueSince !== null, rotationDueSince: p.rotationDueSince,
    recoveryPublicKey: p.recoveryPublicKey && toBase64(p.recoveryPublicKey),
    members: p.members.map((m) => ({ staffId: m.staffId, publicKey: toBase64(m.publicKey), hasCurrentKey: m.hasCurrentKey })),
  };
}

/** Mounted behind staffAuth. */
export function staffRotationRoutes(ctx: DomainContext) {
  const rotator = (c: Parameters<typeof staffOf>[0]) => ({ kind: 'staff' as const, staff: staffOf(c) });
  return new Hono<StaffEnv>()
    .get('/desks/:deskId/rotation', deskParam, async (c) => {
      const me = staffOf(c);
      const { deskId } = c.req.valid('param');
      // Members see their desk's key state; admins see every desk's (no secret in it).
      if (me.role !== 'admin' && !(await isDeskMember(ctx.db.read, me.id, deskId))) throw new DomainError('forbidden', 'not a member of this desk');
      return c.json(progressJson(await rotationProgress(ctx.db.read, deskId)));
    })
    .post('/desks/:deskId/rotation', deskParam, ...jsonBody(startBody, STAFF_JSON_MAX_BYTES), async (c) => {
      const { deskId } = c.req.valid('param');
      const b = c.req.valid('json');
      await startRotation({ ctx, input: { ...b, deskId, actor: rotator(c) } });
      return c.json(progressJson(await rotationProgress(ctx.db.read, deskId)), 201);
    })
    .get('/desks/:deskId/rotation/batch', deskParam, async (c) => {
      const { deskId } = c.req.valid('param');
      const query = batchQuery.safeParse({ limit: c.req.query('limit') });
      if (!query.success) throw new DomainError('invalid_input', `limit is 1-${MAX_RESEAL_BATCH}`);
      const progress = await rotationProgress(ctx.db.read, deskId);
      // Only a key holder may fetch keys to re-seal (resealBatch checks the same on the way back).
      await requireKeyHolder(ctx.db.read, deskId, progress.toVersion, rotator(c));
      const batch = await nextResealBatch(ctx.db.read, deskId, query.data.limit);
      return c.json({
        toVersion: batch.toVersion, publicKey: toBase64(batch.publicKey), remaining: progress.remaining,
        tips: batch.tips.map((t) => ({ tipId: t.tipId, keyVersion: t.keyVersion, sealedKey: toBase64(t.sealedKey) })),
        replies: batch.replies.map((r) => ({ replyId: r.replyId, keyVersion: r.keyVersion, sealedForDesk: toBase64(r.sealedForDesk) })),
      });
    })
    .post('/desks/:deskId/rotation/batch', deskParam, ...jsonBody(batchBody, BATCH_MAX_BYTES), async (c) => {
      const { deskId } = c.req.valid('param');
      const moved = await resealBatch({ ctx, input: { ...c.req.valid('json'), deskId, actor: rotator(c) } });
      const progress = await rotationProgress(ctx.db.read, deskId);
      return c.json({ resealed: moved.tips + moved.replies, skipped: moved.skipped, remaining: progress.remaining, total: progress.total });
    })
    .post('/desks/:deskId/rotation/finish', deskParam, async (c) => {
      const { deskId } = c.req.valid('param');
      return c.json(await finishRotation({ ctx, input: { deskId, actor: rotator(c) } }));
    })
    .post('/staff/:staffId/disable', staffParam, async (c) => {
      return c.json(await disableStaff({ ctx, input: { staffId: c.req.valid('param').staffId, actor: staffOf(c) } }));
    })
    .post('/me/key', ...jsonBody(personalKeyBody, STAFF_JSON_MAX_BYTES), async (c) => {
      const b = c.req.valid('json');
      return c.json(await rotatePersonalKey({ ctx, input: { session: c.get('session'), ...b } }));
    });
}
