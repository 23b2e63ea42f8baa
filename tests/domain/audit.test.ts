// The audit chain: appends stay one chain under concurrency (also across two independent
// database handles on one file, as two processes would be), and every kind of tampering is
// named by the verifier.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createClient } from '@libsql/client';
import { appendAudit, verifyAuditChain } from '../../src/domain/audit.ts';
import { auditEntryHash } from '../../src/domain/audit-hash.ts';
import { fixedClock, testApp, type TestApp } from '../helpers/app.ts';

async function appendMany(t: Pick<TestApp, 'db'>, n: number, label = 'test') {
  await Promise.all(Array.from({ length: n }, (_, i) =>
    t.db.write((tx) => appendAudit(tx, fixedClock(), { actor: { kind: 'staff', id: 'ed1' }, action: `${label}.action`, subject: `s${i}`, details: { i } }))));
}

/** Raw SQL on the database file, as someone holding a copy of it would tamper. */
async function tamper(t: TestApp, ...statements: string[]) {
  const raw = createClient({ url: t.dbUrl });
  for (const sql of statements) await raw.execute(sql);
  raw.close();
}

const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));

describe('audit chain', () => {
  it('stays a single chain under concurrent appends from two processes', async () => {
    const t = await testApp();
    const child = spawn(process.execPath, [TSX, 'tests/fixtures/append-audit.ts', t.dbUrl, '150'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const childDone = new Promise((resolve) => child.once('exit', resolve));
    await new Promise((resolve) => child.stdout.once('data', resolve));
    for (let i = 0; i < 150; i++) {
      await appendMany(t, 1, 'parent');
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    }
    expect(await childDone).toBe(0);
    const result = await verifyAuditChain(t.db.read);
    expect(result).toMatchObject({ ok: true, entries: 300 });
    const actions = await t.db.read.query.auditLog.findMany({ columns: { action: true } });
    expect(actions.filter((a) => a.action === 'child.action')).toHaveLength(150);
    // Interleaved, not one after the other: the appends really raced.
    const order = (await t.db.read.query.auditLog.findMany({ orderBy: (a, { asc }) => asc(a.seq) })).map((a) => a.action[0]);
    expect(order.join('').match(/(p+|c+)/g)!.length).toBeGreaterThan(2);
  });

  it('records staff actions with their exact time and source events by day', async () => {
    const t = await testApp();
    await t.db.write(async (tx) => {
      await appendAudit(tx, t.ctx.clock, { actor: { kind: 'staff', id: 'ed1' }, action: 'tip.viewed', subject: 'x' });
      await appendAudit(tx, t.ctx.clock, { actor: { kind: 'source' }, action: 'tip.received', subject: 'y' });
    });
    const rows = await t.db.read.query.auditLog.findMany({ orderBy: (a, { asc }) => asc(a.seq) });
    expect(rows.map((r) => [r.actor, r.at])).toEqual([['staff:ed1', '2026-11-22T13:37:42.123Z'], ['source', '2026-11-22']]);
  });

  const TAMPERING: Array<[string, string[], { seq: number; problem: string }]> = [
    ['an edited entry', ["UPDATE audit_log SET subject = 'forged' WHERE seq = 3"], { seq: 3, problem: 'edited' }],
    ['an edited entry whose own hash was recomputed', ['__REHASH_3__'], { seq: 4, problem: 'inserted_or_reordered' }],
    ['a deleted entry', ['DELETE FROM audit_log WHERE seq = 3'], { seq: 3, problem: 'missing' }],
    ['two entries swapped', [
      'UPDATE audit_log SET seq = -1 WHERE seq = 3', 'UPDATE audit_log SET seq = 3 WHERE seq = 4', 'UPDATE audit_log SET seq = 4 WHERE seq = -1',
    ], { seq: 3, problem: 'inserted_or_reordered' }],
    ['an entry inserted in the middle', [
      'UPDATE audit_log SET seq = seq + 100 WHERE seq >= 3', 'UPDATE audit_log SET seq = seq - 99 WHERE seq >= 103',
      "INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) SELECT 3, at, actor, 'forged', subject, details, prev_hash, hash FROM audit_log WHERE seq = 2",
    ], { seq: 3, problem: 'inserted_or_reordered' }],
  ];

  it.each(TAMPERING)('names the first entry that does not fit after %s', async (_name, statements, expected) => {
    const t = await testApp();
    await appendMany(t, 6);
    expect((await verifyAuditChain(t.db.read)).ok).toBe(true);
    if (statements[0] === '__REHASH_3__') {
      // A careful forger edits entry 3 and recomputes its hash: the next entry gives it away.
      const [row2, row3] = await t.db.read.query.auditLog.findMany({ where: (a, { inArray }) => inArray(a.seq, [2, 3]), orderBy: (a, { asc }) => asc(a.seq) });
      const forged = { ...row3!, subject: 'forged' };
      const hash = Buffer.from(auditEntryHash(row2!.hash, forged)).toString('hex');
      await tamper(t, `UPDATE audit_log SET subject = 'forged', hash = X'${hash}' WHERE seq = 3`);
    } else {
      await tamper(t, ...statements);
    }
    const result = await verifyAuditChain(t.db.read);
    expect(result).toMatchObject({ ok: false, ...expected });
  });
});
