// Staff members for tests: enrolled through the real HTTP API with real key derivation (at the
// lowest scrypt cost the server accepts, to keep tests quick), a real TOTP code, and desk keys
// granted by sealing the desk secret to their personal key, as a member's browser would.
import type { Clock } from '../../src/domain/context.ts';
import {
  decryptSecretKey, deriveStaffKeys, encryptSecretKey, fromBase64, generateBoxKeyPair, newStaffSalt, randomBytes,
  sealToPublicKey, toBase64, type KeyPair,
} from '../../src/crypto/index.ts';
import type { StaffRole } from '../../src/db/schema.ts';
import { eq } from 'drizzle-orm';
import { desks } from '../../src/db/schema.ts';
import { addDeskMember, grantDeskKey } from '../../src/domain/staff/desk-members.ts';
import { createInvite } from '../../src/domain/staff/invites.ts';
import { totpCode } from '../../src/domain/staff/totp.ts';
import type { TestApp } from './app.ts';

export const TEST_KDF_LOG_N = 10;

/** A clock tests can move: sessions time out, TOTP steps pass, locks expire. */
export function movableClock(iso = '2026-11-22T13:37:42.123Z'): Clock & { advance(ms: number): void } {
  let now = Date.parse(iso);
  return { now: () => new Date(now), advance: (ms) => { now += ms; } };
}

export interface StaffClient {
  id: string;
  username: string;
  role: StaffRole;
  passphrase: string;
  totpSecret: Uint8Array;
  /** Shown once at enrollment. */
  recoveryCodes: string[];
  keys: KeyPair;
  cookie: string;
  csrf: string;
  /** A request with this member's cookie and (for changes) CSRF token; `body` is sent as JSON. */
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

export function cookieFrom(response: Response): string {
  const header = response.headers.get('set-cookie') ?? '';
  const match = /tl_staff=([^;]*)/.exec(header);
  if (!match) throw new Error(`no staff cookie in ${header}`);
  return match[1]!;
}

export function clientFor(t: TestApp, fields: Omit<StaffClient, 'request'>): StaffClient {
  const client: StaffClient = {
    ...fields,
    request: async (method, path, body, headers = {}) => t.app.request(path, {
      method,
      headers: {
        cookie: `tl_staff=${client.cookie}`,
        ...(method === 'GET' ? {} : { 'x-csrf-token': client.csrf }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  };
  return client;
}

export async function postJson(t: TestApp, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return await t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

let counter = 0;

/** Invites (as the CLI would), then enrolls through POST /api/v1/staff/enroll. */
export async function enrollStaff(t: TestApp, role: StaffRole, options: { username?: string; deskIds?: string[]; passphrase?: string; token?: string } = {}): Promise<StaffClient> {
  const token = options.token ?? (await createInvite({ ctx: t.ctx, input: { role, deskIds: options.deskIds ?? [], actor: { kind: 'admin-cli' } } })).token;
  const username = options.username ?? `${role}${++counter}`;
  const passphrase = options.passphrase ?? `correct horse battery ${username}`;
  const salt = newStaffSalt();
  const derived = await deriveStaffKeys(passphrase, salt, TEST_KDF_LOG_N);
  const keys = generateBoxKeyPair();
  const totpSecret = randomBytes(20);
  const response = await postJson(t, '/api/v1/staff/enroll', {
    token, username, displayName: `Test ${username}`,
    kdfSalt: toBase64(salt), kdfLogN: TEST_KDF_LOG_N, loginKey: toBase64(derived.loginKey),
    publicKey: toBase64(keys.publicKey), encryptedSecretKey: toBase64(encryptSecretKey(keys.secretKey, derived.kek)),
    totpSecret: toBase64(totpSecret), totpCode: totpCode(totpSecret, t.ctx.clock.now()),
  });
  if (response.status !== 201) throw new Error(`enroll failed: ${response.status} ${await response.text()}`);
  const body = await response.json() as { staff: { id: string }; csrfToken: string; recoveryCodes: string[] };
  return clientFor(t, {
    id: body.staff.id, username, role, passphrase, totpSecret, recoveryCodes: body.recoveryCodes, keys, cookie: cookieFrom(response), csrf: body.csrfToken,
  });
}

/** Logs in again through the API (password + a TOTP code of the clock's current step). */
export async function logInAgain(t: TestApp, member: StaffClient, code = totpCode(member.totpSecret, t.ctx.clock.now())): Promise<Response> {
  const params = await (await postJson(t, '/api/v1/staff/login/parameters', { username: member.username })).json() as { kdfSalt: string; kdfLogN: number };
  const derived = await deriveStaffKeys(member.passphrase, fromBase64(params.kdfSalt), params.kdfLogN);
  return postJson(t, '/api/v1/staff/login', { username: member.username, loginKey: toBase64(derived.loginKey), totpCode: code });
}

/** Makes `member` a member of the desk and grants them its current secret (as the CLI with the desk key would). */
export async function joinDesk(t: TestApp, member: StaffClient, desk: KeyPair & { slug: string }): Promise<string> {
  const [row] = await t.db.read.select({ id: desks.id, version: desks.currentKeyVersion }).from(desks).where(eq(desks.slug, desk.slug));
  if (!row) throw new Error(`no desk ${desk.slug}`);
  await addDeskMember({ ctx: t.ctx, input: { deskId: row.id, staffId: member.id, actor: { kind: 'admin-cli' } } });
  await grantDeskKey({ ctx: t.ctx, input: { deskId: row.id, staffId: member.id, version: row.version, sealedSecret: sealToPublicKey(desk.secretKey, member.keys.publicKey), actor: { kind: 'admin-cli' } } });
  return row.id;
}

/** What the browser does after login: open the personal secret key with the passphrase. */
export async function openPersonalKey(member: StaffClient, encryptedSecretKey: string, kdfSalt: Uint8Array): Promise<Uint8Array | null> {
  const derived = await deriveStaffKeys(member.passphrase, kdfSalt, TEST_KDF_LOG_N);
  return decryptSecretKey(fromBase64(encryptedSecretKey), derived.kek);
}
