// `tipline desk create` with its recovery key, `tipline desk rotate` killed with SIGKILL in the
// middle of re-sealing and resumed, `tipline tips export --recovery-key`, all as real processes
// against one database file. Between the kill and the resume every tip still opens with the key
// of the version it names; afterwards every tip is on the new version, the member holds it, the
// old version's sealed secrets are gone, and the recovery key opens everything.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import sodium from 'libsodium-wrappers';
import { describe, expect, it } from 'vitest';
import { submitTip } from '../../src/client/submit.ts';
import { boxKeyPairFromSecretKey, fromBase64, generateBoxKeyPair, openSealed, randomBytes, type KeyPair } from '../../src/crypto/index.ts';
import { readSecretKeyFile, writeSecretKeyFile } from '../../src/cli/secret-key-file.ts';
import { deskKeyGrants, deskKeys, desks, tips } from '../../src/db/schema.ts';
import { verifyAuditChain } from '../../src/domain/audit.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { runCli } from '../helpers/processes.ts';
import { enrollStaff } from '../helpers/staff.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `tipline desk rotate ...` and SIGKILLs it once a progress line shows it half-way through. */
async function rotateAndKill(args: string[], env: Record<string, string>): Promise<{ killedAt: number; total: number; stderr: string }> {
  const child = spawn(process.execPath, ['bin/tipline.mjs', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let killedAt = -1;
  let total = 0;
  child.stdout.resume();
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    const progress = [...stderr.matchAll(/re-sealed (\d+)\/(\d+) keys/g)].pop();
    if (killedAt < 0 && progress && Number(progress[1]) > 0 && Number(progress[1]) < Number(progress[2])) {
      killedAt = Number(progress[1]);
      total = Number(progress[2]);
      child.kill('SIGKILL');
    }
  });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, s) => resolve(s)));
  expect(signal, stderr).toBe('SIGKILL');
  return { killedAt, total, stderr };
}

/** Tips seeded with raw SQL (libsodium seals quickly), as the bench does: enough pages to kill between. */
async function seedTips(t: TestApp, deskId: string, publicKey: Uint8Array, count: number): Promise<Map<string, Uint8Array>> {
  await sodium.ready;
  const keys = new Map<string, Uint8Array>();
  await t.db.writeRaw(async (tx) => {
    for (let i = 0; i < count; i++) {
      const id = Buffer.from(randomBytes(16)).toString('hex');
      const tipKey = randomBytes(32);
      keys.set(id, tipKey);
      await tx.execute(`INSERT INTO tips (id, via, desk_id, key_version, sealed_key, upload_token_hash, received_day) VALUES (?, 'api', ?, 1, ?, ?, '2026-11-22')`,
        [id, deskId, sodium.crypto_box_seal(tipKey, publicKey), randomBytes(32)]);
    }
  });
  return keys;
}

const viaApp = (t: TestApp): typeof fetch => ((input: RequestInfo | URL, init?: RequestInit) => t.app.request(String(input), init)) as typeof fetch;

describe('tipline desk rotate', () => {
  it('survives SIGKILL mid-rotation, resumes, and leaves every tip readable with the new key and the recovery key', { timeout: 240_000 }, async () => {
    const t = await testApp();
    const env = { DATABASE_URL: t.dbUrl };
    const file = (name: string) => join(t.dataDir, name);

    expect((await runCli(['desk', 'create', 'politics', '--name', 'Politics', '--secret-key-out', file('v1.key')], env)).code).toBe(2);
    const created = await runCli(['desk', 'create', 'politics', '--name', 'Politics', '--secret-key-out', file('v1.key'), '--recovery-key-out', file('recovery.txt')], env);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(statSync(file('recovery.txt')).mode & 0o777).toBe(0o600);
    const printed = readFileSync(file('recovery.txt'), 'utf8');
    const words = /recovery phrase[^\n]*\n([\s\S]*?)\n\n/.exec(printed)![1]!.split(/\s+/).filter((w) => /^[a-z]+$/.test(w));
    expect(words).toHaveLength(24);
    const recovery = boxKeyPairFromSecretKey(fromBase64(/secret key \(base64\): (\S+)/.exec(printed)![1]!));
    // Only the words, as someone would type them back in from the printout.
    writeFileSync(file('typed.txt'), `${words.join(' ')}\n`);

    const v1 = readSecretKeyFile(file('v1.key')).keyPair;
    const [desk] = await t.db.read.select().from(desks).where(eq(desks.slug, 'politics'));
    expect(desk!.recoveryPublicKey).toEqual(recovery.publicKey);
    const member = await enrollStaff(t, 'editor', { username: 'mina' });
    expect((await runCli(['desk', 'grant', 'politics', '--staff', 'mina', '--secret-key', file('v1.key')], env)).code).toBe(0);

    const messages = new Map<string, string>();
    for (let i = 0; i < 3; i++) {
      const message = `Real tip ${i}: the port authority falsifies inspection records.`;
      messages.set((await submitTip({ server: 'http://t', desk: 'politics', message, fetch: viaApp(t) })).tipId, message);
    }
    const seeded = await seedTips(t, desk!.id, v1.publicKey, 300);

    // Start, then kill it half-way through the re-sealing.
    const killed = await rotateAndKill(['desk', 'rotate', 'politics', '--secret-key', file('v1.key'), '--new-secret-key-out', file('v2.key'), '--batch', '20', '--workers', '2'], env);
    expect(killed.total).toBe(303);
    const v2 = readSecretKeyFile(file('v2.key'));
    expect(v2.keyVersion).toBe(2);
    const mid = await t.db.read.select({ id: tips.id, v: tips.keyVersion, sealed: tips.sealedKey }).from(tips);
    const onV2 = mid.filter((r) => r.v === 2).length;
    expect(onV2).toBeGreaterThan(0);
    expect(onV2).toBeLessThan(303);
    // Every tip opens with the key of the version it names; version 1 is intact in the database.
    for (const row of mid) {
      const tipKey = openSealed(row.sealed, row.v === 2 ? v2.keyPair : v1);
      if (seeded.has(row.id)) expect(tipKey).toEqual(seeded.get(row.id));
    }
    const [v1Row] = await t.db.read.select().from(deskKeys).where(and(eq(deskKeys.deskId, desk!.id), eq(deskKeys.version, 1)));
    expect(v1Row!.sealedForRecovery).not.toBeNull();

    // Re-running as if starting afresh is refused: the new key must be the one written before.
    const fresh = await runCli(['desk', 'rotate', 'politics', '--secret-key', file('v1.key'), '--new-secret-key-out', file('v3.key')], env);
    expect(fresh.code).toBe(1);
    expect(fresh.stderr).toMatch(/--resume-with/);
    const resumed = await runCli(['desk', 'rotate', 'politics', '--secret-key', file('v1.key'), '--resume-with', file('v2.key')], env);
    expect(resumed.stderr).toMatch(/continuing the rotation of politics to key version 2/);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/destroyed the sealed secrets of version\(s\) 1 \(1 grant\(s\)\)/);

    const after = await t.db.read.select({ v: tips.keyVersion }).from(tips);
    expect(after.filter((r) => r.v !== 2)).toEqual([]);
    expect(after).toHaveLength(303);
    const [v1Gone] = await t.db.read.select().from(deskKeys).where(and(eq(deskKeys.deskId, desk!.id), eq(deskKeys.version, 1)));
    expect(v1Gone!.sealedForRecovery).toBeNull();
    const grants = await t.db.read.select().from(deskKeyGrants).where(eq(deskKeyGrants.staffId, member.id));
    expect(grants.map((g) => g.version)).toEqual([2]);
    expect(boxKeyPairFromSecretKey(openSealed(grants[0]!.sealedSecret, member.keys)).publicKey).toEqual(v2.keyPair.publicKey);

    // Export with the recovery key (the whole file, and the typed words alone); the old key file opens nothing now.
    for (const [key, out] of [[file('recovery.txt'), file('out-a')], [file('typed.txt'), file('out-b')]] as const) {
      const exported = await runCli(['tips', 'export', '--desk', 'politics', '--recovery-key', key, '--out', out], env);
      expect(exported.stderr).toBe('');
      expect(exported.code).toBe(0);
      expect(readdirSync(out)).toHaveLength(303);
      for (const [id, message] of messages) expect(readFileSync(join(out, id, 'message.txt'), 'utf8')).toBe(message);
    }
    const withOld = await runCli(['tips', 'export', '--desk', 'politics', '--secret-key', file('v1.key'), '--out', file('out-c')], env);
    expect(withOld.code).toBe(1);
    expect(withOld.stderr).toMatch(/sealed to desk key version 2, the key file holds version 1/);

    // A run that wrote its key file and died before activating it: --resume-with activates that key.
    // This one also replaces the recovery key, after which the old one opens nothing.
    const v3: KeyPair = generateBoxKeyPair();
    writeSecretKeyFile(file('v3.key'), { desk: 'politics', keyVersion: 3, keyPair: v3 });
    const third = await runCli(['desk', 'rotate', 'politics', '--recovery-key', file('typed.txt'), '--resume-with', file('v3.key'), '--recovery-key-out', file('recovery-2.txt')], env);
    expect(third.code, third.stderr).toBe(0);
    const [now] = await t.db.read.select().from(desks).where(eq(desks.id, desk!.id));
    expect(now!.currentKeyVersion).toBe(3);
    const last = await t.db.read.select({ v: tips.keyVersion, sealed: tips.sealedKey }).from(tips);
    expect(last.every((r) => r.v === 3 && openSealed(r.sealed, v3).length === 32)).toBe(true);
    expect((await runCli(['tips', 'export', '--desk', 'politics', '--recovery-key', file('recovery-2.txt'), '--out', file('out-d')], env)).code).toBe(0);
    const retired = await runCli(['tips', 'export', '--desk', 'politics', '--recovery-key', file('recovery.txt'), '--out', file('out-e')], env);
    expect(retired.code).toBe(1);
    expect(retired.stderr).toMatch(/opens no key version/);
    expect((await verifyAuditChain(t.db.read)).ok).toBe(true);
  });

  it('refuses a key file that is not the desk\'s current key, and a wrong recovery phrase, changing nothing', async () => {
    const t = await testApp();
    const env = { DATABASE_URL: t.dbUrl };
    const file = (name: string) => join(t.dataDir, name);
    await runCli(['desk', 'create', 'a', '--name', 'A', '--secret-key-out', file('a.key'), '--recovery-key-out', file('a.txt')], env);
    await runCli(['desk', 'create', 'b', '--name', 'B', '--secret-key-out', file('b.key'), '--recovery-key-out', file('b.txt')], env);
    const wrongDesk = await runCli(['desk', 'rotate', 'a', '--secret-key', file('b.key'), '--new-secret-key-out', file('n.key')], env);
    expect(wrongDesk.code).toBe(1);
    const wrongRecovery = await runCli(['desk', 'rotate', 'a', '--recovery-key', file('b.txt'), '--new-secret-key-out', file('n.key')], env);
    expect(wrongRecovery.code).toBe(1);
    expect(wrongRecovery.stderr).toMatch(/not the recovery key of desk a/);
    const words = readFileSync(file('a.txt'), 'utf8').split('\n').filter((l) => /^\s*\d+\./.test(l)).join(' ').split(/[\s\d.]+/).filter(Boolean);
    // The last word carries 3 bits of the key and 8 of the checksum: flipping a checksum bit is always caught.
    words[23] = wordlist[wordlist.indexOf(words[23]!) ^ 1]!;
    writeFileSync(file('mistyped.txt'), words.join(' '));
    const swapped = await runCli(['desk', 'rotate', 'a', '--recovery-key', file('mistyped.txt'), '--new-secret-key-out', file('n.key')], env);
    expect(swapped.code).toBe(1);
    expect(swapped.stderr).toMatch(/recovery phrase does not check out/);
    expect(() => statSync(file('n.key'))).toThrow();
    expect((await t.db.read.select({ v: desks.currentKeyVersion }).from(desks)).map((d) => d.v)).toEqual([1, 1]);
  });
});
