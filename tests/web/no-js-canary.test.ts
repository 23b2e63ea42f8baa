// DESIGN.md promise 1 on the no-JavaScript path, where the server does see plaintext: a source
// walks the whole flow with distinctive identity values in every header a network or proxy
// could add (and other cookies next to the session), then every file the server wrote and
// everything it logged or printed are scanned. No identity, no plaintext of the message, the
// file, its name or its metadata, and no codename may appear; source rows carry days only.
import { createClient } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sealReply } from '../../src/client/reply.ts';
import { replyRecipients, sendReply } from '../../src/domain/replies.ts';
import { addDesk, testApp } from '../helpers/app.ts';
import { CANARY_IDENTITY_HEADERS, filesUnder, scanForLeaks } from '../helpers/leak-scan.ts';
import { codenameOf, csrfOf, multipart, phoneJpeg } from './helpers.ts';

const IDENTITY = CANARY_IDENTITY_HEADERS;
const OTHER_COOKIES = 'session=canarycookie0451; _ga=GA1.canary-analytics-77';
const MESSAGE = 'PLAINTEXT-CANARY the minister took bribes at the harbour';
const FOLLOW_UP = 'FOLLOWUP-CANARY the second payment was in cash';
const FILE_NAME = 'canary-filename-passport-scan.txt';
const FILE_CONTENT = 'FILE-CONTENT-CANARY-0xDEADBEEF';
const REPLY = 'REPLY-CANARY who else was at the meeting?';
/** Metadata planted in the photo (tests/fixtures/strip): it must be gone, not just encrypted. */
const PHOTO_METADATA = ['CANARY-make-phone', 'CANARY-author-phone', 'CANARY-description-phone'];

let printed = '';
beforeEach(() => {
  printed = '';
  // Everything printed, whichever way: console (which vitest reroutes) and the raw streams.
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const original = console[method].bind(console);
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      printed += `${args.map(String).join(' ')}\n`;
      original(...args);
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
      printed += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
});
afterEach(() => vi.restoreAllMocks());

describe('the no-JavaScript path leaves no identity and no plaintext behind', () => {
  it('finds no canary in the database files, the logs or the output', async () => {
    const t = await testApp({ accessLog: true });
    const desk = await addDesk(t, 'politics');
    const send = (path: string, init: RequestInit & { cookie?: string } = {}) => {
      const cookie = [OTHER_COOKIES, init.cookie].filter(Boolean).join('; ');
      return t.app.request(path, { ...init, headers: { ...IDENTITY, cookie } });
    };

    expect((await send('/')).status).toBe(200);
    expect((await send('/submit/politics')).status).toBe(200);
    const submitted = await send('/submit/politics', {
      method: 'POST',
      body: multipart({ message: MESSAGE }, [{ name: FILE_NAME, type: 'text/plain', bytes: FILE_CONTENT }, { name: 'photo.jpg', type: 'image/jpeg', bytes: phoneJpeg() }]),
    });
    expect(submitted.status).toBe(200);
    const codename = codenameOf(await submitted.text());

    const tip = (await t.db.read.query.tips.findFirst())!;
    const recipients = (await replyRecipients(t.ctx, tip.id))!;
    await sendReply({ ctx: t.ctx, input: { tipId: tip.id, ...sealReply(REPLY, recipients.replyPublicKey, desk.publicKey), deskKeyVersion: 1, actor: { kind: 'staff', id: 'ed' } } });

    const login = await send('/return', { method: 'POST', body: new URLSearchParams({ codename }) });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const page = await (await send('/conversation', { cookie })).text();
    expect(page).toContain(REPLY);
    const csrf = csrfOf(page);
    const followUp = await send('/conversation/follow-up', { method: 'POST', cookie, body: multipart({ message: FOLLOW_UP, csrf }) });
    expect(followUp.status).toBe(200);
    const replyId = /data-reply-id="([0-9a-f]{32})"/.exec(page)![1]!;
    expect((await send(`/conversation/replies/${replyId}/delete`, { method: 'POST', cookie, body: new URLSearchParams({ csrf }) })).status).toBe(303);
    expect((await send('/logout', { method: 'POST', cookie, body: new URLSearchParams({ csrf }) })).status).toBe(303);

    // Error paths must not leak either: a wrong codename, a refused file, bad forms, unknown pages.
    const refusals = await Promise.all([
      send('/return', { method: 'POST', body: new URLSearchParams({ codename: `${codename} extra` }) }),
      send('/submit/politics', { method: 'POST', body: multipart({ message: MESSAGE }, [{ name: FILE_NAME, bytes: new Uint8Array([0, 1, 2, 3, 250, 251]) }]) }),
      send('/submit/politics', { method: 'POST', body: 'broken', headers: { 'content-type': 'multipart/form-data; boundary=zz' } }),
      send(`/submit/${IDENTITY['cf-ray']}`),
      send('/conversation', { cookie: 'tl_session=canarysessionforged' }),
    ]);
    expect(refusals.map((r) => r.status)).toEqual([403, 422, 400, 404, 403]);

    const canaries = [...Object.values(IDENTITY), OTHER_COOKIES, 'canarycookie0451', MESSAGE, FOLLOW_UP, FILE_NAME, FILE_CONTENT, REPLY, codename, ...PHOTO_METADATA];
    const scanned = filesUnder([t.dataDir]).map((f) => f.slice(t.dataDir.length + 1));
    expect(scanned).toEqual(expect.arrayContaining(['tipline.db', 'tipline.db-wal']));
    const logs = t.logs.join('\n');
    expect(scanForLeaks(canaries, [t.dataDir], { logs, printed })).toEqual([]);
    // The access log did write lines: method, route pattern, status, nothing else.
    expect(t.logs).toEqual(expect.arrayContaining(['POST /submit/:desk 200', 'POST /return 303', 'GET /conversation 200', 'POST /conversation/follow-up 200', 'GET /submit/:desk 404']));
    for (const line of t.logs) expect(line).toMatch(/^(GET|POST) \/[A-Za-z/:*-]* \d{3}$/);

    // No exact time next to anything a source did: days only.
    t.db.close();
    const raw = createClient({ url: t.dbUrl });
    const dayOnly = /^\d{4}-\d{2}-\d{2}$/;
    for (const sql of ['SELECT received_day AS v FROM tips', 'SELECT created_day AS v FROM parts', 'SELECT created_day AS v FROM sources', "SELECT at AS v FROM audit_log WHERE actor = 'source'"]) {
      const values = (await raw.execute(sql)).rows.map((r) => String(r.v));
      expect(values.length, sql).toBeGreaterThan(0);
      expect(values.filter((v) => !dayOnly.test(v)), sql).toEqual([]);
    }
    raw.close();
  });
});
