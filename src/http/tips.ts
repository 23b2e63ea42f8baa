// POST /api/v1/tips: a sealed tip key and a sealed message. Files follow through /uploads.
import { Hono } from 'hono';
import { z } from 'zod';
import { SEALED_TIP_KEY_BYTES } from '../crypto/index.ts';
import type { DomainContext } from '../domain/context.ts';
import { MAX_JSON_BODY_BYTES, MAX_MESSAGE_PADDED_SIZE } from '../domain/limits.ts';
import { submitTip } from '../domain/tips.ts';
import { createUpload } from '../domain/uploads.ts';
import { MAX_POW_NONCE_BYTES } from '../domain/pow.ts';
import { routeFields } from './route-fields.ts';
import type { IntakeGate } from './intake-gate.ts';
import { tooBusy } from './errors.ts';
import { base64Bytes, hexId, jsonBody, valid } from './validate.ts';

const submitTipBody = z.strictObject({
  desk: z.string().min(1).max(64),
  keyVersion: z.number().int().min(1),
  sealedKey: base64Bytes(SEALED_TIP_KEY_BYTES),
  // Serialized part: 17 header bytes + padded message + 16 bytes per 64 KiB chunk.
  message: base64Bytes(MAX_MESSAGE_PADDED_SIZE + 17 + 16 * Math.ceil(MAX_MESSAGE_PADDED_SIZE / 65536), 'message_too_large'),
  /** The source page says 'js'; other clients of the API leave it out. */
  via: z.enum(['api', 'js']).optional(),
  source: z.strictObject({ lookupKey: base64Bytes(32), replyPublicKey: base64Bytes(32).optional() }).optional(),
  pow: z.strictObject({ id: hexId, nonce: base64Bytes(MAX_POW_NONCE_BYTES) }).optional(),
  ...routeFields,
});

const createUploadBody = z.strictObject({
  uploadToken: z.string().max(128),
  noncePrefix: base64Bytes(16),
  paddedSize: z.number().int().min(1),
  /** What the submitting client's metadata removal said about this file. */
  metadata: z.enum(['cleaned', 'unsupported', 'unknown']).optional(),
});

export function tipRoutes(ctx: DomainContext, gate: IntakeGate) {
  return new Hono()
    .post('/', ...jsonBody(submitTipBody, MAX_JSON_BODY_BYTES), async (c) => {
      const body = c.req.valid('json');
      const wait = gate.admit(body.desk);
      if (wait > 0) return tooBusy(c, wait);
      const tip = await submitTip({
        ctx,
        input: {
          deskSlug: body.desk, keyVersion: body.keyVersion, sealedKey: body.sealedKey, message: body.message,
          via: body.via, source: body.source, pow: body.pow, powRequired: gate.powDifficulty() > 0,
          routing: { chosenDesk: body.chosenDesk, topic: body.topic, urgent: body.urgent, hasFiles: body.hasFiles, language: body.language },
        },
      });
      return c.json({ id: tip.tipId, uploadToken: tip.uploadToken }, 201);
    })
    .post('/:tipId/files', valid('param', z.object({ tipId: hexId })), ...jsonBody(createUploadBody, MAX_JSON_BODY_BYTES), async (c) => {
      const { tipId } = c.req.valid('param');
      const body = c.req.valid('json');
      const upload = await createUpload({
        ctx,
        input: { tipId, uploadToken: body.uploadToken, noncePrefix: body.noncePrefix, paddedSize: body.paddedSize, metadata: body.metadata ?? 'unknown' },
      });
      return c.json(upload, 201);
    });
}
