// Granting a desk key version that a rotation has retired (POST /desks/:deskId/grants and the
// CLI's `tipline desk grant`): once nothing of the desk is sealed to an old version, its secret is
// meant to be destroyed, so a new copy of it is refused with 409 key_version_retired. While tips
// are still sealed to it (a rotation under way), granting it stays possible.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { generateBoxKeyPair, openSealed, sealToPublicKey, toBase64 } from '../../src/crypto/index.ts';
import { deskKeyGrants } from '../../src/db/schema.ts';
import { finishRotation } from '../../src/domain/rotation/finish.ts';
import { nextResealBatch, resealBatch } from '../../src/domain/rotation/reseal.ts';
import { startRotationWithSecret } from '../../src/domain/rotation/with-secret.ts';
import { grantDeskKeyWithSecret } from '../../src/domain/staff/desk-key-holder.ts';
import { addDeskMember } from '../../src/domain/staff/desk-members.ts';
import { testApp } from '../helpers/app.ts';
import { deskWithRecovery } from '../helpers/rotation.ts';
import { enrollStaff, joinDesk } from '../helpers/staff.ts';
import { sendTip } from '../helpers/triage.ts';

const API = '/api/v1/staff';

describe('granting a retired desk key version', () => {
  it('is allowed while tips are sealed to the version, refused with 409 key_version_retired once none are', async () => {
    const t = await testApp();
    const desk = await deskWithRecovery(t);
    const editor = await enrollStaff(t, 'editor');
    const newcomer = await enrollStaff(t, 'editor');
    await joinDesk(t, editor, desk);
    await addDeskMember({ ctx: t.ctx, input: { deskId: desk.id, staffId: newcomer.id, actor: { kind: 'admin-cli' } } });
    await sendTip(t, desk.slug, 'The harbour master signs inspection reports he never reads.');

    const next = generateBoxKeyPair();
    await startRotationWithSecret({ ctx: t.ctx, input: { deskSlug: desk.slug, current: desk, next } });
    const grantV1 = () => editor.request('POST', `${API}/desks/${desk.id}/grants`, {
      staffId: newcomer.id, version: 1, sealedSecret: toBase64(sealToPublicKey(desk.secretKey, newcomer.keys.publicKey)),
    });
    // A tip is still sealed to version 1: the newcomer may need it to help re-seal.
    expect((await grantV1()).status).toBe(201);

    // The tip moves to version 2, as a member's browser re-seals it.
    const batch = await nextResealBatch(t.db.read, desk.id, 10);
    expect(batch.tips).toHaveLength(1);
    await resealBatch({
      ctx: t.ctx,
      input: {
        deskId: desk.id, toVersion: 2, replies: [], actor: { kind: 'admin-cli' },
        tips: batch.tips.map((k) => ({ tipId: k.tipId, sealedKey: sealToPublicKey(openSealed(k.sealedKey, desk), next.publicKey) })),
      },
    });

    // Nothing is sealed to version 1 any more: no new copy of its secret, before the finish or after.
    const refused = await grantV1();
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({
      error: { code: 'key_version_retired', message: expect.stringMatching(/version 1 .*retired/), currentVersion: 2 },
    });
    await finishRotation({ ctx: t.ctx, input: { deskId: desk.id, actor: { kind: 'admin-cli' } } });
    const afterFinish = await grantV1();
    expect(afterFinish.status).toBe(409);
    expect((await afterFinish.json() as { error: { code: string } }).error.code).toBe('key_version_retired');
    // The CLI holding the old key file is refused alike.
    await expect(grantDeskKeyWithSecret({ ctx: t.ctx, input: { deskSlug: desk.slug, username: newcomer.username, keyVersion: 1, keyPair: desk } }))
      .rejects.toMatchObject({ code: 'key_version_retired' });
    expect(await t.db.read.select().from(deskKeyGrants).where(eq(deskKeyGrants.version, 1))).toEqual([]);

    // The current version is granted as before.
    const current = await editor.request('POST', `${API}/desks/${desk.id}/grants`, {
      staffId: newcomer.id, version: 2, sealedSecret: toBase64(sealToPublicKey(next.secretKey, newcomer.keys.publicKey)),
    });
    expect(current.status).toBe(201);
  });
});
