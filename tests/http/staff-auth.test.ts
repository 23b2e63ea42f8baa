// Staff enrollment, login, second factor, throttling, sessions and CSRF, through the real API.
import { describe, expect, it } from 'vitest';
import { deriveStaffKeys, fromBase64, openSealed, toBase64 } from '../../src/crypto/index.ts';
import { verifyAuditChain } from '../../src/domain/audit.ts';
import { createInvite } from '../../src/domain/staff/invites.ts';
import { totpCode } from '../../src/domain/staff/totp.ts';
import { auditLog } from '../../src/db/schema.ts';
import { addDesk, testApp } from '../helpers/app.ts';
import { clientFor, cookieFrom, enrollStaff, joinDesk, logInAgain, movableClock, openPersonalKey, postJson, TEST_KDF_LOG_N } from '../helpers/staff.ts';

async function setup() {
  const clock = movableClock();
  const t = await testApp({ clock });
  return { t, clock };
}

describe('staff enrollment and login', () => {
  it('enrolls from an invite, and the invite works once', async () => {
    const { t } = await setup();
    const { token } = await createInvite({ ctx: t.ctx, input: { role: 'editor', actor: { kind: 'admin-cli' } } });
    expect(await (await t.app.request(`/api/v1/staff/invites/${token}`)).json()).toMatchObject({ role: 'editor' });
    const editor = await enrollStaff(t, 'editor', { token });
    const me = await editor.request('GET', '/api/v1/staff/me');
    expect(me.status).toBe(200);
    expect((await me.json() as { staff: { role: string } }).staff.role).toBe('editor');
    expect(editor.recoveryCodes).toHaveLength(10);
    await expect(enrollStaff(t, 'editor', { token, username: 'second' })).rejects.toThrow(/410.*invite_invalid/);
    expect((await t.app.request(`/api/v1/staff/invites/${token}`)).status).toBe(410);
  });

  it('refuses an expired invite', async () => {
    const { t, clock } = await setup();
    const { token } = await createInvite({ ctx: t.ctx, input: { role: 'reporter', validHours: 1, actor: { kind: 'admin-cli' } } });
    clock.advance(3_600_001);
    expect((await t.app.request(`/api/v1/staff/invites/${token}`)).status).toBe(410);
  });

  it('logs in with passphrase and TOTP, opens the personal key, and refuses a replayed code', async () => {
    const { t, clock } = await setup();
    const editor = await enrollStaff(t, 'editor');
    clock.advance(30_000);
    const code = totpCode(editor.totpSecret, clock.now());
    const ok = await logInAgain(t, editor, code);
    expect(ok.status).toBe(200);
    const body = await ok.json() as { encryptedSecretKey: string; csrfToken: string };
    const params = await (await postJson(t, '/api/v1/staff/login/parameters', { username: editor.username })).json() as { kdfSalt: string };
    const secret = await openPersonalKey(editor, body.encryptedSecretKey, fromBase64(params.kdfSalt));
    expect(secret && toBase64(secret)).toBe(toBase64(editor.keys.secretKey));
    // The same code again (same step): refused.
    expect((await logInAgain(t, editor, code)).status).toBe(401);
  });

  it('gives unknown usernames a stable decoy salt', async () => {
    const { t } = await setup();
    const a = await (await postJson(t, '/api/v1/staff/login/parameters', { username: 'nobody' })).json() as { kdfSalt: string };
    const b = await (await postJson(t, '/api/v1/staff/login/parameters', { username: 'nobody' })).json() as { kdfSalt: string };
    const c = await (await postJson(t, '/api/v1/staff/login/parameters', { username: 'someone' })).json() as { kdfSalt: string };
    expect(a.kdfSalt).toBe(b.kdfSalt);
    expect(a.kdfSalt).not.toBe(c.kdfSalt);
    expect(fromBase64(a.kdfSalt)).toHaveLength(16);
  });

  it('throttles an account after five failures, whatever the caller', async () => {
    const { t, clock } = await setup();
    const editor = await enrollStaff(t, 'editor');
    for (let i = 0; i < 5; i += 1) {
      const wrong = await postJson(t, '/api/v1/staff/login', { username: editor.username, loginKey: toBase64(new Uint8Array(32)), totpCode: '000000' });
      expect(wrong.status).toBe(401);
    }
    clock.advance(30_000);
    const locked = await logInAgain(t, editor);
    expect(locked.status).toBe(429);
    expect((await locked.json() as { error: { code: string; retryAfter: number } }).error).toMatchObject({ code: 'login_locked' });
    clock.advance(61_000);
    expect((await logInAgain(t, editor)).status).toBe(200);
  });

  it('accepts each recovery code once, instead of a TOTP code', async () => {
    const { t } = await setup();
    const editor = await enrollStaff(t, 'editor');
    const params = await (await postJson(t, '/api/v1/staff/login/parameters', { username: editor.username })).json() as { kdfSalt: string };
    const derived = await deriveStaffKeys(editor.passphrase, fromBase64(params.kdfSalt), TEST_KDF_LOG_N);
    const withCode = (recoveryCode: string) => postJson(t, '/api/v1/staff/login', { username: editor.username, loginKey: toBase64(derived.loginKey), recoveryCode });
    // Typed back in capitals and without hyphens: still the same code.
    expect((await withCode(editor.recoveryCodes[0]!.toUpperCase().replaceAll('-', ''))).status).toBe(200);
    expect((await withCode(editor.recoveryCodes[0]!)).status).toBe(401);
    expect((await withCode(editor.recoveryCodes[1]!)).status).toBe(200);
  });

  it('ends sessions on logout, after idling 30 minutes, and after 12 hours', async () => {
    const { t, clock } = await setup();
    const editor = await enrollStaff(t, 'editor');
    expect((await editor.request('POST', '/api/v1/staff/logout')).status).toBe(200);
    expect((await editor.request('GET', '/api/v1/staff/me')).status).toBe(401);

    clock.advance(30_000);
    const login = await logInAgain(t, editor);
    editor.cookie = cookieFrom(login);
    editor.csrf = (await login.json() as { csrfToken: string }).csrfToken;
    clock.advance(29 * 60_000);
    expect((await editor.request('GET', '/api/v1/staff/me')).status).toBe(200);
    clock.advance(31 * 60_000);
    const idle = await editor.request('GET', '/api/v1/staff/me');
    expect(idle.status).toBe(401);
    expect((await idle.json() as { error: { code: string } }).error.code).toBe('session_expired');

    const again = await logInAgain(t, editor);
    editor.cookie = cookieFrom(again);
    for (let i = 0; i < 25; i += 1) {
      clock.advance(29 * 60_000);
      const r = await editor.request('GET', '/api/v1/staff/me');
      if (i < 24) expect(r.status).toBe(200);
      else expect(r.status).toBe(401);
    }
  });

  it('refuses changes without the session’s CSRF token', async () => {
    const { t } = await setup();
    const editor = await enrollStaff(t, 'editor');
    const missing = await editor.request('POST', '/api/v1/staff/logout', undefined, { 'x-csrf-token': '' });
    expect(missing.status).toBe(403);
    const forged = clientFor(t, { ...editor, csrf: 'A'.repeat(43) });
    expect((await forged.request('POST', '/api/v1/staff/logout')).status).toBe(403);
    expect((await editor.request('GET', '/api/v1/staff/me')).status).toBe(200);
  });

  it('hands a member the desk secret sealed to their key, and records logins in the audit trail', async () => {
    const { t } = await setup();
    const desk = await addDesk(t, 'investigations');
    const editor = await enrollStaff(t, 'editor');
    await joinDesk(t, editor, desk);
    const me = await (await editor.request('GET', '/api/v1/staff/me')).json() as { desks: { slug: string; grants: { sealedSecret: string }[] }[] };
    expect(me.desks.map((d) => d.slug)).toEqual(['investigations']);
    const secret = openSealed(fromBase64(me.desks[0]!.grants[0]!.sealedSecret), editor.keys);
    expect(toBase64(secret)).toBe(toBase64(desk.secretKey));
    await editor.request('POST', '/api/v1/staff/logout');
    const actions = (await t.db.read.select().from(auditLog)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['staff.invited', 'staff.enrolled', 'desk.member_added', 'desk.key_granted', 'staff.logout']));
    expect((await verifyAuditChain(t.db.read)).ok).toBe(true);
  });
});
