// `tipline admin create` prints a working single-use enrollment link; `tipline desk grant`
// seals a desk key file's secret to a member, whose browser can then open it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boxKeyPairFromSecretKey, fromBase64, openSealed, toBase64 } from '../../src/crypto/index.ts';
import { verifyAuditChain } from '../../src/domain/audit.ts';
import { testApp } from '../helpers/app.ts';
import { runCli } from '../helpers/processes.ts';
import { enrollStaff, movableClock } from '../helpers/staff.ts';

describe('tipline admin create and desk grant', () => {
  it('makes an admin enrollment link, and grants a desk key from its key file', async () => {
    const t = await testApp({ clock: movableClock(new Date().toISOString()) });
    const env = { DATABASE_URL: t.dbUrl };
    const created = await runCli(['admin', 'create', '--base-url', 'http://tips.example.org/'], env);
    expect(created.code).toBe(0);
    const token = /http:\/\/tips\.example\.org\/staff\/enroll\/([0-9a-f]{64})\n/.exec(created.stdout)?.[1];
    expect(token).toBeDefined();
    const admin = await enrollStaff(t, 'admin', { token: token!, username: 'root' });
    expect((await (await admin.request('GET', '/api/v1/staff/me')).json() as { staff: { role: string } }).staff.role).toBe('admin');
    // The link was single use.
    expect((await t.app.request(`/api/v1/staff/invites/${token}`)).status).toBe(410);

    const keyFile = join(t.dataDir, 'desk.key');
    expect((await runCli(['desk', 'create', 'politics', '--name', 'Politics', '--secret-key-out', keyFile, '--recovery-key-out', `${keyFile}.recovery`], env)).code).toBe(0);
    const editor = await enrollStaff(t, 'editor', { username: 'mina' });
    const granted = await runCli(['desk', 'grant', 'politics', '--staff', 'mina', '--secret-key', keyFile], env);
    expect(granted.stderr).toBe('');
    expect(granted.code).toBe(0);
    const me = await (await editor.request('GET', '/api/v1/staff/me')).json() as { desks: { slug: string; publicKey: string; grants: { sealedSecret: string }[] }[] };
    expect(me.desks.map((d) => d.slug)).toEqual(['politics']);
    const secret = openSealed(fromBase64(me.desks[0]!.grants[0]!.sealedSecret), editor.keys);
    expect(toBase64(boxKeyPairFromSecretKey(secret).publicKey)).toBe(me.desks[0]!.publicKey);

    // A key file of another desk is refused, and nothing is granted.
    const otherKey = join(t.dataDir, 'other.key');
    await runCli(['desk', 'create', 'economy', '--name', 'Economy', '--secret-key-out', otherKey, '--recovery-key-out', `${otherKey}.recovery`], env);
    const wrong = await runCli(['desk', 'grant', 'politics', '--staff', 'mina', '--secret-key', otherKey], env);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/economy, not politics/);
    expect((await verifyAuditChain(t.db.read)).ok).toBe(true);
  });
});
