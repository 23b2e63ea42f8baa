// /api/v1/staff: logging in and out, enrollment from an invitation, the session's own account.
// Login and enrollment are the only staff routes without a session.
import { Hono } from 'hono';
import { z } from 'zod';
import { toBase64 } from '../crypto/index.ts';
import type { DomainContext } from '../domain/context.ts';
import { describeAccount } from '../domain/staff/account.ts';
import { describeInvite, enrollStaff } from '../domain/staff/invites.ts';
import { logIn, loginParameters } from '../domain/staff/login.ts';
import { changePassphrase } from '../domain/staff/passphrase.ts';
import { closeStaffSession } from '../domain/staff/sessions.ts';
import { TOTP_SECRET_BYTES } from '../domain/staff/totp.ts';
import { clearStaffCookie, setStaffCookie, staffAuth, type StaffEnv } from './staff-auth.ts';
import { credentials, STAFF_JSON_MAX_BYTES, username } from './staff-schemas.ts';
import { base64Bytes, jsonBody, valid } from './validate.ts';

export const loginParametersBody = z.strictObject({ username });

export const loginBody = z.strictObject({
  username,
  loginKey: base64Bytes(32),
  totpCode: z.string().max(16).optional(),
  recoveryCode: z.string().max(64).optional(),
});

export const enrollBody = z.strictObject({
  token: z.string().max(128),
  username,
  displayName: z.string().min(1).max(200),
  ...credentials,
  totpSecret: base64Bytes(TOTP_SECRET_BYTES),
  totpCode: z.string().max(16),
});

export const passphraseBody = z.strictObject({
  currentLoginKey: base64Bytes(32),
  ...credentials,
});

export function staffSessionRoutes(ctx: DomainContext) {
  const auth = staffAuth(ctx);
  return new Hono<StaffEnv>()
    .post('/login/parameters', ...jsonBody(loginParametersBody, STAFF_JSON_MAX_BYTES), async (c) => {
      const p = await loginParameters({ ctx, input: c.req.valid('json') });
      return c.json({ kdfSalt: toBase64(p.kdfSalt), kdfLogN: p.kdfLogN });
    })
    .post('/login', ...jsonBody(loginBody, STAFF_JSON_MAX_BYTES), async (c) => {
      const done = await logIn({ ctx, input: c.req.valid('json') });
      setStaffCookie(c, done.cookie);
      return c.json({
        staff: done.staff, csrfToken: done.csrfToken,
        publicKey: toBase64(done.publicKey), encryptedSecretKey: toBase64(done.encryptedSecretKey),
      });
    })
    .get('/invites/:token', valid('param', z.object({ token: z.string().max(128) })), async (c) => {
      return c.json(await describeInvite({ ctx, input: c.req.valid('param') }));
    })
    .post('/enroll', ...jsonBody(enrollBody, STAFF_JSON_MAX_BYTES), async (c) => {
      const b = c.req.valid('json');
      const done = await enrollStaff({
        ctx,
        input: {
          token: b.token, username: b.username, displayName: b.displayName, totpSecret: b.totpSecret, totpCode: b.totpCode,
          credentials: { kdfSalt: b.kdfSalt, kdfLogN: b.kdfLogN, loginKey: b.loginKey, publicKey: b.publicKey, encryptedSecretKey: b.encryptedSecretKey },
        },
      });
      setStaffCookie(c, done.cookie);
      return c.json({ staff: done.staff, csrfToken: done.csrfToken, recoveryCodes: done.recoveryCodes }, 201);
    })
    .get('/me', auth, async (c) => {
      const account = await describeAccount({ ctx, input: { session: c.get('session') } });
      return c.json({
        staff: account.staff,
        csrfToken: account.csrfToken,
        publicKey: toBase64(account.publicKey),
        encryptedSecretKey: toBase64(account.encryptedSecretKey),
        desks: account.desks.map((d) => ({
          id: d.id, slug: d.slug, name: d.name, keyVersion: d.keyVersion, publicKey: toBase64(d.publicKey),
          grants: d.grants.map((g) => ({ version: g.version, sealedSecret: toBase64(g.sealedSecret) })),
        })),
      });
    })
    .post('/logout', auth, async (c) => {
      await closeStaffSession({ ctx, input: { session: c.get('session') } });
      clearStaffCookie(c);
      return c.json({ ok: true });
    })
    .post('/passphrase', auth, ...jsonBody(passphraseBody, STAFF_JSON_MAX_BYTES), async (c) => {
      const b = c.req.valid('json');
      await changePassphrase({
        ctx,
        input: {
          session: c.get('session'), currentLoginKey: b.currentLoginKey,
          next: { kdfSalt: b.kdfSalt, kdfLogN: b.kdfLogN, loginKey: b.loginKey, publicKey: b.publicKey, encryptedSecretKey: b.encryptedSecretKey },
        },
      });
      return c.json({ ok: true });
    });
}
