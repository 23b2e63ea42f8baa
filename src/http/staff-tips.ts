// /api/v1/staff/tips: the inbox. Validation at the boundary (zod), then the triage verbs
// (src/domain/triage), which check every access rule (src/domain/staff/tip-access.ts): nothing
// here decides who may see or change what. Bytes leave as base64 and are ciphertext only.
import { Hono } from 'hono';
import { z } from 'zod';
import { SEALED_TIP_KEY_BYTES, toBase64 } from '../crypto/index.ts';
import type { DomainContext } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';
import { MAX_JSON_BODY_BYTES, MAX_MESSAGE_PADDED_SIZE } from '../domain/limits.ts';
import { TIP_STATUSES } from '../domain/staff/roles.ts';
import { MAX_BULK_TIPS, bulkTriage } from '../domain/triage/bulk.ts';
import { openTipFile } from '../domain/triage/file-download.ts';
import { moveTip } from '../domain/triage/move.ts';
import { addNote } from '../domain/triage/notes.ts';
import { QUEUE_MAX_LIMIT, listQueue } from '../domain/triage/queue.ts';
import { QUEUE_SORTS } from '../domain/triage/queue-cursor.ts';
import { replyToSource } from '../domain/triage/staff-replies.ts';
import type { TipSummary } from '../domain/triage/summary.ts';
import { viewTip, type TipDetail } from '../domain/triage/tip-detail.ts';
import { MAX_LABELS_PER_CHANGE } from '../domain/triage/triage-changes.ts';
import { triageTip } from '../domain/triage/update-tip.ts';
import { registerStaffRoutes } from './openapi.ts';
import { staffOf, type StaffEnv } from './staff-auth.ts';
import { STAFF_JSON_MAX_BYTES } from './staff-schemas.ts';
import { base64Bytes, hexId, jsonBody, valid } from './validate.ts';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Query parameters of GET /tips; unknown ones are refused, so a typo never silently widens a filter. */
const queueQuery = z.strictObject({
  desk: z.union([z.literal('all'), hexId]).default('all'),
  status: z.enum(TIP_STATUSES).optional(),
  priority: z.enum(['0', '1', '2', '3']).transform(Number).optional(),
  label: hexId.optional(),
  assignee: z.union([z.enum(['me', 'none']), hexId]).optional(),
  hasFiles: flag.optional(),
  unsupported: flag.optional(),
  unread: flag.optional(),
  sort: z.enum(QUEUE_SORTS).optional(),
  cursor: z.string().max(80).optional(),
  limit: z.string().regex(/^\d{1,3}$/).transform(Number).pipe(z.number().int().min(1).max(QUEUE_MAX_LIMIT)).optional(),
});

const labelIds = z.array(hexId).max(MAX_LABELS_PER_CHANGE).optional();
const triageFields = {
  status: z.enum(TIP_STATUSES).optional(),
  priority: z.number().int().min(0).max(3).optional(),
  assigneeId: hexId.nullable().optional(),
  addLabels: labelIds,
  removeLabels: labelIds,
};

/** A serialized message part (note or reply): 17 header bytes + padded text + 16 bytes per chunk. */
const sealedText = base64Bytes(MAX_MESSAGE_PADDED_SIZE + 17 + 16 * Math.ceil(MAX_MESSAGE_PADDED_SIZE / 65536), 'message_too_large');
const sealedKey = base64Bytes(SEALED_TIP_KEY_BYTES);

const replyBody = z.strictObject({ body: sealedText, sealedForSource: sealedKey, sealedForDesk: sealedKey, deskKeyVersion: z.number().int().min(1) });

const moveBody = z.strictObject({
  targetDeskId: hexId,
  tips: z.array(z.strictObject({ tipId: hexId, keyVersion: z.number().int().min(1), sealedKey })).min(1).max(1000),
  replies: z.array(z.strictObject({ replyId: hexId, deskKeyVersion: z.number().int().min(1), sealedForDesk: sealedKey })).max(2000),
});

const tipParam = valid('param', z.object({ tipId: hexId }));

function summaryJson(t: TipSummary) {
  return { ...t, sealedKey: toBase64(t.sealedKey), message: t.message && toBase64(t.message) };
}

function detailJson(d: TipDetail) {
  return {
    tip: summaryJson(d.tip),
    files: d.files,
    notes: d.notes.map((n) => ({ ...n, body: toBase64(n.body) })),
    conversation: d.conversation && {
      replyPublicKey: toBase64(d.conversation.replyPublicKey),
      tips: d.conversation.tips.map((t) => ({ ...t, sealedKey: toBase64(t.sealedKey), message: t.message && toBase64(t.message) })),
      replies: d.conversation.replies.map((r) => ({ ...r, body: toBase64(r.body), sealedForDesk: toBase64(r.sealedForDesk) })),
    },
  };
}

/** Pulls from `source` as the client reads: a large file streams through a batch at a time. */
function streamOf(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

const bulkBody = z.strictObject({ tipIds: z.array(hexId).min(1).max(MAX_BULK_TIPS), ...triageFields });

registerStaffRoutes([
  { method: 'get', path: '/tips', summary: 'The queue: filters, sort, keyset cursor', query: queueQuery, response: '{ tips: TipSummary[], nextCursor }' },
  { method: 'post', path: '/tips/bulk', summary: 'Triage a selection (all or nothing)', body: bulkBody, response: '{ updated }' },
  { method: 'get', path: '/tips/:tipId', summary: 'A tip with files, notes and conversation (audited)', response: '{ tip, files, notes, conversation }' },
  { method: 'get', path: '/tips/:tipId/files/:partId', summary: 'A file part’s ciphertext, streamed (audited)', response: 'application/octet-stream' },
  { method: 'patch', path: '/tips/:tipId', summary: 'Set status, priority, assignee, labels', body: z.strictObject(triageFields), response: 'TipSummary' },
  { method: 'post', path: '/tips/:tipId/notes', summary: 'An internal note sealed under the tip key', body: z.strictObject({ body: sealedText }), response: '{ id }', status: 201 },
  { method: 'post', path: '/tips/:tipId/replies', summary: 'A reply to the source', body: replyBody, response: '{ id }', status: 201 },
  { method: 'post', path: '/tips/:tipId/move', summary: 'Move the conversation to another desk, re-sealed', body: moveBody, response: '{ moved }' },
]);

/** Mounted behind staffAuth (src/http/staff-api.ts). */
export function staffTipRoutes(ctx: DomainContext) {
  return new Hono<StaffEnv>()
    .get('/tips', async (c) => {
      const parsed = queueQuery.safeParse(c.req.query());
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new DomainError('invalid_input', `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`);
      }
      const q = parsed.data;
      const page = await listQueue({
        ctx,
        input: {
          viewer: staffOf(c), sessionKey: toBase64(c.get('session').idHash), desk: q.desk, status: q.status, priority: q.priority, labelId: q.label, assignee: q.assignee,
          hasFiles: q.hasFiles, unsupported: q.unsupported, unread: q.unread, sort: q.sort, cursor: q.cursor, limit: q.limit,
        },
      });
      return c.json({ tips: page.tips.map(summaryJson), nextCursor: page.nextCursor });
    })
    .post('/tips/bulk', ...jsonBody(bulkBody, STAFF_JSON_MAX_BYTES), async (c) => {
      const { tipIds, ...changes } = c.req.valid('json');
      return c.json(await bulkTriage({ ctx, input: { actor: staffOf(c), tipIds, changes } }));
    })
    .get('/tips/:tipId', tipParam, async (c) => {
      return c.json(detailJson(await viewTip({ ctx, input: { viewer: staffOf(c), tipId: c.req.valid('param').tipId } })));
    })
    .get('/tips/:tipId/files/:partId', valid('param', z.object({ tipId: hexId, partId: hexId })), async (c) => {
      const { tipId, partId } = c.req.valid('param');
      const file = await openTipFile({ ctx, input: { viewer: staffOf(c), tipId, partId } });
      return c.body(streamOf(file.bytes), 200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(file.size),
        // Ciphertext for the page's script to open, never something to render.
        'Content-Disposition': 'attachment',
      });
    })
    .patch('/tips/:tipId', tipParam, ...jsonBody(z.strictObject(triageFields), STAFF_JSON_MAX_BYTES), async (c) => {
      const tip = await triageTip({ ctx, input: { actor: staffOf(c), tipId: c.req.valid('param').tipId, changes: c.req.valid('json') } });
      return c.json(summaryJson(tip));
    })
    .post('/tips/:tipId/notes', tipParam, ...jsonBody(z.strictObject({ body: sealedText }), MAX_JSON_BODY_BYTES), async (c) => {
      const note = await addNote({ ctx, input: { author: staffOf(c), tipId: c.req.valid('param').tipId, body: c.req.valid('json').body } });
      return c.json(note, 201);
    })
    .post('/tips/:tipId/replies', tipParam, ...jsonBody(replyBody, MAX_JSON_BODY_BYTES), async (c) => {
      const reply = await replyToSource({ ctx, input: { ...c.req.valid('json'), author: staffOf(c), tipId: c.req.valid('param').tipId } });
      return c.json(reply, 201);
    })
    .post('/tips/:tipId/move', tipParam, ...jsonBody(moveBody, MAX_JSON_BODY_BYTES), async (c) => {
      return c.json(await moveTip({ ctx, input: { ...c.req.valid('json'), actor: staffOf(c), tipId: c.req.valid('param').tipId } }));
    });
}
