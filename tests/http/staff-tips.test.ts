// The editor's inbox over the real staff API: the queue (filters, sorts, keyset pages, unread
// per viewer, who sees what), the tip page, triage and its audit entries, notes and replies that
// only the desk key opens, moving a conversation to another desk, bulk actions all or nothing,
// labels; and the page query's plan on the indexes that keep it fast.
import { createClient, type InValue } from '@libsql/client';
import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openReply, sealReply } from '../../src/client/reply.ts';
import {
  fromBase64, generateBoxKeyPair, newNoncePrefix, newTipKey, openMessage, openPartChunks, openSealed, paddedPartSize, parseSerializedPart,
  randomBytes, sealMessage, sealPartChunks, sealToPublicKey, toBase64, type KeyPair,
} from '../../src/crypto/index.ts';
import { auditLog, replies, sources, tipLabels, tips } from '../../src/db/schema.ts';
import { verifyAuditChain } from '../../src/domain/audit.ts';
import { receiveSealedTip } from '../../src/domain/form-tip.ts';
import { LISTING_AUDIT_WINDOW_MS } from '../../src/domain/triage/listing-audit.ts';
import { pageQuery } from '../../src/domain/triage/queue.ts';
import { afterCursor } from '../../src/domain/triage/queue-cursor.ts';
import { addDesk, testApp, type TestApp } from '../helpers/app.ts';
import { clientFor, cookieFrom, enrollStaff, joinDesk, logInAgain, movableClock, type StaffClient } from '../helpers/staff.ts';
import { openTipKey, openTipMessage, sendTip } from '../helpers/triage.ts';

interface Summary {
  id: string; deskId: string; deskSlug: string; receivedDay: string; status: string; priority: number; assigneeId: string | null;
  labels: { id: string; name: string }[]; hasFiles: boolean; unsupportedMetadata: boolean; urgent: boolean; topic: string | null;
  unread: boolean; conversationId: string | null; keyVersion: number; sealedKey: string; message: string | null;
}
interface Page { tips: Summary[]; nextCursor: string | null }
interface Detail {
  tip: Summary;
  files: { id: string; paddedSize: number; chunkCount: number; metadata: string | null }[];
  notes: { id: string; authorId: string; createdAt: string; body: string }[];
  conversation: {
    replyPublicKey: string;
    tips: { id: string; receivedDay: string; keyVersion: number; sealedKey: string; message: string | null }[];
    replies: { id: string; authorId: string | null; day: string; body: string; sealedForDesk: string; deskKeyVersion: number }[];
  } | null;
}

const API = '/api/v1/staff';

async function ok<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

async function errorCode(response: Response): Promise<[number, string]> {
  return [response.status, ((await response.json()) as { error: { code: string } }).error.code];
}

const list = (who: StaffClient, query = '') => who.request('GET', `${API}/tips${query ? `?${query}` : ''}`).then((r) => ok<Page>(r));

async function auditActions(t: TestApp, subject?: string): Promise<string[]> {
  const rows = await t.db.read.select().from(auditLog).where(subject ? eq(auditLog.subject, subject) : undefined).orderBy(auditLog.seq);
  return rows.map((r) => r.action);
}

/** Two desks; an editor, a second editor and a reporter on investigations; an editor on politics; an admin on none. */
async function newsroom(clock = movableClock()) {
  const t = await testApp({ clock });
  const investigations = await addDesk(t, 'investigations');
  const politics = await addDesk(t, 'politics');
  return { t, clock, investigations, politics };
}

async function staffFor(t: TestApp, investigations: KeyPair & { slug: string }, politics: KeyPair & { slug: string }) {
  const editor = await enrollStaff(t, 'editor');
  const deskA = await joinDesk(t, editor, investigations);
  const colleague = await enrollStaff(t, 'editor');
  await joinDesk(t, colleague, investigations);
  const politicsEditor = await enrollStaff(t, 'editor');
  const deskB = await joinDesk(t, politicsEditor, politics);
  const reporter = await enrollStaff(t, 'reporter');
  await joinDesk(t, reporter, investigations);
  const admin = await enrollStaff(t, 'admin');
  return { editor, colleague, politicsEditor, reporter, admin, deskA, deskB };
}

async function makeLabel(who: StaffClient, deskId: string, name: string): Promise<string> {
  return (await ok<{ id: string }>(await who.request('POST', `${API}/desks/${deskId}/labels`, { name }), 201)).id;
}

describe('the queue', () => {
  it('shows each viewer the tips of their desks only, with messages the desk key opens', async () => {
    const { t, investigations, politics } = await newsroom();
    const a1 = await sendTip(t, 'investigations', 'The port authority falsifies inspection records.');
    const a2 = await sendTip(t, 'investigations', 'Second tip for investigations, about the harbour.');
    const b1 = await sendTip(t, 'politics', 'A politics tip about the council budget vote.');
    const s = await staffFor(t, investigations, politics);

    const mine = await list(s.editor);
    expect(mine.tips.map((x) => x.id).sort()).toEqual([a1.tipId, a2.tipId].sort());
    expect(mine.nextCursor).toBeNull();
    const first = mine.tips.find((x) => x.id === a1.tipId)!;
    expect(first).toMatchObject({ deskSlug: 'investigations', deskId: s.deskA, status: 'new', priority: 1, assigneeId: null, labels: [], unread: true, keyVersion: 1, hasFiles: false });
    expect(await openTipMessage(first, investigations)).toBe('The port authority falsifies inspection records.');
    // The politics desk's key cannot open it.
    expect(() => openSealed(fromBase64(first.sealedKey), politics)).toThrow();

    expect((await list(s.politicsEditor)).tips.map((x) => x.id)).toEqual([b1.tipId]);
    // Admin alone reads nothing; a reporter sees nothing until a tip is assigned to them.
    expect((await list(s.admin)).tips).toEqual([]);
    expect((await list(s.reporter)).tips).toEqual([]);
    await ok(await s.editor.request('PATCH', `${API}/tips/${a2.tipId}`, { assigneeId: s.reporter.id }));
    expect((await list(s.reporter)).tips.map((x) => x.id)).toEqual([a2.tipId]);

    // A desk the viewer is not in: 403; an unknown desk: 404; a typo in the query: 400.
    expect(await errorCode(await s.editor.request('GET', `${API}/tips?desk=${s.deskB}`))).toEqual([403, 'forbidden']);
    expect(await errorCode(await s.editor.request('GET', `${API}/tips?desk=${'0'.repeat(32)}`))).toEqual([404, 'unknown_desk']);
    expect((await s.editor.request('GET', `${API}/tips?stauts=new`)).status).toBe(400);
    // Listing hands out message ciphertext: it is audited with the tips it showed.
    const listed = await t.db.read.select().from(auditLog).where(and(eq(auditLog.action, 'tips.listed'), eq(auditLog.actor, `staff:${s.editor.id}`)));
    expect(JSON.parse(listed[0]!.details).tips.sort()).toEqual([a1.tipId, a2.tipId].sort());
  });

  it('filters by status, priority, label, assignee, files, metadata and unread', async () => {
    const { t, investigations, politics } = await newsroom();
    const plain = await sendTip(t, 'investigations', 'A plain tip without any files at all.');
    const cleaned = await sendTip(t, 'investigations', 'A tip with a cleaned photo attached.', { files: [{ name: 'a.jpg', bytes: randomBytes(2000), metadata: 'cleaned' }] });
    const raw = await sendTip(t, 'investigations', 'A tip with a file whose metadata stayed.', { files: [{ name: 'b.bin', bytes: randomBytes(3000), metadata: 'unsupported' }] });
    const s = await staffFor(t, investigations, politics);
    const docs = await makeLabel(s.editor, s.deskA, 'documents');
    await ok(await s.editor.request('PATCH', `${API}/tips/${cleaned.tipId}`, { status: 'in_review', priority: 3, addLabels: [docs], assigneeId: s.editor.id }));
    await ok(await s.editor.request('PATCH', `${API}/tips/${raw.tipId}`, { status: 'in_review', assigneeId: s.reporter.id }));

    const ids = async (query: string, who = s.editor) => (await list(who, query)).tips.map((x) => x.id).sort();
    expect(await ids('status=in_review')).toEqual([cleaned.tipId, raw.tipId].sort());
    expect(await ids('status=new')).toEqual([plain.tipId]);
    expect(await ids('priority=3')).toEqual([cleaned.tipId]);
    expect(await ids(`label=${docs}`)).toEqual([cleaned.tipId]);
    expect(await ids(`status=new&label=${docs}`)).toEqual([]);
    expect(await ids('assignee=me')).toEqual([cleaned.tipId]);
    expect(await ids(`assignee=${s.reporter.id}`)).toEqual([raw.tipId]);
    expect(await ids('assignee=none')).toEqual([plain.tipId]);
    expect(await ids('hasFiles=true')).toEqual([cleaned.tipId, raw.tipId].sort());
    expect(await ids('hasFiles=false')).toEqual([plain.tipId]);
    expect(await ids('unsupported=true')).toEqual([raw.tipId]);
    // A label of a desk the viewer is not in is unknown to them.
    const foreign = await makeLabel(s.politicsEditor, s.deskB, 'council');
    expect(await errorCode(await s.editor.request('GET', `${API}/tips?label=${foreign}`))).toEqual([404, 'unknown_label']);

    // Unread is per viewer: opening a tip marks it read for the one who opened it only.
    await ok(await s.editor.request('GET', `${API}/tips/${plain.tipId}`));
    expect(await ids('unread=true')).toEqual([cleaned.tipId, raw.tipId].sort());
    expect(await ids('unread=true', s.colleague)).toEqual([cleaned.tipId, plain.tipId, raw.tipId].sort());
    const seen = (await list(s.editor)).tips.find((x) => x.id === plain.tipId)!;
    const unseen = (await list(s.colleague)).tips.find((x) => x.id === plain.tipId)!;
    expect([seen.unread, unseen.unread]).toEqual([false, true]);
  });

  it('pages through every sort and filter without duplicates or gaps, on every query shape', async () => {
    const clock = movableClock('2026-10-01T09:00:00.000Z');
    const { t, investigations, politics } = await newsroom(clock);
    // 12 days: three investigations tips a day, a politics tip every other day.
    for (let day = 0; day < 12; day += 1) {
      for (let i = 0; i < 3; i += 1) await sendTip(t, 'investigations', `Investigations tip ${day}-${i}, with enough words.`);
      if (day % 2 === 0) await sendTip(t, 'politics', `Politics tip of day ${day}, with enough words.`);
      clock.advance(86_400_000);
    }
    const s = await staffFor(t, investigations, politics);
    // The editor also joins politics: "all my desks" merges two desks.
    await joinDesk(t, s.editor, politics);
    const deskATips = (await t.db.read.select({ id: tips.id }).from(tips).where(eq(tips.deskId, s.deskA))).map((r) => r.id).sort();
    const bulk = (body: object) => s.editor.request('POST', `${API}/tips/bulk`, body).then((r) => ok(r));
    for (let p = 0; p < 4; p += 1) await bulk({ tipIds: deskATips.filter((_, i) => i % 4 === p), priority: p });
    const few = await makeLabel(s.editor, s.deskA, 'few');
    const many = await makeLabel(s.editor, s.deskA, 'many');
    await bulk({ tipIds: deskATips.slice(0, 5), addLabels: [few] });
    await bulk({ tipIds: deskATips.slice(5, 30), addLabels: [many], status: 'in_review' });
    await bulk({ tipIds: deskATips.filter((_, i) => i % 3 === 0), assigneeId: s.reporter.id });

    const all = await t.db.read.select().from(tips);
    const labelled = await t.db.read.select().from(tipLabels);
    const hasLabel = (tipId: string, labelId: string) => labelled.some((l) => l.tipId === tipId && l.labelId === labelId);
    type Row = (typeof all)[number];
    const orders: Record<string, (a: Row, b: Row) => number> = {
      newest: (a, b) => (a.receivedDay === b.receivedDay ? (a.id < b.id ? 1 : -1) : a.receivedDay < b.receivedDay ? 1 : -1),
      oldest: (a, b) => (a.receivedDay === b.receivedDay ? (a.id < b.id ? -1 : 1) : a.receivedDay < b.receivedDay ? -1 : 1),
      priority: (a, b) => (a.priority !== b.priority ? b.priority - a.priority : orders.newest!(a, b)),
    };
    const cases: Array<{ who: StaffClient; query: Record<string, string>; expect: (r: Row) => boolean }> = [
      { who: s.editor, query: {}, expect: () => true },
      { who: s.editor, query: { sort: 'oldest' }, expect: () => true },
      { who: s.editor, query: { sort: 'priority' }, expect: () => true },
      { who: s.editor, query: { desk: s.deskA, status: 'in_review' }, expect: (r) => r.deskId === s.deskA && r.status === 'in_review' },
      { who: s.editor, query: { label: few }, expect: (r) => hasLabel(r.id, few) }, // read as a set
      { who: s.editor, query: { label: many, sort: 'priority' }, expect: (r) => hasLabel(r.id, many) }, // walked by index
      { who: s.editor, query: { assignee: s.reporter.id, sort: 'oldest' }, expect: (r) => r.assigneeId === s.reporter.id },
      { who: s.reporter, query: {}, expect: (r) => r.assigneeId === s.reporter.id },
      { who: s.reporter, query: { sort: 'priority', status: 'in_review' }, expect: (r) => r.assigneeId === s.reporter.id && r.status === 'in_review' },
    ];
    for (const c of cases) {
      const sort = c.query.sort ?? 'newest';
      const expected = all.filter((r) => c.expect(r)).sort(orders[sort]).map((r) => r.id);
      expect(expected.length).toBeGreaterThan(3);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query = new URLSearchParams({ ...c.query, limit: '4', ...(cursor ? { cursor } : {}) });
        const page = await list(c.who, query.toString());
        expect(page.tips.length).toBeLessThanOrEqual(4);
        seen.push(...page.tips.map((x) => x.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < 50);
      expect({ query: c.query, ids: seen }).toEqual({ query: c.query, ids: expected });
    }
    // A cursor belongs to its sort order.
    const page = await list(s.editor, 'limit=2');
    expect(await errorCode(await s.editor.request('GET', `${API}/tips?sort=oldest&cursor=${page.nextCursor}`))).toEqual([400, 'invalid_input']);
  });

  it('walks the desk indexes in order (no sort, no OFFSET) and reads small sets from their own index', async () => {
    const { t, investigations, politics } = await newsroom();
    const s = await staffFor(t, investigations, politics);
    const editor = { id: s.editor.id, username: s.editor.username, displayName: 'x', role: 'editor' as const };
    const plan = async (q: Parameters<typeof pageQuery>[1]) => explain(t, pageQuery(t.db.read, q).toSQL());
    const base = { viewer: editor, deskIds: [s.deskA], sort: 'newest' as const, limit: 51 };
    const byStatus = await plan({ ...base, filters: { status: 'new', labelId: 'f'.repeat(32), unread: true }, shape: 'scan' });
    // Covering: the keys of a page come from the index alone, no tip row is read for them.
    expect(byStatus).toMatch(/SEARCH tips USING COVERING INDEX tips_desk_status_idx \(desk_id=\? AND status=\?\)/);
    expect(byStatus).not.toMatch(/TEMP B-TREE/);
    // sort=priority walks the priority indexes in page order, with and without a status, cursor included.
    const byPriority = await plan({ ...base, sort: 'priority', filters: { status: 'new', labelId: 'f'.repeat(32) }, shape: 'scan' });
    expect(byPriority).toMatch(/SEARCH tips USING COVERING INDEX tips_desk_status_priority_idx \(desk_id=\? AND status=\?\)/);
    expect(byPriority).not.toMatch(/TEMP B-TREE/);
    const afterPriority = afterCursor('priority', { priority: 2, receivedDay: '2026-11-01', id: 'a'.repeat(32) });
    const priorityNext = await plan({ ...base, sort: 'priority', filters: {}, shape: 'scan', after: afterPriority });
    expect(priorityNext).toMatch(/tips_desk_priority_idx \(desk_id=\? AND \(priority,received_day,id\)<\(\?,\?,\?\)\)/);
    expect(priorityNext).not.toMatch(/TEMP B-TREE/);
    const priorityStatusNext = await plan({ ...base, sort: 'priority', filters: { status: 'in_review' }, shape: 'scan', after: afterPriority });
    expect(priorityStatusNext).toMatch(/tips_desk_status_priority_idx \(desk_id=\? AND status=\? AND \(priority,received_day,id\)<\(\?,\?,\?\)\)/);
    expect(priorityStatusNext).not.toMatch(/TEMP B-TREE/);
    const after = afterCursor('oldest', { priority: 0, receivedDay: '2026-11-01', id: 'a'.repeat(32) });
    const nextPage = await plan({ ...base, filters: {}, shape: 'scan', after, sort: 'oldest' });
    expect(nextPage).toMatch(/tips_desk_idx \(desk_id=\? AND \(received_day,id\)>\(\?,\?\)\)/);
    expect(nextPage).not.toMatch(/TEMP B-TREE/);
    const assigned = await plan({ ...base, deskIds: [s.deskA, s.deskB], filters: { assigneeId: s.reporter.id }, shape: 'assignee' });
    expect(assigned).toMatch(/tips_assignee_idx \(assignee_id=\?\)/);
    expect(assigned).not.toMatch(/TEMP B-TREE/);
    const assignedByPriority = await plan({ ...base, deskIds: [s.deskA, s.deskB], sort: 'priority', filters: { assigneeId: s.reporter.id }, shape: 'assignee', after: afterPriority });
    expect(assignedByPriority).toMatch(/tips_assignee_priority_idx \(assignee_id=\? AND \(priority,received_day,id\)<\(\?,\?,\?\)\)/);
    expect(assignedByPriority).not.toMatch(/TEMP B-TREE/);
    const small = await plan({ ...base, filters: { status: 'new', labelId: 'f'.repeat(32) }, shape: 'set' });
    expect(small).toMatch(/tip_labels_label_idx \(label_id=\?\)/);
    expect(small).not.toMatch(/tips_desk/);
    // A reporter's queue starts from their own tips (assigned, or linked to their drafts).
    const reporter = { ...editor, id: s.reporter.id, role: 'reporter' as const };
    const own = await plan({ ...base, viewer: reporter, filters: { status: 'new' }, shape: 'set' });
    expect(own).toMatch(/MULTI-INDEX OR[\s\S]*tips_assignee_(priority_)?idx \(assignee_id=\?\)[\s\S]*drafts_owner_idx/);
    expect(own).not.toMatch(/tips_desk/);

    // A tip's history (GET /tips/:id/history, the query of src/domain/audit-browse.ts): its
    // entries newest first, straight from audit_log_subject_idx, first page and later ones.
    const history = (before?: number) => t.db.read.select({ seq: auditLog.seq, at: auditLog.at, actor: auditLog.actor, action: auditLog.action, subject: auditLog.subject, details: auditLog.details })
      .from(auditLog).where(and(eq(auditLog.subject, 'a'.repeat(32)), before === undefined ? undefined : lt(auditLog.seq, before)))
      .orderBy(desc(auditLog.seq)).limit(51).toSQL();
    const firstPage = await explain(t, history());
    expect(firstPage).toMatch(/SEARCH audit_log USING INDEX audit_log_subject_idx \(subject=\?\)/);
    expect(firstPage).not.toMatch(/TEMP B-TREE/);
    const olderPage = await explain(t, history(1000));
    expect(olderPage).toMatch(/SEARCH audit_log USING INDEX audit_log_subject_idx \(subject=\? AND seq<\?\)/);
    expect(olderPage).not.toMatch(/TEMP B-TREE/);
  });

  it('audits each tip a session is handed once per window: new tips, another session or a later window are recorded again', async () => {
    const { t, clock, investigations, politics } = await newsroom();
    const first = await sendTip(t, 'investigations', 'The first tip of the day, long enough.');
    const second = await sendTip(t, 'investigations', 'The second tip of the day, long enough.');
    const third = await sendTip(t, 'investigations', 'The third tip of the day, long enough.');
    const s = await staffFor(t, investigations, politics);
    const listed = async (who: StaffClient) => {
      const rows = await t.db.read.select().from(auditLog).where(and(eq(auditLog.action, 'tips.listed'), eq(auditLog.actor, `staff:${who.id}`))).orderBy(auditLog.seq);
      return rows.map((r) => (JSON.parse(r.details) as { tips: string[] }).tips.sort());
    };
    const sorted = (...ids: string[]) => ids.sort();

    const page1 = await list(s.editor, 'limit=2');
    expect(await listed(s.editor)).toEqual([sorted(...page1.tips.map((x) => x.id))]);
    // The same page again, then everything: only the tip this session had not been handed is recorded.
    await list(s.editor, 'limit=2');
    expect(await listed(s.editor)).toHaveLength(1);
    const all = await list(s.editor);
    expect(all.tips).toHaveLength(3);
    const notOnPage1 = all.tips.map((x) => x.id).filter((id) => !page1.tips.some((x) => x.id === id));
    expect(await listed(s.editor)).toEqual([sorted(...page1.tips.map((x) => x.id)), notOnPage1]);
    const fourth = await sendTip(t, 'investigations', 'A fourth tip arrives while the queue is open.');
    await list(s.editor);
    expect((await listed(s.editor)).at(-1)).toEqual([fourth.tipId]);
    const everyTip = sorted(first.tipId, second.tipId, third.tipId, fourth.tipId);

    // Another member, and the same member in another session, are recorded on their own.
    await list(s.colleague);
    expect(await listed(s.colleague)).toEqual([everyTip]);
    clock.advance(30_000); // a fresh TOTP step for the second login
    const again = await logInAgain(t, s.editor);
    expect(again.status).toBe(200);
    const otherSession = clientFor(t, { ...s.editor, cookie: cookieFrom(again) });
    await list(otherSession);
    expect((await listed(s.editor)).at(-1)).toEqual(everyTip);
    const count = (await listed(s.editor)).length;

    // Once the window has passed, the first session's next listing is recorded again, in full.
    clock.advance(LISTING_AUDIT_WINDOW_MS - 30_000 - 1);
    await list(s.editor);
    expect(await listed(s.editor)).toHaveLength(count);
    clock.advance(1);
    await list(s.editor);
    expect(await listed(s.editor)).toHaveLength(count + 1);
    expect((await listed(s.editor)).at(-1)).toEqual(everyTip);
    expect((await verifyAuditChain(t.db.read)).ok).toBe(true);
  });
});

/** EXPLAIN QUERY PLAN of a built query, on a connection of its own. */
async function explain(t: TestApp, query: { sql: string; params: unknown[] }): Promise<string> {
  const client = createClient({ url: t.dbUrl });
  try {
    const rows = await client.execute({ sql: `EXPLAIN QUERY PLAN ${query.sql}`, args: query.params as InValue[] });
    return rows.rows.map((r) => String(r.detail)).join('\n');
  } finally {
    client.close();
  }
}

describe('a tip', () => {
  it('opens with its files and notes, marks it read, and audits the view and each download', async () => {
    const { t, investigations, politics } = await newsroom();
    const photo = randomBytes(150_000);
    const sent = await sendTip(t, 'investigations', 'Minutes of the March meeting are attached.', { files: [{ name: 'minutes.pdf', bytes: photo, metadata: 'cleaned' }] });
    const s = await staffFor(t, investigations, politics);

    const detail = await ok<Detail>(await s.editor.request('GET', `${API}/tips/${sent.tipId}`));
    expect(detail.tip).toMatchObject({ id: sent.tipId, unread: false, hasFiles: true, unsupportedMetadata: false });
    expect(detail.conversation).toBeNull();
    expect(detail.files).toHaveLength(1);
    expect(detail.files[0]).toMatchObject({ metadata: 'cleaned', chunkCount: 3 });
    const tipKey = openTipKey(detail.tip.sealedKey, investigations);

    const download = await s.editor.request('GET', `${API}/tips/${sent.tipId}/files/${detail.files[0]!.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    const serialized = new Uint8Array(await download.arrayBuffer());
    expect(serialized.length).toBe(Number(download.headers.get('content-length')));
    const part = parseSerializedPart(serialized);
    const opened = await openPartChunks(tipKey, part.noncePrefix, part.chunks.length, part.chunks);
    expect(opened.header).toMatchObject({ kind: 'file', name: 'minutes.pdf' });
    const pieces: Uint8Array[] = [];
    for await (const piece of opened.content) pieces.push(piece);
    expect(Buffer.concat(pieces).equals(Buffer.from(photo))).toBe(true);
    expect((await s.editor.request('GET', `${API}/tips/${sent.tipId}/files/${'a'.repeat(32)}`)).status).toBe(404);

    // A note, sealed under the tip key in the browser, comes back for the desk only.
    const note = await s.reporter.request('POST', `${API}/tips/${sent.tipId}/notes`, { body: toBase64(sealMessage(tipKey, 'Check with the harbour master.')) });
    expect(note.status).toBe(403); // not assigned
    await ok(await s.editor.request('PATCH', `${API}/tips/${sent.tipId}`, { assigneeId: s.reporter.id }));
    const noteId = (await ok<{ id: string }>(await s.reporter.request('POST', `${API}/tips/${sent.tipId}/notes`, { body: toBase64(sealMessage(tipKey, 'Check with the harbour master.')) }), 201)).id;
    expect((await s.editor.request('POST', `${API}/tips/${sent.tipId}/notes`, { body: toBase64(randomBytes(40)) })).status).toBe(400);
    const again = await ok<Detail>(await s.colleague.request('GET', `${API}/tips/${sent.tipId}`));
    expect(again.notes.map((n) => [n.id, n.authorId])).toEqual([[noteId, s.reporter.id]]);
    expect(await openMessage(openTipKey(again.tip.sealedKey, investigations), fromBase64(again.notes[0]!.body))).toBe('Check with the harbour master.');

    expect(await auditActions(t, sent.tipId)).toEqual(['tip.received', 'tip.file_received', 'tip.viewed', 'tip.file_opened', 'tip.assigned', 'tip.note_added', 'tip.viewed']);
    expect((await verifyAuditChain(t.db.read)).ok).toBe(true);
  });

  it('keeps the file flags for tips sent without JavaScript too', async () => {
    const { t, investigations, politics } = await newsroom();
    const tipKey = newTipKey();
    const noncePrefix = newNoncePrefix();
    const header = { kind: 'file' as const, name: 'scan.tiff', type: 'image/tiff', size: 5000 };
    const fileChunks: Uint8Array[] = [];
    for await (const c of sealPartChunks(tipKey, noncePrefix, header, [randomBytes(5000)])) fileChunks.push(c);
    const { tipId } = await receiveSealedTip({
      ctx: t.ctx,
      input: {
        deskSlug: 'investigations', keyVersion: 1, sealedKey: sealToPublicKey(tipKey, investigations.publicKey),
        message: sealMessage(tipKey, 'Sent from the form without JavaScript.'),
        files: [{ noncePrefix, paddedSize: paddedPartSize(header), chunks: fileChunks, metadata: 'unsupported' }],
        source: { kind: 'new', lookupKey: randomBytes(32), replyPublicKey: generateBoxKeyPair().publicKey },
      },
    });
    const s = await staffFor(t, investigations, politics);
    expect((await list(s.editor, 'unsupported=true')).tips.map((x) => [x.id, x.hasFiles])).toEqual([[tipId, true]]);
  });

  it('records one audit entry per triage change, none for no change, and refuses foreign labels and assignees', async () => {
    const { t, investigations, politics } = await newsroom();
    const sent = await sendTip(t, 'investigations', 'A tip to triage, with enough characters.');
    const s = await staffFor(t, investigations, politics);
    const docs = await makeLabel(s.editor, s.deskA, 'documents');
    const urgent = await makeLabel(s.editor, s.deskA, 'urgent');
    const patch = (body: object, who = s.editor) => who.request('PATCH', `${API}/tips/${sent.tipId}`, body);

    const after = await ok<Summary>(await patch({ status: 'verified', priority: 2, assigneeId: s.colleague.id, addLabels: [docs, urgent] }));
    expect(after).toMatchObject({ status: 'verified', priority: 2, assigneeId: s.colleague.id });
    expect(after.labels.map((l) => l.name)).toEqual(['documents', 'urgent']);
    const changes = (await auditActions(t, sent.tipId)).filter((a) => a.startsWith('tip.') && a !== 'tip.received');
    expect(changes).toEqual(['tip.status_set', 'tip.priority_set', 'tip.assigned', 'tip.label_added', 'tip.label_added']);
    const entries = await t.db.read.select().from(auditLog).where(eq(auditLog.action, 'tip.status_set'));
    expect(entries[0]).toMatchObject({ actor: `staff:${s.editor.id}`, subject: sent.tipId });
    expect(JSON.parse(entries[0]!.details)).toEqual({ from: 'new', to: 'verified' });

    const count = (await auditActions(t)).length;
    await ok(await patch({ status: 'verified', priority: 2, addLabels: [docs] }));
    expect((await auditActions(t)).length).toBe(count);
    await ok(await patch({ removeLabels: [urgent], assigneeId: null }));
    expect((await auditActions(t)).slice(count)).toEqual(['tip.assigned', 'tip.label_removed']);

    // Refused, and nothing changes: another desk's label, a non-member assignee, a reporter, a non-member editor.
    const council = await makeLabel(s.politicsEditor, s.deskB, 'council');
    expect(await errorCode(await patch({ status: 'archived', addLabels: [council] }))).toEqual([404, 'unknown_label']);
    expect(await errorCode(await patch({ assigneeId: s.politicsEditor.id }))).toEqual([400, 'invalid_input']);
    expect(await errorCode(await patch({ status: 'archived' }, s.politicsEditor))).toEqual([403, 'forbidden']);
    await ok(await patch({ assigneeId: s.reporter.id }));
    expect(await errorCode(await patch({ status: 'archived' }, s.reporter))).toEqual([403, 'forbidden']);
    expect((await patch({})).status).toBe(400);
    const [row] = await t.db.read.select().from(tips).where(eq(tips.id, sent.tipId));
    expect(row).toMatchObject({ status: 'verified', assigneeId: s.reporter.id });
    expect((await verifyAuditChain(t.db.read)).ok).toBe(true);
  });

  it('applies a bulk action to all of a selection or to none of it', async () => {
    const { t, investigations, politics } = await newsroom();
    const a = await sendTip(t, 'investigations', 'Investigations tip one, long enough.');
    const b = await sendTip(t, 'investigations', 'Investigations tip two, long enough.');
    const foreign = await sendTip(t, 'politics', 'A politics tip, not for this editor.');
    const s = await staffFor(t, investigations, politics);
    const docs = await makeLabel(s.editor, s.deskA, 'documents');
    const before = (await auditActions(t)).length;

    const refused = await s.editor.request('POST', `${API}/tips/bulk`, { tipIds: [a.tipId, b.tipId, foreign.tipId], status: 'archived', addLabels: [docs] });
    expect(await errorCode(refused)).toEqual([403, 'forbidden']);
    expect((await t.db.read.select().from(tips).where(inArray(tips.id, [a.tipId, b.tipId]))).map((r) => r.status)).toEqual(['new', 'new']);
    expect(await t.db.read.select().from(tipLabels)).toEqual([]);
    expect((await auditActions(t)).length).toBe(before);

    expect(await ok(await s.editor.request('POST', `${API}/tips/bulk`, { tipIds: [a.tipId, b.tipId], status: 'archived', addLabels: [docs] }))).toEqual({ updated: 2 });
    for (const tip of [a, b]) expect((await auditActions(t, tip.tipId)).slice(-2)).toEqual(['tip.status_set', 'tip.label_added']);
    expect(await ok(await s.editor.request('POST', `${API}/tips/bulk`, { tipIds: [a.tipId, b.tipId], status: 'archived' }))).toEqual({ updated: 0 });
    const tooMany = Array.from({ length: 201 }, () => toHex(randomBytes(16)));
    expect((await s.editor.request('POST', `${API}/tips/bulk`, { tipIds: tooMany, status: 'archived' })).status).toBe(400);
  });
});

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

describe('the conversation', () => {
  it('sends a reply the source and the desk can read, with its author', async () => {
    const { t, investigations, politics } = await newsroom();
    const sent = await sendTip(t, 'investigations', 'I can tell you more about the contracts.', { conversation: 'new' });
    const anonymous = await sendTip(t, 'investigations', 'A tip without a codename to reply to.');
    const s = await staffFor(t, investigations, politics);
    const detail = await ok<Detail>(await s.editor.request('GET', `${API}/tips/${sent.tipId}`));
    const replyKey = fromBase64(detail.conversation!.replyPublicKey);
    expect(toBase64(replyKey)).toBe(toBase64(sent.source!.reply.publicKey));

    const sealed = sealReply('Can you send the contract?', replyKey, investigations.publicKey);
    const body = { body: toBase64(sealed.body), sealedForSource: toBase64(sealed.sealedForSource), sealedForDesk: toBase64(sealed.sealedForDesk), deskKeyVersion: 1 };
    expect((await s.reporter.request('POST', `${API}/tips/${sent.tipId}/replies`, body)).status).toBe(403);
    expect(await errorCode(await s.editor.request('POST', `${API}/tips/${sent.tipId}/replies`, { ...body, deskKeyVersion: 2 }))).toEqual([409, 'stale_key']);
    expect(await errorCode(await s.editor.request('POST', `${API}/tips/${anonymous.tipId}/replies`, body))).toEqual([400, 'invalid_input']);
    const { id } = await ok<{ id: string }>(await s.editor.request('POST', `${API}/tips/${sent.tipId}/replies`, body), 201);

    const after = await ok<Detail>(await s.colleague.request('GET', `${API}/tips/${sent.tipId}`));
    const reply = after.conversation!.replies.find((r) => r.id === id)!;
    expect(reply.authorId).toBe(s.editor.id);
    expect(await openReply(fromBase64(reply.body), fromBase64(reply.sealedForDesk), investigations)).toBe('Can you send the contract?');
    // The source reads it with their codename-derived key, through the source API.
    const theirs = await t.app.request('/api/v1/conversation', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lookupKey: toBase64(sent.source!.lookupKey) }) });
    const mine = (await theirs.json()) as { replies: { body: string; sealedKey: string }[] };
    expect(await openReply(fromBase64(mine.replies[0]!.body), fromBase64(mine.replies[0]!.sealedKey), sent.source!.reply)).toBe('Can you send the contract?');
    expect(await auditActions(t, sent.tipId)).toContain('reply.sent');
  });

  it('moves a whole conversation: every key re-sealed to the target desk, the source follows, the old key opens nothing', async () => {
    const { t, investigations, politics } = await newsroom();
    const first = await sendTip(t, 'investigations', 'First message of a conversation, long enough.', { conversation: 'new' });
    const second = await sendTip(t, 'investigations', 'A follow-up in the same conversation.', { conversation: first.source! });
    const s = await staffFor(t, investigations, politics);
    const docs = await makeLabel(s.editor, s.deskA, 'documents');
    await ok(await s.editor.request('PATCH', `${API}/tips/${first.tipId}`, { addLabels: [docs], assigneeId: s.reporter.id }));
    const sealed = sealReply('Thanks, we are looking.', first.source!.reply.publicKey, investigations.publicKey);
    await ok(await s.editor.request('POST', `${API}/tips/${first.tipId}/replies`, {
      body: toBase64(sealed.body), sealedForSource: toBase64(sealed.sealedForSource), sealedForDesk: toBase64(sealed.sealedForDesk), deskKeyVersion: 1,
    }), 201);

    // The editor's browser: open every key with the investigations key, seal it to politics.
    const detail = await ok<Detail>(await s.editor.request('GET', `${API}/tips/${first.tipId}`));
    expect(detail.conversation!.tips.map((x) => x.id).sort()).toEqual([first.tipId, second.tipId].sort());
    const reseal = (sealedKey: string) => toBase64(sealToPublicKey(openSealed(fromBase64(sealedKey), investigations), politics.publicKey));
    const body = {
      targetDeskId: s.deskB,
      tips: detail.conversation!.tips.map((x) => ({ tipId: x.id, keyVersion: 1, sealedKey: reseal(x.sealedKey) })),
      replies: detail.conversation!.replies.map((r) => ({ replyId: r.id, deskKeyVersion: 1, sealedForDesk: reseal(r.sealedForDesk) })),
    };
    // Not the whole conversation: refused, naming what a move must cover; nothing moved.
    const partial = await s.editor.request('POST', `${API}/tips/${first.tipId}/move`, { ...body, tips: body.tips.slice(0, 1) });
    expect(partial.status).toBe(400);
    expect(((await partial.json()) as { error: { tips: string[] } }).error.tips.sort()).toEqual([first.tipId, second.tipId].sort());
    expect((await s.reporter.request('POST', `${API}/tips/${first.tipId}/move`, body)).status).toBe(403);
    expect((await t.db.read.select().from(tips)).every((r) => r.deskId === s.deskA)).toBe(true);

    expect(await ok(await s.editor.request('POST', `${API}/tips/${first.tipId}/move`, body))).toEqual({ moved: 2 });
    const rows = await t.db.read.select().from(tips);
    for (const row of rows) {
      expect(row.deskId).toBe(s.deskB);
      expect(() => openSealed(row.sealedKey, politics)).not.toThrow();
      expect(() => openSealed(row.sealedKey, investigations)).toThrow();
    }
    const [replyRow] = await t.db.read.select().from(replies);
    expect(await openReply(replyRow!.body, replyRow!.sealedForDesk, politics)).toBe('Thanks, we are looking.');
    expect(() => openSealed(replyRow!.sealedForDesk, investigations)).toThrow();
    expect((await t.db.read.select().from(sources))[0]!.deskId).toBe(s.deskB);
    // Labels belong to the old desk, and the reporter is not a member of the new one.
    expect(rows.find((r) => r.id === first.tipId)!.assigneeId).toBeNull();
    expect(await t.db.read.select().from(tipLabels)).toEqual([]);
    expect((await auditActions(t)).filter((a) => a === 'tip.moved')).toHaveLength(2);

    // Politics now reads the conversation; investigations no longer may.
    const moved = await list(s.politicsEditor);
    expect(moved.tips.map((x) => x.id).sort()).toEqual([first.tipId, second.tipId].sort());
    for (const x of moved.tips) expect(await openTipMessage(x, politics)).toMatch(/conversation/);
    expect((await s.editor.request('GET', `${API}/tips/${first.tipId}`)).status).toBe(403);
    // The source's next follow-up, sealed to investigations, is sent back and lands with politics.
    const third = await sendTip(t, 'investigations', 'Another follow-up after the move.', { conversation: first.source! });
    const [thirdRow] = await t.db.read.select().from(tips).where(eq(tips.id, third.tipId));
    expect(thirdRow!.deskId).toBe(s.deskB);
    expect(() => openSealed(thirdRow!.sealedKey, politics)).not.toThrow();
  });
});

describe('labels and members', () => {
  it('lets a desk’s editors manage its labels, and its members see them and each other', async () => {
    const { t, investigations, politics } = await newsroom();
    const sent = await sendTip(t, 'investigations', 'A tip to label and unlabel later.');
    const s = await staffFor(t, investigations, politics);
    const docs = await makeLabel(s.editor, s.deskA, '  Documents   leaked ');
    expect(await errorCode(await s.editor.request('POST', `${API}/desks/${s.deskA}/labels`, { name: 'Documents leaked' }))).toEqual([409, 'label_exists']);
    expect((await s.reporter.request('POST', `${API}/desks/${s.deskA}/labels`, { name: 'mine' })).status).toBe(403);
    expect(await ok(await s.reporter.request('GET', `${API}/desks/${s.deskA}/labels`))).toEqual({ labels: [{ id: docs, name: 'Documents leaked' }] });
    expect((await s.politicsEditor.request('GET', `${API}/desks/${s.deskA}/labels`)).status).toBe(403);

    await ok(await s.editor.request('PATCH', `${API}/tips/${sent.tipId}`, { addLabels: [docs] }));
    await ok(await s.editor.request('DELETE', `${API}/desks/${s.deskA}/labels/${docs}`));
    expect(await ok(await s.editor.request('GET', `${API}/desks/${s.deskA}/labels`))).toEqual({ labels: [] });
    expect(await t.db.read.select().from(tipLabels)).toEqual([]);
    expect((await s.editor.request('DELETE', `${API}/desks/${s.deskA}/labels/${docs}`)).status).toBe(404);

    const members = await ok<{ members: { id: string; role: string }[] }>(await s.reporter.request('GET', `${API}/desks/${s.deskA}/members`));
    expect(members.members.map((m) => m.id).sort()).toEqual([s.editor.id, s.colleague.id, s.reporter.id].sort());
    expect((await s.admin.request('GET', `${API}/desks/${s.deskA}/members`)).status).toBe(403);
  });
});
