// THE authorization matrix of the staff API: every staff route × every kind of caller, with the
// status each must get, generated from the one table ROWS below. A route the staff app serves
// without a row (or a listed reason) fails the coverage check at the end, so a new route cannot
// slip in untested.
//
// Actors (columns of `by(...)`, in this order; logged out and expired are 401 on every row):
//   admin        admin role, member of no desk (admin alone reads nothing)
//   editor       editor, member of desk A (the world's tip, file and label are on desk A)
//   otherEditor  editor, member of desk B only
//   reporter     reporter on desk A, assigned the world's tip
//   reporterOut  reporter on desk A, not assigned
//   badCsrf      the editor's session with a wrong X-CSRF-Token
//   loggedOut    no cookie;  expired: a session idle for 31 minutes
//
// Adding rows: `route` is the method and pattern exactly as the staff app registers it (the path
// is built from it and `params`); `body` may depend on the actor (unique names, own ids). Each
// row gets its own copy of the world, and its actors run denied-first, so one allowed call
// cannot change what another actor of the row is refused. If a success would change what the
// NEXT allowed actor sees (moving, deleting), give each actor a fresh target with `prepare`.
import { createClient } from '@libsql/client';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import {
  ENCRYPTED_SECRET_KEY_BYTES, fromBase64, generateBoxKeyPair, openSealed, randomBytes, sealMessage, sealToPublicKey, STAFF_SALT_BYTES, toBase64, type KeyPair,
} from '../../src/crypto/index.ts';
import { openNodeDatabase } from '../../src/db/open-node.ts';
import { addDeskMember } from '../../src/domain/staff/desk-members.ts';
import { DEFAULT_INTAKE_LIMITS } from '../../src/http/intake-gate.ts';
import { staffApi } from '../../src/http/staff-api.ts';
import { sealReply } from '../../src/client/reply.ts';
import type { TestApp } from '../helpers/app.ts';
import { createDesk } from '../../src/domain/desks.ts';
import { enrollStaff, joinDesk, movableClock, type StaffClient } from '../helpers/staff.ts';
import { tempDir } from '../helpers/temp.ts';
import { sendTip } from '../helpers/triage.ts';

export const ACTORS = ['admin', 'editor', 'otherEditor', 'reporter', 'reporterOut', 'badCsrf', 'loggedOut', 'expired'] as const;
export type Actor = (typeof ACTORS)[number];
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Everything rows refer to; ids and keys are the same in every copy of the world. */
export interface World {
  deskA: { id: string; keys: KeyPair & { slug: string } };
  deskB: { id: string; keys: KeyPair & { slug: string } };
  /** Staff ids; `spare` is a member of desk A without a key grant, and no actor. */
  staff: Record<Exclude<Actor, 'badCsrf' | 'loggedOut' | 'expired'> | 'spare', { id: string }>;
  /** A tip on desk A, in a conversation (so it can be replied to), with one file, assigned to `reporter`. */
  tip: { id: string; sealedKey: Uint8Array; fileId: string; replyPublicKey: Uint8Array };
  labelId: string;
  /** The world's app (a fresh copy per row), for `prepare`. */
  app: TestApp;
  /** Requests as the editor, for `prepare` steps that need the API. */
  asEditor(method: Method, path: string, body?: unknown): Promise<Response>;
}

export interface AuthzRow {
  route: `${Method} /${string}`;
  /** Values for the route's `:params`; `query` is appended as is. */
  params?: (w: World, fresh: Record<string, string>) => Record<string, string>;
  query?: string;
  body?: (w: World, actor: Actor, fresh: Record<string, string>) => unknown;
  /** Runs before each actor's request: a fresh target for rows whose success changes the world. */
  prepare?: (w: World) => Promise<Record<string, string>>;
  expect: Record<Actor, number>;
  /** Tells two rows of one route apart. */
  note?: string;
}

/** Expected statuses in column order; logged out and expired sessions are always 401. */
export function by(admin: number, editor: number, otherEditor: number, reporter: number, reporterOut: number, badCsrf: number): Record<Actor, number> {
  return { admin, editor, otherEditor, reporter, reporterOut, badCsrf, loggedOut: 401, expired: 401 };
}

const reseal = (w: World, sealedKey: Uint8Array) => toBase64(sealToPublicKey(openSealed(sealedKey, w.deskA.keys), w.deskB.keys.publicKey));

/** A tip on desk A assigned to the reporter, for rows that move it away. */
async function freshTip(w: World): Promise<Record<string, string>> {
  const { tipId } = await sendTip(w.app, 'investigations', 'A fresh tip for one cell of the matrix.');
  const response = await w.asEditor('PATCH', `/api/v1/staff/tips/${tipId}`, { assigneeId: w.staff.reporter.id });
  const summary = await response.json() as { sealedKey: string };
  return { tipId, sealedKey: summary.sealedKey };
}

async function freshLabel(w: World): Promise<Record<string, string>> {
  const response = await w.asEditor('POST', `/api/v1/staff/desks/${w.deskA.id}/labels`, { name: `label ${toBase64(randomBytes(6))}` });
  return { labelId: ((await response.json()) as { id: string }).id };
}

const tipParams = (w: World) => ({ tipId: w.tip.id });
const deskParams = (w: World) => ({ deskId: w.deskA.id });

export const ROWS: AuthzRow[] = [
  // Tips (src/http/staff-tips.ts)
  { route: 'GET /tips', expect: by(200, 200, 200, 200, 200, 200) },
  { route: 'GET /tips', query: 'desk=DESK_A', note: 'one desk', expect: by(403, 200, 403, 200, 200, 200) },
  { route: 'POST /tips/bulk', body: (w) => ({ tipIds: [w.tip.id], priority: 2 }), expect: by(403, 200, 403, 403, 403, 403) },
  { route: 'GET /tips/:tipId', params: tipParams, expect: by(403, 200, 403, 200, 403, 200) },
  { route: 'GET /tips/:tipId', params: () => ({ tipId: 'f'.repeat(32) }), note: 'unknown tip', expect: by(404, 404, 404, 404, 404, 404) },
  { route: 'GET /tips/:tipId/files/:partId', params: (w) => ({ tipId: w.tip.id, partId: w.tip.fileId }), expect: by(403, 200, 403, 200, 403, 200) },
  { route: 'PATCH /tips/:tipId', params: tipParams, body: () => ({ status: 'in_review' }), expect: by(403, 200, 403, 403, 403, 403) },
  {
    route: 'POST /tips/:tipId/notes', params: tipParams,
    body: (w) => ({ body: toBase64(sealMessage(openSealed(w.tip.sealedKey, w.deskA.keys), 'A note from the matrix.')) }),
    expect: by(403, 201, 403, 201, 403, 403),
  },
  {
    route: 'POST /tips/:tipId/replies', params: tipParams,
    body: (w) => {
      const r = sealReply('A reply from the matrix.', w.tip.replyPublicKey, w.deskA.keys.publicKey);
      return { body: toBase64(r.body), sealedForSource: toBase64(r.sealedForSource), sealedForDesk: toBase64(r.sealedForDesk), deskKeyVersion: 1 };
    },
    expect: by(403, 201, 403, 403, 403, 403),
  },
  {
    route: 'POST /tips/:tipId/move', prepare: freshTip, params: (_w, f) => ({ tipId: f.tipId! }),
    body: (w, _a, f) => ({ targetDeskId: w.deskB.id, tips: [{ tipId: f.tipId, keyVersion: 1, sealedKey: reseal(w, fromBase64(f.sealedKey!)) }], replies: [] }),
    expect: by(403, 200, 403, 403, 403, 403),
  },
  // Desk labels and members (src/http/staff-labels.ts)
  { route: 'GET /desks/:deskId/labels', params: deskParams, expect: by(403, 200, 403, 200, 200, 200) },
  { route: 'POST /desks/:deskId/labels', params: deskParams, body: (_w, actor) => ({ name: `label of ${actor}` }), expect: by(403, 201, 403, 403, 403, 403) },
  {
    route: 'DELETE /desks/:deskId/labels/:labelId', prepare: freshLabel, params: (w, f) => ({ deskId: w.deskA.id, labelId: f.labelId! }),
    expect: by(403, 200, 403, 403, 403, 403),
  },
  { route: 'GET /desks/:deskId/members', params: deskParams, expect: by(403, 200, 403, 200, 200, 200) },

  // The lead's session and admin routes (src/http/staff-session.ts, src/http/staff-admin.ts)
  { route: 'GET /me', expect: by(200, 200, 200, 200, 200, 200) },
  { route: 'POST /logout', expect: by(200, 200, 200, 200, 200, 403) },
  {
    // A wrong current passphrase: the point here is who reaches the check at all.
    route: 'POST /passphrase',
    body: () => ({
      currentLoginKey: toBase64(randomBytes(32)), kdfSalt: toBase64(randomBytes(STAFF_SALT_BYTES)), kdfLogN: 10, loginKey: toBase64(randomBytes(32)),
      publicKey: toBase64(randomBytes(32)), encryptedSecretKey: toBase64(randomBytes(ENCRYPTED_SECRET_KEY_BYTES)),
    }),
    expect: by(401, 401, 401, 401, 401, 403),
  },
  { route: 'GET /staff', expect: by(200, 200, 200, 200, 200, 200) },
  { route: 'POST /invites', body: () => ({ role: 'reporter' }), expect: by(201, 403, 403, 403, 403, 403) },
  { route: 'GET /desks', expect: by(200, 403, 403, 403, 403, 403) },
  {
    route: 'POST /desks',
    body: (w, actor) => {
      const desk = generateBoxKeyPair();
      const recovery = generateBoxKeyPair();
      return {
        slug: `desk-${actor.toLowerCase()}`, name: `Desk of ${actor}`, publicKey: toBase64(desk.publicKey),
        recoveryPublicKey: toBase64(recovery.publicKey), sealedForRecovery: toBase64(sealToPublicKey(desk.secretKey, recovery.publicKey)),
        members: [{ staffId: w.staff.editor.id, sealedSecret: toBase64(sealToPublicKey(desk.secretKey, randomBytes(32))) }],
      };
    },
    expect: by(201, 403, 403, 403, 403, 403),
  },
  { route: 'POST /desks/:deskId/members', params: deskParams, body: (w) => ({ staffId: w.staff.spare.id }), expect: by(201, 403, 403, 403, 403, 403) },
  { route: 'DELETE /desks/:deskId/members/:staffId', params: (w) => ({ deskId: w.deskA.id, staffId: w.staff.spare.id }), expect: by(200, 403, 403, 403, 403, 403) },
  {
    // Only someone holding desk A's key can have sealed it: its members, reporters included.
    route: 'POST /desks/:deskId/grants', params: deskParams,
    body: (w) => ({ staffId: w.staff.spare.id, version: 1, sealedSecret: toBase64(sealToPublicKey(w.deskA.keys.secretKey, randomBytes(32))) }),
    expect: by(403, 201, 403, 201, 201, 403),
  },
];

/** Served without a session, or covered elsewhere until their authors add rows here. */
const NOT_IN_MATRIX: Record<string, string> = {
  'POST /login/parameters': 'public (tests/http/staff-auth.test.ts)',
  'POST /login': 'public (tests/http/staff-auth.test.ts)',
  'GET /invites/:token': 'public: the token is the capability (tests/http/staff-auth.test.ts)',
  'POST /enroll': 'public: the token is the capability (tests/http/staff-auth.test.ts)',
};

/** Routes of work in progress by other helpers (drafts, routing, key rotation, audit, retention): rows to come. */
const ROWS_PENDING = new Set([
  'GET /audit', 'POST /audit/verify', 'GET /tips/:tipId/history', 'PUT /desks/:deskId/retention', 'PUT /tips/:tipId/keep-until',
  'GET /drafts', 'POST /drafts', 'GET /drafts/:draftId', 'PATCH /drafts/:draftId', 'POST /drafts/:draftId/links',
  'DELETE /drafts/:draftId/links/:tipId', 'GET /tips/:tipId/drafts', 'GET /cms/drafts', 'GET /routing-rules', 'PUT /routing-rules',
  'GET /openapi.json', 'GET /desks/:deskId/rotation', 'POST /desks/:deskId/rotation', 'GET /desks/:deskId/rotation/batch',
  'POST /desks/:deskId/rotation/batch', 'POST /desks/:deskId/rotation/finish', 'POST /staff/:staffId/disable', 'POST /me/key',
]);

// ---------------------------------------------------------------------------------------------
// The world: built once, then copied (VACUUM INTO) for each row. Sessions live in the database,
// so every copy knows the same cookies; its clock starts where the world's stopped.

interface Session { cookie: string; csrf: string }
interface Template { dir: { path: string; remove(): void }; file: string; now: number; world: Omit<World, 'app' | 'asEditor'>; sessions: Record<Actor, Session | null> }

async function openApp(dbFile: string, now: number): Promise<TestApp & { close(): void }> {
  const clock = movableClock(new Date(now).toISOString());
  const dbUrl = `file:${dbFile}`;
  const db = await openNodeDatabase({ url: dbUrl });
  const logs: string[] = [];
  const app = createApp({
    db, clock, log: { info: (l) => logs.push(l), error: (l) => logs.push(l) },
    config: { accessLog: false, intake: { ...DEFAULT_INTAKE_LIMITS, powDifficulty: 0 } },
  });
  return { app, ctx: { db, clock }, db, dataDir: dbFile, dbUrl, logs, close: () => db.close() };
}

async function buildTemplate(): Promise<Template> {
  const dir = tempDir();
  const file = join(dir.path, 'world.db');
  const start = Date.parse('2026-11-22T09:00:00.000Z');
  const t = await openApp(file, start);
  const clock = t.ctx.clock as ReturnType<typeof movableClock>;
  const keysA = generateBoxKeyPair();
  const keysB = generateBoxKeyPair();
  const deskA = await createDesk({ ctx: t.ctx, input: { slug: 'investigations', name: 'Investigations', publicKey: keysA.publicKey, actor: { kind: 'admin-cli' } } });
  const deskB = await createDesk({ ctx: t.ctx, input: { slug: 'politics', name: 'Politics', publicKey: keysB.publicKey, actor: { kind: 'admin-cli' } } });
  const a = { ...keysA, slug: 'investigations' };
  const b = { ...keysB, slug: 'politics' };
  // The expired session first: it then idles for 31 minutes while the others log in.
  const expired = await enrollStaff(t, 'editor');
  await joinDesk(t, expired, a);
  clock.advance(31 * 60_000);
  const admin = await enrollStaff(t, 'admin');
  const editor = await enrollStaff(t, 'editor');
  await joinDesk(t, editor, a);
  const otherEditor = await enrollStaff(t, 'editor');
  await joinDesk(t, otherEditor, b);
  const reporter = await enrollStaff(t, 'reporter');
  await joinDesk(t, reporter, a);
  const reporterOut = await enrollStaff(t, 'reporter');
  await joinDesk(t, reporterOut, a);
  const spare = await enrollStaff(t, 'editor');
  await addDeskMember({ ctx: t.ctx, input: { deskId: deskA.id, staffId: spare.id, actor: { kind: 'admin-cli' } } });

  const sent = await sendTip(t, 'investigations', 'The tip every row of the matrix is about.', {
    conversation: 'new', files: [{ name: 'proof.pdf', bytes: randomBytes(1000), metadata: 'cleaned' }],
  });
  const asEditor = (method: Method, path: string, body?: unknown) => editor.request(method, path, body);
  const patched = await asEditor('PATCH', `/api/v1/staff/tips/${sent.tipId}`, { assigneeId: reporter.id });
  const summary = await patched.json() as { sealedKey: string };
  const detail = await (await asEditor('GET', `/api/v1/staff/tips/${sent.tipId}`)).json() as { files: { id: string }[] };
  const label = await (await asEditor('POST', `/api/v1/staff/desks/${deskA.id}/labels`, { name: 'documents' })).json() as { id: string };

  const session = (c: StaffClient): Session => ({ cookie: c.cookie, csrf: c.csrf });
  const now = clock.now().getTime();
  t.close();
  return {
    dir, file, now,
    world: {
      deskA: { id: deskA.id, keys: a }, deskB: { id: deskB.id, keys: b },
      staff: { admin, editor, otherEditor, reporter, reporterOut, spare },
      tip: { id: sent.tipId, sealedKey: fromBase64(summary.sealedKey), fileId: detail.files[0]!.id, replyPublicKey: sent.source!.reply.publicKey },
      labelId: label.id,
    },
    sessions: {
      admin: session(admin), editor: session(editor), otherEditor: session(otherEditor), reporter: session(reporter), reporterOut: session(reporterOut),
      badCsrf: { cookie: editor.cookie, csrf: 'A'.repeat(43) }, loggedOut: null, expired: session(expired),
    },
  };
}

function requester(app: TestApp, session: Session | null) {
  return async (method: Method, path: string, body?: unknown): Promise<Response> => app.app.request(path, {
    method,
    headers: {
      ...(session ? { cookie: `tl_staff=${session.cookie}` } : {}),
      ...(session && method !== 'GET' ? { 'x-csrf-token': session.csrf } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

let template: Template;
let copies = 0;
beforeAll(async () => {
  template = await buildTemplate();
}, 120_000);
afterAll(() => template?.dir.remove());

async function copyOfWorld(): Promise<{ world: World; close(): void }> {
  const file = join(template.dir.path, `copy-${copies++}.db`);
  const source = createClient({ url: `file:${template.file}` });
  await source.execute({ sql: 'VACUUM INTO ?', args: [file] });
  source.close();
  const app = await openApp(file, template.now);
  const asEditor = requester(app, template.sessions.editor);
  return { world: { ...template.world, app, asEditor }, close: () => app.close() };
}

function pathOf(row: AuthzRow, w: World, fresh: Record<string, string>): string {
  const params = row.params?.(w, fresh) ?? {};
  const path = row.route.split(' ')[1]!.replace(/:(\w+)/g, (_m, name: string) => {
    if (!(name in params)) throw new Error(`${row.route}: no value for :${name}`);
    return params[name]!;
  });
  const query = row.query?.replace('DESK_A', w.deskA.id);
  return `/api/v1/staff${path}${query ? `?${query}` : ''}`;
}

describe('staff authorization matrix', () => {
  it.each(ROWS.map((row) => [`${row.route}${row.note ? ` (${row.note})` : ''}`, row] as const))('%s', async (_name, row) => {
    const { world, close } = await copyOfWorld();
    try {
      const method = row.route.split(' ')[0] as Method;
      // Refusals first: an allowed call must not change what the others are refused.
      const order = [...ACTORS].sort((x, y) => Number(row.expect[x] < 400) - Number(row.expect[y] < 400));
      const got: Partial<Record<Actor, number | string>> = {};
      for (const actor of order) {
        const fresh = row.prepare ? await row.prepare(world) : {};
        const response = await requester(world.app, template.sessions[actor])(method, pathOf(row, world, fresh), row.body?.(world, actor, fresh));
        const text = await response.text();
        got[actor] = response.status === row.expect[actor] ? response.status : `${response.status} ${text.slice(0, 160)}`;
      }
      expect(got).toEqual(row.expect);
    } finally {
      close();
    }
  }, 60_000);

  it('has a row for every route the staff app serves', () => {
    const app = staffApi({ db: {} as never, clock: { now: () => new Date() } });
    const served = [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];
    const covered = new Set(ROWS.map((r) => r.route));
    const missing = served.filter((route) => !covered.has(route as AuthzRow['route']) && !(route in NOT_IN_MATRIX) && !ROWS_PENDING.has(route));
    expect(missing).toEqual([]);
    // The table names only routes that exist, and a pending route that got its row leaves the list.
    expect([...covered].filter((route) => !served.includes(route))).toEqual([]);
    expect([...ROWS_PENDING].filter((route) => covered.has(route as AuthzRow['route']) || !served.includes(route))).toEqual([]);
    expect(served.length).toBeGreaterThan(20);
  });
});
