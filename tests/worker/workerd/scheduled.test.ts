// The cron trigger of wrangler.toml, fired at the Worker in workerd: its `scheduled` handler
// runs purgeExpired against the sqld, so an upload abandoned long ago and an expired challenge
// are gone afterwards, while an upload begun today stays.
import { createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newNoncePrefix, newTipKey, paddedPartSize, randomBytes, sealMessage, sealPartChunks, sealToPublicKey } from '../../../src/crypto/index.ts';
import { chunks, parts, powChallenges } from '../../../src/db/schema.ts';
import { systemClock, type Clock } from '../../../src/domain/context.ts';
import { issuePowChallenge } from '../../../src/domain/pow.ts';
import { submitTip } from '../../../src/domain/tips.ts';
import { createUpload, putChunk } from '../../../src/domain/uploads.ts';
import worker from '../../../src/worker.ts';
import { db, makeDesk } from './helpers.ts';

afterEach(() => vi.restoreAllMocks());

const longAgo: Clock = { now: () => new Date('2020-01-06T10:00:00Z') };

/** A tip whose three-chunk file got only its first chunk, on the day `clock` says. */
async function abandonedUpload(slug: string, publicKey: Uint8Array, clock: Clock) {
  const ctx = { db, clock };
  const tipKey = newTipKey();
  const tip = await submitTip({ ctx, input: { deskSlug: slug, keyVersion: 1, sealedKey: sealToPublicKey(tipKey, publicKey), message: sealMessage(tipKey, 'the message stays') } });
  const header = { kind: 'file' as const, name: 'ledger.bin', type: 'application/octet-stream', size: 150_000 };
  const noncePrefix = newNoncePrefix();
  const sealed: Uint8Array[] = [];
  for await (const chunk of sealPartChunks(tipKey, noncePrefix, header, [randomBytes(header.size)])) sealed.push(chunk);
  const { uploadId } = await createUpload({ ctx, input: { tipId: tip.tipId, uploadToken: tip.uploadToken, noncePrefix, paddedSize: paddedPartSize(header) } });
  await putChunk({ ctx, input: { uploadId, index: 0, ciphertext: sealed[0]! } });
  return { tipId: tip.tipId, uploadId };
}

describe('the cron trigger', () => {
  it('runs purgeExpired: long-abandoned uploads and expired challenges go, today’s upload stays', async () => {
    const desk = await makeDesk('wd-retention', longAgo);
    const old = await abandonedUpload(desk.slug, desk.publicKey, longAgo);
    const today = await abandonedUpload(desk.slug, desk.publicKey, systemClock);
    const challenge = await issuePowChallenge({ ctx: { db, clock: longAgo }, input: { difficulty: 8 } });
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));

    // The Worker module itself (the instance workerd serves), with a controller made as a
    // cron trigger makes it: the handler resolves once the purge is committed.
    await worker.scheduled(createScheduledController({ cron: '17 * * * *', scheduledTime: new Date() }), env);

    expect(await db.read.select().from(parts).where(eq(parts.id, old.uploadId))).toEqual([]);
    expect(await db.read.select().from(chunks).where(eq(chunks.partId, old.uploadId))).toEqual([]);
    expect(await db.read.select().from(powChallenges).where(eq(powChallenges.id, challenge.id))).toEqual([]);
    expect((await db.read.select().from(chunks).where(eq(chunks.partId, today.uploadId))).length).toBe(1);
    // The tip itself (its message) is not the purge's business.
    expect(await db.read.query.tips.findFirst({ where: (t, { eq: is }) => is(t.id, old.tipId) })).toBeDefined();
    const audit = await db.read.query.auditLog.findMany({ where: (a, { eq: is }) => is(a.subject, old.tipId) });
    expect(audit.map((a) => [a.actor, a.action])).toContainEqual(['system', 'tip.upload_purged']);
    expect(lines.join('\n')).toMatch(/^retention: purged \d+ challenges, [1-9]\d* unfinished uploads \(\d+ chunks\)$/m);
  });
});
