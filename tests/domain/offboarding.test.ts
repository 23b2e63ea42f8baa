// People leaving and keys changing hands (issue 6): a desk set up from the browser gets its
// recovery key; offboarding and disabling end sessions and mark the desk for rotation, but never
// remove the last way into a desk; a replaced personal key loses its grants until another member
// re-grants, after which the new key opens the desk.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  boxKeyPairFromSecretKey, deriveStaffKeys, encryptSecretKey, fromBase64, generateBoxKeyPair, openSealed, sealToPublicKey, toBase64,
} from '../../src/crypto/index.ts';
import { auditLog, deskKeyGrants, deskKeys, deskMembers, desks, staff, tips } from '../../src/db/schema.ts';
import { verifyAuditChain } from '../../src/domain/audit.ts';
import { addDesk, testApp, type TestApp } from '../helpers/app.ts';
import { cookieFrom, enrollStaff, joinDesk, logInAgain, movableClock, openPersonalKey, postJson, type StaffClient } from '../helpers/staff.ts';
import { deskWithRecovery } from '../helpers/rotation.ts';
import { sendTip } from '../helpers/triage.ts';

const API = '/api/v1/staff';

async function errorCode(response: Response, status: number): Promise<string> {
  const body = await response.text();
  expect(response.status, body).toBe(status);
  return (JSON.parse(body) as { error: { code: string } }).error.code;
}

async function rotationDue(t: TestApp, deskId: string): Promise<boolean> {
  const [row] = await t.db.read.select({ due: desks.rotationDueSince }).from(desks).where(eq(desks.id, deskId));
  return row!.due !== null;
}

async function loginKeyOf(t: TestApp, member: StaffClient) {
  const params = await (await postJson(t, `${API}/login/parameters`, { username: member.username })).json() as { kdfSalt: string; kdfLogN: number };
  return { salt: fromBase64(params.kdfSalt), ...(await deriveStaffKeys(member.passphrase, fromBase64(params.kdfSalt), params.kdfLogN)) };
}

describe('desk set-up from the browser', () => {
  it('needs a recovery key, and stores version 1 sealed to it', async () => {
    const t = await testApp();
    const admin = await enrollStaff(t, 'admin');
    const deskKey = generateBoxKeyPair();
    const recovery = generateBoxKeyPair();
    const base = {
      slug: 'courts', name: 'Courts', publicKey: toBase64(deskKey.publicKey),
      members: [{ staffId: admin.id, sealedSecret: toBase64(sealToPublicKey(deskKey.secretKey, admin.keys.publicKey)) }],
    };
    expect((await admin.request('POST', `${API}/desks`, base)).status).toBe(400);
    expect(await t.db.read.select().from(desks)).toEqual([]);
    const created = await admin.request('POST', `${API}/desks`, {
      ...base, recoveryPublicKey: toBase64(recovery.publicKey), sealedForRecovery: toBase64(sealToPublicKey(deskKey.secretKey, recovery.publicKey)),
    });
    expect(created.status).toBe(201);
    const [desk] = await t.db.read.select().from(desks);
    expect(desk!.recoveryPublicKey).toEqual(recovery.publicKey);
    const [v1] = await t.db.read.select().from(deskKeys);
    expect(boxKeyPairFromSecretKey(openSealed(v1!.sealedForRecovery!, recovery)).publicKey).toEqual(deskKey.publicKey);
    const actions = (await t.db.read.select({ a: auditLog.action }).from(auditLog)).map((r) => r.a);
    expect(actions).toContain('desk.recovery_key_set');
  });
});

describe('offboarding and disabling', () => {
  it('removes membership and grants, ends sessions, marks the desk; admins only; never the last way in', async () => {
    const t = await testApp();
    const desk = await deskWithRecovery(t);
    const legacy = { ...(await addDesk(t, 'legacy')) };
    const admin = await enrollStaff(t, 'admin');
    const editor = await enrollStaff(t, 'editor');
    const leaver = await enrollStaff(t, 'reporter');
    await joinDesk(t, editor, desk);
    await joinDesk(t, leaver, desk);
    const legacyId = await joinDesk(t, editor, legacy);

    expect(await errorCode(await editor.request('DELETE', `${API}/desks/${desk.id}/members/${leaver.id}`), 403)).toBe('forbidden');
    expect(await errorCode(await admin.request('DELETE', `${API}/desks/${desk.id}/members/${admin.id}`), 404)).toBe('unknown_staff');
    // The legacy desk has no recovery key and the editor is its only key holder: refused.
    expect(await errorCode(await admin.request('DELETE', `${API}/desks/${legacyId}/members/${editor.id}`), 400)).toBe('invalid_input');
    expect(await t.db.read.select().from(deskMembers).where(eq(deskMembers.deskId, legacyId))).toHaveLength(1);
    expect(await rotationDue(t, legacyId)).toBe(false);

    expect(await rotationDue(t, desk.id)).toBe(false);
    const done = await admin.request('DELETE', `${API}/desks/${desk.id}/members/${leaver.id}`);
    expect(await done.json()).toEqual({ deskId: desk.id, staffId: leaver.id, grantsDeleted: 1, rotationRequired: true, tipsUnassigned: 0 });
    expect(await t.db.read.select().from(deskKeyGrants).where(eq(deskKeyGrants.staffId, leaver.id))).toEqual([]);
    expect(await errorCode(await leaver.request('GET', `${API}/me`), 401)).toBe('not_logged_in');
    expect(await rotationDue(t, desk.id)).toBe(true);
    // The remaining member still opens the desk.
    expect((await editor.request('GET', `${API}/me`)).status).toBe(200);

    // Disabling: sessions end, logins fail, the account's desks are due for a rotation.
    expect(await errorCode(await admin.request('POST', `${API}/staff/${admin.id}/disable`), 400)).toBe('invalid_input');
    expect(await errorCode(await editor.request('POST', `${API}/staff/${admin.id}/disable`), 403)).toBe('forbidden');
    const disabled = await admin.request('POST', `${API}/staff/${editor.id}/disable`);
    expect((await disabled.json() as { rotationDueDesks: string[] }).rotationDueDesks.sort()).toEqual([desk.id, legacyId].sort());
    expect(await errorCode(await editor.request('GET', `${API}/me`), 401)).toBe('not_logged_in');
    expect(await errorCode(await logInAgain(t, editor), 401)).toBe('login_failed');
    expect(await rotationDue(t, legacyId)).toBe(true);
    const [row] = await t.db.read.select({ active: staff.active }).from(staff).where(eq(staff.id, editor.id));
    expect(row!.active).toBe(false);
  });
});

describe('tips assigned to someone who leaves', () => {
  /** Assignees of the given tips, in order, as the database holds them. */
  async function assignees(t: TestApp, ids: string[]) {
    const rows = await t.db.read.select({ id: tips.id, assigneeId: tips.assigneeId }).from(tips).where(inArray(tips.id, ids));
    return ids.map((id) => rows.find((r) => r.id === id)!.assigneeId);
  }
  /** The `tip.assigned` entries of a tip: who did it, and from whom to whom. */
  async function assignments(t: TestApp, tipId: string) {
    const rows = await t.db.read.select({ actor: auditLog.actor, details: auditLog.details }).from(auditLog)
      .where(and(eq(auditLog.subject, tipId), eq(auditLog.action, 'tip.assigned'))).orderBy(asc(auditLog.seq));
    return rows.map((r) => ({ actor: r.actor, ...JSON.parse(r.details) as object }));
  }

  it('go back to the desk unassigned, audited as assignee changes: on the desk they leave, or everywhere when disabled', async () => {
    const t = await testApp();
    const desk = await deskWithRecovery(t);
    const other = await deskWithRecovery(t, 'economy');
    const legacy = await addDesk(t, 'legacy');
    const admin = await enrollStaff(t, 'admin');
    const editor = await enrollStaff(t, 'editor');
    const leaver = await enrollStaff(t, 'reporter');
    for (const d of [desk, other, legacy]) {
      await joinDesk(t, editor, d);
      await joinDesk(t, leaver, d);
    }
    const sent: string[] = [];
    for (const d of [desk, desk, desk, other, legacy]) sent.push((await sendTip(t, d.slug, `Tip ${sent.length}: the port authority falsifies inspection records.`)).tipId);
    const [onDesk1, onDesk2, editorsOwn, onOther, onLegacy] = sent;
    const assign = async (tipId: string, staffId: string) =>
      expect((await editor.request('PATCH', `${API}/tips/${tipId}`, { assigneeId: staffId })).status).toBe(200);
    for (const id of [onDesk1!, onDesk2!, onOther!, onLegacy!]) await assign(id, leaver.id);
    await assign(editorsOwn!, editor.id);
    const all = [onDesk1!, onDesk2!, editorsOwn!, onOther!, onLegacy!];

    // Without the editor's grant the leaver is the only key holder of the legacy desk (no recovery
    // key): removing them is refused, and the refused transaction leaves every assignee in place.
    const legacyId = (await t.db.read.select({ id: desks.id }).from(desks).where(eq(desks.slug, 'legacy')))[0]!.id;
    await t.db.write((tx) => tx.delete(deskKeyGrants).where(and(eq(deskKeyGrants.deskId, legacyId), eq(deskKeyGrants.staffId, editor.id))));
    expect(await errorCode(await admin.request('DELETE', `${API}/desks/${legacyId}/members/${leaver.id}`), 400)).toBe('invalid_input');
    expect(await assignees(t, all)).toEqual([leaver.id, leaver.id, editor.id, leaver.id, leaver.id]);

    const off = await admin.request('DELETE', `${API}/desks/${desk.id}/members/${leaver.id}`);
    expect(await off.json()).toMatchObject({ grantsDeleted: 1, tipsUnassigned: 2 });
    expect(await assignees(t, all)).toEqual([null, null, editor.id, leaver.id, leaver.id]);
    for (const id of [onDesk1!, onDesk2!]) {
      expect(await assignments(t, id)).toEqual([
        { actor: `staff:${editor.id}`, from: null, to: leaver.id },
        { actor: `staff:${admin.id}`, from: leaver.id, to: null },
      ]);
    }

    // Disabling the account unassigns what is left, on every desk.
    const disabled = await admin.request('POST', `${API}/staff/${leaver.id}/disable`);
    expect(await disabled.json()).toMatchObject({ tipsUnassigned: 2 });
    expect(await assignees(t, all)).toEqual([null, null, editor.id, null, null]);
    expect(await assignments(t, onOther!)).toEqual([
      { actor: `staff:${editor.id}`, from: null, to: leaver.id },
      { actor: `staff:${admin.id}`, from: leaver.id, to: null },
    ]);
    expect(await verifyAuditChain(t.db.read)).toMatchObject({ ok: true });
  });
});

describe('personal key rotation', () => {
  it('replaces the key pair, drops its grants until another member re-grants, and ends the other sessions', async () => {
    const clock = movableClock();
    const t = await testApp({ clock });
    const desk = await deskWithRecovery(t);
    const legacy = await addDesk(t, 'legacy');
    const keeper = await enrollStaff(t, 'editor');
    const member = await enrollStaff(t, 'editor');
    const sole = await enrollStaff(t, 'editor');
    await joinDesk(t, keeper, desk);
    await joinDesk(t, member, desk);
    await joinDesk(t, sole, legacy);
    clock.advance(60_000);
    const otherSession = cookieFrom(await logInAgain(t, member));

    const keys = await loginKeyOf(t, member);
    const next = generateBoxKeyPair();
    const body = { currentLoginKey: toBase64(keys.loginKey), publicKey: toBase64(next.publicKey), encryptedSecretKey: toBase64(encryptSecretKey(next.secretKey, keys.kek)) };
    expect(await errorCode(await member.request('POST', `${API}/me/key`, { ...body, currentLoginKey: toBase64(new Uint8Array(32)) }), 401)).toBe('login_failed');
    expect(await errorCode(await member.request('POST', `${API}/me/key`, { ...body, publicKey: toBase64(member.keys.publicKey) }), 400)).toBe('invalid_input');

    const rotated = await member.request('POST', `${API}/me/key`, body);
    expect(await rotated.json()).toEqual({ grantsDeleted: 1, desksToRegrant: [desk.id] });
    expect(await rotationDue(t, desk.id)).toBe(true);
    const other = await t.app.request(`${API}/me`, { headers: { cookie: `tl_staff=${otherSession}` } });
    expect(other.status).toBe(401);
    const me = await (await member.request('GET', `${API}/me`)).json() as { publicKey: string; encryptedSecretKey: string; desks: { grants: unknown[] }[] };
    expect(me.publicKey).toBe(toBase64(next.publicKey));
    expect(me.desks[0]!.grants).toEqual([]);
    // The browser opens the new personal key with the same passphrase.
    expect(await openPersonalKey(member, me.encryptedSecretKey, keys.salt)).toEqual(next.secretKey);

    // Another member re-grants, sealing to the new public key the staff list shows.
    const list = await (await keeper.request('GET', `${API}/staff`)).json() as { staff: { id: string; publicKey: string }[] };
    const newPublic = fromBase64(list.staff.find((s) => s.id === member.id)!.publicKey);
    const grant = await keeper.request('POST', `${API}/desks/${desk.id}/grants`, { staffId: member.id, version: 1, sealedSecret: toBase64(sealToPublicKey(desk.secretKey, newPublic)) });
    expect(grant.status).toBe(201);
    const regranted = await (await member.request('GET', `${API}/me`)).json() as { desks: { grants: { sealedSecret: string }[] }[] };
    const secret = openSealed(fromBase64(regranted.desks[0]!.grants[0]!.sealedSecret), next);
    expect(boxKeyPairFromSecretKey(secret).publicKey).toEqual(desk.publicKey);

    // The only holder of a desk without a recovery key cannot lock the desk out by replacing their key.
    const soleKeys = await loginKeyOf(t, sole);
    const soleNext = generateBoxKeyPair();
    const refused = await sole.request('POST', `${API}/me/key`, {
      currentLoginKey: toBase64(soleKeys.loginKey), publicKey: toBase64(soleNext.publicKey), encryptedSecretKey: toBase64(encryptSecretKey(soleNext.secretKey, soleKeys.kek)),
    });
    expect(await errorCode(refused, 400)).toBe('invalid_input');
    expect(await t.db.read.select().from(deskKeyGrants).where(eq(deskKeyGrants.staffId, sole.id))).toHaveLength(1);
  });
});
