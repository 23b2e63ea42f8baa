// The audit trail for people (issue 6), through the staff API: admins browse and filter it and
// run the verifier (signatures checked under the keys they send); the editors of a tip's desk
// read its history; nobody else reads either.
import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { generateSigningKeyPair, newTipKey, sealMessage, sealToPublicKey, toBase64 } from '../../src/crypto/index.ts';
import { appendAudit } from '../../src/domain/audit.ts';
import { writeCheckpoint } from '../../src/domain/audit-checkpoints.ts';
import { submitTip } from '../../src/domain/tips.ts';
import { addDesk, testApp, type TestApp } from '../helpers/app.ts';
import { enrollStaff, joinDesk } from '../helpers/staff.ts';

interface Page {
  entries: Array<{ seq: number; at: string; actor: string; action: string; subject: string; details: Record<string, unknown> }>;
  next: number | null;
}

async function tipOn(t: TestApp, desk: { slug: string; publicKey: Uint8Array }) {
  const key = newTipKey();
  return (await submitTip({ ctx: t.ctx, input: { deskSlug: desk.slug, keyVersion: 1, sealedKey: sealToPublicKey(key, desk.publicKey), message: sealMessage(key, 'a tip for the history') } })).tipId;
}

describe('audit browsing', () => {
  it('lists the trail newest first for admins, filtered and paged', async () => {
    const t = await testApp();
    const admin = await enrollStaff(t, 'admin');
    const editor = await enrollStaff(t, 'editor');
    await t.db.write(async (tx) => {
      for (let i = 0; i < 7; i++) await appendAudit(tx, t.ctx.clock, { actor: { kind: 'staff', id: editor.id }, action: 'tip.viewed', subject: `tip${i % 2}`, details: { i } });
      await appendAudit(tx, t.ctx.clock, { actor: { kind: 'system' }, action: 'tip_x.odd', subject: 'tip0' });
      await appendAudit(tx, t.ctx.clock, { actor: { kind: 'system' }, action: 'tip.purged', subject: 'tip1' });
    });
    const get = async (query: string) => {
      const response = await admin.request('GET', `/api/v1/staff/audit${query}`);
      expect(response.status).toBe(200);
      return await response.json() as Page;
    };

    const all = await get('');
    expect(all.next).toBeNull();
    const seqs = all.entries.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(all.entries[0]).toMatchObject({ actor: 'system', action: 'tip.purged', subject: 'tip1', details: {} });

    const viewed = await get('?action=tip.viewed&subject=tip0');
    expect(viewed.entries.map((e) => e.details.i)).toEqual([6, 4, 2, 0]);
    expect((await get(`?actor=staff:${editor.id}&action=tip.viewed`)).entries).toHaveLength(7);
    expect((await get(`?actor=staff:${admin.id}&action=tip.viewed`)).entries).toHaveLength(0);
    // A prefix ending in *: LIKE's own wildcards in it are taken literally.
    expect((await get('?action=tip.*')).entries.map((e) => e.action)).toEqual(['tip.purged', ...Array(7).fill('tip.viewed')]);
    expect((await get('?action=tip_*')).entries.map((e) => e.action)).toEqual(['tip_x.odd']);

    const first = await get('?action=tip.viewed&limit=3');
    expect(first.entries.map((e) => e.details.i)).toEqual([6, 5, 4]);
    const second = await get(`?action=tip.viewed&limit=3&before=${first.next}`);
    expect(second.entries.map((e) => e.details.i)).toEqual([3, 2, 1]);
    const last = await get(`?action=tip.viewed&limit=3&before=${second.next}`);
    expect(last).toMatchObject({ entries: [{ details: { i: 0 } }], next: null });

    expect((await admin.request('GET', '/api/v1/staff/audit?limit=0')).status).toBe(400);
    expect((await admin.request('GET', '/api/v1/staff/audit?subjct=tip0')).status).toBe(400);
    expect((await editor.request('GET', '/api/v1/staff/audit')).status).toBe(403);
  });

  it('filters by UTC days (from/to): pages bounded by seq, full while the range has more, 400 for bad days', async () => {
    const t = await testApp();
    const admin = await enrollStaff(t, 'admin');
    const editor = await enrollStaff(t, 'editor');
    // Per day, after a `tips.listed` that opens it: a source's event early (stored as the bare
    // day), staff views, and a source's event at the day's end. The range 11-24 to 11-26 holds 20
    // views and source events, two pages of 10; each day around it holds more than a page.
    const on = (ms: number) => ({ now: () => new Date(ms) });
    const perDay = { '2026-11-23': 15, '2026-11-24': 7, '2026-11-25': 7, '2026-11-26': 6, '2026-11-27': 15 };
    await t.db.write(async (tx) => {
      for (const [day, matching] of Object.entries(perDay)) {
        const start = Date.parse(`${day}T00:00:00.000Z`);
        await appendAudit(tx, on(start), { actor: { kind: 'system' }, action: 'tips.listed', subject: day });
        await appendAudit(tx, on(start + 60_000), { actor: { kind: 'source' }, action: 'tip.received', subject: day });
        for (let i = 0; i < matching - 2; i++) {
          await appendAudit(tx, on(start + 3_600_000 + i * 60_000), { actor: { kind: 'staff', id: editor.id }, action: 'tip.viewed', subject: day });
          await appendAudit(tx, on(start + 3_600_000 + i * 60_000), { actor: { kind: 'system' }, action: 'tips.listed', subject: day });
        }
        await appendAudit(tx, on(start + 86_399_999), { actor: { kind: 'source' }, action: 'tip.received', subject: day });
      }
    });
    const get = async (query: string) => {
      const response = await admin.request('GET', `/api/v1/staff/audit${query}`);
      expect(response.status, query).toBe(200);
      return await response.json() as Page;
    };
    const raw = createClient({ url: t.dbUrl });
    const expected = (await raw.execute("SELECT seq FROM audit_log WHERE action LIKE 'tip.%' AND substr(at, 1, 10) BETWEEN '2026-11-24' AND '2026-11-26' ORDER BY seq DESC")).rows.map((r) => Number(r.seq));
    raw.close();
    expect(expected).toHaveLength(20);

    const first = await get('?action=tip.*&from=2026-11-24&to=2026-11-26&limit=10');
    expect(first.entries).toHaveLength(10);
    const second = await get(`?action=tip.*&from=2026-11-24&to=2026-11-26&limit=10&before=${first.next}`);
    expect(second.next).toBeNull();
    const entries = [...first.entries, ...second.entries];
    expect(entries.map((e) => e.seq)).toEqual(expected);
    expect(new Set(entries.map((e) => e.subject))).toEqual(new Set(['2026-11-24', '2026-11-25', '2026-11-26']));
    // The range's edges are source events, stored as the bare day.
    expect([entries.at(-1), entries[0]].map((e) => [e!.actor, e!.at])).toEqual([['source', '2026-11-24'], ['source', '2026-11-26']]);
    // Either end alone, and one day.
    expect((await get('?action=tip.*&from=2026-11-27&limit=200')).entries.map((e) => e.subject)).toEqual(Array(15).fill('2026-11-27'));
    const upTo = (await get('?action=tip.*&to=2026-11-23&limit=200')).entries;
    expect(upTo.filter((e) => e.subject === '2026-11-23')).toHaveLength(15);
    expect(upTo.every((e) => e.at.slice(0, 10) <= '2026-11-23')).toBe(true);
    expect((await get('?action=tip.*&from=2026-11-25&to=2026-11-25&limit=200')).entries.map((e) => e.subject)).toEqual(Array(7).fill('2026-11-25'));

    for (const query of ['from=2026-02-30', 'to=yesterday', 'from=2026-11-24T00:00:00Z', 'from=2026-11-26&to=2026-11-24']) {
      const response = await admin.request('GET', `/api/v1/staff/audit?${query}`);
      expect(response.status, query).toBe(400);
      expect(await response.json(), query).toMatchObject({ error: { code: 'invalid_request' } });
    }
    expect((await editor.request('GET', '/api/v1/staff/audit?from=2026-11-24')).status).toBe(403);
  });

  it('runs the verifier for admins, checking signatures under the keys sent', async () => {
    const t = await testApp();
    const admin = await enrollStaff(t, 'admin');
    const editor = await enrollStaff(t, 'editor');
    const signer = generateSigningKeyPair();
    await writeCheckpoint({ ctx: t.ctx, input: { keyPair: signer } });
    const verify = (body: unknown) => admin.request('POST', '/api/v1/staff/audit/verify', body);

    const trusted = await (await verify({ publicKeys: [toBase64(signer.publicKey)] })).json() as Record<string, unknown>;
    expect(trusted).toMatchObject({ ok: true, checkpoints: { count: 1, signaturesChecked: true } });
    expect(trusted.headHash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(await (await verify({})).json()).toMatchObject({ ok: true, checkpoints: { signaturesChecked: false } });
    expect(await (await verify({ publicKeys: [toBase64(generateSigningKeyPair().publicKey)] })).json()).toMatchObject({ ok: false, problem: 'bad_signature' });
    expect((await verify({ publicKeys: ['short'] })).status).toBe(400);

    const raw = createClient({ url: t.dbUrl });
    await raw.execute("UPDATE audit_log SET subject = 'forged' WHERE seq = 2");
    raw.close();
    expect(await (await verify({})).json()).toMatchObject({ ok: false, seq: 2, problem: 'edited' });

    expect((await editor.request('POST', '/api/v1/staff/audit/verify', {})).status).toBe(403);
    expect((await admin.request('POST', '/api/v1/staff/audit/verify', {}, { 'x-csrf-token': 'wrong' })).status).toBe(403);
  });

  it('shows a tip’s history to the editors of its desk, and to nobody else', async () => {
    const t = await testApp();
    const city = await addDesk(t, 'city');
    const features = await addDesk(t, 'features');
    const editor = await enrollStaff(t, 'editor');
    const outsider = await enrollStaff(t, 'editor');
    const reporter = await enrollStaff(t, 'reporter');
    const admin = await enrollStaff(t, 'admin');
    await joinDesk(t, editor, city);
    await joinDesk(t, reporter, city);
    await joinDesk(t, outsider, features);
    const tipId = await tipOn(t, city);
    const other = await tipOn(t, city);
    await t.db.write(async (tx) => {
      await appendAudit(tx, t.ctx.clock, { actor: { kind: 'staff', id: editor.id }, action: 'tip.status_changed', subject: tipId, details: { to: 'in_review' } });
      await appendAudit(tx, t.ctx.clock, { actor: { kind: 'staff', id: editor.id }, action: 'tip.viewed', subject: other });
    });

    const response = await editor.request('GET', `/api/v1/staff/tips/${tipId}/history`);
    expect(response.status).toBe(200);
    const history = await response.json() as Page;
    expect(history.entries.map((e) => [e.action, e.actor])).toEqual([['tip.status_changed', `staff:${editor.id}`], ['tip.received', 'source']]);
    expect(history.entries.every((e) => e.subject === tipId)).toBe(true);
    expect(await (await editor.request('GET', `/api/v1/staff/tips/${tipId}/history?limit=1`)).json()).toMatchObject({ entries: [{ action: 'tip.status_changed' }], next: expect.any(Number) });

    expect((await outsider.request('GET', `/api/v1/staff/tips/${tipId}/history`)).status).toBe(403);
    expect((await reporter.request('GET', `/api/v1/staff/tips/${tipId}/history`)).status).toBe(403);
    expect((await admin.request('GET', `/api/v1/staff/tips/${tipId}/history`)).status).toBe(403);
    expect((await editor.request('GET', `/api/v1/staff/tips/${'0'.repeat(32)}/history`)).status).toBe(404);
  });
});
