// Signed checkpoints of the audit chain (issue 6): writing them, and what they catch that the
// chain alone cannot — a cut-off tail, and a chain rewritten consistently from a database copy
// (with or without forged checkpoints) — each named by entry. Also the verifier's fast path
// (pages built by SQLite) against entries whose JSON SQLite writes differently, page edges, and
// large gaps.
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { checkpointMessage, generateSigningKeyPair, signCheckpoint, verifyCheckpoint } from '../../src/crypto/index.ts';
import { openNodeDatabase } from '../../src/db/open-node.ts';
import { appendAudit, verifyAuditChain } from '../../src/domain/audit.ts';
import { auditEntryHash, GENESIS_HASH } from '../../src/domain/audit-hash.ts';
import { KEEP_EVERY_CHECKPOINT_DAYS, listCheckpoints, writeCheckpoint } from '../../src/domain/audit-checkpoints.ts';
import type { DomainContext } from '../../src/domain/context.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { movableClock } from '../helpers/staff.ts';

async function append(ctx: DomainContext, n: number, subject = (i: number) => `s${i}`, details: (i: number) => { [key: string]: string | number } = (i) => ({ i })) {
  for (let i = 0; i < n; i++) {
    await ctx.db.write((tx) => appendAudit(tx, ctx.clock, { actor: { kind: 'staff', id: 'ed1' }, action: 'test.action', subject: subject(i), details: details(i) }));
  }
}

async function sql(url: string, ...statements: string[]) {
  const raw = createClient({ url });
  for (const s of statements) await raw.execute(s);
  raw.close();
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** A trail of 12 entries with signed checkpoints at 4, 8 and 12. */
async function trailWithCheckpoints(t: TestApp) {
  const signer = generateSigningKeyPair();
  for (let k = 0; k < 3; k++) {
    await append(t.ctx, 4);
    expect(await writeCheckpoint({ ctx: t.ctx, input: { keyPair: signer } })).toMatchObject({ seq: 4 * (k + 1) });
  }
  return signer;
}

/** Recomputes every hash from `from` on in a copy of the database, as a forger with a copy would. */
async function rehashFrom(url: string, from: number) {
  const db = await openNodeDatabase({ url, migrate: false });
  const rows = await db.read.query.auditLog.findMany({ orderBy: (a, { asc }) => asc(a.seq) });
  let prev: Uint8Array = GENESIS_HASH;
  const raw = createClient({ url });
  for (const row of rows) {
    const hash = row.seq >= from ? auditEntryHash(prev, row) : row.hash;
    if (row.seq >= from) await raw.execute({ sql: 'UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?', args: [prev, hash, row.seq] });
    prev = hash;
  }
  raw.close();
  db.close();
  return prev;
}

describe('checkpoint signatures (Ed25519, RFC 8032)', () => {
  it('sign a fixed-label message binding seq and head, and nothing else verifies', () => {
    const signer = generateSigningKeyPair();
    const head = new Uint8Array(32).fill(7);
    const message = checkpointMessage(258, head);
    expect(new TextDecoder().decode(message.subarray(0, 28))).toBe('tipline-audit-checkpoint-v1\0');
    expect(hex(message.subarray(28, 36))).toBe('0000000000000102');
    expect(message.subarray(36)).toEqual(head);
    const signature = signCheckpoint(signer.secretKey, 258, head);
    expect(verifyCheckpoint(signer.publicKey, 258, head, signature)).toBe(true);
    expect(verifyCheckpoint(signer.publicKey, 257, head, signature)).toBe(false);
    expect(verifyCheckpoint(signer.publicKey, 258, new Uint8Array(32), signature)).toBe(false);
    expect(verifyCheckpoint(generateSigningKeyPair().publicKey, 258, head, signature)).toBe(false);
    expect(verifyCheckpoint(signer.publicKey, 258, head, signature.subarray(1))).toBe(false);
  });
});

describe('writeCheckpoint', () => {
  it('signs the head, skips an unchanged head and an empty trail, and thins out old checkpoints to one a day', async () => {
    const clock = movableClock('2026-11-01T08:00:00.000Z');
    const t = await testApp({ clock });
    const signer = generateSigningKeyPair();
    expect(await writeCheckpoint({ ctx: t.ctx, input: { keyPair: signer } })).toBeNull();
    await append(t.ctx, 3);
    const first = await writeCheckpoint({ ctx: t.ctx, input: { keyPair: signer } });
    const head = (await verifyAuditChain(t.db.read)) as { headHash: Uint8Array };
    expect(first).toMatchObject({ seq: 3, headHash: head.headHash, publicKey: signer.publicKey, at: '2026-11-01T08:00:00.000Z' });
    expect(verifyCheckpoint(signer.publicKey, 3, head.headHash, first!.signature)).toBe(true);
    expect(await writeCheckpoint({ ctx: t.ctx, input: { keyPair: signer } })).toBeNull();

    // Three checkpoints a day for ten days; then only the last of each day older than a week stays.
    for (let day = 0; day < 10; day++) {
      for (let k = 0; k < 3; k++) {
        clock.advance(3 * 3600_000);
        await append(t.ctx, 1);
        await writeCheckpoint({ ctx: t.ctx, input: { keyPair: signer } });
      }
      clock.advance(15 * 3600_000);
    }
    const kept = await listCheckpoints(t.db.read);
    // The last write thinned relative to its own time.
    const cutoff = new Date(Date.parse(kept.at(-1)!.at) - KEEP_EVERY_CHECKPOINT_DAYS * 86_400_000).toISOString().slice(0, 10);
    const old = kept.filter((c) => c.at < cutoff);
    expect(old.length).toBeGreaterThan(1);
    expect(new Set(old.map((c) => c.at.slice(0, 10))).size).toBe(old.length);
    expect(kept.filter((c) => c.at >= cutoff).length).toBeGreaterThanOrEqual(3 * KEEP_EVERY_CHECKPOINT_DAYS - 3);
    expect(await verifyAuditChain(t.db.read, { trustedPublicKeys: [signer.publicKey] })).toMatchObject({ ok: true, entries: 33, checkpoints: { count: kept.length, signaturesChecked: true } });
  });
});

describe('verifying with checkpoints', () => {
  it('checks signatures only under the trusted keys given, never the key in the row', async () => {
    const t = await testApp();
    const signer = await trailWithCheckpoints(t);
    expect(await verifyAuditChain(t.db.read, { trustedPublicKeys: [signer.publicKey] }))
      .toMatchObject({ ok: true, entries: 12, checkpoints: { count: 3, signaturesChecked: true, last: { seq: 12 } } });
    expect(await verifyAuditChain(t.db.read)).toMatchObject({ ok: true, checkpoints: { count: 3, signaturesChecked: false } });
    // Another trusted key (say the key was replaced) does not vouch for these.
    expect(await verifyAuditChain(t.db.read, { trustedPublicKeys: [generateSigningKeyPair().publicKey] }))
      .toMatchObject({ ok: false, seq: 4, problem: 'bad_signature' });
    expect(await verifyAuditChain(t.db.read, { trustedPublicKeys: [generateSigningKeyPair().publicKey, signer.publicKey] })).toMatchObject({ ok: true });
  });

  it('names the first missing entry when the tail is cut off: only a checkpoint shows it', async () => {
    const t = await testApp();
    const signer = await trailWithCheckpoints(t);
    await sql(t.dbUrl, 'DELETE FROM audit_log WHERE seq > 9');
    const result = await verifyAuditChain(t.db.read, { trustedPublicKeys: [signer.publicKey] });
    expect(result).toMatchObject({ ok: false, seq: 10, problem: 'truncated', entries: 9 });
    expect(result.ok || result.message).toMatch(/entries 10 to 12 are missing/);
    // Without the checkpoint, the shorter chain is a perfectly good chain.
    await sql(t.dbUrl, 'DELETE FROM audit_checkpoints WHERE seq = 12');
    expect(await verifyAuditChain(t.db.read, { trustedPublicKeys: [signer.publicKey] })).toMatchObject({ ok: true, entries: 9 });
  });

  it('names the rewritten range when the whole chain was recomputed from a database copy', async () => {
    const t = await testApp();
    const signer = await trailWithCheckpoints(t);
    const copy = `file:${join(t.dataDir, 'copy.db')}`;
    await sql(t.dbUrl, `VACUUM INTO '${join(t.dataDir, 'copy.db')}'`);
    // The forger edits entry 6 and recomputes every hash after it: the chain itself is consistent.
    await sql(copy, "UPDATE audit_log SET subject = 'forged' WHERE seq = 6");
    const newHead = await rehashFrom(copy, 6);
    const forged = await openNodeDatabase({ url: copy, migrate: false });
    try {
      await sql(copy, 'ALTER TABLE audit_checkpoints RENAME TO kept_checkpoints', 'CREATE TABLE audit_checkpoints AS SELECT * FROM kept_checkpoints WHERE 0');
      expect(await verifyAuditChain(forged.read)).toMatchObject({ ok: true, entries: 12, headHash: newHead });
      await sql(copy, 'DROP TABLE audit_checkpoints', 'ALTER TABLE kept_checkpoints RENAME TO audit_checkpoints');

      // The signed checkpoints still hold the true heads: the first one after the edit gives it away.
      const result = await verifyAuditChain(forged.read, { trustedPublicKeys: [signer.publicKey] });
      expect(result).toMatchObject({ ok: false, seq: 8, problem: 'rewritten' });
      expect(result.ok || result.message).toMatch(/entries 5 to 8 were rewritten/);
      // Even with no trusted key at hand, a head that differs is caught.
      expect(await verifyAuditChain(forged.read)).toMatchObject({ ok: false, seq: 8, problem: 'rewritten' });

      // The forger re-signs the checkpoints with a key of their own (and stores its public key).
      const theirs = generateSigningKeyPair();
      const raw = createClient({ url: copy });
      for (const cp of await listCheckpoints(forged.read)) {
        const head = (await forged.read.query.auditLog.findFirst({ where: (a, { eq }) => eq(a.seq, cp.seq) }))!.hash;
        await raw.execute({ sql: 'UPDATE audit_checkpoints SET head_hash = ?, public_key = ?, signature = ? WHERE seq = ?', args: [head, theirs.publicKey, signCheckpoint(theirs.secretKey, cp.seq, head), cp.seq] });
      }
      raw.close();
      expect(await verifyAuditChain(forged.read, { trustedPublicKeys: [signer.publicKey] })).toMatchObject({ ok: false, seq: 4, problem: 'bad_signature' });
      // Only the trusted key catches that: without it, the forgery looks whole (the CLI says signatures were not checked).
      expect(await verifyAuditChain(forged.read)).toMatchObject({ ok: true, checkpoints: { signaturesChecked: false } });
    } finally {
      forged.close();
    }
    // The original is untouched and intact.
    expect(await verifyAuditChain(t.db.read, { trustedPublicKeys: [signer.publicKey] })).toMatchObject({ ok: true, entries: 12 });
  });

  const TAMPERING: Array<[string, string[], { seq: number; problem: string }]> = [
    ['edited', ["UPDATE audit_log SET details = '{\"i\":99}' WHERE seq = 7"], { seq: 7, problem: 'edited' }],
    ['deleted', ['DELETE FROM audit_log WHERE seq = 5'], { seq: 5, problem: 'missing' }],
    ['reordered', ['UPDATE audit_log SET seq = -1 WHERE seq = 9', 'UPDATE audit_log SET seq = 9 WHERE seq = 10', 'UPDATE audit_log SET seq = 10 WHERE seq = -1'], { seq: 9, problem: 'inserted_or_reordered' }],
    ['inserted', ['UPDATE audit_log SET seq = seq + 100 WHERE seq >= 6', 'UPDATE audit_log SET seq = seq - 99 WHERE seq >= 106',
      "INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) SELECT 6, at, actor, 'forged', subject, details, prev_hash, hash FROM audit_log WHERE seq = 5"], { seq: 6, problem: 'inserted_or_reordered' }],
    ['only a prev_hash changed', ["UPDATE audit_log SET prev_hash = zeroblob(32) WHERE seq = 11"], { seq: 11, problem: 'inserted_or_reordered' }],
    ['given a seq below 1', ["INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) SELECT 0, at, actor, action, subject, details, prev_hash, hash FROM audit_log WHERE seq = 1"], { seq: 0, problem: 'bad_seq' }],
    ['a BLOB where text belongs', ["UPDATE audit_log SET actor = X'00' WHERE seq = 3"], { seq: 3, problem: 'edited' }],
  ];

  it.each(TAMPERING)('names the entry when one was %s, with checkpoints present and across page edges', async (_name, statements, expected) => {
    const t = await testApp();
    const signer = await trailWithCheckpoints(t);
    await sql(t.dbUrl, ...statements);
    for (const pageSize of [3, 4, 5, 20_000]) {
      expect(await verifyAuditChain(t.db.read, { trustedPublicKeys: [signer.publicKey], pageSize })).toMatchObject({ ok: false, ...expected });
    }
  });

  it('verifies entries with control characters and non-ASCII text, and still catches an edit among them', async () => {
    const t = await testApp();
    const odd = ['tab\there', 'bell\u0007', 'del\u007f', 'quote"back\\slash', 'line\nbreak', 'é 한국 🗞', 'nul\u0000x', '\u2028\u2029'];
    await append(t.ctx, odd.length * 2, (i) => odd[i % odd.length]!, (i) => ({ note: odd[(i + 3) % odd.length]!, n: i }));
    for (const pageSize of [2, 20_000]) expect(await verifyAuditChain(t.db.read, { pageSize })).toMatchObject({ ok: true, entries: 16 });
    await sql(t.dbUrl, "UPDATE audit_log SET subject = 'bell' || char(7) || '!' WHERE seq = 10");
    expect(await verifyAuditChain(t.db.read)).toMatchObject({ ok: false, seq: 10, problem: 'edited' });
  });

  it('names a gap longer than a page', async () => {
    const t = await testApp();
    await append(t.ctx, 30);
    await sql(t.dbUrl, 'DELETE FROM audit_log WHERE seq BETWEEN 8 AND 25');
    expect(await verifyAuditChain(t.db.read, { pageSize: 5 })).toMatchObject({ ok: false, seq: 8, problem: 'missing', entries: 7 });
  });
});
