// /api/v1/staff: drafts, the tips linked to them, and the CMS plugin's question. Notes on links
// are sealed in the browser under the tip key; the server stores and returns their bytes only.
import { Hono } from 'hono';
import { z } from 'zod';
import { toBase64 } from '../crypto/index.ts';
import type { DomainContext } from '../domain/context.ts';
import { draftsForCms } from '../domain/drafts/cms.ts';
import { createDraft, DRAFT_STATUSES, listDrafts, MAX_CMS_REF, MAX_DRAFT_TITLE, updateDraft } from '../domain/drafts/drafts.ts';
import { getDraft, linkTip, MAX_LINK_NOTE_PADDED_SIZE, tipDrafts, unlinkTip } from '../domain/drafts/links.ts';
import { registerStaffRoutes } from './openapi.ts';
import { validQuery } from './query.ts';
import { staffOf, type StaffEnv } from './staff-auth.ts';
import { STAFF_JSON_MAX_BYTES } from './staff-schemas.ts';
import { base64Bytes, hexId, jsonBody, valid } from './validate.ts';

// Code units: twice the character cap bounds the size; the domain counts characters.
const title = z.string().min(1).max(MAX_DRAFT_TITLE * 2);
const cmsRef = z.string().max(MAX_CMS_REF * 2);
const status = z.enum(DRAFT_STATUSES);

export const createDraftBody = z.strictObject({ title, cmsRef: cmsRef.optional(), status: status.optional() });
export const updateDraftBody = z.strictObject({ title: title.optional(), cmsRef: cmsRef.optional(), status: status.optional() });
export const linkBody = z.strictObject({
  tipId: hexId,
  // A serialized part: 17 header bytes and one 16-byte tag per 64 KiB chunk beyond the padded note.
  note: base64Bytes(MAX_LINK_NOTE_PADDED_SIZE + 17 + 16, 'message_too_large').optional(),
});
export const draftListQuery = z.strictObject({ owner: z.enum(['me', 'all']).optional() });
export const cmsQuery = z.strictObject({ cmsRef: z.string().min(1).max(MAX_CMS_REF * 2) });

registerStaffRoutes([
  { method: 'get', path: '/drafts', summary: 'Drafts: mine (default) or all (editors, admins)', query: draftListQuery, response: '{ drafts: [{ id, title, cmsRef, ownerId, status, createdAt, tipCount }] }' },
  { method: 'post', path: '/drafts', summary: 'Start a draft (the caller owns it)', body: createDraftBody, status: 201, response: '{ id }' },
  { method: 'get', path: '/drafts/:draftId', summary: 'A draft and the tips behind it that the caller may read', response: '{ draft, links: [{ tipId, note, linkedBy, createdAt, tip: { deskId, receivedDay, status, keyVersion, sealedKey } }] }' },
  { method: 'patch', path: '/drafts/:draftId', summary: 'Change title, CMS reference or status (owner, editors, admins)', body: updateDraftBody, response: '{ draft }' },
  { method: 'post', path: '/drafts/:draftId/links', summary: 'Link a tip the caller may read to the draft, with an optional note sealed under the tip key', body: linkBody, status: 201, response: '{ ok: true }' },
  { method: 'delete', path: '/drafts/:draftId/links/:tipId', summary: 'Unlink a tip from the draft', response: '{ ok: true }' },
  { method: 'get', path: '/tips/:tipId/drafts', summary: 'The drafts a tip feeds (for whoever may read the tip)', response: '{ links: [{ draftId, title, status, note, linkedBy, createdAt }] }' },
  { method: 'get', path: '/cms/drafts', summary: 'For a CMS plugin: the drafts with this CMS reference and the tips behind them that the caller may read', query: cmsQuery, response: '{ drafts: [{ id, title, status, tips: [{ tipId, deskId, receivedDay, status }] }] }' },
]);

const draftParam = valid('param', z.object({ draftId: hexId }));
const b64 = (bytes: Uint8Array | null) => (bytes ? toBase64(bytes) : null);

/** Mounted behind staffAuth. */
export function staffDraftRoutes(ctx: DomainContext) {
  return new Hono<StaffEnv>()
    .get('/drafts', validQuery(draftListQuery), async (c) => {
      return c.json({ drafts: await listDrafts({ ctx, input: { owner: c.req.valid('query').owner ?? 'me', actor: staffOf(c) } }) });
    })
    .post('/drafts', ...jsonBody(createDraftBody, STAFF_JSON_MAX_BYTES), async (c) => {
      return c.json(await createDraft({ ctx, input: { ...c.req.valid('json'), actor: staffOf(c) } }), 201);
    })
    .get('/drafts/:draftId', draftParam, async (c) => {
      const { draft, links } = await getDraft({ ctx, input: { draftId: c.req.valid('param').draftId, actor: staffOf(c) } });
      return c.json({
        draft,
        links: links.map((l) => ({
          tipId: l.tipId, note: b64(l.note), linkedBy: l.linkedBy, createdAt: l.createdAt,
          tip: { deskId: l.tip.deskId, receivedDay: l.tip.receivedDay, status: l.tip.status, keyVersion: l.tip.keyVersion, sealedKey: toBase64(l.tip.sealedKey) },
        })),
      });
    })
    .patch('/drafts/:draftId', draftParam, ...jsonBody(updateDraftBody, STAFF_JSON_MAX_BYTES), async (c) => {
      const draft = await updateDraft({ ctx, input: { ...c.req.valid('json'), draftId: c.req.valid('param').draftId, actor: staffOf(c) } });
      return c.json({ draft });
    })
    .post('/drafts/:draftId/links', draftParam, ...jsonBody(linkBody, STAFF_JSON_MAX_BYTES), async (c) => {
      const body = c.req.valid('json');
      await linkTip({ ctx, input: { draftId: c.req.valid('param').draftId, tipId: body.tipId, note: body.note, actor: staffOf(c) } });
      return c.json({ ok: true }, 201);
    })
    .delete('/drafts/:draftId/links/:tipId', valid('param', z.object({ draftId: hexId, tipId: hexId })), async (c) => {
      await unlinkTip({ ctx, input: { ...c.req.valid('param'), actor: staffOf(c) } });
      return c.json({ ok: true });
    })
    .get('/tips/:tipId/drafts', valid('param', z.object({ tipId: hexId })), async (c) => {
      const links = await tipDrafts({ ctx, input: { tipId: c.req.valid('param').tipId, actor: staffOf(c) } });
      return c.json({ links: links.map((l) => ({ ...l, note: b64(l.note) })) });
    })
    .get('/cms/drafts', validQuery(cmsQuery), async (c) => {
      return c.json({ drafts: await draftsForCms({ ctx, input: { cmsRef: c.req.valid('query').cmsRef, actor: staffOf(c) } }) });
    });
}
