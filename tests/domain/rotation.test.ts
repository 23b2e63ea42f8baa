// Desk key rotation (issue 6) through the real staff API, as a member's browser runs it: tips keep
// arriving while the keys are re-sealed in batches, the rotation is abandoned midway and resumed
// from a second app instance on the same database file, then finished. Afterwards every tip and
// reply opens with the new key and with the recovery key, nothing refers to the old version, its
// sealed secrets are gone, and the offboarded member can open nothing that came after.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { submitTip } from '../../src/client/submit.ts';
import {
  boxKeyPairFromSecretKey, fromBase64, generateBoxKeyPair, newTipKey, openSealed, randomBytes, sealMessage, sealToPublicKey, toBase64, type KeyPair,
} from '../../src/crypto/index.ts';
import { openNodeDatabase } from '../../src/db/open-node.ts';
import { auditLog, deskKeyGrants, deskKeys, desks, replies, tips } from '../../src/db/schema.ts';
import { verifyAuditChain } from '../../src/domain/audit.ts';
import { sendReply } from '../../src/domain/replies.ts';
import { openRecoverySecrets } from '../../src/domain/rotation/recovery.ts';
import { DEFAULT_INTAKE_LIMITS } from '../../src/http/intake-gate.ts';
import { testApp, type TestApp } from '../helpers/app.ts';
import { readDeskTips } from '../helpers/read-tips.ts';
import { deskWithRecovery } from '../helpers/rotation.ts';
import { clientFor, enrollStaff, joinDesk, type StaffClient } from '../helpers/staff.ts';

type App = Pick<TestApp, 'app'>;
const API = '/api/v1/staff';

const viaApp = (a: App): typeof fetch => ((input: RequestInfo | URL, init?: RequestInit) => a.app.request(String(input), init)) as typeof fetch;

async function submit(a: App, slug: string, message: string, source?: { lookupKey: Uint8Array; replyPublicKey?: Uint8Array }) {
  return (await submitTip({ server: 'http://tipline.test', desk: slug, message, fetch: viaApp(a), ...(source ? { source } : {}) })).tipId;
}

async function json<T>(response: Response, status = 200): Promise<T> {
  const body = await response.text();
  expect(response.status, body).toBe(status);
  return JSON.parse(body) as T;
}

interface Progress {
  toVersion: number; publicKey: string; fromVersions: number[]; inProgress: boolean; remaining: number; total: number;
  rotationDue: boolean; recoveryPublicKey: string; members: { staffId: string; publicKey: string; hasCurrentKey: boolean }[];
}
interface Batch {
  toVersion: number; publicKey: string; remaining: number;
  tips: { tipId: string; keyVersion: number; sealedKey: string }[];
  replies: { replyId: string; keyVersion: number; sealedForDesk: string }[];
}

/** What the member's browser does: its grant of `version`, opened with its personal key. */
async function deskSecretOf(member: StaffClient, deskId: string, version: number): Promise<KeyPair> {
  const me = await json<{ desks: { id: string; grants: { version: number; sealedSecret: string }[] }[] }>(await member.request('GET', `${API}/me`));
  const grant = me.desks.find((d) => d.id === deskId)?.grants.find((g) => g.version === version);
  if (!grant) throw new Error(`no grant of version ${version}`);
  return boxKeyPairFromSecretKey(openSealed(fromBase64(grant.sealedSecret), member.keys));
}

/** The browser's rotation start: a new key pair sealed to every member the server lists and to the recovery key. */
async function startFromBrowser(member: StaffClient, deskId: string): Promise<{ next: KeyPair; progress: Progress }> {
  const before = await json<Progress>(await member.request('GET', `${API}/desks/${deskId}/rotation`));
  const next = generateBoxKeyPair();
  const progress = await json<Progress>(await member.request('POST', `${API}/desks/${deskId}/rotation`, {
    publicKey: toBase64(next.publicKey),
    sealedForRecovery: toBase64(sealToPublicKey(next.secretKey, fromBase64(before.recoveryPublicKey))),
    grants: before.members.map((m) => ({ staffId: m.staffId, sealedSecret: toBase64(sealToPublicKey(next.secretKey, fromBase64(m.publicKey))) })),
  }), 201);
  return { next, progress };
}

/** One batch: fetch old keys, open them with the old secrets, seal them to the new key. */
async function fetchBatch(member: StaffClient, deskId: string, old: Map<number, KeyPair>, limit: number) {
  const batch = await json<Batch>(await member.request('GET', `${API}/desks/${deskId}/rotation/batch?limit=${limit}`));
  const to = fromBase64(batch.publicKey);
  const reseal = (sealed: string, version: number) => toBase64(sealToPublicKey(openSealed(fromBase64(sealed), old.get(version)!), to));
  return {
    batch,
    body: {
      toVersion: batch.toVersion,
      tips: batch.tips.map((k) => ({ tipId: k.tipId, sealedKey: reseal(k.sealedKey, k.keyVersion) })),
      replies: batch.replies.map((k) => ({ replyId: k.replyId, sealedForDesk: reseal(k.sealedForDesk, k.keyVersion) })),
    },
  };
}

async function postBatch(member: StaffClient, deskId: string, body: unknown) {
  return json<{ resealed: number; skipped: number; remaining: number }>(await member.request('POST', `${API}/desks/${deskId}/rotation/batch`, body));
}

/** A second instance of the app (another server process) on the same database file. */
async function secondInstance(t: TestApp): Promise<App & { close(): void }> {
  const db = await openNodeDatabase({ url: t.dbUrl });
  const app = createApp({
    db, clock: t.ctx.clock, config: { accessLog: false, intake: { ...DEFAULT_INTAKE_LIMITS, powDifficulty: 0 } },
    log: { info: () => undefined, error: () => undefined },
  });
  return { app, close: () => db.close() };
}

async function replyTo(t: TestApp, tipId: string, deskKey: Uint8Array, version: number) {
  const replyKey = newTipKey();
  const { replyId } = await sendReply({
    ctx: t.ctx,
    input: {
      tipId, body: sealMessage(replyKey, 'We would like to talk.'), sealedForSource: sealToPublicKey(replyKey, generateBoxKeyPair().publicKey),
      sealedForDesk: sealToPublicKey(replyKey, deskKey), deskKeyVersion: version, actor: { kind: 'admin-cli' },
    },
  });
  return { replyId, replyKey };
}

describe('desk key rotation from a member\'s browser', () => {
  it('keeps every tip readable through concurrent submissions, an abandoned run and a resume; the old key is destroyed', async () => {
    const t = await testApp();
    const desk = await deskWithRecovery(t);
    const other = await deskWithRecovery(t, 'economy');
    const admin = await enrollStaff(t, 'admin');
    const editor = await enrollStaff(t, 'editor');
    const leaver = await enrollStaff(t, 'editor');
    for (const m of [admin, editor, leaver]) await joinDesk(t, m, desk);

    const sent = new Map<string, string>();
    const send = async (a: App, message: string, source?: Parameters<typeof submit>[3]) => {
      const id = await submit(a, desk.slug, message, source);
      sent.set(id, message);
      return id;
    };
    for (let i = 0; i < 24; i++) await send(t, `Tip number ${i} about the port authority's inspection records.`);
    const withSource = await send(t, 'A tip from a source who wants to hear back from you.', { lookupKey: randomBytes(32), replyPublicKey: generateBoxKeyPair().publicKey });
    const replySent = [await replyTo(t, withSource, desk.publicKey, 1), await replyTo(t, withSource, desk.publicKey, 1)];
    const otherTip = await submit(t, other.slug, 'A tip for another desk, which must not move at all.');
    const [otherBefore] = await t.db.read.select().from(tips).where(eq(tips.id, otherTip));

    // Offboarding: membership and grants gone, sessions dead, the desk due for a rotation.
    const leaverV1 = await deskSecretOf(leaver, desk.id, 1);
    const off = await json<{ rotationRequired: boolean; grantsDeleted: number }>(await admin.request('DELETE', `${API}/desks/${desk.id}/members/${leaver.id}`));
    expect(off).toMatchObject({ rotationRequired: true, grantsDeleted: 1 });
    expect((await leaver.request('GET', `${API}/me`)).status).toBe(401);
    const due = await json<Progress>(await editor.request('GET', `${API}/desks/${desk.id}/rotation`));
    expect(due).toMatchObject({ rotationDue: true, inProgress: false, toVersion: 1, remaining: 0, total: 27 });
    expect(due.members.map((m) => m.staffId).sort()).toEqual([admin.id, editor.id].sort());

    // The editor's browser starts the rotation; version 2 is current at once.
    const old = new Map([[1, await deskSecretOf(editor, desk.id, 1)]]);
    expect(old.get(1)!.publicKey).toEqual(desk.publicKey);
    const { next, progress } = await startFromBrowser(editor, desk.id);
    expect(progress).toMatchObject({ toVersion: 2, fromVersions: [1], inProgress: true, remaining: 27, rotationDue: false });

    // A source still holding version 1 is refused with the new key; the client re-seals by itself.
    const stale = await t.app.request('/api/v1/tips', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ desk: desk.slug, keyVersion: 1, sealedKey: toBase64(sealToPublicKey(newTipKey(), desk.publicKey)), message: toBase64(sealMessage(newTipKey(), 'a stale tip that must not be stored')) }),
    });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { code: string; currentKey: { version: number; publicKey: string } } }).error)
      .toMatchObject({ code: 'stale_key', currentKey: { version: 2, publicKey: toBase64(next.publicKey) } });

    // Sources keep submitting on both instances while batches run.
    const second = await secondInstance(t);
    let submitting = true;
    const submitter = (async () => {
      for (let i = 0; submitting; i++) await send(i % 2 ? second : t, `Tip ${i} sent during the rotation, from a source in a hurry.`);
    })();

    // Two batches, then the browser dies between re-sealing a third batch and sending it.
    const closed = new Error('the browser closed');
    let abandoned: Awaited<ReturnType<typeof fetchBatch>>['body'] | undefined;
    await expect((async () => {
      for (let i = 0; ; i++) {
        const { body } = await fetchBatch(editor, desk.id, old, 5);
        expect(body.tips).toHaveLength(5);
        if (i === 2) {
          abandoned = body;
          throw closed;
        }
        expect((await postBatch(editor, desk.id, body)).resealed).toBe(5);
      }
    })()).rejects.toBe(closed);
    // A batch naming a tip of another desk moves nothing of it.
    const foreign = { toVersion: 2, tips: [{ tipId: otherTip, sealedKey: toBase64(sealToPublicKey(newTipKey(), next.publicKey)) }], replies: [] };
    expect(await postBatch(editor, desk.id, foreign)).toMatchObject({ resealed: 0, skipped: 1 });
    // Finishing early is refused: tips are still on version 1.
    const early = await editor.request('POST', `${API}/desks/${desk.id}/rotation/finish`);
    expect(early.status).toBe(409);
    expect(((await early.json()) as { error: { code: string } }).error.code).toBe('rotation_unfinished');

    // Resume from the other instance (the same session cookie works there: sessions live in the database).
    const resumed = clientFor({ ...t, app: second.app }, editor);
    expect((await postBatch(resumed, desk.id, abandoned)).resealed).toBe(5); // the abandoned batch, sent late: still valid
    expect((await postBatch(resumed, desk.id, abandoned))).toMatchObject({ resealed: 0, skipped: 5 }); // and idempotent
    for (let i = 0; i < 2; i++) await postBatch(resumed, desk.id, (await fetchBatch(resumed, desk.id, old, 4)).body);
    submitting = false;
    await submitter;
    for (;;) {
      const { batch, body } = await fetchBatch(resumed, desk.id, old, 7);
      if (batch.tips.length + batch.replies.length === 0) break;
      await postBatch(resumed, desk.id, body);
    }
    const finished = await json<{ toVersion: number; destroyedVersions: number[]; grantsDeleted: number }>(await resumed.request('POST', `${API}/desks/${desk.id}/rotation/finish`));
    expect(finished).toEqual({ toVersion: 2, destroyedVersions: [1], grantsDeleted: 2 });
    second.close();

    // Nothing refers to version 1; its grants and its recovery copy are gone.
    const rows = await t.db.read.select({ id: tips.id, v: tips.keyVersion }).from(tips).where(eq(tips.deskId, desk.id));
    expect(rows.length).toBe(sent.size);
    expect(sent.size).toBeGreaterThan(27);
    expect(rows.every((r) => r.v === 2)).toBe(true);
    expect((await t.db.read.select().from(replies)).map((r) => r.deskKeyVersion)).toEqual([2, 2]);
    expect(await t.db.read.select().from(deskKeyGrants).where(and(eq(deskKeyGrants.deskId, desk.id), eq(deskKeyGrants.version, 1)))).toEqual([]);
    const [v1] = await t.db.read.select().from(deskKeys).where(and(eq(deskKeys.deskId, desk.id), eq(deskKeys.version, 1)));
    expect(v1!.sealedForRecovery).toBeNull();
    const [otherAfter] = await t.db.read.select().from(tips).where(eq(tips.id, otherTip));
    expect(otherAfter).toEqual(otherBefore);

    // Every tip opens with the new key, and with the recovery key (which now holds version 2 only).
    const byNewKey = await readDeskTips(t.db, desk.slug, next, 2);
    expect(new Map(byNewKey.map((o) => [o.id, o.message]))).toEqual(sent);
    const recovered = await openRecoverySecrets(t.db.read, { id: desk.id }, desk.recovery);
    expect([...recovered.keys()]).toEqual([2]);
    const byRecovery = await readDeskTips(t.db, desk.slug, recovered.get(2)!, 2);
    expect(new Map(byRecovery.map((o) => [o.id, o.message]))).toEqual(sent);
    const replyRows = await t.db.read.select().from(replies);
    expect(replyRows.map((r) => toBase64(openSealed(r.sealedForDesk, next))).sort()).toEqual(replySent.map((r) => toBase64(r.replyKey)).sort());

    // The offboarded member: no grant of version 2, and their copy of version 1 opens nothing now.
    expect(await t.db.read.select().from(deskKeyGrants).where(eq(deskKeyGrants.staffId, leaver.id))).toEqual([]);
    const after = await submit(t, desk.slug, 'A tip sent after the rotation, for the remaining members only.');
    const [afterRow] = await t.db.read.select().from(tips).where(eq(tips.id, after));
    expect(() => openSealed(afterRow!.sealedKey, leaverV1)).toThrow();
    expect(openSealed(afterRow!.sealedKey, next)).toHaveLength(32);
    expect((await deskSecretOf(admin, desk.id, 2)).publicKey).toEqual(next.publicKey);

    expect((await verifyAuditChain(t.db.read)).ok).toBe(true);
    const actions = (await t.db.read.select({ action: auditLog.action }).from(auditLog)).map((a) => a.action);
    for (const action of ['desk.member_offboarded', 'desk.rotation_started', 'desk.rotation_batch', 'desk.rotation_finished']) expect(actions).toContain(action);
  });

  it('lets only an editor or admin member holding the current key rotate, one rotation at a time, sealed to every member', async () => {
    const t = await testApp();
    const desk = await deskWithRecovery(t);
    const editor = await enrollStaff(t, 'editor');
    const reporter = await enrollStaff(t, 'reporter');
    const outsiderAdmin = await enrollStaff(t, 'admin');
    const pending = await enrollStaff(t, 'editor');
    for (const m of [editor, reporter]) await joinDesk(t, m, desk);
    await json(await outsiderAdmin.request('POST', `${API}/desks/${desk.id}/members`, { staffId: pending.id }), 201); // member, no grant

    const next = generateBoxKeyPair();
    const body = (members: StaffClient[]) => ({
      publicKey: toBase64(next.publicKey), sealedForRecovery: toBase64(sealToPublicKey(next.secretKey, desk.recovery.publicKey)),
      grants: members.map((m) => ({ staffId: m.id, sealedSecret: toBase64(sealToPublicKey(next.secretKey, m.keys.publicKey)) })),
    });
    const all = [editor, reporter, pending];
    for (const who of [outsiderAdmin, reporter, pending]) {
      const refused = await who.request('POST', `${API}/desks/${desk.id}/rotation`, body(all));
      expect(refused.status, who.username).toBe(403);
    }
    const batchRefused = await outsiderAdmin.request('GET', `${API}/desks/${desk.id}/rotation/batch`);
    expect(batchRefused.status).toBe(403);
    // Leaving out a member would cut them off: refused, naming them.
    const partial = await editor.request('POST', `${API}/desks/${desk.id}/rotation`, body([editor, reporter]));
    expect(partial.status).toBe(400);
    expect(((await partial.json()) as { error: { missing: string[] } }).error.missing).toEqual([pending.id]);
    expect((await t.db.read.select({ v: desks.currentKeyVersion }).from(desks).where(eq(desks.id, desk.id)))[0]!.v).toBe(1);

    await submit(t, desk.slug, 'A tip that keeps the first rotation unfinished for a while.');
    await json(await editor.request('POST', `${API}/desks/${desk.id}/rotation`, body(all)), 201);
    // The pending member now holds version 2.
    expect((await deskSecretOf(pending, desk.id, 2)).publicKey).toEqual(next.publicKey);
    const again = await editor.request('POST', `${API}/desks/${desk.id}/rotation`, { ...body(all), publicKey: toBase64(generateBoxKeyPair().publicKey) });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('rotation_in_progress');
    // A batch sealed for a version that is not current is refused with the current key.
    const stale = await editor.request('POST', `${API}/desks/${desk.id}/rotation/batch`, { toVersion: 1, tips: [], replies: [] });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { code: string; currentKey: { version: number } } }).error).toMatchObject({ code: 'stale_key', currentKey: { version: 2 } });
  });
});
