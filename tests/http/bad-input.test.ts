// Every kind of bad input gets a 4xx with a JSON error code; the server stays healthy and what
// it had already accepted is unchanged. One table, one fresh app per case.
import { describe, expect, it } from 'vitest';
import {
  CHUNK_CIPHERTEXT_SIZE, newNoncePrefix, newTipKey, randomBytes, sealMessage, sealToPublicKey, toBase64,
} from '../../src/crypto/index.ts';
import { verifyAuditChain } from '../../src/domain/audit.ts';
import { MAX_JSON_BODY_BYTES } from '../../src/domain/limits.ts';
import { addDesk, testApp, type TestApp } from '../helpers/app.ts';

interface Setup {
  t: TestApp;
  desk: Awaited<ReturnType<typeof addDesk>>;
  tipId: string;
  uploadToken: string;
  uploadId: string;
  finishedUploadId: string;
}

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const octets = (bytes: Uint8Array, method = 'PUT') => ({ method, headers: { 'content-type': 'application/octet-stream' }, body: bytes as Uint8Array<ArrayBuffer> });

function validTip(s: Pick<Setup, 'desk'>, overrides: Record<string, unknown> = {}) {
  return {
    desk: s.desk.slug,
    keyVersion: 1,
    sealedKey: toBase64(sealToPublicKey(newTipKey(), s.desk.publicKey)),
    message: toBase64(sealMessage(newTipKey(), 'a tip that is long enough')),
    ...overrides,
  };
}

/** A desk, one accepted tip with an open upload of 2 chunks (one in), and a finished upload. */
async function setup(): Promise<Setup> {
  const t = await testApp();
  const desk = await addDesk(t);
  const tip = (await (await t.app.request('/api/v1/tips', json(validTip({ desk })))).json()) as { id: string; uploadToken: string };
  const create = async (paddedSize: number) =>
    ((await (await t.app.request(`/api/v1/tips/${tip.id}/files`, json({ uploadToken: tip.uploadToken, noncePrefix: toBase64(newNoncePrefix()), paddedSize }))).json()) as { uploadId: string }).uploadId;
  const uploadId = await create(98304); // 96 KiB padded: chunk 0 is 65552 bytes, chunk 1 is 32784
  expect((await t.app.request(`/api/v1/uploads/${uploadId}/chunks/0`, octets(randomBytes(CHUNK_CIPHERTEXT_SIZE)))).status).toBe(204);
  const finishedUploadId = await create(1024);
  expect((await t.app.request(`/api/v1/uploads/${finishedUploadId}/chunks/0`, octets(randomBytes(1040)))).status).toBe(204);
  expect((await t.app.request(`/api/v1/uploads/${finishedUploadId}/finish`, { method: 'POST' })).status).toBe(200);
  return { t, desk, tipId: tip.id, uploadToken: tip.uploadToken, uploadId, finishedUploadId };
}

type Case = [name: string, status: number, code: string, request: (s: Setup) => [string, RequestInit]];

/** Serialized-part bytes built by hand (serializePart itself refuses impossible layouts). */
const serializedWithChunks = (chunks: Uint8Array[]) => toBase64(new Uint8Array(Buffer.concat([Buffer.from([1]), newNoncePrefix(), ...chunks])));

const CASES: Case[] = [
  ['malformed JSON', 400, 'malformed_json', () => ['/api/v1/tips', json('{"desk": "investigations",')]],
  ['JSON that is not an object', 400, 'invalid_request', () => ['/api/v1/tips', json('[1,2,3]')]],
  ['a wrong media type', 415, 'unsupported_media_type', (s) => ['/api/v1/tips', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(validTip(s)) }]],
  ['a missing field', 400, 'invalid_request', (s) => { const { sealedKey: _s, ...rest } = validTip(s); return ['/api/v1/tips', json(rest)]; }],
  ['a wrong type', 400, 'invalid_request', (s) => ['/api/v1/tips', json(validTip(s, { keyVersion: 'one' }))]],
  ['an unknown field', 400, 'invalid_request', (s) => ['/api/v1/tips', json(validTip(s, { ip: '198.51.100.7' }))]],
  ['an unknown desk', 404, 'unknown_desk', (s) => ['/api/v1/tips', json(validTip(s, { desk: 'no-such-desk' }))]],
  ['bad base64', 400, 'bad_base64', (s) => ['/api/v1/tips', json(validTip(s, { sealedKey: '!!not base64!!' }))]],
  ['a sealed key of the wrong length', 400, 'invalid_input', (s) => ['/api/v1/tips', json(validTip(s, { sealedKey: toBase64(randomBytes(79)) }))]],
  ['a message of impossible length', 400, 'bad_ciphertext_length', (s) => ['/api/v1/tips', json(validTip(s, { message: serializedWithChunks([randomBytes(16)]) }))]],
  ['a message whose size is not padded', 400, 'bad_ciphertext_length', (s) => ['/api/v1/tips', json(validTip(s, { message: serializedWithChunks([randomBytes(16 + 1001)]) }))]],
  ['a message over the size limit', 413, 'message_too_large', (s) => ['/api/v1/tips', json(validTip(s, { message: serializedWithChunks(Array.from({ length: 5 }, () => randomBytes(CHUNK_CIPHERTEXT_SIZE))) }))]],
  ['an oversize body', 413, 'body_too_large', (s) => ['/api/v1/tips', json(validTip(s, { message: 'A'.repeat(MAX_JSON_BODY_BYTES) }))]],
  ['files for an unknown tip', 403, 'bad_upload_token', (s) => [`/api/v1/tips/${'0'.repeat(32)}/files`, json({ uploadToken: s.uploadToken, noncePrefix: toBase64(newNoncePrefix()), paddedSize: 1024 })]],
  ['files with a wrong upload token', 403, 'bad_upload_token', (s) => [`/api/v1/tips/${s.tipId}/files`, json({ uploadToken: 'f'.repeat(64), noncePrefix: toBase64(newNoncePrefix()), paddedSize: 1024 })]],
  ['a file size that is not padded', 400, 'bad_ciphertext_length', (s) => [`/api/v1/tips/${s.tipId}/files`, json({ uploadToken: s.uploadToken, noncePrefix: toBase64(newNoncePrefix()), paddedSize: 1001 })]],
  ['too many chunks (a file over the size limit)', 413, 'file_too_large', (s) => [`/api/v1/tips/${s.tipId}/files`, json({ uploadToken: s.uploadToken, noncePrefix: toBase64(newNoncePrefix()), paddedSize: 2 ** 33 })]],
  ['a nonce prefix of the wrong length', 400, 'invalid_input', (s) => [`/api/v1/tips/${s.tipId}/files`, json({ uploadToken: s.uploadToken, noncePrefix: toBase64(randomBytes(8)), paddedSize: 1024 })]],
  ['a malformed tip id', 404, 'not_found', (s) => ['/api/v1/tips/../files', json({ uploadToken: s.uploadToken })]],
  ['a chunk index out of range', 400, 'chunk_index_out_of_range', (s) => [`/api/v1/uploads/${s.uploadId}/chunks/2`, octets(randomBytes(32784))]],
  ['a negative chunk index', 404, 'not_found', (s) => [`/api/v1/uploads/${s.uploadId}/chunks/-1`, octets(randomBytes(32784))]],
  ['a chunk of the wrong length', 400, 'bad_chunk_length', (s) => [`/api/v1/uploads/${s.uploadId}/chunks/1`, octets(randomBytes(32785))]],
  ['a chunk over the request limit', 413, 'body_too_large', (s) => [`/api/v1/uploads/${s.uploadId}/chunks/0`, octets(randomBytes(CHUNK_CIPHERTEXT_SIZE + 1))]],
  ['a chunk with a wrong media type', 415, 'unsupported_media_type', (s) => [`/api/v1/uploads/${s.uploadId}/chunks/1`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }]],
  ['a chunk for an unknown upload', 404, 'unknown_upload', () => [`/api/v1/uploads/${'a'.repeat(32)}/chunks/0`, octets(randomBytes(1040))]],
  ['a chunk for a finished upload', 409, 'upload_finished', (s) => [`/api/v1/uploads/${s.finishedUploadId}/chunks/0`, octets(randomBytes(1040))]],
  ['finishing an incomplete upload', 409, 'upload_incomplete', (s) => [`/api/v1/uploads/${s.uploadId}/finish`, { method: 'POST' }]],
  ['finishing an unknown upload', 404, 'unknown_upload', () => [`/api/v1/uploads/${'b'.repeat(32)}/finish`, { method: 'POST' }]],
  ['the status of an unknown upload', 404, 'unknown_upload', () => [`/api/v1/uploads/${'c'.repeat(32)}`, {}]],
  ['an unknown route', 404, 'not_found', () => ['/api/v1/nothing-here', {}]],
];

/** Everything stored, as comparable values (ciphertexts included). */
async function snapshot(t: TestApp) {
  const q = t.db.read.query;
  return {
    desks: await q.desks.findMany(),
    tips: await q.tips.findMany(),
    parts: await q.parts.findMany(),
    chunks: (await q.chunks.findMany()).map((c) => ({ ...c, ciphertext: Buffer.from(c.ciphertext).toString('hex') })),
    audit: (await q.auditLog.findMany()).map((a) => ({ ...a, hash: Buffer.from(a.hash).toString('hex'), prevHash: Buffer.from(a.prevHash).toString('hex') })),
  };
}

describe('bad input', () => {
  it.each(CASES)('%s: %i %s, nothing stored changes', async (_name, status, code, request) => {
    const s = await setup();
    const before = await snapshot(s.t);
    const [path, init] = request(s);
    const res = await s.t.app.request(path, init);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(await snapshot(s.t)).toEqual(before);
    expect((await s.t.app.request('/healthz')).status).toBe(200);
    expect((await verifyAuditChain(s.t.db.read)).ok).toBe(true);
  });

  it('reports missing chunks so a client can resume, and accepts a retried chunk', async () => {
    const s = await setup();
    const status = await (await s.t.app.request(`/api/v1/uploads/${s.uploadId}`)).json();
    expect(status).toEqual({ chunkCount: 2, received: 1, finished: false, missing: [1] });
    const chunk = randomBytes(32784);
    expect((await s.t.app.request(`/api/v1/uploads/${s.uploadId}/chunks/1`, octets(chunk))).status).toBe(204);
    expect((await s.t.app.request(`/api/v1/uploads/${s.uploadId}/chunks/1`, octets(chunk))).status).toBe(204);
    expect((await s.t.app.request(`/api/v1/uploads/${s.uploadId}/finish`, { method: 'POST' })).status).toBe(200);
    expect((await s.t.app.request(`/api/v1/uploads/${s.uploadId}/finish`, { method: 'POST' })).status).toBe(200);
  });
});
