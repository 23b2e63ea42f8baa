// GET /api/v1/staff/openapi.json: valid JSON, every mounted staff route described, and the body
// schemas it publishes (rebuilt here from the JSON Schema alone) refuse what the routes refuse.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findDeskBySlug } from '../../src/domain/desks.ts';
import { addDesk, testApp } from '../helpers/app.ts';
import { enrollStaff, movableClock } from '../helpers/staff.ts';

type Operation = { summary: string; security: unknown[]; requestBody?: { content: { 'application/json': { schema: Record<string, unknown> } } }; parameters?: Array<{ name: string; in: string }> };
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

async function setup() {
  const t = await testApp({ clock: movableClock() });
  const admin = await enrollStaff(t, 'admin');
  const res = await admin.request('GET', '/api/v1/staff/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const doc = JSON.parse(await res.text()) as Document;
  return { t, admin, doc };
}

const operations = (doc: Document) => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
const bodySchema = (doc: Document, method: string, path: string) => {
  const schema = doc.paths[`/api/v1/staff${path}`]?.[method]?.requestBody?.content['application/json'].schema;
  if (!schema) throw new Error(`no body schema for ${method} ${path}`);
  return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
};

describe('the staff OpenAPI document', () => {
  it('is OpenAPI 3.1 JSON and needs a session', async () => {
    const { t, doc } = await setup();
    expect(doc.openapi).toBe('3.1.0');
    expect((await t.app.request('/api/v1/staff/openapi.json')).status).toBe(401);
    const login = doc.paths['/api/v1/staff/login']!.post!;
    expect(login.security).toEqual([]);
    expect(doc.paths['/api/v1/staff/drafts/{draftId}/links']!.post!.security).toEqual([{ staffSession: [], csrfToken: [] }]);
    expect(doc.paths['/api/v1/staff/drafts/{draftId}/links/{tipId}']!.delete!.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(['path:draftId', 'path:tipId']);
    expect(doc.paths['/api/v1/staff/cms/drafts']!.get!.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(['query:cmsRef']);
  });

  it('describes every staff route the app mounts, and no other', async () => {
    const { t, doc } = await setup();
    const mounted = new Set(t.app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/v1/staff/'))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`));
    const described = new Set(operations(doc).map(({ method, path }) => `${method} ${path}`));
    expect(mounted.size).toBeGreaterThan(20);
    expect([...mounted].filter((r) => !described.has(r)).sort()).toEqual([]);
    expect([...described].filter((r) => !mounted.has(r)).sort()).toEqual([]);
    for (const { op } of operations(doc)) expect(op.summary.length).toBeGreaterThan(5);
  });

  it('publishes body schemas that refuse what the routes refuse', async () => {
    const { t, admin, doc } = await setup();
    await addDesk(t, 'city');
    const deskId = (await findDeskBySlug(t.db.read, 'city'))!.id;
    const cases: Array<{ method: string; path: string; good: unknown; bad: unknown[] }> = [
      {
        method: 'post', path: '/drafts', good: { title: 'Harbour fraud', status: 'writing' },
        bad: [{}, { title: 'x', owner: 'me' }, { title: 'x', status: 'lost' }, { title: 'x'.repeat(401) }, { title: 7 }],
      },
      {
        method: 'put', path: '/routing-rules', good: { rules: [{ match: { topic: 'Health', urgent: true }, targetDeskId: deskId }] },
        bad: [{ rules: [{ match: { colour: 'red' }, targetDeskId: deskId }] }, { rules: [{ match: {}, targetDeskId: 'not-an-id' }] },
          { rules: [{ match: { language: 'fr' }, targetDeskId: deskId }] }, { rules: 'all' }],
      },
    ];
    for (const { method, path, good, bad } of cases) {
      const schema = bodySchema(doc, method, path);
      expect(schema.safeParse(good).success, `${path} good`).toBe(true);
      expect((await admin.request(method.toUpperCase(), `/api/v1/staff${path}`, good)).status).toBeLessThan(300);
      for (const body of bad) {
        expect(schema.safeParse(body).success, `${path} ${JSON.stringify(body)}`).toBe(false);
        expect((await admin.request(method.toUpperCase(), `/api/v1/staff${path}`, body)).status, `${path} ${JSON.stringify(body)}`).toBe(400);
      }
    }
    // The lead's routes are described from their own schemas too.
    const login = bodySchema(doc, 'post', '/login');
    expect(login.safeParse({ username: 'a', loginKey: 'AAAA', extra: 1 }).success).toBe(false);
    expect((await t.app.request('/api/v1/staff/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'a', loginKey: 'AAAA', extra: 1 }) })).status).toBe(400);
  });
});
