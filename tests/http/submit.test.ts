// A source's whole submission through the real app: the reference client seals a message and
// files, the app stores them, and the desk secret opens exactly what was sent.
import { describe, expect, it } from 'vitest';
import { submitTip } from '../../src/client/submit.ts';
import { randomBytes, toBase64, sealToPublicKey, newTipKey, sealMessage } from '../../src/crypto/index.ts';
import { verifyAuditChain } from '../../src/domain/audit.ts';
import { addDesk, testApp, type TestApp } from '../helpers/app.ts';
import { readDeskTips } from '../helpers/read-tips.ts';

const viaApp = (t: TestApp): typeof fetch => ((input: RequestInfo | URL, init?: RequestInit) => t.app.request(String(input), init)) as typeof fetch;

function fileOf(name: string, bytes: Uint8Array, pieceSize = 10_000) {
  return {
    name,
    type: 'application/octet-stream',
    size: bytes.length,
    async *open() {
      for (let i = 0; i < bytes.length; i += pieceSize) yield bytes.subarray(i, i + pieceSize);
    },
  };
}

describe('submitting a tip', () => {
  it('stores a message and files that the desk key opens byte for byte', async () => {
    const t = await testApp();
    const desk = await addDesk(t);
    const small = new TextEncoder().encode('a small note');
    const large = randomBytes(200_000); // four chunks
    const empty = new Uint8Array(0);
    const { tipId } = await submitTip({
      server: 'http://tipline.test',
      desk: desk.slug,
      message: 'The port authority falsifies inspection records. 검사 기록',
      files: [fileOf('note.txt', small), fileOf('scan.bin', large), fileOf('empty', empty)],
      fetch: viaApp(t),
    });
    const [tip, ...others] = await readDeskTips(t.db, desk.slug, desk);
    expect(others).toEqual([]);
    expect(tip!.id).toBe(tipId);
    expect(tip!.message).toBe('The port authority falsifies inspection records. 검사 기록');
    const byName = Object.fromEntries(tip!.files.map((f) => [f.name, f.bytes]));
    expect(Object.keys(byName).sort()).toEqual(['empty', 'note.txt', 'scan.bin']);
    expect(byName['note.txt']).toEqual(small);
    expect(Buffer.from(byName['scan.bin']!).equals(Buffer.from(large))).toBe(true);
    expect(byName['empty']!.length).toBe(0);
  });

  it('records the tip and each file in an intact audit chain, by day only', async () => {
    const t = await testApp();
    const desk = await addDesk(t);
    await submitTip({ server: 'http://t', desk: desk.slug, message: 'hello there', files: [fileOf('a', randomBytes(10))], fetch: viaApp(t) });
    const chain = await verifyAuditChain(t.db.read);
    expect(chain.ok).toBe(true);
    const rows = await t.db.read.query.auditLog.findMany({ orderBy: (a, { asc }) => asc(a.seq) });
    expect(rows.map((r) => r.action)).toEqual(['desk.created', 'desk.key_added', 'tip.received', 'tip.file_received']);
    const sourceRows = rows.filter((r) => r.actor === 'source');
    expect(sourceRows.map((r) => r.at)).toEqual(['2026-11-22', '2026-11-22']);
  });

  it('answers a stale key version with 409 and the current key, and the client re-seals', async () => {
    const t = await testApp();
    const desk = await addDesk(t);
    const body = {
      desk: desk.slug,
      keyVersion: 7,
      sealedKey: toBase64(sealToPublicKey(newTipKey(), desk.publicKey)),
      message: toBase64(sealMessage(newTipKey(), 'hi')),
    };
    const res = await t.app.request('/api/v1/tips', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(409);
    const json = (await res.json()) as { error: { code: string; currentKey: { version: number; publicKey: string } } };
    expect(json.error.code).toBe('stale_key');
    expect(json.error.currentKey).toEqual({ version: 1, publicKey: toBase64(desk.publicKey) });
  });
});
