// POST /api/v1/tips: a sealed tip key and a sealed message. Files follow through /uploads.
import { Hono } from 'hono';
import { z } from 'zod';
import { SEALED_TIP_KEY_BYTES } from '../crypto/index.ts';
import type { DomainContext } from '../domain/context.ts';
import { MAX_JSON_BODY_BYTES, MAX_MESSAGE_PADDED_SIZE } from '../domain/limits.ts';
import { submitTip } from '../domain/tips.ts';
import { createUpload } from '../domain/uploads.ts';
import { base64Bytes, hexId, jsonBody, valid } from './validate.ts';

const submitTipBody = z.strictObject({
  desk: z.string().min(1).max(64),
  keyVersion: z.number().int().min(1),
  sealedKey: base64Bytes(SEALED_TIP_KEY_BYTES),
  // Serialized part: 17 header bytes + padded message + 16 bytes per 64 KiB chunk.
  message: base64Bytes(MAX_MESSAGE_PADDED_SIZE + 17 + 16 * Math.ceil(MAX_MESSAGE_PADDED_SIZE / 65536), 'message_too_large'),
});

const createUploadBody = z.strictObject({
  uploadToken: z.string().max(128),
  noncePrefix: base64Bytes(16),
  paddedSize: z.number().int().min(1),
});

export function tipRoutes(ctx: DomainContext) {
  return new Hono()
    .post('/', ...jsonBody(submitTipBody, MAX_JSON_BODY_BYTES), async (c) => {
      const body = c.req.valid('json');
      const tip = await submitTip({
        ctx,
        input: { deskSlug: body.desk, keyVersion: body.keyVersion, sealedKey: body.sealedKey, message: body.message },
      });
      return c.json({ id: tip.tipId, uploadToken: tip.uploadToken }, 201);
    })
    .post('/:tipId/files', valid('param', z.object({ tipId: hexId })), ...jsonBody(createUploadBody, MAX_JSON_BODY_BYTES), async (c) => {
      const { tipId } = c.req.valid('param');
      const body = c.req.valid('json');
      const upload = await createUpload({
        ctx,
        input: { tipId, uploadToken: body.uploadToken, noncePrefix: body.noncePrefix, paddedSize: body.paddedSize },
      });
      return c.json(upload, 201);
    });
}
