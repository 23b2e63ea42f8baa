// The reference submitter over a bad network: chunk uploads that keep failing are retried, then
// resumed from what the server says it has (GET /uploads/{id}); the file arrives byte for byte,
// each chunk stored once in the end. Also: the source registration and the metadata flag pass.
import { describe, expect, it } from 'vitest';
import { submitTip } from '../../src/client/submit.ts';
import { deriveSourceKeys, randomBytes } from '../../src/crypto/index.ts';
import { addDesk, testApp, type TestApp } from '../helpers/app.ts';
import { readDeskTips } from '../helpers/read-tips.ts';

const FAST = { attempts: 2, baseDelayMs: 1, resumes: 4, maxResumeDelayMs: 5 };

function fileOf(name: string, bytes: Uint8Array, metadata?: 'cleaned' | 'unsupported') {
  return { name, type: 'application/octet-stream', size: bytes.length, metadata, async *open() { yield bytes; } };
}

/** The app as fetch, failing requests (as a network does: TypeError) while `fail` says so. */
function flaky(t: TestApp, fail: (method: string, path: string) => boolean): { fetch: typeof fetch; seen: string[] } {
  const seen: string[] = [];
  const fetch: typeof globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(String(input)).pathname;
    const method = init?.method ?? 'GET';
    seen.push(`${method} ${path}`);
    if (fail(method, path)) throw new TypeError('fetch failed');
    return t.app.request(path, init);
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

describe('submitting over a bad network', () => {
  it('resumes an upload whose chunks failed past their retries, sending only what is missing', async () => {
    const t = await testApp();
    const desk = await addDesk(t);
    const bytes = randomBytes(600_000); // ten chunks
    let chunk3Failures = 0;
    let finishFailures = 0;
    // Chunk 3 fails five times (two tries per resume), finishing three times.
    const net = flaky(t, (method, path) => {
      if (method === 'PUT' && path.endsWith('/chunks/3')) return chunk3Failures++ < 5;
      if (path.endsWith('/finish')) return finishFailures++ < 3;
      return false;
    });
    const progress: number[] = [];
    await submitTip({
      server: 'http://tipline.test', desk: desk.slug, message: 'the harbour logs', files: [fileOf('logs.bin', bytes)],
      fetch: net.fetch, retry: FAST, onProgress: (_file, chunk) => progress.push(chunk),
    });
    const [tip] = await readDeskTips(t.db, desk.slug, desk);
    expect(Buffer.from(tip!.files[0]!.bytes).equals(Buffer.from(bytes))).toBe(true);
    // Resumed from the server's answer, more than once.
    expect(net.seen.filter((s) => /^GET \/api\/v1\/uploads\/[0-9a-f]+$/.test(s)).length).toBeGreaterThanOrEqual(2);
    // Every chunk reported once; the ones stored before a resume were not sent again.
    expect([...progress].sort((a, b) => a - b)).toEqual([...Array(progress.length).keys()]);
    const chunk0Puts = net.seen.filter((s) => s.startsWith('PUT') && s.endsWith('/chunks/0')).length;
    expect(chunk0Puts).toBe(1);
  });

  it('gives up after its resumes and says why', async () => {
    const t = await testApp();
    const desk = await addDesk(t);
    const net = flaky(t, (method, path) => method === 'PUT' && path.endsWith('/chunks/1'));
    await expect(submitTip({
      server: 'http://t', desk: desk.slug, message: 'x', files: [fileOf('a', randomBytes(100_000))], fetch: net.fetch, retry: FAST,
    })).rejects.toThrow(TypeError);
  });

  it('registers the source with its keys and records the file metadata verdicts', async () => {
    const t = await testApp();
    const desk = await addDesk(t);
    const keys = await deriveSourceKeys('alpha bravo charlie', randomBytes(16), { logN: 10, r: 8, p: 1 });
    let created = '';
    const { tipId } = await submitTip({
      server: 'http://t', desk: desk.slug, message: 'first', via: 'js',
      source: { lookupKey: keys.lookupKey, replyPublicKey: keys.reply.publicKey },
      files: [fileOf('a.jpg', randomBytes(10), 'cleaned'), fileOf('b.bin', randomBytes(10), 'unsupported')],
      fetch: flaky(t, () => false).fetch, onCreated: (id) => (created = id),
    });
    expect(created).toBe(tipId);
    const follow = await submitTip({ server: 'http://t', desk: desk.slug, message: 'again', via: 'js', source: { lookupKey: keys.lookupKey }, fetch: flaky(t, () => false).fetch });
    const tips = await t.db.read.query.tips.findMany();
    const first = tips.find((x) => x.id === tipId)!;
    const second = tips.find((x) => x.id === follow.tipId)!;
    expect(first.via).toBe('js');
    expect(first.sourceId).toBeTruthy();
    expect(second.sourceId).toBe(first.sourceId);
    const parts = await t.db.read.query.parts.findMany();
    expect(parts.filter((p) => p.kind === 'file').map((p) => p.metadata).sort()).toEqual(['cleaned', 'unsupported']);
  });
});
