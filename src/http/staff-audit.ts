// /api/v1/staff: the audit trail (issue 6). Admins browse and filter it and run the verifier;
// the editors of a tip's desk read that tip's history. Entries carry no content (src/domain/audit.ts).
// The verifier trusts only the checkpoint public keys the request brings: the admin's page gets
// them from outside the server (what the server would say about its own key proves nothing).
import { Hono } from 'hono';
import { z } from 'zod';
import { SIGNING_PUBLIC_KEY_BYTES, toBase64 } from '../crypto/index.ts';
import { AUDIT_PAGE_MAX, listAuditEntries, tipHistory, verifyAuditTrail } from '../domain/audit-browse.ts';
import type { AuditVerification } from '../domain/audit.ts';
import type { DomainContext } from '../domain/context.ts';
import { isDay } from '../domain/retention-policy.ts';
import { registerStaffRoutes } from './openapi.ts';
import { validQuery } from './query.ts';
import { staffOf, type StaffEnv } from './staff-auth.ts';
import { STAFF_JSON_MAX_BYTES } from './staff-schemas.ts';
import { base64Bytes, hexId, jsonBody, valid } from './validate.ts';

const seqParam = z.string().regex(/^\d{1,15}$/, 'a seq number').transform(Number);
const limitParam = z.string().regex(/^\d{1,3}$/).transform(Number).pipe(z.number().int().min(1).max(AUDIT_PAGE_MAX));
const text = z.string().min(1).max(200);
/** A UTC day, as the trail's times (the staff page's date inputs send the same). */
const dayParam = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day, YYYY-MM-DD').refine(isDay, 'not a calendar day');

export const auditQuery = z.strictObject({
  action: text.optional(), actor: text.optional(), subject: text.optional(), from: dayParam.optional(), to: dayParam.optional(),
  before: seqParam.optional(), limit: limitParam.optional(),
}).refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { path: ['to'], message: 'on or after from' });
export const historyQuery = z.strictObject({ before: seqParam.optional(), limit: limitParam.optional() });
export const verifyBody = z.strictObject({ publicKeys: z.array(base64Bytes(SIGNING_PUBLIC_KEY_BYTES)).max(10).optional() });

const ENTRIES = '{ entries: [{ seq, at, actor, action, subject, details }], next: seq | null }';
registerStaffRoutes([
  { method: 'get', path: '/audit', summary: 'The audit trail, newest first, filtered by action (exact, or a prefix ending in *), actor, subject and UTC days from/to (inclusive); pages with before=<next> (admins)', query: auditQuery, response: ENTRIES },
  { method: 'post', path: '/audit/verify', summary: 'Verify the hash chain and every signed checkpoint; signatures are checked under the public keys sent (admins)', body: verifyBody, response: '{ ok, entries, headHash | seq, problem, message, checkpoints: { count, signaturesChecked, last } }' },
  { method: 'get', path: '/tips/:tipId/history', summary: 'The audit entries about one tip (editors who are members of its desk)', query: historyQuery, response: ENTRIES },
]);

function verificationJson(result: AuditVerification) {
  return result.ok ? { ...result, headHash: toBase64(result.headHash) } : result;
}

/** Mounted behind staffAuth. */
export function staffAuditRoutes(ctx: DomainContext) {
  return new Hono<StaffEnv>()
    .get('/audit', validQuery(auditQuery), async (c) => {
      return c.json(await listAuditEntries({ ctx, input: { staff: staffOf(c), filter: c.req.valid('query') } }));
    })
    .post('/audit/verify', ...jsonBody(verifyBody, STAFF_JSON_MAX_BYTES), async (c) => {
      const result = await verifyAuditTrail({ ctx, input: { staff: staffOf(c), trustedPublicKeys: c.req.valid('json').publicKeys ?? [] } });
      return c.json(verificationJson(result));
    })
    .get('/tips/:tipId/history', valid('param', z.object({ tipId: hexId })), validQuery(historyQuery), async (c) => {
      return c.json(await tipHistory({ ctx, input: { staff: staffOf(c), tipId: c.req.valid('param').tipId, ...c.req.valid('query') } }));
    });
}
