// The Worker (src/worker.ts, configured by wrangler.toml) inside workerd, on a real sqld: the
// routes, the browser bundle through the ASSETS binding, the source's round trip with proof of
// work and a file in chunks, the no-JavaScript form (stripped and sealed inside the Worker),
// and many submissions to one isolate at once.
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { submitTip } from '../../../src/client/submit.ts';
import { randomBytes, toBase64 } from '../../../src/crypto/index.ts';
import { verifyAuditChain } from '../../../src/domain/audit.ts';
import { readDeskTips } from '../../helpers/read-tips.ts';
import { base64Bytes, db, fileOf, makeDesk, ORIGIN, worker } from './helpers.ts';

// The access log is on (vitest.config.ts): collect its lines instead of printing them.
let logged: string[] = [];
beforeEach(() => {
  logged = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void logged.push(String(line)));
});
afterEach(() => vi.restoreAllMocks());

describe('the Worker in workerd', () => {
  it('answers /healthz with the app headers, lists desks, and serves the bundle from ASSETS through the app', async () => {
    const desk = await makeDesk('wd-metro');
    const health = await worker('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    expect(health.headers.get('content-security-policy')).toContain("default-src 'none'; script-src 'self'");
    expect(health.headers.get('cache-control')).toBe('no-store');
    expect(health.headers.get('x-frame-options')).toBe('DENY');

    const listed = (await (await worker('/api/v1/desks')).json()) as { desks: Array<{ slug: string; publicKey: string; keyVersion: number }> };
    expect(listed.desks.find((d) => d.slug === 'wd-metro')).toMatchObject({ publicKey: toBase64(desk.publicKey), keyVersion: 1 });

    // The bundle comes from the ASSETS binding, through the app: its headers, no double gzip.
    const bundle = await worker('/static/source.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(bundle.headers.get('content-encoding')).toBeNull();
    expect(bundle.headers.get('content-security-policy')).toContain("default-src 'none'");
    const code = await bundle.text();
    expect(code.length).toBeGreaterThan(10_000);
    expect(code).toMatch(/^[\s\S]*\(\(\)=>\{/); // an esbuild iife
    expect((await worker('/static/app.css')).status).toBe(200);
    expect((await worker('/static/no-such-bundle.js')).status).toBe(404);
    // With run_worker_first, the assets directory is not a second way in beside the app.
    const direct = await worker('/source.js');
    expect(direct.status).toBe(404);
    expect(await direct.text()).not.toContain('(()=>{');
    expect(logged).toEqual(expect.arrayContaining(['GET /healthz 200', 'GET /static/:name 200', 'GET /static/:name 404']));
  });

  it('takes a sealed tip with proof of work and a file in chunks; the desk key opens it byte for byte', async () => {
    const desk = await makeDesk('wd-roundtrip');
    const instance = (await (await worker('/api/v1/instance')).json()) as { powRequired: boolean };
    expect(instance.powRequired).toBe(true); // TIPLINE_POW_DIFFICULTY=6 in the binding

    const scan = randomBytes(200_000); // four chunks: four requests, four transactions
    const note = new TextEncoder().encode('minutes of the 3 March meeting\n');
    const { tipId } = await submitTip({
      server: ORIGIN, desk: desk.slug, message: 'The harbour contracts were rigged. 항구',
      files: [fileOf('scan.bin', scan), fileOf('note.txt', note, 'text/plain')], fetch: worker,
    });

    const [tip, ...others] = await readDeskTips(db, desk.slug, desk);
    expect(others).toEqual([]);
    expect(tip!.id).toBe(tipId);
    expect(tip!.message).toBe('The harbour contracts were rigged. 항구');
    const byName = Object.fromEntries(tip!.files.map((f) => [f.name, f.bytes]));
    expect(Object.keys(byName).sort()).toEqual(['note.txt', 'scan.bin']);
    expect(byName['scan.bin']).toEqual(scan);
    expect(byName['note.txt']).toEqual(note);

    const entries = await db.read.query.auditLog.findMany({ where: (a, { eq }) => eq(a.subject, tipId) });
    expect(entries.map((e) => e.action).sort()).toEqual(['tip.file_received', 'tip.file_received', 'tip.received']);
    expect((await verifyAuditChain(db.read)).ok).toBe(true);
  });

  it('takes a tip through the no-JavaScript form: metadata stripped and the tip sealed inside the Worker', async () => {
    const desk = await makeDesk('wd-forms');
    const photo = base64Bytes(inject('phoneJpeg'));
    const contains = (bytes: Uint8Array, text: string) => new TextDecoder('latin1').decode(bytes).includes(text);
    expect(contains(photo, 'CANARY-make-phone')).toBe(true);
    const form = new FormData();
    form.append('message', 'The port authority falsifies the crane inspection records.');
    form.append('files', new File([photo as Uint8Array<ArrayBuffer>], 'crane.jpg', { type: 'image/jpeg' }));
    form.append('files', new File(['signed by nobody\n'], 'notes.txt', { type: 'text/plain' }));

    const res = await worker(`/submit/${desk.slug}`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<p id="codename">[a-z]+( [a-z]+){8}<\/p>/);
    expect(html).toMatch(/crane\.jpg: removed location, device details, author names/);

    const [tip] = await readDeskTips(db, desk.slug, desk);
    expect(tip!.message).toBe('The port authority falsifies the crane inspection records.');
    const files = [...tip!.files].sort((a, b) => a.name.localeCompare(b.name));
    expect(files.map((f) => f.name)).toEqual(['crane.jpg', 'notes.txt']);
    expect([files[0]!.bytes[0], files[0]!.bytes[1]]).toEqual([0xff, 0xd8]);
    expect(contains(files[0]!.bytes, 'CANARY')).toBe(false);
    expect(new TextDecoder().decode(files[1]!.bytes)).toBe('signed by nobody\n');
    const row = await db.read.query.tips.findFirst({ where: (t, { eq }) => eq(t.id, tip!.id) });
    expect(row?.via).toBe('form');
  });

  it('serves many submissions to one isolate at once: every one acknowledged and stored', async () => {
    const desk = await makeDesk('wd-burst');
    const messages = Array.from({ length: 12 }, (_, n) => `burst tip number ${n}`);
    const acknowledged = await Promise.all(messages.map((message) =>
      submitTip({ server: ORIGIN, desk: desk.slug, message, fetch: worker }).then(({ tipId }) => ({ tipId, message }))));
    expect(new Set(acknowledged.map((a) => a.tipId)).size).toBe(12);
    const stored = await readDeskTips(db, desk.slug, desk);
    const byId = (a: { tipId: string }, b: { tipId: string }) => a.tipId.localeCompare(b.tipId);
    expect(stored.map((t) => ({ tipId: t.id, message: t.message })).sort(byId)).toEqual(acknowledged.sort(byId));
  });
});
