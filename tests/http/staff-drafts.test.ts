// Drafts and the tips behind them, through the real staff API: who may create, change, link and
// see what; notes sealed under the tip key that only the desk opens; every change audited.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { fromBase64, newTipKey, openMessage, openSealed, sealMessage, sealToPublicKey, toBase64, type KeyPair } from '../../src/crypto/index.ts';
import { tips } from '../../src/db/schema.ts';
import { verifyAuditChain } from '../../src/domain/audit.ts';
import { en } from '../../src/web/staff/i18n/en.ts';
import { ko } from '../../src/web/staff/i18n/ko.ts';
import { addDesk, testApp, type TestApp } from '../helpers/app.ts';
import { enrollStaff, joinDesk, movableClock, type StaffClient } from '../helpers/staff.ts';

type Desk = KeyPair & { slug: string; id: string };

async function json<T>(res: Response, status: number): Promise<T> {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${await res.text()}`);
  return res.json() as Promise<T>;
}

/** A tip sent through the API; its key is returned so the test can seal notes as a browser would. */
async function tipTo(t: TestApp, desk: Desk): Promise<{ id: string; tipKey: Uint8Array }> {
  const tipKey = newTipKey();
  const res = await t.app.request('/api/v1/tips', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ desk: desk.slug, keyVersion: 1, sealedKey: toBase64(sealToPublicKey(tipKey, desk.publicKey)), message: toBase64(sealMessage(tipKey, 'A tip worth a story, in enough words.')) }),
  });
  return { id: (await json<{ id: string }>(res, 201)).id, tipKey };
}

const assign = (t: TestApp, tipId: string, staffId: string) => t.db.write((tx) => tx.update(tips).set({ assigneeId: staffId }).where(eq(tips.id, tipId)));

async function setup() {
  const t = await testApp({ clock: movableClock() });
  const make = async (slug: string): Promise<Desk> => {
    const keys = await addDesk(t, slug);
    const row = await t.db.read.query.desks.findFirst({ where: (d, { eq: is }) => is(d.slug, slug) });
    return { ...keys, id: row!.id };
  };
  const [city, courts] = [await make('city'), await make('courts')];
  const reporter = await enrollStaff(t, 'reporter');
  const other = await enrollStaff(t, 'reporter');
  const editor = await enrollStaff(t, 'editor');
  const courtsEditor = await enrollStaff(t, 'editor');
  const admin = await enrollStaff(t, 'admin');
  for (const m of [reporter, other, editor]) await joinDesk(t, m, city);
  await joinDesk(t, courtsEditor, courts);
  return { t, city, courts, reporter, other, editor, courtsEditor, admin };
}

const createDraft = async (who: StaffClient, body: Record<string, unknown>) =>
  (await json<{ id: string }>(await who.request('POST', '/api/v1/staff/drafts', body), 201)).id;
const link = (who: StaffClient, draftId: string, body: Record<string, unknown>) => who.request('POST', `/api/v1/staff/drafts/${draftId}/links`, body);

describe('drafts', () => {
  it('are created, changed and listed by their owner; editors and admins see all of them', async () => {
    const { t, reporter, other, editor, admin } = await setup();
    const id = await createDraft(reporter, { title: '  Harbour fraud  ', cmsRef: 'cms:1234' });
    await createDraft(other, { title: 'Court delays', status: 'writing' });

    const mine = await json<{ drafts: Array<Record<string, unknown>> }>(await reporter.request('GET', '/api/v1/staff/drafts'), 200);
    expect(mine.drafts).toEqual([{ id, title: 'Harbour fraud', cmsRef: 'cms:1234', ownerId: reporter.id, status: 'idea', createdAt: expect.any(String), tipCount: 0 }]);
    expect((await reporter.request('GET', '/api/v1/staff/drafts?owner=all')).status).toBe(403);
    for (const boss of [editor, admin]) {
      const all = await json<{ drafts: unknown[] }>(await boss.request('GET', '/api/v1/staff/drafts?owner=all'), 200);
      expect(all.drafts).toHaveLength(2);
    }

    const patched = await json<{ draft: { title: string; status: string } }>(await reporter.request('PATCH', `/api/v1/staff/drafts/${id}`, { status: 'editing', title: 'Harbour fraud' }), 200);
    expect(patched.draft).toMatchObject({ title: 'Harbour fraud', status: 'editing' });
    expect((await other.request('PATCH', `/api/v1/staff/drafts/${id}`, { title: 'Mine now' })).status).toBe(403);
    expect((await other.request('GET', `/api/v1/staff/drafts/${id}`)).status).toBe(403);
    expect((await editor.request('PATCH', `/api/v1/staff/drafts/${id}`, { cmsRef: 'cms:99' })).status).toBe(200);
    expect((await reporter.request('GET', `/api/v1/staff/drafts/${'0'.repeat(32)}`)).status).toBe(404);
    expect((await reporter.request('POST', '/api/v1/staff/drafts', { title: '' })).status).toBe(400);
    expect((await reporter.request('POST', '/api/v1/staff/drafts', { title: 'x', status: 'lost' })).status).toBe(400);

    const audit = (await t.db.read.query.auditLog.findMany()).filter((e) => e.action.startsWith('draft.'));
    expect(audit.map((e) => [e.action, e.subject === id ? 'harbour' : 'court', JSON.parse(e.details)])).toEqual([
      ['draft.created', 'harbour', { status: 'idea' }],
      ['draft.created', 'court', { status: 'writing' }],
      ['draft.updated', 'harbour', { fields: ['status'] }],
      ['draft.updated', 'harbour', { fields: ['cmsRef'] }],
    ]);
    // Titles and references are the newsroom's words; the trail names fields only.
    expect(audit.some((e) => e.details.includes('Harbour') || e.details.includes('cms:'))).toBe(false);
  });

  it('link tips the reporter may read to their own drafts, with a note only the desk opens', async () => {
    const { t, city, reporter, other } = await setup();
    const draftId = await createDraft(reporter, { title: 'Harbour fraud' });
    const tip = await tipTo(t, city);
    // Not assigned: a reporter cannot read it, so cannot link it (and so gain access through a link).
    expect((await link(reporter, draftId, { tipId: tip.id })).status).toBe(403);
    await assign(t, tip.id, reporter.id);
    const note = sealMessage(tip.tipKey, 'Source seems to work in the permits office.');
    expect((await link(reporter, draftId, { tipId: tip.id, note: toBase64(note) })).status).toBe(201);
    expect((await link(reporter, draftId, { tipId: tip.id })).status).toBe(409);
    // Another reporter's draft is not theirs to link to, even with a tip they may read.
    const othersDraft = await createDraft(other, { title: 'Court delays' });
    expect((await link(reporter, othersDraft, { tipId: tip.id })).status).toBe(403);
    expect((await link(reporter, draftId, { tipId: 'f'.repeat(32) })).status).toBe(404);
    expect((await link(reporter, draftId, { tipId: tip.id, note: toBase64(new Uint8Array(40)) })).status).toBe(400);

    const view = await json<{ draft: { id: string }; links: Array<{ tipId: string; note: string; linkedBy: string; tip: { deskId: string; status: string; keyVersion: number; sealedKey: string } }> }>(
      await reporter.request('GET', `/api/v1/staff/drafts/${draftId}`), 200);
    expect(view.draft.id).toBe(draftId);
    expect(view.links).toHaveLength(1);
    const [l] = view.links;
    expect(l).toMatchObject({ tipId: tip.id, linkedBy: reporter.id, tip: { deskId: city.id, status: 'new', keyVersion: 1 } });
    // What the reporter's browser does: open the tip key with the desk key, then the note.
    const tipKey = openSealed(fromBase64(l!.tip.sealedKey), city);
    expect(await openMessage(tipKey, fromBase64(l!.note))).toBe('Source seems to work in the permits office.');
    const stored = await t.db.read.query.draftLinks.findFirst();
    expect(Buffer.from(stored!.note!).includes(Buffer.from('permits'))).toBe(false);

    const entries = (await t.db.read.query.auditLog.findMany()).filter((e) => e.action === 'tip.draft_linked');
    expect(entries.map((e) => [e.actor, e.subject, JSON.parse(e.details)])).toEqual([[`staff:${reporter.id}`, tip.id, { draft: draftId, note: true }]]);
  });

  it('let editors who are members link any draft; admins without membership and editors of other desks cannot', async () => {
    const { t, city, reporter, editor, courtsEditor, admin } = await setup();
    const draftId = await createDraft(reporter, { title: 'Harbour fraud' });
    const tip = await tipTo(t, city);
    expect((await link(admin, draftId, { tipId: tip.id })).status).toBe(403);
    expect((await link(courtsEditor, draftId, { tipId: tip.id })).status).toBe(403);
    expect((await link(editor, draftId, { tipId: tip.id })).status).toBe(201);
    // The link now lets the draft's owner read the tip (tip-access: linked to one of their drafts).
    const view = await json<{ links: Array<{ tipId: string; linkedBy: string }> }>(await reporter.request('GET', `/api/v1/staff/drafts/${draftId}`), 200);
    expect(view.links.map((l) => [l.tipId, l.linkedBy])).toEqual([[tip.id, editor.id]]);
    const feeds = await json<{ links: Array<{ draftId: string; title: string; status: string; note: null; linkedBy: string }> }>(
      await editor.request('GET', `/api/v1/staff/tips/${tip.id}/drafts`), 200);
    expect(feeds.links).toEqual([{ draftId, title: 'Harbour fraud', status: 'idea', note: null, linkedBy: editor.id, createdAt: expect.any(String) }]);
    expect((await reporter.request('GET', `/api/v1/staff/tips/${tip.id}/drafts`)).status).toBe(200);
    expect((await courtsEditor.request('GET', `/api/v1/staff/tips/${tip.id}/drafts`)).status).toBe(403);
    expect((await admin.request('GET', `/api/v1/staff/tips/${tip.id}/drafts`)).status).toBe(403);
    expect((await editor.request('GET', `/api/v1/staff/tips/${'a'.repeat(32)}/drafts`)).status).toBe(404);
  });

  it('show per draft only the tips the viewer may read, and count only those', async () => {
    const { t, city, courts, editor, courtsEditor } = await setup();
    const draftId = await createDraft(editor, { title: 'Both desks', cmsRef: 'story-7' });
    const [cityTip, courtsTip] = [await tipTo(t, city), await tipTo(t, courts)];
    expect((await link(editor, draftId, { tipId: cityTip.id })).status).toBe(201);
    expect((await link(courtsEditor, draftId, { tipId: courtsTip.id })).status).toBe(201);

    const sees = async (who: StaffClient) => (await json<{ links: Array<{ tipId: string }> }>(await who.request('GET', `/api/v1/staff/drafts/${draftId}`), 200)).links.map((l) => l.tipId);
    expect(await sees(editor)).toEqual([cityTip.id]);
    expect(await sees(courtsEditor)).toEqual([courtsTip.id]);
    const counted = await json<{ drafts: Array<{ id: string; tipCount: number }> }>(await editor.request('GET', '/api/v1/staff/drafts?owner=all'), 200);
    expect(counted.drafts.find((d) => d.id === draftId)?.tipCount).toBe(1);

    // The CMS plugin's view follows the same rules.
    const cms = await json<{ drafts: Array<{ id: string; title: string; status: string; tips: Array<{ tipId: string; deskId: string; receivedDay: string; status: string }> }> }>(
      await courtsEditor.request('GET', '/api/v1/staff/cms/drafts?cmsRef=story-7'), 200);
    expect(cms.drafts).toEqual([{ id: draftId, title: 'Both desks', status: 'idea', tips: [{ tipId: courtsTip.id, deskId: courts.id, receivedDay: '2026-11-22', status: 'new' }] }]);
    expect((await courtsEditor.request('GET', '/api/v1/staff/cms/drafts?cmsRef=nothing')).status).toBe(200);
    expect((await courtsEditor.request('GET', '/api/v1/staff/cms/drafts')).status).toBe(400);
  });

  it('unlink a tip with an audit entry; a reporter only from their own drafts', async () => {
    const { t, city, reporter, other, editor } = await setup();
    const draftId = await createDraft(reporter, { title: 'Harbour fraud' });
    const tip = await tipTo(t, city);
    await assign(t, tip.id, reporter.id);
    expect((await link(reporter, draftId, { tipId: tip.id })).status).toBe(201);
    await assign(t, tip.id, other.id);
    const unlink = (who: StaffClient) => who.request('DELETE', `/api/v1/staff/drafts/${draftId}/links/${tip.id}`);
    expect((await unlink(other)).status).toBe(403);
    expect((await unlink(reporter)).status).toBe(200);
    // Gone with the link: the reporter's access to a tip no longer assigned to them.
    expect((await unlink(reporter)).status).toBe(403);
    expect((await unlink(editor)).status).toBe(404);
    const entries = (await t.db.read.query.auditLog.findMany()).filter((e) => e.action === 'tip.draft_unlinked');
    expect(entries.map((e) => [e.actor, e.subject, JSON.parse(e.details)])).toEqual([[`staff:${reporter.id}`, tip.id, { draft: draftId }]]);
    expect((await verifyAuditChain(t.db.read)).ok).toBe(true);
  });

  it('show linking and unlinking in the tip’s history, by draft id only, to the editors of its desk and nobody else', async () => {
    const { t, city, reporter, editor, courtsEditor, admin } = await setup();
    const draftId = await createDraft(reporter, { title: 'Harbour fraud' });
    const tip = await tipTo(t, city);
    await assign(t, tip.id, reporter.id);
    expect((await link(reporter, draftId, { tipId: tip.id, note: toBase64(sealMessage(tip.tipKey, 'Met them at pier 4.')) })).status).toBe(201);
    expect((await reporter.request('DELETE', `/api/v1/staff/drafts/${draftId}/links/${tip.id}`)).status).toBe(200);

    type Entry = { actor: string; action: string; subject: string; details: Record<string, unknown> };
    const api = await json<{ entries: Entry[] }>(await editor.request('GET', `/api/v1/staff/tips/${tip.id}/history`), 200);
    // Newest first: the unlink, the link, then what came before them (the tip arriving).
    expect(api.entries.slice(0, 2).map((e) => [e.action, e.actor, e.subject, e.details])).toEqual([
      ['tip.draft_unlinked', `staff:${reporter.id}`, tip.id, { draft: draftId }],
      ['tip.draft_linked', `staff:${reporter.id}`, tip.id, { draft: draftId, note: true }],
    ]);
    expect(api.entries.at(-1)?.action).toBe('tip.received');
    // The draft's title is the newsroom's words: neither the trail nor the history carries it.
    expect(JSON.stringify(api)).not.toContain('Harbour');
    expect((await t.db.read.query.auditLog.findMany()).some((e) => e.details.includes('Harbour'))).toBe(false);

    const page = async (who: StaffClient, query = '') => who.request('GET', `/staff/tips/${tip.id}/history${query}`);
    const english = await (await page(editor)).text();
    const rows = [...english.matchAll(/<tr class="audit-row" data-seq="\d+" data-action="([^"]+)"/g)].map((m) => m[1]);
    expect(rows.slice(0, 2)).toEqual(['tip.draft_unlinked', 'tip.draft_linked']);
    expect(english).toContain(`${en['auditAction.tip.draft_linked']} <code>tip.draft_linked</code>`);
    expect(english).toContain(`${en['auditAction.tip.draft_unlinked']} <code>tip.draft_unlinked</code>`);
    expect(english).toContain(`<dt>draft</dt><dd>${draftId}</dd>`);
    expect(english).not.toContain('Harbour');
    const korean = await (await page(editor, '?lang=ko')).text();
    expect(korean).toContain(`${ko['auditAction.tip.draft_linked']} <code>tip.draft_linked</code>`);
    expect(korean).toContain(`${ko['auditAction.tip.draft_unlinked']} <code>tip.draft_unlinked</code>`);

    // Still the desk's editors only: not an editor of another desk, not an admin who is no
    // member, not the reporter who linked it (they read the tip, they do not triage it).
    for (const who of [courtsEditor, admin, reporter]) {
      expect((await who.request('GET', `/api/v1/staff/tips/${tip.id}/history`)).status).toBe(403);
      const refused = await page(who);
      expect(refused.status).toBe(403);
      expect(await refused.text()).not.toContain('tip.draft_linked');
    }
  });
});
