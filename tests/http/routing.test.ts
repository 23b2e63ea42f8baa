// Routing rules end to end: admins replace the ordered list, intake refuses a tip sealed to the
// wrong desk with `rerouted` and the client re-seals, the no-JavaScript form routes before it
// seals, and every tip lands (readable) with the desk the rules chose.
import { describe, expect, it } from 'vitest';
import { submitTip } from '../../src/client/submit.ts';
import { newTipKey, sealMessage, sealToPublicKey, toBase64, type KeyPair } from '../../src/crypto/index.ts';
import { verifyAuditChain } from '../../src/domain/audit.ts';
import { findDeskBySlug } from '../../src/domain/desks.ts';
import { addDesk, testApp, type TestApp } from '../helpers/app.ts';
import { readDeskTips } from '../helpers/read-tips.ts';
import { enrollStaff, movableClock, type StaffClient } from '../helpers/staff.ts';
import { codenameOf, logIn, multipart, postForm, submitTipForm } from '../web/helpers.ts';

type Desk = KeyPair & { slug: string; id: string };
type Match = { desk?: string; topic?: string; language?: string; hasFiles?: boolean; urgent?: boolean };

const MESSAGE = 'The harbour master signs inspection reports he never read.';
const viaApp = (t: TestApp): typeof fetch => ((input: RequestInfo | URL, init?: RequestInit) => t.app.request(String(input), init)) as typeof fetch;

async function desk(t: TestApp, slug: string): Promise<Desk> {
  const keys = await addDesk(t, slug);
  return { ...keys, id: (await findDeskBySlug(t.db.read, slug))!.id };
}

async function setup() {
  const t = await testApp({ clock: movableClock() });
  const [news, health, urgent] = [await desk(t, 'news'), await desk(t, 'health'), await desk(t, 'urgent')];
  const admin = await enrollStaff(t, 'admin');
  return { t, news, health, urgent, admin };
}

async function setRules(admin: StaffClient, rules: { match: Match; targetDeskId: string }[]) {
  const res = await admin.request('PUT', '/api/v1/staff/routing-rules', { rules });
  expect(res.status).toBe(200);
  return res.json() as Promise<{ rules: { id: string; position: number; match: Match; targetDeskId: string }[] }>;
}

/** POST /api/v1/tips with a fresh tip sealed to `to`; the raw response. */
function postTip(t: TestApp, to: Desk, fields: Record<string, unknown> = {}, tipKey = newTipKey()) {
  const body = {
    desk: to.slug, keyVersion: 1, sealedKey: toBase64(sealToPublicKey(tipKey, to.publicKey)), message: toBase64(sealMessage(tipKey, MESSAGE)), ...fields,
  };
  return t.app.request('/api/v1/tips', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

const tipRow = async (t: TestApp, id: string) => (await t.db.read.query.tips.findFirst({ where: (tips, { eq }) => eq(tips.id, id) }))!;

describe('routing rules', () => {
  it('are admin-only, kept in order, and replaced whole with one audit entry that counts them', async () => {
    const { t, news, health, urgent, admin } = await setup();
    const editor = await enrollStaff(t, 'editor');
    const rules = [
      { match: { urgent: true }, targetDeskId: urgent.id },
      { match: { topic: ' Health ', desk: 'news' }, targetDeskId: health.id },
    ];
    expect((await editor.request('PUT', '/api/v1/staff/routing-rules', { rules })).status).toBe(403);
    expect((await editor.request('GET', '/api/v1/staff/routing-rules')).status).toBe(403);

    const saved = await setRules(admin, rules);
    expect(saved.rules.map((r) => [r.position, r.match, r.targetDeskId])).toEqual([
      [0, { urgent: true }, urgent.id],
      [1, { desk: 'news', topic: 'Health' }, health.id],
    ]);
    const listed = await (await admin.request('GET', '/api/v1/staff/routing-rules')).json() as typeof saved;
    expect(listed).toEqual(saved);

    await setRules(admin, [{ match: {}, targetDeskId: news.id }]);
    const entries = (await t.db.read.query.auditLog.findMany()).filter((e) => e.action === 'routing.rules_replaced');
    expect(entries.map((e) => [e.actor, JSON.parse(e.details)])).toEqual([[`staff:${admin.id}`, { count: 2 }], [`staff:${admin.id}`, { count: 1 }]]);
    expect(entries.some((e) => e.details.includes('Health'))).toBe(false);
    expect((await verifyAuditChain(t.db.read)).ok).toBe(true);
  });

  it('refuses rules naming desks that do not exist, unknown languages and extra fields, and keeps the old list', async () => {
    const { t, news, admin } = await setup();
    await setRules(admin, [{ match: { topic: 'Port' }, targetDeskId: news.id }]);
    const put = (rules: unknown) => admin.request('PUT', '/api/v1/staff/routing-rules', { rules });
    expect((await put([{ match: {}, targetDeskId: 'f'.repeat(32) }])).status).toBe(404);
    expect((await put([{ match: { desk: 'nowhere' }, targetDeskId: news.id }])).status).toBe(404);
    expect((await put([{ match: { language: 'fr' }, targetDeskId: news.id }])).status).toBe(400);
    expect((await put([{ match: { colour: 'red' }, targetDeskId: news.id }])).status).toBe(400);
    expect((await put([{ match: { topic: '   ' }, targetDeskId: news.id }])).status).toBe(400);
    const { rules } = await (await admin.request('GET', '/api/v1/staff/routing-rules')).json() as { rules: { match: Match }[] };
    expect(rules.map((r) => r.match)).toEqual([{ topic: 'Port' }]);
    expect(await (await t.app.request('/api/v1/topics')).json()).toEqual({ topics: ['Port'] });
  });

  it('send a tip to the first matching rule’s desk, else to the desk the source chose', async () => {
    const { t, news, health, urgent, admin } = await setup();
    await setRules(admin, [
      { match: { urgent: true }, targetDeskId: urgent.id },
      { match: { topic: 'Health' }, targetDeskId: health.id },
      { match: { language: 'ko', hasFiles: true }, targetDeskId: health.id },
    ]);
    const route = async (query: string) => {
      const res = await t.app.request(`/api/v1/route?${query}`);
      expect(res.status).toBe(200);
      return res.json() as Promise<{ desk: string; keyVersion: number; publicKey: string }>;
    };
    expect(await route('desk=news')).toEqual({ desk: 'news', keyVersion: 1, publicKey: toBase64(news.publicKey) });
    expect((await route('desk=news&topic=Health')).desk).toBe('health');
    // Order decides: urgent comes first, whatever the topic.
    expect((await route('desk=news&topic=Health&urgent=true')).desk).toBe('urgent');
    expect((await route('desk=news&language=ko&hasFiles=true')).desk).toBe('health');
    expect((await route('desk=news&language=ko&hasFiles=false')).desk).toBe('news');
    // A topic no rule names is no topic.
    expect((await route('desk=news&topic=Gossip')).desk).toBe('news');
    expect((await t.app.request('/api/v1/route?desk=nowhere')).status).toBe(404);
    expect((await t.app.request('/api/v1/route?desk=news&urgent=yes')).status).toBe(400);
    expect(await (await t.app.request('/api/v1/topics')).json()).toEqual({ topics: ['Health'] });
  });

  it('answers a tip sealed to another desk with 409 rerouted, and the re-sealed tip is stored with the routed desk', async () => {
    const { t, news, health, admin } = await setup();
    await setRules(admin, [{ match: { desk: 'news', topic: 'Health' }, targetDeskId: health.id }]);
    const tipKey = newTipKey();
    const refused = await postTip(t, news, { topic: 'Health', urgent: true }, tipKey);
    expect(refused.status).toBe(409);
    const { error } = await refused.json() as { error: { code: string; desk: string; currentKey: { version: number; publicKey: string } } };
    expect(error).toMatchObject({ code: 'rerouted', desk: 'health', currentKey: { version: 1, publicKey: toBase64(health.publicKey) } });
    expect(await t.db.read.query.tips.findMany()).toEqual([]);

    // Sealed again to the desk named, with the source's choice kept in chosenDesk.
    const stored = await postTip(t, health, { chosenDesk: 'news', topic: 'Health', urgent: true }, tipKey);
    expect(stored.status).toBe(201);
    const { id } = await stored.json() as { id: string };
    expect(await tipRow(t, id)).toMatchObject({ deskId: health.id, urgent: true, topic: 'Health' });
    expect((await readDeskTips(t.db, 'health', health)).map((tip) => tip.message)).toEqual([MESSAGE]);
    expect(await readDeskTips(t.db, 'news', news)).toEqual([]);
  });

  it('stores the urgency flag and only offered topics, and routes a sealed-elsewhere chosen desk by default', async () => {
    const { t, news, health, admin } = await setup();
    await setRules(admin, [{ match: { topic: 'Health' }, targetDeskId: health.id }]);
    const free = await postTip(t, news, { topic: 'my neighbour Kim', urgent: true });
    expect(free.status).toBe(201);
    expect(await tipRow(t, (await free.json() as { id: string }).id)).toMatchObject({ deskId: news.id, urgent: true, topic: null });
    // No rule matches: the chosen desk is the route, so a tip sealed elsewhere goes back there.
    const wrong = await postTip(t, health, { chosenDesk: 'news' });
    expect(wrong.status).toBe(409);
    expect((await wrong.json() as { error: { desk: string } }).error.desk).toBe('news');
    expect((await postTip(t, news, { chosenDesk: 'nowhere' })).status).toBe(404);
  });

  it('apply to new tips only: tips already stored keep their desk', async () => {
    const { t, news, health, admin } = await setup();
    const before = await postTip(t, news, { topic: 'Health' });
    expect(before.status).toBe(201);
    await setRules(admin, [{ match: { desk: 'news' }, targetDeskId: health.id }]);
    expect((await postTip(t, news)).status).toBe(409);
    const after = await postTip(t, health, { chosenDesk: 'news' });
    expect(after.status).toBe(201);
    const [a, b] = await Promise.all([before, after].map(async (r) => tipRow(t, (await r.clone().json() as { id: string }).id)));
    expect(a!.deskId).toBe(news.id);
    expect(b!.deskId).toBe(health.id);
  });

  it('leave follow-ups with their conversation’s desk', async () => {
    const { t, news, health, admin } = await setup();
    const codename = codenameOf(await (await submitTipForm(t, 'news', MESSAGE)).text());
    await setRules(admin, [{ match: {}, targetDeskId: health.id }]);
    const cookie = await logIn(t, codename);
    const page = await (await t.app.request('/conversation', { headers: { cookie } })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    const res = await postForm(t, '/conversation/follow-up', multipart({ message: 'One more thing.', csrf, urgent: '1' }), { cookie });
    expect(res.status).toBeLessThan(400);
    const rows = await t.db.read.query.tips.findMany();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.deskId === news.id)).toBe(true);
  });
});

describe('routing on the source pages', () => {
  it('routes a form without JavaScript before sealing: the tip opens with the routed desk’s key', async () => {
    const { t, news, health, urgent, admin } = await setup();
    await setRules(admin, [
      { match: { urgent: true, language: 'ko' }, targetDeskId: urgent.id },
      { match: { topic: 'Health' }, targetDeskId: health.id },
    ]);
    const form = await (await t.app.request('/submit/news')).text();
    expect(form).toContain('name="urgent"');
    expect(form).toMatch(/<option value="Health"[^>]*>Health<\/option>/);

    const res = await submitTipForm(t, 'news', MESSAGE, [], { topic: 'Health' });
    expect(res.status).toBe(200);
    expect((await readDeskTips(t.db, 'health', health)).map((tip) => tip.message)).toEqual([MESSAGE]);
    const [row] = await t.db.read.query.tips.findMany();
    expect(row).toMatchObject({ deskId: health.id, topic: 'Health', urgent: false, via: 'form' });
    // The source's conversation is with the desk the tip went to.
    expect((await t.db.read.query.sources.findMany()).map((s) => s.deskId)).toEqual([health.id]);

    // The page's language routes too: Korean and urgent goes to the urgent desk; English does not.
    expect((await postForm(t, '/ko/submit/news', multipart({ message: MESSAGE, urgent: '1' }))).status).toBe(200);
    expect((await submitTipForm(t, 'news', MESSAGE, [], { urgent: '1' })).status).toBe(200);
    expect(await readDeskTips(t.db, 'urgent', urgent)).toHaveLength(1);
    expect(await readDeskTips(t.db, 'news', news)).toHaveLength(1);
  });

  it('keeps the urgency and topic chosen when a form is refused', async () => {
    const { t, health, admin } = await setup();
    await setRules(admin, [{ match: { topic: 'Health' }, targetDeskId: health.id }]);
    const res = await submitTipForm(t, 'news', 'too short', [], { topic: 'Health', urgent: '1' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<input[^>]*name="urgent"[^>]*checked/);
    expect(html).toMatch(/<option value="Health" selected/);
  });

  it('the reference client re-seals on rerouted and sends what the source chose', async () => {
    const { t, news, urgent, admin } = await setup();
    await setRules(admin, [{ match: { urgent: true, hasFiles: true }, targetDeskId: urgent.id }]);
    const file = { name: 'memo.txt', type: 'text/plain', size: 5, async *open() { yield new TextEncoder().encode('memo!'); } };
    const { tipId } = await submitTip({
      server: 'http://tipline.test', desk: 'news', message: MESSAGE, files: [file], routing: { urgent: true, language: 'en' }, fetch: viaApp(t),
    });
    expect(await tipRow(t, tipId)).toMatchObject({ deskId: urgent.id, urgent: true });
    const [opened] = await readDeskTips(t.db, 'urgent', urgent);
    expect(opened!.message).toBe(MESSAGE);
    expect(opened!.files.map((f) => f.name)).toEqual(['memo.txt']);
    // Without files the rule does not match: the tip stays with the chosen desk.
    const plain = await submitTip({ server: 'http://tipline.test', desk: 'news', message: MESSAGE, routing: { urgent: true }, fetch: viaApp(t) });
    expect((await tipRow(t, plain.tipId)).deskId).toBe(news.id);
    expect(t.logs.filter((l) => l === 'POST /api/v1/tips 409')).toHaveLength(1);
  });
});
