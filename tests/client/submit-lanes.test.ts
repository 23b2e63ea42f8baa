// The reference submitter with a sealing pool (as the source pages' worker runs it): the file
// arrives byte for byte; the stored chunks are exactly those of sealPartChunks for the tip key
// and the nonce prefix the server recorded; and after a resume only the chunks the server
// lacks are sealed again.
import { describe, expect, it } from 'vitest';
import { SealPool } from '../../src/client/seal-pool.ts';
import { submitTip } from '../../src/client/submit.ts';
import { openSealed, randomBytes, sealPartChunks } from '../../src/crypto/index.ts';
import { readPartChunks } from '../../src/domain/parts.ts';
import { iterateDeskTips } from '../../src/domain/tip-reading.ts';
import { findDeskBySlug } from '../../src/domain/desks.ts';
import { addDesk, testApp, type TestApp } from '../helpers/app.ts';
import { readDeskTips } from '../helpers/read-tips.ts';
import { fakeLanes } from './lanes.ts';

const FAST = { attempts: 2, baseDelayMs: 1, resumes: 4, maxResumeDelayMs: 5 };

function fileOf(name: string, bytes: Uint8Array) {
  return {
    name, type: 'application/octet-stream', size: bytes.length, metadata: 'cleaned' as const,
    async *open() {
      for (let at = 0; at < bytes.length; at += 1 << 20) yield bytes.subarray(at, at + (1 << 20));
    },
  };
}

function appFetch(t: TestApp, fail: (method: string, path: string) => boolean = () => false): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(String(input)).pathname;
    if (fail(init?.method ?? 'GET', path)) throw new TypeError('fetch failed');
    return t.app.request(path, init);
  }) as typeof fetch;
}

describe('submitting with a sealing pool', () => {
  it('stores exactly the chunks sealPartChunks makes for the recorded key and prefix', async () => {
    const t = await testApp();
    const desk = await addDesk(t);
    const bytes = randomBytes(2_500_000); // 39 chunks
    const pool = new SealPool(2, fakeLanes().start);
    // The in-process app answers without ever leaving the microtask queue, so the lanes' timers
    // (their "ready") would not run before the file is sealed: let them start first, as the page's
    // lanes do while the keys are derived.
    await new Promise((resolve) => setTimeout(resolve, 5));
    try {
      await submitTip({
        server: 'http://t', desk: desk.slug, message: 'the port authority ledgers', files: [fileOf('ledgers.bin', bytes)],
        fetch: appFetch(t), sealChunks: (...args) => pool.sealPart(...args),
      });
      expect(pool.stats.sealedInLanes).toBeGreaterThan(30);
    } finally {
      pool.close();
    }
    const [tip] = await readDeskTips(t.db, desk.slug, desk);
    expect(Buffer.from(tip!.files[0]!.bytes).equals(Buffer.from(bytes))).toBe(true);

    const deskRow = await findDeskBySlug(t.db.read, desk.slug);
    for await (const stored of iterateDeskTips(t.db.read, deskRow!.id)) {
      const tipKey = openSealed(stored.sealedKey, desk);
      const file = stored.parts.find((p) => p.kind === 'file')!;
      const header = { kind: 'file' as const, name: 'ledgers.bin', type: 'application/octet-stream', size: bytes.length };
      const serial: string[] = [];
      for await (const c of sealPartChunks(tipKey, file.noncePrefix, header, [bytes])) serial.push(Buffer.from(c).toString('hex'));
      const kept: string[] = [];
      for await (const c of readPartChunks(t.db.read, file.id, file.chunkCount)) kept.push(Buffer.from(c).toString('hex'));
      expect(kept.length).toBe(39);
      expect(kept).toEqual(serial);
    }
  });

  it('after a resume, seals only the chunks the server does not have', async () => {
    const t = await testApp();
    const desk = await addDesk(t);
    const bytes = randomBytes(1_300_000); // 20 chunks
    let chunk5Failures = 0;
    const fake = fakeLanes();
    const pool = new SealPool(2, fake.start);
    await new Promise((resolve) => setTimeout(resolve, 5));
    // What the server said it lacked at each resume (GET /api/v1/uploads/:id).
    const missingAtResume: number[][] = [];
    const fetchApp = appFetch(t, (method, path) => method === 'PUT' && path.endsWith('/chunks/5') && chunk5Failures++ < 4);
    try {
      await submitTip({
        server: 'http://t', desk: desk.slug, message: 'the harbour logs', files: [fileOf('logs.bin', bytes)], retry: FAST,
        // Chunk 5 fails past its retries twice: two resumes.
        fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
          const response = await fetchApp(input, init);
          if ((init?.method ?? 'GET') === 'GET' && /\/uploads\/[^/]+$/.test(new URL(String(input)).pathname)) {
            missingAtResume.push(((await response.clone().json()) as { missing: number[] }).missing);
          }
          return response;
        }) as typeof fetch,
        sealChunks: (...args) => pool.sealPart(...args),
      });
    } finally {
      pool.close();
    }
    const [tip] = await readDeskTips(t.db, desk.slug, desk);
    expect(Buffer.from(tip!.files[0]!.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(chunk5Failures).toBeGreaterThanOrEqual(4);
    expect(missingAtResume).toHaveLength(2);
    // The server kept what the first round stored: chunk 5 and whatever that round did not send.
    expect(missingAtResume[0]).toContain(5);
    expect(missingAtResume[0]!.length).toBeLessThan(20);
    // Sealing everything on every round would be 60 pieces; resumes seal only what is missing
    // (the first round may have sealed ahead of what it sent, at most the whole file).
    expect(pool.stats.sealedInLanes).toBeGreaterThan(0);
    const sealed = pool.stats.sealedInLanes + pool.stats.sealedHere;
    const resealed = missingAtResume.reduce((n, missing) => n + missing.length, 0);
    expect(sealed).toBeGreaterThan(20);
    expect(sealed).toBeLessThanOrEqual(20 + resealed);
  });

  it('resumes when a sealing lane dies mid-file, and the file still arrives whole', async () => {
    const t = await testApp();
    const desk = await addDesk(t);
    const bytes = randomBytes(2_000_000); // 31 chunks
    // One of two lanes dies on its second batch; the other keeps going.
    const pool = new SealPool(2, fakeLanes({ crashOnBatch: (i) => (i === 0 ? 2 : undefined) }).start, { piecesPerBatch: 4 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    try {
      await submitTip({
        server: 'http://t', desk: desk.slug, message: 'the dredging contract', files: [fileOf('contract.bin', bytes)], retry: FAST,
        fetch: appFetch(t), sealChunks: (...args) => pool.sealPart(...args),
      });
      expect(pool.stats.lanesLost).toBe(1);
      expect(pool.stats.sealedInLanes + pool.stats.sealedHere).toBeLessThan(2 * 31);
    } finally {
      pool.close();
    }
    const [tip] = await readDeskTips(t.db, desk.slug, desk);
    expect(Buffer.from(tip!.files[0]!.bytes).equals(Buffer.from(bytes))).toBe(true);
  });
});
