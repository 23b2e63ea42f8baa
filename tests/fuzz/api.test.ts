// Fuzzing the source JSON API through the real app (app.request, real database file): tip
// submission, upload creation, chunk PUTs, finish and status, the conversation routes and the
// routing query. Bodies are random JSON, valid bodies with fields dropped, added, retyped or
// set to huge numbers and strings, sealed fields with damaged bytes, JSON text with damaged
// bytes, and wrong media types; paths carry random ids and indices. Every answer must be a
// 2xx, or a 4xx in the JSON error shape with nothing stored changed. Never a 5xx.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CHUNK_CIPHERTEXT_SIZE, generateBoxKeyPair, newNoncePrefix, newTipKey, randomBytes, sealMessage, sealToPublicKey, toBase64,
} from '../../src/crypto/index.ts';
import { createDesk } from '../../src/domain/desks.ts';
import { MAX_JSON_BODY_BYTES } from '../../src/domain/limits.ts';
import {
  bounded, expectJsonError, fingerprint, fuzzApp, mutate, mutation, params, runs, timeoutFor, type FuzzApp, type Mutation,
} from './harness.ts';

const MS = 5_000;
/** Accepted writes before the database is replaced, so that fingerprints stay cheap in a soak. */
const REBUILD_AFTER = 150;

interface Setup {
  t: FuzzApp;
  publicKey: Uint8Array;
  tipId: string;
  uploadToken: string;
  openUpload: string;
  finishedUpload: string;
  accepted: number;
  /** Sealed tip keys and messages made ahead (X25519 in pure JavaScript costs milliseconds each). */
  sealed: Array<{ sealedKey: string; message: string }>;
}

const SEALED_POOL = 24;

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function setup(): Promise<Setup> {
  const t = await fuzzApp();
  const desk = generateBoxKeyPair();
  await createDesk({ ctx: t.ctx, input: { slug: 'investigations', name: 'Investigations', publicKey: desk.publicKey, actor: { kind: 'admin-cli' } } });
  const key = newTipKey();
  const created = await t.app.request('/api/v1/tips', json({
    desk: 'investigations', keyVersion: 1, sealedKey: toBase64(sealToPublicKey(key, desk.publicKey)), message: toBase64(sealMessage(key, 'a tip that is long enough')),
  }));
  expect(created.status).toBe(201);
  const tip = (await created.json()) as { id: string; uploadToken: string };
  const upload = async (paddedSize: number) => {
    const res = await t.app.request(`/api/v1/tips/${tip.id}/files`, json({ uploadToken: tip.uploadToken, noncePrefix: toBase64(newNoncePrefix()), paddedSize }));
    expect(res.status).toBe(201);
    return ((await res.json()) as { uploadId: string }).uploadId;
  };
  const octets = (bytes: Uint8Array) => ({ method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes as Uint8Array<ArrayBuffer> });
  const openUpload = await upload(98_304); // chunk 0: 65,552 bytes, chunk 1: 32,784
  expect((await t.app.request(`/api/v1/uploads/${openUpload}/chunks/0`, octets(randomBytes(CHUNK_CIPHERTEXT_SIZE)))).status).toBe(204);
  const finishedUpload = await upload(1024);
  expect((await t.app.request(`/api/v1/uploads/${finishedUpload}/chunks/0`, octets(randomBytes(1040)))).status).toBe(204);
  expect((await t.app.request(`/api/v1/uploads/${finishedUpload}/finish`, { method: 'POST' })).status).toBe(200);
  const sealed = Array.from({ length: SEALED_POOL }, (_v, i) => {
    const k = newTipKey();
    // Empty, short, long, and in three scripts.
    const text = ['', 'x', 'Die Hafenbehörde fälscht Prüfberichte', '항만청이 점검 기록을 위조합니다', '港务局伪造检查记录'][i % 5]!.repeat(1 + i * 40);
    return { sealedKey: toBase64(sealToPublicKey(k, desk.publicKey)), message: toBase64(sealMessage(k, text)) };
  });
  return { t, publicKey: desk.publicKey, tipId: tip.id, uploadToken: tip.uploadToken, openUpload, finishedUpload, accepted: 0, sealed };
}

// ---- values --------------------------------------------------------------------------------

const HUGE_STRING = 'A'.repeat(MAX_JSON_BODY_BYTES + 10);
const OMIT = Symbol('omit');
type Placeholder = { valid: string } | { bytes: string; mutations: Mutation[] } | typeof OMIT | { value: unknown };

/** Values of the wrong type or absurd size, for any field. */
const weird: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(1e308, -1, 0, -0, 0.5, 2 ** 31, 2 ** 32 + 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), Number.MAX_SAFE_INTEGER, Number.MIN_VALUE,
    '', ' ', '0', '1', 'null', '__proto__', 'constructor', '../../etc/passwd', '%00', '\u0000', '\ud800', 'A'.repeat(5_000), [], {}, null, true, false),
  fc.string({ maxLength: 80 }),
  fc.integer(),
  fc.double(),
);

/** A field: its valid value (made fresh per request), left out, damaged bytes of a valid value, or something weird. */
function field(valid: string, opts: { bytes?: boolean } = {}): fc.Arbitrary<Placeholder> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant<Placeholder>({ valid }) },
    { weight: 1, arbitrary: fc.constant<Placeholder>(OMIT) },
    { weight: 2, arbitrary: weird.map((value): Placeholder => ({ value })) },
    ...(opts.bytes ? [{ weight: 3, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }).map((m): Placeholder => ({ bytes: valid, mutations: m })) }] : []),
  );
}

/** Extra keys (strict schemas refuse them) and prototype tricks. */
const extraKeys = fc.option(fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'ip', 'userAgent')), weird, { maxKeys: 3 }), { freq: 5 });

/** How the JSON text reaches the server: intact, damaged, or replaced. */
const bodyText: fc.Arbitrary<BodyText> = fc.oneof(
  { weight: 8, arbitrary: fc.constant<BodyText>({ kind: 'intact' }) },
  { weight: 2, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }).map((m) => ({ kind: 'damaged' as const, mutations: m })) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => ({ kind: 'json' as const, text: JSON.stringify(v) ?? 'null' })) },
  { weight: 1, arbitrary: fc.constantFrom('', '{', '{}', '[]', 'null', '"x"', '{"desk":', '\ufeff{}', '{"a":1}{"b":2}', `{"message":"${HUGE_STRING}"}`, '1e999').map((text) => ({ kind: 'json' as const, text })) },
);

const mediaType = fc.oneof(
  { weight: 10, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'APPLICATION/JSON', 'text/plain', '', 'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x', 'application/octet-stream', 'application/json, text/plain', 'application/jsonx') },
);

const id = fc.oneof(
  { weight: 6, arbitrary: fc.constant('$') },
  { weight: 2, arbitrary: fc.stringMatching(/^[0-9a-f]{32}$/) },
  { weight: 2, arbitrary: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('..', '.', '%2e%2e', 'A'.repeat(32), '0'.repeat(33), '-1')) },
);

// ---- requests ------------------------------------------------------------------------------

type Recipe = (s: Setup) => { path: string; init: RequestInit; label: string };

/** A recipe that fast-check prints as the data it was made from (a counterexample to read). */
function recipe<T>(data: T, make: (data: T) => Recipe): Recipe {
  return Object.assign(make(data), { [fc.toStringMethod]: () => fc.stringify(data) });
}

function resolve(p: Placeholder, make: (name: string) => unknown): unknown {
  if (p === OMIT) return OMIT;
  if ('value' in p) return p.value;
  const valid = make('valid' in p ? p.valid : p.bytes);
  if ('valid' in p) return valid;
  // Damage the decoded bytes and send them as valid base64: the server's deeper checks get them.
  const bytes = Buffer.from(String(valid), 'base64');
  return toBase64(mutate(new Uint8Array(bytes), p.mutations));
}

function objectOf(fields: Record<string, Placeholder>, extra: Record<string, unknown> | null, make: (name: string) => unknown) {
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(fields)) {
    const value = resolve(p, make);
    if (value !== OMIT) out[name] = value;
  }
  return extra ? Object.assign(out, extra) : out;
}

type BodyText = { kind: 'intact' } | { kind: 'damaged'; mutations: Mutation[] } | { kind: 'json'; text: string };

function encode(object: unknown, text: BodyText): string | Uint8Array {
  if (text.kind === 'json') return text.text;
  const intact = JSON.stringify(object);
  if (text.kind === 'intact') return intact;
  return mutate(new TextEncoder().encode(intact), text.mutations);
}

const tipRecipe: fc.Arbitrary<Recipe> = fc.record({
  fields: fc.record({
    desk: field('desk'), keyVersion: field('keyVersion'), sealedKey: field('sealedKey', { bytes: true }), message: field('message', { bytes: true }),
    via: fc.oneof({ weight: 3, arbitrary: fc.constant<Placeholder>(OMIT) }, { weight: 1, arbitrary: field('via') }),
    source: fc.oneof({ weight: 4, arbitrary: fc.constant<Placeholder>(OMIT) }, { weight: 1, arbitrary: field('source') }),
    pow: fc.oneof({ weight: 4, arbitrary: fc.constant<Placeholder>(OMIT) }, { weight: 1, arbitrary: field('pow') }),
    topic: fc.oneof({ weight: 4, arbitrary: fc.constant<Placeholder>(OMIT) }, { weight: 1, arbitrary: field('topic') }),
    urgent: fc.oneof({ weight: 4, arbitrary: fc.constant<Placeholder>(OMIT) }, { weight: 1, arbitrary: field('urgent') }),
    language: fc.oneof({ weight: 4, arbitrary: fc.constant<Placeholder>(OMIT) }, { weight: 1, arbitrary: field('language') }),
  }),
  extra: extraKeys, text: bodyText, type: mediaType, sealed: fc.nat(SEALED_POOL - 1),
}).map((data) => recipe(data, ({ fields, extra, text, type, sealed }) => (s: Setup) => {
  const pair = s.sealed[sealed]!;
  const make = (name: string): unknown => ({
    desk: 'investigations', keyVersion: 1, via: 'js', topic: 'corruption', urgent: true, language: 'ko',
    sealedKey: pair.sealedKey,
    message: pair.message,
    source: { lookupKey: toBase64(randomBytes(32)), replyPublicKey: toBase64(randomBytes(32)) },
    pow: { id: 'a'.repeat(32), nonce: toBase64(randomBytes(8)) },
  } as Record<string, unknown>)[name];
  const body = encode(objectOf(fields, extra, make), text);
  return { path: '/api/v1/tips', init: { method: 'POST', headers: { 'content-type': type }, body: body as BodyInit }, label: 'POST /api/v1/tips' };
}));

const fileRecipe: fc.Arbitrary<Recipe> = fc.record({
  tip: id,
  fields: fc.record({
    uploadToken: field('uploadToken', { bytes: false }), noncePrefix: field('noncePrefix', { bytes: true }), paddedSize: field('paddedSize'),
    metadata: fc.oneof({ weight: 2, arbitrary: fc.constant<Placeholder>(OMIT) }, { weight: 1, arbitrary: field('metadata') }),
  }),
  paddedSize: fc.oneof(fc.constantFrom(1, 16, 1024, 98_304, 2 ** 31, 2 ** 31 + 1, 2 ** 33, 2 ** 53 - 1), fc.nat(), fc.integer({ min: 1, max: 4_000_000 })),
  extra: extraKeys, text: bodyText, type: mediaType,
}).map((data) => recipe(data, ({ tip, fields, paddedSize, extra, text, type }) => (s: Setup) => {
  const make = (name: string): unknown => ({
    uploadToken: s.uploadToken, noncePrefix: toBase64(newNoncePrefix()), paddedSize, metadata: 'cleaned',
  } as Record<string, unknown>)[name];
  const body = encode(objectOf(fields, extra, make), text);
  const tipId = tip === '$' ? s.tipId : encodeURIComponent(tip);
  return { path: `/api/v1/tips/${tipId}/files`, init: { method: 'POST', headers: { 'content-type': type }, body: body as BodyInit }, label: 'POST /api/v1/tips/:tipId/files' };
}));

const chunkRecipe: fc.Arbitrary<Recipe> = fc.record({
  upload: fc.oneof({ weight: 3, arbitrary: fc.constant('open') }, { weight: 1, arbitrary: fc.constant('finished') }, { weight: 2, arbitrary: id }),
  index: fc.oneof(fc.constantFrom('0', '1', '2', '-1', '01', '1.0', '1e3', '9999999999', '99999999999', '0x1', ' 1', ''), fc.nat().map(String), fc.string({ maxLength: 12 })),
  length: fc.oneof(fc.constantFrom(0, 1, 16, 1040, 32_784, 32_785, CHUNK_CIPHERTEXT_SIZE - 1, CHUNK_CIPHERTEXT_SIZE, CHUNK_CIPHERTEXT_SIZE + 1, 200_000), fc.nat(70_000)),
  type: fc.oneof({ weight: 8, arbitrary: fc.constant('application/octet-stream') }, { weight: 1, arbitrary: fc.constantFrom('', 'application/json', 'APPLICATION/OCTET-STREAM', 'application/octet-stream; x=y', 'text/plain') }),
  method: fc.oneof({ weight: 8, arbitrary: fc.constant('PUT') }, { weight: 1, arbitrary: fc.constantFrom('POST', 'PATCH', 'DELETE', 'GET') }),
}).map((data) => recipe(data, ({ upload, index, length, type, method }) => (s: Setup) => {
  const uploadId = upload === 'open' ? s.openUpload : upload === 'finished' ? s.finishedUpload : upload === '$' ? s.openUpload : encodeURIComponent(upload);
  const body = method === 'GET' ? undefined : randomBytes(length) as Uint8Array<ArrayBuffer>;
  return { path: `/api/v1/uploads/${uploadId}/chunks/${encodeURIComponent(index)}`, init: { method, headers: { 'content-type': type }, body }, label: `${method} chunk` };
}));

const otherRecipe: fc.Arbitrary<Recipe> = fc.oneof(
  fc.record({ upload: id, finish: fc.boolean() }).map((data) => recipe(data, ({ upload, finish }) => (s: Setup) => {
    const uploadId = upload === '$' ? s.openUpload : encodeURIComponent(upload);
    return finish
      ? { path: `/api/v1/uploads/${uploadId}/finish`, init: { method: 'POST' }, label: 'POST finish' }
      : { path: `/api/v1/uploads/${uploadId}`, init: { method: 'GET' }, label: 'GET upload' };
  })),
  fc.record({ reply: id, lookupKey: field('lookupKey', { bytes: true }), extra: extraKeys, text: bodyText, type: mediaType, del: fc.boolean() }).map(
    (data) => recipe(data, ({ reply, lookupKey, extra, text, type, del }) => () => {
      const body = encode(objectOf({ lookupKey }, extra, () => toBase64(randomBytes(32))), text);
      const path = del ? `/api/v1/conversation/replies/${reply === '$' ? 'b'.repeat(32) : encodeURIComponent(reply)}/delete` : '/api/v1/conversation';
      return { path, init: { method: 'POST', headers: { 'content-type': type }, body: body as BodyInit }, label: `POST ${del ? 'reply delete' : 'conversation'}` };
    })),
  fc.dictionary(fc.oneof(fc.constantFrom('desk', 'topic', 'urgent', 'hasFiles', 'language'), fc.string({ maxLength: 8 })), fc.oneof(fc.string({ maxLength: 100 }), fc.constantFrom('true', 'false', 'ko', 'investigations')), { maxKeys: 6 })
    .map((data) => recipe(data, (query) => () => ({ path: `/api/v1/route?${new URLSearchParams(query)}`, init: { method: 'GET' }, label: 'GET route' }))),
);

// ---- the property --------------------------------------------------------------------------

let current: Setup | undefined;
let inputs = 0;
/** TIPLINE_FUZZ_STATS=1 prints how the inputs were answered: a fuzzer that is refused everything tests little. */
const stats = new Map<string, { count: number; ms: number }>();
afterAll(() => {
  current?.t.close();
  if (process.env.TIPLINE_FUZZ_STATS) {
    for (const [key, { count, ms }] of [...stats].sort()) process.stderr.write(`${key}: ${count} (${(ms / count).toFixed(1)} ms avg)\n`);
  }
});

async function check(recipe: Recipe): Promise<void> {
  if (!current || current.accepted >= REBUILD_AFTER) {
    current?.t.close();
    current = await setup();
  }
  const s = current;
  const before = await s.t.dataVersion();
  // Now and then, the full fingerprint as well: it does not depend on how SQLite counts commits.
  const full = ++inputs % 50 === 0 ? await fingerprint(s.t.db) : undefined;
  const { path, init, label } = recipe(s);
  const started = performance.now();
  const response = await bounded(`${label} ${path}`, MS, () => s.t.app.request(path, init));
  const what = `${label} ${path} -> ${response.status}`;
  const key = `${label} ${response.status}`;
  const entry = stats.get(key) ?? { count: 0, ms: 0 };
  stats.set(key, { count: entry.count + 1, ms: entry.ms + performance.now() - started });
  expect(response.status, what).toBeGreaterThanOrEqual(200);
  expect(response.status, what).toBeLessThan(500);
  if (response.status >= 400) {
    const body = await expectJsonError(response, what);
    expect(body.error.code, what).toMatch(/^[a-z0-9_]+$/);
    expect(await s.t.dataVersion(), `${what} (${body.error.code}) wrote to the database`).toBe(before);
    if (full) expect(await fingerprint(s.t.db), `${what} (${body.error.code}) changed what is stored`).toBe(full);
  } else {
    await response.arrayBuffer();
    if ((await s.t.dataVersion()) !== before) s.accepted++;
  }
}

describe('the source JSON API under fuzzed requests', () => {
  it('sees a write as a change and a refusal as none (the check the properties rely on)', async () => {
    const s = await setup();
    try {
      const v0 = await s.t.dataVersion();
      const refused = await s.t.app.request('/api/v1/tips', json({ desk: 'investigations', keyVersion: 1, sealedKey: 'AA==', message: 'AA==' }));
      expect(refused.status).toBe(400);
      expect(await s.t.dataVersion()).toBe(v0);
      const incomplete = await s.t.app.request(`/api/v1/uploads/${s.openUpload}/finish`, { method: 'POST' });
      expect(incomplete.status).toBe(409);
      expect(await s.t.dataVersion()).toBe(v0);
      const chunk = await s.t.app.request(`/api/v1/uploads/${s.openUpload}/chunks/1`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: randomBytes(32_784) as Uint8Array<ArrayBuffer> });
      expect(chunk.status).toBe(204);
      expect(await s.t.dataVersion()).not.toBe(v0);
    } finally {
      s.t.close();
    }
  });

  const cases: Array<[string, fc.Arbitrary<Recipe>, number]> = [
    ['POST /api/v1/tips', tipRecipe, runs(250)],
    ['POST /api/v1/tips/:tipId/files', fileRecipe, runs(200)],
    ['PUT /api/v1/uploads/:uploadId/chunks/:index', chunkRecipe, runs(200)],
    ['finish, status, conversation, route', otherRecipe, runs(200)],
  ];
  for (const [name, arbitrary, n] of cases) {
    it(`${name}: 2xx, or 4xx JSON with nothing stored changed (${n} inputs)`, { timeout: timeoutFor(n, 100) }, async () => {
      await fc.assert(fc.asyncProperty(arbitrary, check), params(n));
    });
  }
});
