// `tipline audit keygen | checkpoint | verify | export` as an operator runs them, the parallel
// verifier against the sequential one, and the Node server's checkpoint and purge timers.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { verifyAuditChainParallel } from '../../src/cli/audit-parallel.ts';
import { fromBase64, generateSigningKeyPair, newTipKey, sealMessage, sealToPublicKey, verifyCheckpoint } from '../../src/crypto/index.ts';
import { tips } from '../../src/db/schema.ts';
import { appendAudit, verifyAuditChain } from '../../src/domain/audit.ts';
import { auditEntryHash, GENESIS_HASH } from '../../src/domain/audit-hash.ts';
import { listCheckpoints, writeCheckpoint } from '../../src/domain/audit-checkpoints.ts';
import { submitTip } from '../../src/domain/tips.ts';
import { addDesk, testApp, type TestApp } from '../helpers/app.ts';
import { runCli, startServer } from '../helpers/processes.ts';

async function append(t: TestApp, n: number) {
  await t.db.write(async (tx) => {
    for (let i = 0; i < n; i++) await appendAudit(tx, t.ctx.clock, { actor: { kind: 'system' }, action: 'test.action', subject: `s${i}`, details: { i, text: 'é\t"' } });
  });
}

async function sql(t: TestApp, ...statements: string[]) {
  const raw = createClient({ url: t.dbUrl });
  for (const s of statements) await raw.execute(s);
  raw.close();
}

describe('tipline audit', () => {
  it('makes a signing key, signs checkpoints with it, and verifies chain and signatures under a trusted key', async () => {
    const t = await testApp();
    const keyFile = join(t.dataDir, 'audit.key');
    const env = { DATABASE_URL: t.dbUrl };
    const made = await runCli(['audit', 'keygen', '--out', keyFile], env);
    expect(made.code).toBe(0);
    const publicKey = /public key (\S+)/.exec(made.stdout)![1]!;
    expect(fromBase64(publicKey)).toHaveLength(32);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(keyFile, 'utf8'))).toMatchObject({ format: 'tipline-audit-signing-key-v1', publicKey });
    expect((await runCli(['audit', 'keygen', '--out', keyFile], env)).code).toBe(1); // never overwrites a key

    expect((await runCli(['audit', 'checkpoint'], env)).code).toBe(2); // no key configured
    const signing = { ...env, TIPLINE_AUDIT_SIGNING_KEY_FILE: keyFile };
    await append(t, 5);
    const signed = await runCli(['audit', 'checkpoint'], signing);
    expect(signed.stdout).toMatch(/^checkpoint signed at entry 5, head [0-9a-f]{64}\n$/);
    expect((await runCli(['audit', 'checkpoint'], signing)).stdout).toMatch(/nothing to sign/);
    await append(t, 3);

    const byKey = await runCli(['audit', 'verify', '--public-key', publicKey], env);
    expect(byKey.code).toBe(0);
    expect(byKey.stdout).toMatch(/^audit chain intact: 8 entries, head [0-9a-f]{64}\n1 checkpoint\(s\) signed by the trusted key match the chain; the latest covers entry 5 \(.*\), 3 entries after it\n$/);
    for (const extra of [{ TIPLINE_AUDIT_PUBLIC_KEY: publicKey }, { TIPLINE_AUDIT_SIGNING_KEY_FILE: keyFile }] as Record<string, string>[]) {
      expect((await runCli(['audit', 'verify'], { ...env, ...extra })).stdout).toMatch(/signed by the trusted key match/);
    }
    const pubFile = join(t.dataDir, 'audit.pub');
    writeFileSync(pubFile, `${publicKey}\n`);
    expect((await runCli(['audit', 'verify', '--public-key', pubFile], env)).code).toBe(0);
    const unchecked = await runCli(['audit', 'verify'], env);
    expect(unchecked.code).toBe(0);
    expect(unchecked.stdout).toMatch(/signatures were NOT checked/);

    const stranger = generateSigningKeyPair();
    const wrong = await runCli(['audit', 'verify', '--public-key', Buffer.from(stranger.publicKey).toString('base64')], env);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/^audit chain BROKEN at entry 5 \(bad_signature\)/);

    await sql(t, 'DELETE FROM audit_log WHERE seq > 3');
    const cut = await runCli(['audit', 'verify', '--public-key', publicKey], env);
    expect(cut.code).toBe(1);
    expect(cut.stdout).toMatch(/^audit chain BROKEN at entry 4 \(truncated\): entries 4 to 5 are missing/);
    expect((await runCli(['audit', 'verify', '--public-key', 'not-a-key'], env)).code).toBe(2);
  });

  it('refuses a signing key file other users can read', async () => {
    const t = await testApp();
    const keyFile = join(t.dataDir, 'audit.key');
    expect((await runCli(['audit', 'keygen', '--out', keyFile], {})).code).toBe(0);
    const { chmodSync } = await import('node:fs');
    chmodSync(keyFile, 0o644);
    const result = await runCli(['audit', 'checkpoint'], { DATABASE_URL: t.dbUrl, TIPLINE_AUDIT_SIGNING_KEY_FILE: keyFile });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/readable by other users/);
  });

  it('exports every entry, then the checkpoints, as JSON Lines anyone can re-check', async () => {
    const t = await testApp();
    const signer = generateSigningKeyPair();
    await append(t, 4);
    await writeCheckpoint({ ctx: t.ctx, input: { keyPair: signer } });
    await append(t, 2);
    await writeCheckpoint({ ctx: t.ctx, input: { keyPair: signer } });
    const out = join(t.dataDir, 'audit.jsonl');
    const result = await runCli(['audit', 'export', '--out', out], { DATABASE_URL: t.dbUrl });
    expect(result.stdout).toBe(`exported 6 entries and 2 checkpoints to ${out}\n`);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.type)).toEqual([...Array(6).fill('entry'), 'checkpoint', 'checkpoint']);
    // Re-hash from the file alone: the same chain, and the checkpoints sign its heads.
    let prev: Uint8Array = GENESIS_HASH;
    const heads = new Map<number, Uint8Array>();
    for (const line of lines.filter((l) => l.type === 'entry')) {
      expect(fromBase64(line.prevHash as string)).toEqual(prev);
      prev = auditEntryHash(prev, line as never);
      expect(fromBase64(line.hash as string)).toEqual(prev);
      heads.set(line.seq as number, prev);
    }
    for (const line of lines.filter((l) => l.type === 'checkpoint')) {
      expect(fromBase64(line.headHash as string)).toEqual(heads.get(line.seq as number));
      expect(verifyCheckpoint(signer.publicKey, line.seq as number, heads.get(line.seq as number)!, fromBase64(line.signature as string))).toBe(true);
    }
    expect((await runCli(['audit', 'export', '--out', out], { DATABASE_URL: t.dbUrl })).code).toBe(1); // never overwrites
  });

  it('verifies in parallel segments with the same verdicts as one walk', async () => {
    const t = await testApp();
    const signer = generateSigningKeyPair();
    for (let k = 0; k < 4; k++) {
      await append(t, 10);
      await writeCheckpoint({ ctx: t.ctx, input: { keyPair: signer } });
    }
    const options = { url: t.dbUrl, authToken: undefined, trustedPublicKeys: [signer.publicKey], threads: 3, minSegment: 5 };
    const both = async () => [await verifyAuditChainParallel(t.db.read, options), await verifyAuditChain(t.db.read, { trustedPublicKeys: [signer.publicKey] })];
    const [parallel, sequential] = await both();
    expect(parallel).toEqual(sequential);
    expect(parallel).toMatchObject({ ok: true, entries: 40 });
    // Problems in the last segment, the middle one, and at the boundary between segments.
    for (const statements of [["UPDATE audit_log SET subject = 'x' WHERE seq = 35"], ['DELETE FROM audit_log WHERE seq = 27'], ["UPDATE audit_log SET action = 'x' WHERE seq = 14"], ['DELETE FROM audit_log WHERE seq > 38']]) {
      await sql(t, ...statements);
      const [p, s] = await both();
      expect(p!.ok).toBe(false);
      expect(p).toEqual(s);
    }
  });
});

describe('the Node server', () => {
  it('purges due tips on its timer and signs the chain head when it shuts down', async () => {
    const t = await testApp({ clock: { now: () => new Date() } });
    const desk = await addDesk(t, 'city');
    const key = newTipKey();
    const { tipId } = await submitTip({ ctx: t.ctx, input: { deskSlug: 'city', keyVersion: 1, sealedKey: sealToPublicKey(key, desk.publicKey), message: sealMessage(key, 'closed long ago') } });
    await t.db.write((tx) => tx.update(tips).set({ status: 'archived', closedDay: '2020-01-01' }).where(eq(tips.id, tipId)));
    const keyFile = join(t.dataDir, 'audit.key');
    expect((await runCli(['audit', 'keygen', '--out', keyFile], {})).code).toBe(0);
    const publicKey = fromBase64(JSON.parse(readFileSync(keyFile, 'utf8')).publicKey);

    const server = await startServer({ DATABASE_URL: t.dbUrl, TIPLINE_AUDIT_SIGNING_KEY_FILE: keyFile, TIPLINE_PURGE_INTERVAL_MINUTES: '60' });
    try {
      // The first purge runs some seconds after start.
      const deadline = Date.now() + 30_000;
      while ((await t.db.read.select({ id: tips.id }).from(tips).where(eq(tips.id, tipId))).length && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(await t.db.read.select({ id: tips.id }).from(tips).where(eq(tips.id, tipId))).toEqual([]);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    const chain = await verifyAuditChain(t.db.read, { trustedPublicKeys: [publicKey] });
    expect(chain).toMatchObject({ ok: true, checkpoints: { count: 1, signaturesChecked: true } });
    const [checkpoint] = await listCheckpoints(t.db.read);
    expect(checkpoint!.seq).toBe(chain.entries);
    expect(server.output().stdout).toMatch(new RegExp(`retention: purged 1 tips .*\\naudit checkpoint: entry ${chain.entries}, head [0-9a-f]{64}`, 's'));
  });
});
