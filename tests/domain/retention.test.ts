// Retention (issue 6): closed tips are purged `retentionDays` after closing unless kept longer,
// with everything about them and, when the source has no tip left, the conversation; each purge
// leaves one audit entry with the tip id only; transactions stay bounded; and afterwards the
// database file holds none of the purged ciphertext while the kept tips' is still there.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sealReply } from '../../src/client/reply.ts';
import {
  generateBoxKeyPair, generateSigningKeyPair, newNoncePrefix, newTipKey, paddedPartSize, randomBytes, sealMessage, sealPartChunks, sealToPublicKey, type KeyPair,
} from '../../src/crypto/index.ts';
import * as schema from '../../src/db/schema.ts';
import { verifyAuditChain } from '../../src/domain/audit.ts';
import type { DomainContext } from '../../src/domain/context.ts';
import { newId } from '../../src/domain/ids.ts';
import { sendReply } from '../../src/domain/replies.ts';
import { closedDayFor, isDay, purgeDay } from '../../src/domain/retention-policy.ts';
import { purgeClosedTips } from '../../src/domain/retention-tips.ts';
import { purgeExpired } from '../../src/domain/retention.ts';
import { submitTip } from '../../src/domain/tips.ts';
import { createUpload, finishUpload, putChunk } from '../../src/domain/uploads.ts';
import { openNodeDatabase } from '../../src/db/open-node.ts';
import { writeCheckpoint } from '../../src/domain/audit-checkpoints.ts';
import { createDesk } from '../../src/domain/desks.ts';
import { addDesk, fixedClock, testApp, type TestApp } from '../helpers/app.ts';
import { startSqld } from '../helpers/sqld.ts';
import { cookieFrom, enrollStaff, joinDesk, logInAgain, movableClock, type StaffClient } from '../helpers/staff.ts';

const { chunks, deskMembers, desks, draftLinks, drafts, labels, parts, replies, sources, tipLabels, tipNotes, tipReads, tips } = schema;

describe('retention policy', () => {
  it('closes on declined, published and archived only, keeps the first closing day, and clears on reopening', () => {
    expect(closedDayFor('declined', '2026-03-01')).toBe('2026-03-01');
    expect(closedDayFor('published', '2026-03-01')).toBe('2026-03-01');
    expect(closedDayFor('archived', '2026-03-05', '2026-03-01')).toBe('2026-03-01');
    expect(closedDayFor('in_review', '2026-03-05', '2026-03-01')).toBeNull();
    expect(closedDayFor('new', '2026-03-05')).toBeNull();
  });

  it('purges on closing day + retention, or the day after keep-until when that is later', () => {
    const tip = { status: 'archived', closedDay: '2026-01-31', keepUntilDay: null };
    expect(purgeDay(tip, 30)).toBe('2026-03-02');
    expect(purgeDay({ ...tip, keepUntilDay: '2026-02-10' }, 30)).toBe('2026-03-02');
    expect(purgeDay({ ...tip, keepUntilDay: '2026-03-02' }, 30)).toBe('2026-03-03');
    expect(purgeDay({ ...tip, status: 'verified' }, 30)).toBeNull();
    expect([isDay('2026-02-28'), isDay('2026-02-30'), isDay('2026-2-3')]).toEqual([true, false, false]);
  });
});

interface MadeTip {
  tipId: string;
  /** Every ciphertext stored for the tip: its chunks, notes, draft-link notes and replies. */
  secrets: Uint8Array[];
}

/** A real tip (sealed message, optionally a file of `fileBytes` and a conversation), closed on `closedDay`. */
async function makeTip(t: Pick<TestApp, 'ctx' | 'db'>, desk: KeyPair & { slug: string }, options: {
  closedDay?: string | null; status?: schema.TipStatus; keepUntilDay?: string; fileBytes?: number;
  source?: { lookupKey: Uint8Array; reply: KeyPair; first: boolean }; staff?: StaffClient;
} = {}): Promise<MadeTip> {
  const ctx = t.ctx;
  const tipKey = newTipKey();
  const source = options.source && { lookupKey: options.source.lookupKey, ...(options.source.first ? { replyPublicKey: options.source.reply.publicKey } : {}) };
  const tip = await submitTip({ ctx, input: { deskSlug: desk.slug, keyVersion: 1, sealedKey: sealToPublicKey(tipKey, desk.publicKey), message: sealMessage(tipKey, `message ${randomBytes(8).join('')}`), ...(source ? { source } : {}) } });
  if (options.fileBytes) await upload(ctx, tip, tipKey, options.fileBytes);
  const secrets: Uint8Array[] = [];
  if (options.staff) {
    const note = sealMessage(tipKey, 'an internal note');
    const linkNote = sealMessage(tipKey, 'why this feeds the story');
    const [row] = await t.db.read.select({ deskId: tips.deskId }).from(tips).where(eq(tips.id, tip.tipId));
    const labelId = newId();
    const draftId = newId();
    await t.db.write(async (tx) => {
      await tx.insert(tipNotes).values({ id: newId(), tipId: tip.tipId, authorId: options.staff!.id, body: note, createdAt: '2026-01-10T10:00:00Z' });
      await tx.insert(labels).values({ id: labelId, deskId: row!.deskId, name: `label ${labelId}` });
      await tx.insert(tipLabels).values({ tipId: tip.tipId, labelId });
      await tx.insert(tipReads).values({ staffId: options.staff!.id, tipId: tip.tipId });
      await tx.insert(drafts).values({ id: draftId, title: 'A story', ownerId: options.staff!.id, createdAt: '2026-01-10T10:00:00Z' });
      await tx.insert(draftLinks).values({ draftId, tipId: tip.tipId, note: linkNote, linkedBy: options.staff!.id, createdAt: '2026-01-10T10:00:00Z' });
    });
    secrets.push(note, linkNote);
  }
  if (options.source) {
    const reply = sealReply('thank you, we are looking into it', options.source.reply.publicKey, desk.publicKey);
    await sendReply({ ctx, input: { tipId: tip.tipId, ...reply, deskKeyVersion: 1, actor: { kind: 'admin-cli' } } });
    secrets.push(reply.body);
  }
  await t.db.write((tx) => tx.update(tips).set({
    status: options.status ?? 'archived', closedDay: options.closedDay === undefined ? '2026-02-01' : options.closedDay, keepUntilDay: options.keepUntilDay ?? null,
  }).where(eq(tips.id, tip.tipId)));
  const stored = await t.db.read.select({ c: chunks.ciphertext }).from(chunks).innerJoin(parts, eq(parts.id, chunks.partId)).where(eq(parts.tipId, tip.tipId));
  return { tipId: tip.tipId, secrets: [...stored.map((s) => s.c), ...secrets] };
}

async function upload(ctx: DomainContext, tip: { tipId: string; uploadToken: string }, tipKey: Uint8Array, size: number) {
  const header = { kind: 'file' as const, name: 'ledger.pdf', type: 'application/pdf', size };
  const noncePrefix = newNoncePrefix();
  const { uploadId } = await createUpload({ ctx, input: { tipId: tip.tipId, uploadToken: tip.uploadToken, noncePrefix, paddedSize: paddedPartSize(header) } });
  let index = 0;
  for await (const ciphertext of sealPartChunks(tipKey, noncePrefix, header, [randomBytes(size)])) await putChunk({ ctx, input: { uploadId, index: index++, ciphertext } });
  await finishUpload({ ctx, input: { uploadId } });
}

const newSource = () => ({ lookupKey: randomBytes(32), reply: generateBoxKeyPair() });

async function exists(t: Pick<TestApp, 'db'>, tipId: string) {
  return (await t.db.read.select({ id: tips.id }).from(tips).where(eq(tips.id, tipId))).length === 1;
}

describe('purging closed tips', () => {
  it('purges what is due with everything about it, keeps the rest, and leaves one bare audit entry per tip', async () => {
    const clock = movableClock('2026-01-10T12:00:00.000Z');
    const t = await testApp({ clock });
    const city = await addDesk(t, 'city');
    const features = await addDesk(t, 'features');
    const editor = await enrollStaff(t, 'editor');
    const cityId = await joinDesk(t, editor, city);
    const featuresId = (await t.db.read.select({ id: desks.id }).from(desks).where(eq(desks.slug, 'features')))[0]!.id;
    await t.db.write((tx) => tx.update(desks).set({ retentionDays: 10 }).where(eq(desks.id, featuresId)));
    const lonely = { ...newSource(), first: true };
    const chatty = newSource();

    const purged = {
      old: await makeTip(t, city, { fileBytes: 150_000, staff: editor, source: lonely }),
      keptUntilYesterday: await makeTip(t, city, { keepUntilDay: '2026-05-31' }),
      chattyClosed: await makeTip(t, city, { source: { ...chatty, first: true } }),
      shortRetention: await makeTip(t, features, { closedDay: '2026-05-15', status: 'declined' }),
    };
    const kept = {
      keptUntilLater: await makeTip(t, city, { keepUntilDay: '2026-06-30', staff: editor }),
      recent: await makeTip(t, city, { closedDay: '2026-05-01', fileBytes: 70_000 }),
      reopened: await makeTip(t, city, { status: 'in_review', closedDay: '2026-01-01' }),
      open: await makeTip(t, city, { status: 'new', closedDay: null }),
      chattyOpen: await makeTip(t, city, { status: 'verified', closedDay: null, source: { ...chatty, first: false } }),
      longRetention: await makeTip(t, features, { closedDay: '2026-05-25' }),
    };
    const before = await verifyAuditChain(t.db.read);

    clock.advance(Date.parse('2026-06-01T03:00:00Z') - clock.now().getTime());
    const report = await purgeExpired({ ctx: t.ctx });
    expect(report).toMatchObject({ tips: 4, conversations: 1, powChallenges: 0, uploads: 0 });

    for (const tip of Object.values(purged)) expect(await exists(t, tip.tipId)).toBe(false);
    for (const tip of Object.values(kept)) expect(await exists(t, tip.tipId)).toBe(true);
    const purgedIds = Object.values(purged).map((p) => p.tipId);
    for (const table of [parts, tipNotes, tipLabels, tipReads, draftLinks]) {
      expect(await t.db.read.select().from(table).where(inArray(table.tipId, purgedIds))).toEqual([]);
    }
    expect(report.tipChunks).toBe(4 + 3); // four one-chunk messages and a three-chunk file
    // The lonely source's conversation is gone; the chatty one still has a tip, so it stays with its reply.
    const sourceRows = await t.db.read.select({ id: sources.id }).from(sources);
    expect(sourceRows).toHaveLength(1);
    expect(await t.db.read.select({ s: replies.sourceId }).from(replies)).toEqual([{ s: sourceRows[0]!.id }, { s: sourceRows[0]!.id }]);
    // Kept tips keep their notes and labels; the desk, its members and the draft stay.
    expect(await t.db.read.select().from(tipNotes).where(eq(tipNotes.tipId, kept.keptUntilLater.tipId))).toHaveLength(1);
    expect(await t.db.read.select().from(deskMembers).where(eq(deskMembers.deskId, cityId))).toHaveLength(1);
    expect(await t.db.read.select().from(drafts)).toHaveLength(2);

    const chain = await verifyAuditChain(t.db.read);
    expect(chain).toMatchObject({ ok: true, entries: before.entries + 4 });
    const entries = await t.db.read.query.auditLog.findMany({ where: (a, { eq: is }) => is(a.action, 'tip.purged') });
    expect(entries.map((e) => ({ actor: e.actor, subject: e.subject, details: e.details })).sort((a, b) => a.subject.localeCompare(b.subject)))
      .toEqual(purgedIds.sort().map((subject) => ({ actor: 'system', subject, details: '{}' })));

    // Nothing left to do: a second run purges nothing and writes nothing.
    expect(await purgeExpired({ ctx: t.ctx })).toMatchObject({ tips: 0, tipChunks: 0, conversations: 0 });
    expect((await verifyAuditChain(t.db.read)).entries).toBe(chain.entries);
  });

  it('bounds every transaction, and leaves no purged ciphertext in the database file after a checkpoint and VACUUM', async () => {
    const clock = movableClock('2026-01-10T12:00:00.000Z');
    const t = await testApp({ clock });
    const desk = await addDesk(t, 'city');
    const editor = await enrollStaff(t, 'editor');
    await joinDesk(t, editor, desk);
    const gone = [
      await makeTip(t, desk, { fileBytes: 400_000, staff: editor, source: { ...newSource(), first: true } }),
      await makeTip(t, desk, { fileBytes: 200_000 }),
      await makeTip(t, desk, {}),
    ];
    const stay = [
      await makeTip(t, desk, { fileBytes: 300_000, keepUntilDay: '2027-01-01', staff: editor, source: { ...newSource(), first: true } }),
      await makeTip(t, desk, { closedDay: null, status: 'verified', fileBytes: 100_000 }),
    ];
    expect(gone[0]!.secrets.length).toBeGreaterThan(8);
    clock.advance(Date.parse('2026-06-01T03:00:00Z') - clock.now().getTime());

    // Two tips and three chunks per transaction at most: the 7-chunk file goes over several.
    const report = await purgeClosedTips(t.ctx, { tipsPerTransaction: 2, chunksPerTransaction: 3 });
    expect(report).toMatchObject({ tips: 3, conversations: 1 });
    expect(report.chunks).toBe(gone.reduce((n, tip) => n + tip.secrets.length, 0) - 3); // less the note, link note and reply
    expect((await verifyAuditChain(t.db.read)).ok).toBe(true);

    const raw = createClient({ url: t.dbUrl });
    const file = join(t.dataDir, 'tipline.db');
    const bytes = () => Buffer.concat([readFileSync(file), ...(existsSync(`${file}-wal`) ? [readFileSync(`${file}-wal`)] : [])]);
    const found = (image: Buffer, tipsToFind: MadeTip[]) => tipsToFind.flatMap((tip) => tip.secrets).filter((secret) => image.includes(Buffer.from(secret.subarray(16, 48))));
    try {
      // secure_delete zeroed the deleted content: after the WAL is written back, it is not in the file...
      await raw.execute('PRAGMA wal_checkpoint(TRUNCATE)');
      let image = bytes();
      expect(found(image, gone)).toEqual([]);
      expect(found(image, stay)).toHaveLength(stay.reduce((n, tip) => n + tip.secrets.length, 0));
      // ...and after a VACUUM rebuilt it, neither.
      await raw.execute('VACUUM');
      await raw.execute('PRAGMA wal_checkpoint(TRUNCATE)');
      image = bytes();
      expect(found(image, gone)).toEqual([]);
      expect(found(image, stay)).toHaveLength(stay.reduce((n, tip) => n + tip.secrets.length, 0));
    } finally {
      raw.close();
    }
  });
});

describe('retention settings over HTTP', () => {
  it('lets an admin set a desk’s retention and an editor of the tip’s desk keep a tip longer, audited; nobody else', async () => {
    const clock = movableClock('2026-03-01T09:00:00.000Z');
    const t = await testApp({ clock });
    const city = await addDesk(t, 'city');
    await addDesk(t, 'features');
    const admin = await enrollStaff(t, 'admin');
    const editor = await enrollStaff(t, 'editor');
    const outsider = await enrollStaff(t, 'editor');
    const reporter = await enrollStaff(t, 'reporter');
    const cityId = await joinDesk(t, editor, city);
    await joinDesk(t, reporter, city);
    const tip = await makeTip(t, city, { closedDay: '2026-02-20' });

    expect((await editor.request('PUT', `/api/v1/staff/desks/${cityId}/retention`, { days: 30 })).status).toBe(403);
    expect((await admin.request('PUT', `/api/v1/staff/desks/${cityId}/retention`, { days: 0 })).status).toBe(400);
    expect((await admin.request('PUT', `/api/v1/staff/desks/${'0'.repeat(32)}/retention`, { days: 30 })).status).toBe(404);
    const set = await admin.request('PUT', `/api/v1/staff/desks/${cityId}/retention`, { days: 30 });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ deskId: cityId, retentionDays: 30 });
    expect((await t.db.read.select({ d: desks.retentionDays }).from(desks).where(eq(desks.id, cityId)))[0]!.d).toBe(30);

    const path = `/api/v1/staff/tips/${tip.tipId}/keep-until`;
    expect((await outsider.request('PUT', path, { day: '2026-12-31' })).status).toBe(403);
    expect((await reporter.request('PUT', path, { day: '2026-12-31' })).status).toBe(403);
    expect((await admin.request('PUT', path, { day: '2026-12-31' })).status).toBe(403); // admin, but not a member
    expect((await editor.request('PUT', path, { day: '2026-02-28' })).status).toBe(400); // in the past
    expect((await editor.request('PUT', path, { day: '2026-02-30' })).status).toBe(400);
    expect((await editor.request('PUT', `/api/v1/staff/tips/${'0'.repeat(32)}/keep-until`, { day: '2026-12-31' })).status).toBe(404);
    const kept = await editor.request('PUT', path, { day: '2026-12-31' });
    expect(await kept.json()).toEqual({ tipId: tip.tipId, keepUntilDay: '2026-12-31', purgeDay: '2027-01-01' });

    // Kept past its retention (2026-03-22); purged the day after keep-until.
    clock.advance(Date.parse('2026-06-01T00:00:00Z') - clock.now().getTime());
    expect((await purgeExpired({ ctx: t.ctx })).tips).toBe(0);
    const again = await logInAgain(t, editor); // three months on, the session is long gone
    editor.cookie = cookieFrom(again);
    editor.csrf = (await again.json() as { csrfToken: string }).csrfToken;
    const lifted = await editor.request('PUT', path, { day: null });
    expect(await lifted.json()).toEqual({ tipId: tip.tipId, keepUntilDay: null, purgeDay: '2026-03-22' });
    expect((await purgeExpired({ ctx: t.ctx })).tips).toBe(1);

    const actions = (await t.db.read.query.auditLog.findMany({ orderBy: (a, { asc }) => asc(a.seq) }))
      .filter((e) => ['desk.retention_set', 'tip.purge_postponed', 'tip.purged'].includes(e.action))
      .map((e) => [e.action, e.actor, e.subject, e.details]);
    expect(actions).toEqual([
      ['desk.retention_set', `staff:${admin.id}`, cityId, '{"days":30,"previous":90}'],
      ['tip.purge_postponed', `staff:${editor.id}`, tip.tipId, '{"until":"2026-12-31"}'],
      ['tip.purge_postponed', `staff:${editor.id}`, tip.tipId, '{"until":null}'],
      ['tip.purged', 'system', tip.tipId, '{}'],
    ]);
  });
});

describe('on a libSQL server (the Worker\'s cron trigger)', () => {
  it('purges due tips and conversations, and the chain with a signed checkpoint verifies', async () => {
    const server = await startSqld({ auth: true });
    const db = await openNodeDatabase({ url: server.url, authToken: server.authToken });
    try {
      const at = (iso: string) => ({ db, ctx: { db, clock: fixedClock(iso) } });
      const early = at('2026-01-10T12:00:00Z');
      const desk = { ...generateBoxKeyPair(), slug: 'city' };
      await createDesk({ ctx: early.ctx, input: { slug: 'city', name: 'City', publicKey: desk.publicKey, actor: { kind: 'admin-cli' } } });
      const due = await makeTip(early, desk, { fileBytes: 100_000, source: { ...newSource(), first: true } });
      const kept = await makeTip(early, desk, { keepUntilDay: '2026-07-01' });
      const later = at('2026-06-01T03:00:00Z');
      expect(await purgeExpired({ ctx: later.ctx })).toMatchObject({ tips: 1, tipChunks: 3, conversations: 1 });
      expect(await exists(later, due.tipId)).toBe(false);
      expect(await exists(later, kept.tipId)).toBe(true);
      expect(await db.read.select().from(sources)).toEqual([]);
      const signer = generateSigningKeyPair();
      const checkpoint = await writeCheckpoint({ ctx: later.ctx, input: { keyPair: signer } });
      expect(await verifyAuditChain(db.read, { trustedPublicKeys: [signer.publicKey] })).toMatchObject({ ok: true, entries: checkpoint!.seq, checkpoints: { count: 1, signaturesChecked: true } });
    } finally {
      db.close();
      await server.stop();
    }
  });
});
