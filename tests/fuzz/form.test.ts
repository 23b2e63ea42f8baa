// Fuzzing the no-JavaScript tip form: multipart bodies built field by field (messages short,
// long, huge, in several scripts or missing; files with hostile names, several formats, random
// bytes; the honeypot; repeated and unknown fields), then damaged byte by byte, under content
// types with the right boundary, a wrong one, none, a quoted or absurdly long one.
//   - The form parser (parseForm + tipFromForm, src/http/form-fields.ts) on its own, at the full
//     count: it never throws and what it passes on is within the form's rules.
//   - The whole route, POST /submit/{desk} through the app (fewer inputs: each tip it accepts
//     costs a codename KDF): never a 5xx, always an HTML page, and nothing stored on a refusal.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { generateBoxKeyPair } from '../../src/crypto/index.ts';
import { createDesk } from '../../src/domain/desks.ts';
import { MAX_FILES_PER_TIP } from '../../src/domain/limits.ts';
import { parseForm, tipFromForm } from '../../src/http/form-fields.ts';
import { bounded, concat, fuzzApp, mutate, mutation, params, runs, slowRuns, timeoutFor, type FuzzApp, type Mutation } from './harness.ts';

const MIN_CHARS = 20;
const FORM_MAX_BYTES = 512 * 1024;
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/strip/images/${name}`, import.meta.url)));
const FILE_CONTENTS: Array<[string, Uint8Array]> = [
  ['text/plain', new TextEncoder().encode('minutes of 3 March\nsigned by nobody\n')],
  ['image/png', fixture('clean.png')],
  ['image/jpeg', fixture('clean.jpg')],
  ['image/gif', fixture('metadata.gif')],
  ['application/octet-stream', new Uint8Array(0)],
];

interface Part { name: string; filename?: string; type?: string; data: Uint8Array; headerJunk?: string }
interface Form {
  parts: Part[];
  boundary: string;
  contentType: { kind: 'right' } | { kind: 'quoted' } | { kind: 'wrong' } | { kind: 'none' } | { kind: 'other'; value: string };
  mutations: Mutation[];
}

const text = fc.oneof(
  fc.constantFrom('The port authority falsifies the crane inspection records.', '항만청이 크레인 점검 기록을 위조하고 있습니다. 증거가 있습니다.',
    '港务局伪造起重机检查记录，我有证据可以证明这一点。', 'short', '', '   \n\t  ', '\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000',
    '\ud83d\udc1b'.repeat(30), 'x'.repeat(300_000)),
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'grapheme', minLength: 15, maxLength: 60 }),
);

const fileName = fc.oneof(
  fc.constantFrom('minutes.txt', 'C:\\Users\\clerk\\Desktop\\crane.jpg', '../../etc/passwd', '', ' ', 'a\u0000b.png', 'x'.repeat(5_000),
    '報告書.pdf', 'name"with"quotes.png', 'semi;colon.png', 'line\r\nbreak.png', '\u202egnp.exe'),
  fc.string({ maxLength: 60 }),
);

const part: fc.Arbitrary<Part> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ name: fc.constant('message'), data: text.map((t) => new TextEncoder().encode(t)) }) },
  { weight: 3, arbitrary: fc.record({
    name: fc.constant('files'), filename: fileName, which: fc.nat(FILE_CONTENTS.length - 1), typeOverride: fc.option(fc.string({ maxLength: 30 })),
    damage: fc.array(mutation, { maxLength: 2 }),
  }).map(({ name, filename, which, typeOverride, damage }): Part => {
    const [type, bytes] = FILE_CONTENTS[which]!;
    return { name, filename, type: typeOverride ?? type, data: mutate(bytes, damage) };
  }) },
  { weight: 1, arbitrary: fc.record({ name: fc.constantFrom('website', 'allow_unsupported', 'topic', 'urgent', 'csrf', 'message[]', 'files', ''), data: fc.constantFrom('', '1', 'on', 'x'.repeat(100)).map((t) => new TextEncoder().encode(t)) }) },
  // Past the form's byte cap (FORM_MAX_BYTES on the route): refused before parsing.
  { weight: 1, arbitrary: fc.constantFrom('files', 'message', 'website').map((name): Part => ({ name, filename: name === 'files' ? 'huge.bin' : undefined, data: new Uint8Array(FORM_MAX_BYTES + 1) })) },
  { weight: 1, arbitrary: fc.record({ name: fc.string({ maxLength: 20 }), data: fc.uint8Array({ maxLength: 200 }), headerJunk: fc.constantFrom('', 'Content-Transfer-Encoding: base64', 'Content-Type: text/plain; charset=utf-16', `X-Long: ${'y'.repeat(9_000)}`) }) },
);

const form: fc.Arbitrary<Form> = fc.record({
  // A valid message first, most of the time, so that the deeper checks are reached.
  parts: fc.tuple(fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), fc.array(part, { maxLength: 4 })).map(([lead, rest]) => lead
    ? [{ name: 'message', data: new TextEncoder().encode('The harbour master signs blank inspection forms.') }, ...rest]
    : rest),
  // A real client picks a long boundary that its content does not contain; short and odd ones
  // (which binary content can contain, or which need quoting) now and then.
  boundary: fc.oneof(
    { weight: 6, arbitrary: fc.constant('----TiplineFuzz7MA4YWxkTrZu0gW') },
    { weight: 1, arbitrary: fc.constantFrom('x', 'b'.repeat(300), 'with space', '"') },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9'()+_,-./:=?]{1,70}$/) },
  ),
  contentType: fc.oneof(
    { weight: 8, arbitrary: fc.constant<Form['contentType']>({ kind: 'right' }) },
    { weight: 1, arbitrary: fc.constantFrom<Form['contentType']>({ kind: 'quoted' }, { kind: 'wrong' }, { kind: 'none' }) },
    { weight: 1, arbitrary: fc.constantFrom('multipart/form-data', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/mixed; boundary=x', 'application/json')
      .map((value): Form['contentType'] => ({ kind: 'other', value })) },
  ),
  mutations: fc.oneof({ weight: 2, arbitrary: fc.constant<Mutation[]>([]) }, { weight: 1, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) }),
});

const quote = (s: string) => s.replace(/["\r\n]/g, (c) => encodeURIComponent(c));

function encodeForm(f: Form): { body: Uint8Array; headers: Record<string, string> } {
  const enc = new TextEncoder();
  const pieces: Uint8Array[] = [];
  for (const p of f.parts) {
    const disposition = `Content-Disposition: form-data; name="${quote(p.name)}"${p.filename === undefined ? '' : `; filename="${quote(p.filename)}"`}`;
    const lines = [`--${f.boundary}`, disposition, ...(p.type ? [`Content-Type: ${p.type.replace(/[\r\n]/g, '')}`] : []), ...(p.headerJunk ? [p.headerJunk] : []), '', ''];
    pieces.push(enc.encode(lines.join('\r\n')), p.data, enc.encode('\r\n'));
  }
  pieces.push(enc.encode(`--${f.boundary}--\r\n`));
  const body = mutate(concat(...pieces), f.mutations);
  const ct = f.contentType;
  const headers: Record<string, string> =
    ct.kind === 'right' ? { 'content-type': `multipart/form-data; boundary=${f.boundary}` }
      : ct.kind === 'quoted' ? { 'content-type': `multipart/form-data; boundary="${f.boundary}"` }
        : ct.kind === 'wrong' ? { 'content-type': 'multipart/form-data; boundary=not-the-boundary' }
          : ct.kind === 'none' ? {} : { 'content-type': ct.value };
  return { body, headers };
}

/** fast-check prints a form as what it was made from, with its byte size, not the bytes. */
const printable = form.map((f) => Object.assign(f, { [fc.toStringMethod]: () => `Form(${f.parts.map((p) => `${p.name}${p.filename !== undefined ? `:${JSON.stringify(p.filename.slice(0, 40))}` : ''}[${p.data.length}]`).join(', ')}; boundary ${JSON.stringify(f.boundary.slice(0, 40))}; ${JSON.stringify(f.contentType)}; ${f.mutations.length} mutations)` }));

describe('the form parser (parseForm + tipFromForm)', () => {
  // The parser exactly as the route runs it, without the strip, seal and KDF behind it.
  const parser = new Hono().post('/', async (c) => {
    const body = await parseForm(c);
    if (!body) return c.json({ kind: 'unparsable' });
    const read = tipFromForm(body, { minMessageChars: MIN_CHARS });
    if (read.kind !== 'tip') return c.json(read.kind === 'problem' ? { kind: 'problem', problem: read.problem.kind } : { kind: read.kind });
    return c.json({ kind: 'tip', message: read.tip.message, files: read.tip.files.map((f) => ({ name: f.name, type: f.type, size: f.blob.size })) });
  });
  const n = runs(400);
  it(`reads every body into a tip, a honeypot or a named problem (${n} inputs)`, { timeout: timeoutFor(n, 50) }, async () => {
    const outcomes = new Map<string, number>();
    await fc.assert(fc.asyncProperty(printable, async (f) => {
      const { body, headers } = encodeForm(f);
      const response = await bounded('form parser', 5_000, () => parser.request('/', { method: 'POST', headers, body: body as Uint8Array<ArrayBuffer> }));
      expect(response.status).toBe(200);
      const result = (await response.json()) as { kind: string; problem?: string; message?: string; files?: Array<{ name: string; type: string; size: number }> };
      expect(['unparsable', 'tip', 'honeypot', 'problem']).toContain(result.kind);
      const key = result.problem ?? result.kind;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      if (result.kind === 'tip') {
        expect([...result.message!.trim()].length).toBeGreaterThanOrEqual(MIN_CHARS);
        expect(result.files!.length).toBeLessThanOrEqual(MAX_FILES_PER_TIP);
        for (const file of result.files!) {
          expect(file.name.length).toBeGreaterThan(0);
          expect([...file.name].length).toBeLessThanOrEqual(200);
          expect(file.name).not.toMatch(/[\u0000-\u001f\u007f/\\]/);
          expect(file.type).toMatch(/^[\x20-\x7e]{1,200}$/);
        }
      }
    }), params(n));
    if (process.env.TIPLINE_FUZZ_STATS) process.stderr.write(`form parser: ${JSON.stringify(Object.fromEntries(outcomes))}\n`);
  });
});

describe('POST /submit/{desk} without JavaScript', () => {
  let t: FuzzApp | undefined;
  afterAll(() => t?.close());
  const n = slowRuns(16);
  it(`answers an HTML page, never a 5xx, and stores nothing when it refuses (${n} inputs)`, { timeout: timeoutFor(n, 3_000) }, async () => {
    t = await fuzzApp({ formMaxBytes: FORM_MAX_BYTES });
    const app = t;
    await createDesk({ ctx: app.ctx, input: { slug: 'investigations', name: 'Investigations', publicKey: generateBoxKeyPair().publicKey, actor: { kind: 'admin-cli' } } });
    const outcomes = new Map<number, number>();
    await fc.assert(fc.asyncProperty(printable, fc.constantFrom('/submit/investigations', '/submit/investigations', '/ko/submit/investigations', '/zh-Hans/submit/investigations', '/submit/nope', '/submit/%00'), async (f, path) => {
      const { body, headers } = encodeForm(f);
      const before = await app.dataVersion();
      const response = await bounded(`POST ${path}`, 15_000, () => app.app.request(path, { method: 'POST', headers, body: body as Uint8Array<ArrayBuffer> }));
      outcomes.set(response.status, (outcomes.get(response.status) ?? 0) + 1);
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get('content-type') ?? '').toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toMatch(/^<!DOCTYPE html>/i);
      if (response.status !== 200) expect(await app.dataVersion(), `${response.status} stored something`).toBe(before);
    }), params(n));
    if (process.env.TIPLINE_FUZZ_STATS) process.stderr.write(`form statuses: ${JSON.stringify(Object.fromEntries(outcomes))}\n`);
  });
});
