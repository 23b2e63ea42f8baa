// The audit pages as HTML (app.request, real database, real enrollment): /staff/audit for admins
// only, filtered by actor, action, subject and days, paged by seq, lenient with odd query
// values; a tip's history (/staff/tips/:id/history and the section on the tip's page) for the
// editors of its desk only, as GET /api/v1/staff/tips/:id/history. Nothing about a source shows.
import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/domain/audit.ts';
import { en } from '../../src/web/staff/i18n/en.ts';
import { ko } from '../../src/web/staff/i18n/ko.ts';
import { addDesk, testApp, type TestApp } from '../helpers/app.ts';
import { enrollStaff, joinDesk, movableClock, type StaffClient } from '../helpers/staff.ts';
import { sendTip } from '../helpers/triage.ts';

function get(t: TestApp, path: string, member?: StaffClient) {
  return t.app.request(path, { headers: member ? { cookie: `tl_staff=${member.cookie}` } : {} });
}

/** The page's HTML, after the checks every newsroom page passes (as tests/web/staff-pages.test.ts). */
async function html(t: TestApp, path: string, member: StaffClient, status = 200): Promise<string> {
  const res = await get(t, path, member);
  const text = await res.text();
  expect(res.status, `${path}: ${text.slice(0, 300)}`).toBe(status);
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  expect(text).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  for (const field of text.matchAll(/<(input|textarea|select)\b([^>]*)>/g)) {
    if (/type="hidden"/.test(field[2]!)) continue;
    const id = /\bid="([^"]+)"/.exec(field[2]!)?.[1];
    expect(id === undefined ? /aria-label="/.test(field[2]!) : text.includes(`<label for="${id}">`), `label for ${field[0]}`).toBe(true);
  }
  return text;
}

/** The seq numbers of the rows of the table with this id, in page order. */
function seqs(page: string, tableId = 'audit'): number[] {
  const table = new RegExp(`<table id="${tableId}"[\\s\\S]*?</table>`).exec(page)?.[0] ?? '';
  return [...table.matchAll(/<tr class="audit-row" data-seq="(\d+)" data-action="([^"]+)"/g)].map((m) => Number(m[1]));
}

function actions(page: string, tableId = 'audit'): string[] {
  const table = new RegExp(`<table id="${tableId}"[\\s\\S]*?</table>`).exec(page)?.[0] ?? '';
  return [...table.matchAll(/<tr class="audit-row" data-seq="\d+" data-action="([^"]+)"/g)].map((m) => m[1]!);
}

/** The pages from `path` on, following the "older" links to the last one. */
async function walk(t: TestApp, path: string, member: StaffClient): Promise<string[]> {
  const pages: string[] = [];
  for (let next: string | undefined = path; next !== undefined && pages.length < 10;) {
    const page = await html(t, next, member);
    pages.push(page);
    next = /id="audit-older" rel="next" href="([^"]+)"/.exec(page)?.[1]?.replaceAll('&amp;', '&');
  }
  return pages;
}

/** The seqs of the entries a WHERE clause picks, newest first, straight from the table. */
async function seqsWhere(t: TestApp, where: string): Promise<number[]> {
  const raw = createClient({ url: t.dbUrl });
  try {
    return (await raw.execute(`SELECT seq FROM audit_log WHERE ${where} ORDER BY seq DESC`)).rows.map((r) => Number(r.seq));
  } finally {
    raw.close();
  }
}

/**
 * Entries over whole days, in order, `matching` of them per day with an action under `tip.*`:
 * a source's event (stored as the bare day) early and one at the day's end, staff views between,
 * each followed by a `tips.listed`, and a `tips.listed` opening the day, so a day's first entry does not match.
 */
async function writeDays(t: TestApp, staffId: string, matchingPerDay: Record<string, number>) {
  const on = (ms: number) => ({ now: () => new Date(ms) });
  await t.db.write(async (tx) => {
    for (const [day, matching] of Object.entries(matchingPerDay)) {
      const start = Date.parse(`${day}T00:00:00.000Z`);
      await appendAudit(tx, on(start), { actor: { kind: 'system' }, action: 'tips.listed', subject: `o-${day}` });
      await appendAudit(tx, on(start + 60_000), { actor: { kind: 'source' }, action: 'tip.received', subject: `s-${day}-first` });
      for (let i = 0; i < matching - 2; i++) {
        const clock = on(start + 3_600_000 + i * 60_000);
        await appendAudit(tx, clock, { actor: { kind: 'staff', id: staffId }, action: 'tip.viewed', subject: `v-${day}-${i}` });
        await appendAudit(tx, clock, { actor: { kind: 'staff', id: staffId }, action: 'tips.listed', subject: `l-${day}-${i}` });
      }
      await appendAudit(tx, on(start + 86_399_999), { actor: { kind: 'source' }, action: 'tip.received', subject: `s-${day}-last` });
    }
  });
}

async function newsroom() {
  const t = await testApp({ clock: movableClock('2026-11-20T09:00:00.000Z') });
  const politics = await addDesk(t, 'politics');
  const sports = await addDesk(t, 'sports');
  const admin = await enrollStaff(t, 'admin', { username: 'chief' });
  const editor = await enrollStaff(t, 'editor', { username: 'eddie' });
  const otherEditor = await enrollStaff(t, 'editor', { username: 'olga' });
  const reporter = await enrollStaff(t, 'reporter', { username: 'rita' });
  const politicsId = await joinDesk(t, editor, politics);
  await joinDesk(t, reporter, politics);
  await joinDesk(t, otherEditor, sports);
  return { t, politics, politicsId, admin, editor, otherEditor, reporter };
}

describe('the audit page', () => {
  it('is for admins only: others get the refusal page, nobody logged out gets past the login', async () => {
    const { t, admin, editor, reporter } = await newsroom();
    for (const member of [editor, reporter]) {
      const page = await html(t, '/staff/audit', member, 403);
      expect(page).toContain(en['error.forbidden']);
      expect(page).not.toContain('id="audit-filters"');
      expect(page).not.toContain('href="/staff/audit"');
    }
    const res = await get(t, '/staff/audit?actor=system');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/staff/login?next=${encodeURIComponent('/staff/audit?actor=system')}`);
    const page = await html(t, '/staff/audit', admin);
    expect(page).toContain('href="/staff/audit"');
    expect(page).toContain('id="verify-form"');
    // "Verify now" is sent by the bundle with the CSRF token: its button starts disabled.
    expect(page).toMatch(/<form id="verify-form">[\s\S]*<button type="submit" disabled="" data-needs-js="true">/);
  });

  it('lists the trail newest first, filtered by a plain GET form, paged by seq', async () => {
    const { t, admin, editor } = await newsroom();
    await t.db.write(async (tx) => {
      for (let i = 0; i < 60; i++) {
        await appendAudit(tx, t.ctx.clock, { actor: { kind: 'staff', id: editor.id }, action: 'tip.viewed', subject: `t${i % 3}`, details: { i } });
      }
    });
    const first = await html(t, '/staff/audit', admin);
    expect(first).toMatch(/<form class="filters" id="audit-filters" method="get" action="\/staff\/audit"/);
    const page1 = seqs(first);
    expect(page1).toHaveLength(50);
    expect(page1).toEqual([...page1].sort((a, b) => b - a));
    // The staff member's name, linked to the trail filtered by them; the action in words and as code.
    expect(first).toContain(`<a href="/staff/audit?actor=staff%3A${editor.id}">Test eddie</a>`);
    expect(first).toContain(`${en['auditAction.tip.viewed']} <code>tip.viewed</code>`);
    const older = /id="audit-older" rel="next" href="([^"]+)"/.exec(first)?.[1]?.replaceAll('&amp;', '&');
    expect(older).toBe(`/staff/audit?before=${page1.at(-1)}`);
    const second = await html(t, older!, admin);
    const page2 = seqs(second);
    expect(page2[0]).toBe(page1.at(-1)! - 1);
    expect(Math.min(...page2)).toBe(1);
    expect(second).not.toContain('id="audit-older"');
    expect(second).toContain('id="audit-newest" href="/staff/audit"');

    const bySubject = await html(t, '/staff/audit?subject=t1&action=tip.viewed', admin);
    expect(seqs(bySubject)).toHaveLength(20);
    expect(bySubject).toContain('value="t1"');
    const byActor = await html(t, `/staff/audit?actor=staff:${editor.id}&action=tip.*`, admin);
    expect(actions(byActor)).toEqual(Array(50).fill('tip.viewed'));
    expect(byActor).toMatch(new RegExp(`<option value="staff:${editor.id}" selected="">Test eddie \\(eddie\\)</option>`));
    // The filters stay on the paging link.
    expect(byActor).toMatch(new RegExp(`id="audit-older" rel="next" href="/staff/audit\\?actor=staff%3A${editor.id}&amp;action=tip.\\*&amp;before=\\d+"`));
    const system = await html(t, '/staff/audit?actor=system', admin);
    expect(system).toContain(en['audit.empty']);
  });

  it('filters by days (UTC), source events with their day only', async () => {
    const { t, admin, editor } = await newsroom();
    const sent = await sendTip(t, 'politics', 'A tip on the first day, long enough to be one.');
    // Later days' entries, written with a clock of their own (the session would not outlive days).
    const on = (iso: string) => ({ now: () => new Date(iso) });
    await t.db.write((tx) => appendAudit(tx, on('2026-11-22T09:00:00.000Z'), { actor: { kind: 'staff', id: editor.id }, action: 'tip.viewed', subject: sent.tipId }));
    await t.db.write((tx) => appendAudit(tx, on('2026-11-24T09:00:00.000Z'), { actor: { kind: 'system' }, action: 'tip.purged', subject: sent.tipId }));

    const onFirstDay = await html(t, `/staff/audit?subject=${sent.tipId}&from=2026-11-20&to=2026-11-20`, admin);
    expect(actions(onFirstDay)).toEqual(['tip.received']);
    // A source's event shows its day and nothing finer; its actor is "a source", never which one.
    expect(onFirstDay).toContain('<time datetime="2026-11-20">2026-11-20</time>');
    expect(onFirstDay).toContain(`>${en['audit.actor.source']}</a>`);
    expect(actions(await html(t, `/staff/audit?subject=${sent.tipId}&from=2026-11-21`, admin))).toEqual(['tip.purged', 'tip.viewed']);
    expect(actions(await html(t, `/staff/audit?subject=${sent.tipId}&to=2026-11-23`, admin))).toEqual(['tip.viewed', 'tip.received']);
    const middle = await html(t, `/staff/audit?subject=${sent.tipId}&from=2026-11-21&to=2026-11-23`, admin);
    expect(actions(middle)).toEqual(['tip.viewed']);
    expect(middle).toContain('<time datetime="2026-11-22T09:00:00.000Z">2026-11-22 09:00:00 UTC</time>');
    expect(await html(t, '/staff/audit?from=2026-12-01', admin)).toContain(en['audit.empty']);
    expect(await html(t, '/staff/audit?to=2026-11-01', admin)).toContain(en['audit.empty']);

    // Paging within a day range stops at the range's start.
    await t.db.write(async (tx) => {
      for (let i = 0; i < 55; i++) await appendAudit(tx, on('2026-11-25T10:00:00.000Z'), { actor: { kind: 'system' }, action: 'tip.purged', subject: `x${i}` });
    });
    const range = await html(t, '/staff/audit?from=2026-11-25&to=2026-11-25', admin);
    expect(seqs(range)).toHaveLength(50);
    const rest = await html(t, /id="audit-older" rel="next" href="([^"]+)"/.exec(range)![1]!.replaceAll('&amp;', '&'), admin);
    expect(actions(rest)).toEqual(Array(5).fill('tip.purged'));
    expect(rest).not.toContain('id="audit-older"');
  });

  it('pages through a day range by seq: full pages, no gaps or repeats, nothing from the days around it', async () => {
    const { t, admin, editor } = await newsroom();
    // Two days on each side of the range hold more matching entries than a page; the range itself
    // (11-23 to 11-25) exactly two pages of them, so the second must be the last.
    await writeDays(t, editor.id, { '2026-11-21': 60, '2026-11-22': 60, '2026-11-23': 34, '2026-11-24': 33, '2026-11-25': 33, '2026-11-26': 60, '2026-11-27': 60 });
    const range = 'from=2026-11-23&to=2026-11-25';
    const expected = await seqsWhere(t, "action LIKE 'tip.%' AND substr(at, 1, 10) BETWEEN '2026-11-23' AND '2026-11-25'");
    expect(expected).toHaveLength(100);

    const pages = await walk(t, `/staff/audit?action=tip.*&${range}`, admin);
    expect(pages.map((p) => seqs(p).length)).toEqual([50, 50]);
    expect(pages.flatMap((p) => seqs(p))).toEqual(expected);
    // The range's edges are its days' first and last source events (stored as the bare day); their neighbours are not in it.
    const shown = pages.join('');
    for (const inside of ['s-2026-11-23-first', 's-2026-11-25-last']) expect(shown).toContain(`>${inside}<`);
    for (const outside of ['s-2026-11-22-last', 's-2026-11-26-first', 'l-2026-11-23-0']) expect(shown).not.toContain(`>${outside}<`);
    for (const day of shown.matchAll(/<time datetime="(\d{4}-\d{2}-\d{2})/g)) expect(day[1]! >= '2026-11-23' && day[1]! <= '2026-11-25', day[1]).toBe(true);

    // Unfiltered but for the days: 67 + 65 + 65 entries, in four pages.
    const everything = await walk(t, `/staff/audit?${range}`, admin);
    expect(everything.map((p) => seqs(p).length)).toEqual([50, 50, 50, 47]);
    expect(everything.flatMap((p) => seqs(p))).toEqual(await seqsWhere(t, "substr(at, 1, 10) BETWEEN '2026-11-23' AND '2026-11-25'"));
    // One day, and a range that ends before it starts.
    const oneDay = await walk(t, '/staff/audit?action=tip.*&from=2026-11-24&to=2026-11-24', admin);
    expect(oneDay.flatMap((p) => seqs(p))).toEqual(await seqsWhere(t, "action LIKE 'tip.%' AND substr(at, 1, 10) = '2026-11-24'"));
    expect(oneDay).toHaveLength(1);
    expect(await html(t, '/staff/audit?from=2026-11-25&to=2026-11-23', admin)).toContain(en['audit.empty']);
  });

  it('drops query values that make no sense instead of failing, and speaks Korean', async () => {
    const { t, admin } = await newsroom();
    const all = seqs(await html(t, '/staff/audit', admin));
    expect(all.length).toBeGreaterThan(0);
    for (const query of ['actor=bogus', 'from=2026-02-30', 'to=yesterday', 'before=abc', 'before=99999999999999999999', 'action=%00x', `subject=${'x'.repeat(201)}`, 'bogus=1']) {
      expect(seqs(await html(t, `/staff/audit?${query}`, admin)), query).toEqual(all);
    }
    const korean = await html(t, '/staff/audit?lang=ko&action=staff.*', admin);
    expect(korean).toContain('<html lang="ko">');
    expect(korean).toContain(ko['audit.title']);
    expect(korean).toContain('<input type="hidden" name="lang" value="ko"/>');
    expect(actions(korean).every((a) => a.startsWith('staff.'))).toBe(true);
    // Markup in a stored field stays text.
    await t.db.write((tx) => appendAudit(tx, t.ctx.clock, { actor: { kind: 'system' }, action: 'odd', subject: '<script>alert(1)</script>', details: { n: '<b>' } }));
    const escaped = await html(t, '/staff/audit?action=odd', admin);
    expect(escaped).not.toContain('<script>alert');
    expect(escaped).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('a tip’s history', () => {
  it('is shown to the editors of its desk, on the tip’s page and on its own pages', async () => {
    const { t, admin, editor, politics, politicsId } = await newsroom();
    const sent = await sendTip(t, 'politics', 'The harbour master signs reports he never read.');
    const label = await (await editor.request('POST', `/api/v1/staff/desks/${politicsId}/labels`, { name: 'port' })).json() as { id: string };
    expect((await editor.request('PATCH', `/api/v1/staff/tips/${sent.tipId}`, { status: 'in_review', addLabels: [label.id], assigneeId: editor.id })).status).toBe(200);

    const tipPage = await html(t, `/staff/tips/${sent.tipId}`, editor);
    expect(tipPage).toContain('id="history"');
    // Newest first; this very view is the newest entry.
    expect(actions(tipPage, 'tip-history')).toEqual(['tip.viewed', 'tip.label_added', 'tip.assigned', 'tip.status_set', 'tip.received']);
    // Ids the page knows are named: the label, the assignee.
    expect(tipPage).toMatch(/<dt>label<\/dt><dd>port<\/dd>/);
    expect(tipPage).toMatch(/<dt>to<\/dt><dd>Test eddie<\/dd>/);
    expect(tipPage).toContain(`href="/staff/tips/${sent.tipId}/history"`);

    const full = await html(t, `/staff/tips/${sent.tipId}/history?lang=ko`, editor);
    expect(full).toContain(ko['history.pageTitle']);
    expect(full).toContain(ko['auditAction.tip.received']);
    expect(full).toMatch(/<dt>label<\/dt><dd>port<\/dd>/);
    // The history page itself is no view of the tip: no new entry.
    expect(actions(full, 'tip-history')).toEqual(actions(tipPage, 'tip-history'));
    const oldest = seqs(full, 'tip-history').at(-1)!;
    const paged = await html(t, `/staff/tips/${sent.tipId}/history?before=${oldest}`, editor);
    expect(paged).toContain(en['audit.empty']);

    // The API gives the same entries, under the same rule.
    const api = await (await editor.request('GET', `/api/v1/staff/tips/${sent.tipId}/history`)).json() as { entries: { seq: number }[] };
    expect(api.entries.map((e) => e.seq)).toEqual(seqs(full, 'tip-history'));

    // An admin who joins the desk sees it too.
    await joinDesk(t, admin, politics);
    expect(actions(await html(t, `/staff/tips/${sent.tipId}/history`, admin), 'tip-history')[0]).toBe('tip.viewed');
  });

  it('is refused to an editor of another desk, a reporter of the desk and an admin who is no member', async () => {
    const { t, admin, editor, otherEditor, reporter } = await newsroom();
    const sent = await sendTip(t, 'politics', 'The harbour master signs reports he never read.');
    expect((await editor.request('PATCH', `/api/v1/staff/tips/${sent.tipId}`, { assigneeId: reporter.id })).status).toBe(200);
    const path = `/staff/tips/${sent.tipId}/history`;
    for (const member of [otherEditor, reporter, admin]) {
      expect(await html(t, path, member, 403)).toContain(en['error.forbidden']);
      expect((await member.request('GET', `/api/v1/staff${path.slice('/staff'.length)}`)).status).toBe(403);
    }
    // The reporter may read the tip (it is assigned to them), but its page carries no history.
    const tipPage = await html(t, `/staff/tips/${sent.tipId}`, reporter);
    expect(tipPage).not.toContain('id="history"');
    expect(tipPage).not.toContain('id="desk-labels"');
    expect(await html(t, `/staff/tips/${'0'.repeat(32)}/history`, editor, 404)).toContain(en['error.notFound']);
    expect(await html(t, '/staff/tips/nonsense/history', editor, 404)).toContain(en['error.notFound']);
    expect((await get(t, path)).status).toBe(303);
  });
});

describe('the source’s conversation through the API', () => {
  it('names the desk in the page’s language with ?lang=', async () => {
    const { t } = await newsroom();
    const { setDeskTranslations } = await import('../../src/domain/desk-translations.ts');
    await setDeskTranslations({ ctx: t.ctx, input: { slug: 'politics', locale: 'ko', name: '정치부', actor: { kind: 'admin-cli' } } });
    const sent = await sendTip(t, 'politics', 'A tip that starts a conversation, long enough.', { conversation: 'new' });
    const read = async (query: string) => {
      const res = await t.app.request(`/api/v1/conversation${query}`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lookupKey: Buffer.from(sent.source!.lookupKey).toString('base64') }),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { desk: { name: string; slug: string } }).desk;
    };
    expect(await read('?lang=ko')).toMatchObject({ slug: 'politics', name: '정치부' });
    expect(await read('?lang=zh-Hans')).toMatchObject({ name: 'Desk politics' });
    expect(await read('')).toMatchObject({ name: 'Desk politics' });
    expect(await read('?lang=xx')).toMatchObject({ name: 'Desk politics' });
  });
});
