// purgeExpired (src/domain/retention.ts) on a libSQL server, as the Worker's cron trigger runs
// it: expired challenges and long-unfinished uploads go, with their chunks; everything a
// source finished, recent unfinished uploads and live challenges stay; the audit chain says so.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBoxKeyPair, newNoncePrefix, newTipKey, paddedPartSize, randomBytes, sealMessage, sealPartChunks, sealToPublicKey } from '../../src/crypto/index.ts';
import type { Database } from '../../src/db/database.ts';
import { openNodeDatabase } from '../../src/db/open-node.ts';
import { chunks, parts, powChallenges } from '../../src/db/schema.ts';
import { verifyAuditChain } from '../../src/domain/audit.ts';
import type { DomainContext } from '../../src/domain/context.ts';
import { createDesk } from '../../src/domain/desks.ts';
import { issuePowChallenge } from '../../src/domain/pow.ts';
import { purgeExpired, UNFINISHED_UPLOAD_DAYS } from '../../src/domain/retention.ts';
import { submitTip } from '../../src/domain/tips.ts';
import { createUpload, finishUpload, putChunk } from '../../src/domain/uploads.ts';
import { fixedClock } from '../helpers/app.ts';
import { readDeskTips } from '../helpers/read-tips.ts';
import { startSqld, type Sqld } from '../helpers/sqld.ts';

let server: Sqld;
let db: Database;
beforeAll(async () => {
  server = await startSqld({ auth: true });
  db = await openNodeDatabase({ url: server.url, authToken: server.authToken });
});
afterAll(async () => {
  db?.close();
  await server?.stop();
});

const at = (iso: string): DomainContext => ({ db, clock: fixedClock(iso) });
const desk = generateBoxKeyPair();

/** A tip whose file (three chunks, sealed for real) is uploaded as far as `chunksSent` says. */
async function tipWithUpload(ctx: DomainContext, chunksSent: number[], finish = false) {
  const tipKey = newTipKey();
  const tip = await submitTip({ ctx, input: { deskSlug: 'city', keyVersion: 1, sealedKey: sealToPublicKey(tipKey, desk.publicKey), message: sealMessage(tipKey, 'a message that stays') } });
  const header = { kind: 'file' as const, name: 'ledger.bin', type: 'application/octet-stream', size: 150_000 };
  const noncePrefix = newNoncePrefix();
  const sealed: Uint8Array[] = [];
  for await (const chunk of sealPartChunks(tipKey, noncePrefix, header, [randomBytes(header.size)])) sealed.push(chunk);
  const { uploadId, chunkCount } = await createUpload({ ctx, input: { tipId: tip.tipId, uploadToken: tip.uploadToken, noncePrefix, paddedSize: paddedPartSize(header) } });
  expect(chunkCount).toBe(3);
  for (const index of chunksSent) await putChunk({ ctx, input: { uploadId, index, ciphertext: sealed[index]! } });
  if (finish) await finishUpload({ ctx, input: { uploadId } });
  return { tipId: tip.tipId, uploadId };
}

describe('purgeExpired on a libSQL server', () => {
  it('removes expired challenges and uploads unfinished for too long, keeps the rest, and audits each purge', async () => {
    await createDesk({ ctx: at('2026-11-01T09:00:00Z'), input: { slug: 'city', name: 'City', publicKey: desk.publicKey, actor: { kind: 'admin-cli' } } });
    const old = at('2026-11-10T12:00:00Z');
    const abandoned = await tipWithUpload(old, [0, 2]);
    const finishedLongAgo = await tipWithUpload(old, [0, 1, 2], true);
    const recent = await tipWithUpload(at('2026-11-16T08:00:00Z'), [1]); // six days before the purge
    // Issuing clears challenges expired by then, so the later-expiring one is issued first.
    const liveChallenge = await issuePowChallenge({ ctx: at('2026-11-18T10:55:00Z'), input: { difficulty: 8 } });
    const staleChallenge = await issuePowChallenge({ ctx: at('2026-11-18T10:00:00Z'), input: { difficulty: 8 } });
    const auditBefore = await verifyAuditChain(db.read);

    expect(UNFINISHED_UPLOAD_DAYS).toBe(7);
    const purgeAt = at('2026-11-18T11:00:00Z');
    expect(await purgeExpired({ ctx: purgeAt })).toMatchObject({ powChallenges: 1, uploads: 1, chunks: 2 });

    const remainingParts = await db.read.select({ id: parts.id }).from(parts).where(eq(parts.kind, 'file'));
    expect(remainingParts.map((p) => p.id).sort()).toEqual([finishedLongAgo.uploadId, recent.uploadId].sort());
    expect(await db.read.select().from(chunks).where(eq(chunks.partId, abandoned.uploadId))).toEqual([]);
    expect((await db.read.select().from(chunks).where(eq(chunks.partId, recent.uploadId))).length).toBe(1);
    expect((await db.read.select({ id: powChallenges.id }).from(powChallenges)).map((c) => c.id)).toEqual([liveChallenge.id]);
    expect(staleChallenge.expiresMinute).toBeLessThan(liveChallenge.expiresMinute);

    // The abandoned tip's message is still there, and opens; the finished file too.
    const tips = await readDeskTips(db, 'city', desk);
    expect(tips.find((t) => t.id === abandoned.tipId)).toMatchObject({ message: 'a message that stays', files: [] });
    expect(tips.find((t) => t.id === finishedLongAgo.tipId)?.files.map((f) => f.bytes.length)).toEqual([150_000]);

    const chain = await verifyAuditChain(db.read);
    expect(chain).toMatchObject({ ok: true, entries: auditBefore.entries + 1 });
    const [entry] = await db.read.query.auditLog.findMany({ where: (a, { eq: is }) => is(a.action, 'tip.upload_purged') });
    expect(entry).toMatchObject({ actor: 'system', subject: abandoned.tipId, details: JSON.stringify({ part: abandoned.uploadId }) });

    // Nothing left to do: a second run purges nothing and writes nothing.
    expect(await purgeExpired({ ctx: purgeAt })).toMatchObject({ powChallenges: 0, uploads: 0, chunks: 0 });
    expect((await verifyAuditChain(db.read)).entries).toBe(chain.entries);
  });
});
