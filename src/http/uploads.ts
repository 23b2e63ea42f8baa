// Chunked file uploads. Chunks are raw ciphertext (application/octet-stream), one per request,
// in any order, retried freely until the upload is finished; each request stays far below the
// 100 MB request cap of Cloudflare Workers and holds at most one 64 KiB chunk in memory.
import { Hono } from 'hono';
import { z } from 'zod';
import { CHUNK_CIPHERTEXT_SIZE } from '../crypto/index.ts';
import type { DomainContext } from '../domain/context.ts';
import { finishUpload, getUploadStatus, putChunk } from '../domain/uploads.ts';
import { jsonError } from './errors.ts';
import { hexId, limitBody, valid } from './validate.ts';

const uploadParam = valid('param', z.object({ uploadId: hexId }));
const chunkParam = valid('param', z.object({ uploadId: hexId, index: z.string().regex(/^(0|[1-9][0-9]{0,9})$/) }));

export function uploadRoutes(ctx: DomainContext) {
  return new Hono()
    .get('/:uploadId', uploadParam, async (c) => {
      const { uploadId } = c.req.valid('param');
      return c.json(await getUploadStatus({ ctx, input: { uploadId } }));
    })
    .put('/:uploadId/chunks/:index', chunkParam, limitBody(CHUNK_CIPHERTEXT_SIZE), async (c) => {
      const { uploadId, index } = c.req.valid('param');
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/octet-stream') return jsonError(c, 415, 'unsupported_media_type', 'send application/octet-stream');
      const ciphertext = new Uint8Array(await c.req.arrayBuffer());
      await putChunk({ ctx, input: { uploadId, index: Number(index), ciphertext } });
      return c.body(null, 204);
    })
    .post('/:uploadId/finish', uploadParam, async (c) => {
      const { uploadId } = c.req.valid('param');
      return c.json(await finishUpload({ ctx, input: { uploadId } }));
    });
}
