// The source's conversation over the JSON API: a codename-derived lookup key registers a
// source with the first tip, finds it again for follow-ups and replies, and nothing else does.
import { describe, expect, it } from 'vitest';
import { openReply, sealReply } from '../../src/client/reply.ts';
import { deriveSourceKeys, fromBase64, newTipKey, randomBytes, sealMessage, sealToPublicKey, toBase64 } from '../../src/crypto/index.ts';
import { generateCodename, normaliseCodename } from '../../src/domain/codename.ts';
import { leadingZeroBits, powHash, solvePow } from '../../src/domain/pow-hash.ts';
import { sendReply } from '../../src/domain/replies.ts';
import { addDesk, testApp, type TestApp } from '../helpers/app.ts';

const post = (t: TestApp, path: string, body: unknown) =>
  t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function sourceKeys(t: TestApp, codename = generateCodename()) {
  const instance = (await (await t.app.request('/api/v1/instance')).json()) as { kdf: { salt: string; logN: number; r: number; p: number } };
  return deriveSourceKeys(normaliseCodename(codename), fromBase64(instance.kdf.salt), instance.kdf);
}

function tipBody(desk: Awaited<ReturnType<typeof addDesk>>, extra: Record<string, unknown> = {}) {
  const key = newTipKey();
  return { desk: desk.slug, keyVersion: 1, sealedKey: toBase64(sealToPublicKey(key, desk.publicKey)), message: toBase64(sealMessage(key, 'hello from a source')), via: 'js', ...extra };
}

describe('a source conversation', () => {
  it('registers with the first tip, gets replies, follows up and deletes its copy of a reply', async () => {
    const t = await testApp();
    const desk = await addDesk(t);
    const codename = generateCodename();
    expect(codename.split(' ')).toHaveLength(9);
    const keys = await sourceKeys(t, codename);
    const source = { lookupKey: toBase64(keys.lookupKey) };

    const first = await post(t, '/api/v1/tips', tipBody(desk, { source: { ...source, replyPublicKey: toBase64(keys.reply.publicKey) } }));
    expect(first.status).toBe(201);
    const { id: tipId } = (await first.json()) as { id: string };

    const sealed = sealReply('Can you send the March invoice?', keys.reply.publicKey, desk.publicKey);
    await sendReply({ ctx: t.ctx, input: { tipId, ...sealed, deskKeyVersion: 1, actor: { kind: 'staff', id: 'ed' } } });

    // The same codename, typed differently, finds the conversation again.
    const again = await sourceKeys(t, `  ${codename.toUpperCase().replace(/ /g, '   ')} `);
    const conversation = await post(t, '/api/v1/conversation', { lookupKey: toBase64(again.lookupKey) });
    expect(conversation.status).toBe(200);
    const body = (await conversation.json()) as { desk: { slug: string }; replies: Array<{ id: string; body: string; sealedKey: string }> };
    expect(body.desk.slug).toBe(desk.slug);
    expect(body.replies).toHaveLength(1);
    expect(await openReply(fromBase64(body.replies[0]!.body), fromBase64(body.replies[0]!.sealedKey), again.reply)).toBe('Can you send the March invoice?');
    // The desk can read its own copy too.
    const stored = await t.db.read.query.replies.findFirst();
    expect(await openReply(stored!.body, stored!.sealedForDesk, desk)).toBe('Can you send the March invoice?');

    const followUp = await post(t, '/api/v1/tips', tipBody(desk, { source }));
    expect(followUp.status).toBe(201);
    const tips = await t.db.read.query.tips.findMany();
    expect(new Set(tips.map((tip) => tip.sourceId)).size).toBe(1);
    expect(tips.map((tip) => tip.via)).toEqual(['js', 'js']);

    const deleted = await post(t, `/api/v1/conversation/replies/${body.replies[0]!.id}/delete`, source);
    expect(deleted.status).toBe(204);
    const after = (await (await post(t, '/api/v1/conversation', source)).json()) as { replies: unknown[] };
    expect(after.replies).toEqual([]);
    expect((await t.db.read.query.replies.findFirst())!.sealedForDesk.length).toBe(80);
  });

  it('answers every unknown codename alike, and refuses to register one twice', async () => {
    const t = await testApp();
    const desk = await addDesk(t);
    const keys = await sourceKeys(t);
    const stranger = { lookupKey: toBase64(randomBytes(32)) };
    const unknown = await post(t, '/api/v1/conversation', stranger);
    const followUp = await post(t, '/api/v1/tips', tipBody(desk, { source: stranger }));
    for (const res of [unknown, followUp]) {
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unknown_codename');
    }
    const register = { source: { lookupKey: toBase64(keys.lookupKey), replyPublicKey: toBase64(keys.reply.publicKey) } };
    expect((await post(t, '/api/v1/tips', tipBody(desk, register))).status).toBe(201);
    const twice = await post(t, '/api/v1/tips', tipBody(desk, register));
    expect(twice.status).toBe(409);
    expect(await t.db.read.query.tips.findMany()).toHaveLength(1);
  });
});

describe('flood defences', () => {
  it('requires a fresh, solved, single-use proof of work', async () => {
    const t = await testApp({ intake: { powDifficulty: 8 } });
    const desk = await addDesk(t);
    const challenge = async () => (await (await t.app.request('/api/v1/pow')).json()) as { id: string; challenge: string; difficulty: number };

    const missing = await post(t, '/api/v1/tips', tipBody(desk));
    expect([missing.status, ((await missing.json()) as { error: { code: string } }).error.code]).toEqual([400, 'pow_required']);

    const c1 = await challenge();
    expect(c1.difficulty).toBe(8);
    // A nonce that does not solve it (checked, since one in 256 would by luck).
    const bad = new Uint8Array(8);
    while (leadingZeroBits(powHash(fromBase64(c1.challenge), bad)) >= 8) bad[7]! += 1;
    const wrong = await post(t, '/api/v1/tips', tipBody(desk, { pow: { id: c1.id, nonce: toBase64(bad) } }));
    expect([wrong.status, ((await wrong.json()) as { error: { code: string } }).error.code]).toEqual([403, 'pow_invalid']);

    const c2 = await challenge();
    const pow = { id: c2.id, nonce: toBase64(solvePow(fromBase64(c2.challenge), c2.difficulty)) };
    // A submission that fails for another reason does not use the challenge up...
    expect((await post(t, '/api/v1/tips', tipBody(desk, { pow, desk: 'nowhere' }))).status).toBe(404);
    expect((await post(t, '/api/v1/tips', tipBody(desk, { pow }))).status).toBe(201);
    // ...a successful one does.
    const reused = await post(t, '/api/v1/tips', tipBody(desk, { pow }));
    expect([reused.status, ((await reused.json()) as { error: { code: string } }).error.code]).toEqual([403, 'pow_invalid']);
  });

  it('answers 429 with a retry hint past a desk limit, stays healthy, and loses nothing accepted', async () => {
    const t = await testApp({ intake: { perDeskPerMinute: 2 } });
    const desk = await addDesk(t);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(t, '/api/v1/tips', tipBody(desk))).status);
    expect(statuses).toEqual([201, 201, 429, 429]);
    const busy = await post(t, '/api/v1/tips', tipBody(desk));
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await busy.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'busy', message: expect.stringMatching(/Nothing was lost/) });
    expect((await t.app.request('/healthz')).status).toBe(200);
    expect(await t.db.read.query.tips.findMany()).toHaveLength(2);
  });
});
