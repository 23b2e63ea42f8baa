// The whole no-JavaScript path against the real app and a real database file: submit with
// files, read it back with the desk key, come back with the codename, read a reply, follow up,
// delete a reply, log out; and every way a source or a bot can get it wrong.
import { describe, expect, it } from 'vitest';
import { openReply, sealReply } from '../../src/client/reply.ts';
import { verifyAuditChain } from '../../src/domain/audit.ts';
import { replyRecipients, sendReply } from '../../src/domain/replies.ts';
import { addDesk, testApp, type TestApp } from '../helpers/app.ts';
import { readDeskTips } from '../helpers/read-tips.ts';
import {
  codenameOf, conversationPage, countRows, csrfOf, logIn, multipart, phoneJpeg, postForm, submitTipForm,
} from './helpers.ts';

const MESSAGE = 'The port authority falsifies the crane inspection records.';
const NOTES = 'minutes of 3 March\nsigned by nobody\n';

async function replyTo(t: TestApp, desk: Awaited<ReturnType<typeof addDesk>>, text: string) {
  const tip = (await t.db.read.query.tips.findFirst())!;
  const recipients = (await replyRecipients(t.ctx, tip.id))!;
  const sealed = sealReply(text, recipients.replyPublicKey, desk.publicKey);
  return sendReply({ ctx: t.ctx, input: { tipId: tip.id, ...sealed, deskKeyVersion: 1, actor: { kind: 'staff', id: 'ed' } } });
}

describe('a tip through the form', () => {
  it('strips, seals and stores message and files in one go, and shows the codename once', async () => {
    const t = await testApp();
    const desk = await addDesk(t);
    const photo = phoneJpeg();
    expect(Buffer.from(photo).includes('CANARY-make-phone')).toBe(true);
    const res = await submitTipForm(t, desk.slug, MESSAGE, [
      { name: 'notes.txt', type: 'text/plain', bytes: NOTES },
      { name: 'C:\\Users\\clerk\\Desktop\\crane.jpg', type: 'image/jpeg', bytes: photo },
    ]);
    expect(res.status).toBe(200);
    const html = await res.text();
    const codename = codenameOf(html);
    expect(codename).toMatch(/^[a-z]+( [a-z]+){8}$/);
    expect(html).toContain('notes.txt: no hidden information was found.');
    expect(html).toMatch(/crane\.jpg: removed location, device details, author names/);

    const [tip] = await readDeskTips(t.db, desk.slug, desk);
    expect(tip!.message).toBe(MESSAGE);
    // Parts are stored in id order (random ids say nothing about arrival): look files up by name.
    const files = [...tip!.files].sort((a, b) => a.name.localeCompare(b.name));
    expect(files.map((f) => [f.name, f.type])).toEqual([['crane.jpg', 'image/jpeg'], ['notes.txt', 'text/plain; charset=utf-8']]);
    expect(new TextDecoder().decode(files[1]!.bytes)).toBe(NOTES);
    const cleaned = Buffer.from(files[0]!.bytes);
    expect([cleaned[0], cleaned[1]]).toEqual([0xff, 0xd8]);
    expect(cleaned.length).toBeLessThan(photo.length);
    expect(cleaned.includes('CANARY')).toBe(false);

    const row = (await t.db.read.query.tips.findFirst())!;
    expect(row.via).toBe('form');
    expect(row.sourceId).not.toBeNull();
    const parts = await t.db.read.query.parts.findMany();
    expect(parts.map((p) => [p.kind, p.state, p.metadata]).sort()).toEqual([['file', 'complete', 'cleaned'], ['file', 'complete', 'cleaned'], ['message', 'complete', null]]);
    const audit = await t.db.read.query.auditLog.findMany();
    expect(audit.map((a) => a.action)).toEqual(['desk.created', 'desk.key_added', 'tip.received', 'tip.file_received', 'tip.file_received']);
    expect((await verifyAuditChain(t.db.read)).ok).toBe(true);
    expect(t.logs).toContain('POST /submit/:desk 200');
  });

  it('refuses an unsupported file unless the source says to send it as it is', async () => {
    const t = await testApp();
    const desk = await addDesk(t);
    const blob = { name: 'recording.bin', bytes: new Uint8Array(Array.from({ length: 300 }, (_, i) => (i * 37 + 11) % 256)) };
    const refused = await submitTipForm(t, desk.slug, MESSAGE, [blob]);
    expect(refused.status).toBe(422);
    const page = await refused.text();
    expect(page).toContain('from the file “recording.bin”. Nothing was stored.');
    // The form comes back with the message as written; only the files must be chosen again.
    expect(page).toContain(`aria-describedby="message-hint">${MESSAGE}</textarea>`);
    expect(page).toContain('If you chose files, please choose them again.');
    expect((await countRows(t)).tips).toBe(0);

    const sent = await submitTipForm(t, desk.slug, MESSAGE, [blob], { allow_unsupported: '1' });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('recording.bin: sent as it was.');
    const [tip] = await readDeskTips(t.db, desk.slug, desk);
    expect(Buffer.from(tip!.files[0]!.bytes).equals(Buffer.from(blob.bytes))).toBe(true);
    expect((await t.db.read.query.parts.findMany()).find((p) => p.kind === 'file')!.metadata).toBe('unsupported');
  });

  it('refuses a file the stripper rejects, naming it, even with allow_unsupported', async () => {
    const t = await testApp();
    const desk = await addDesk(t);
    const res = await submitTipForm(t, desk.slug, MESSAGE, [{ name: 'broken.jpg', bytes: phoneJpeg().slice(0, 300) }], { allow_unsupported: '1' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('The file “broken.jpg” cannot be sent: it seems damaged');
    expect(await countRows(t)).toEqual({ tips: 0, sources: 0, parts: 0 });
  });

  it('gives a bot that fills the honeypot a codename for nothing, and stores nothing', async () => {
    const t = await testApp();
    const desk = await addDesk(t);
    const res = await submitTipForm(t, desk.slug, MESSAGE, [{ name: 'a.txt', bytes: 'x' }], { website: 'http://spam.example' });
    expect(res.status).toBe(200);
    const codename = codenameOf(await res.text());
    expect(await countRows(t)).toEqual({ tips: 0, sources: 0, parts: 0 });
    const back = await postForm(t, '/return', new URLSearchParams({ codename }));
    expect(back.status).toBe(403);
  });

  it('answers a flood with a calm 429 and Retry-After, losing nothing it accepted', async () => {
    const t = await testApp({ intake: { perDeskPerMinute: 1 } });
    const desk = await addDesk(t);
    expect((await submitTipForm(t, desk.slug, MESSAGE)).status).toBe(200);
    const busy = await submitTipForm(t, desk.slug, MESSAGE);
    expect(busy.status).toBe(429);
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThan(0);
    const busyPage = await busy.text();
    expect(busyPage).toMatch(/Nothing was lost; please try again in \d+ seconds?\./);
    expect(busyPage).toContain(`>${MESSAGE}</textarea>`);
    expect((await countRows(t)).tips).toBe(1);
  });
});

describe('bad form input', () => {
  const big = (n: number) => 'x'.repeat(n);
  type Case = [name: string, status: number, request: (slug: string) => [string, RequestInit]];
  const post = (body: BodyInit, headers: Record<string, string> = {}): RequestInit => ({ method: 'POST', body, headers, duplex: 'half' } as RequestInit);
  const form = (fields: Record<string, string | string[]>, files: Parameters<typeof multipart>[1] = []) => post(multipart(fields, files));
  const CASES: Case[] = [
    ['a body over the form cap', 413, (d) => [`/submit/${d}`, form({ message: MESSAGE }, [{ name: 'big.txt', bytes: big(70_000) }])]],
    ['a body over the cap without content-length', 413, (d) => [`/submit/${d}`, post(new Blob([big(70_000)]).stream(), { 'content-type': 'multipart/form-data; boundary=x' })]],
    ['a body that is not a form', 400, (d) => [`/submit/${d}`, post(MESSAGE, { 'content-type': 'text/plain' })]],
    ['JSON', 400, (d) => [`/submit/${d}`, post(JSON.stringify({ message: MESSAGE }), { 'content-type': 'application/json' })]],
    ['broken multipart', 400, (d) => [`/submit/${d}`, post('--x\r\nContent-Disposition: form-data; name="message"\r\n\r\nhello', { 'content-type': 'multipart/form-data; boundary=x' })]],
    ['multipart without a boundary', 400, (d) => [`/submit/${d}`, post(MESSAGE, { 'content-type': 'multipart/form-data' })]],
    ['no message', 400, (d) => [`/submit/${d}`, form({}, [{ name: 'a.txt', bytes: 'a file alone' }])]],
    ['a blank message', 400, (d) => [`/submit/${d}`, form({ message: ' \n\t ' })]],
    ['a short message', 400, (d) => [`/submit/${d}`, form({ message: 'too short, sorry' })]],
    ['two messages', 400, (d) => [`/submit/${d}`, form({ message: [MESSAGE, MESSAGE] })]],
    ['a message sent as a file', 400, (d) => {
      const f = new FormData();
      f.append('message', new File([MESSAGE], 'message.txt'));
      return [`/submit/${d}`, post(f)];
    }],
    ['a message over the message limit', 413, (d) => [`/submit/${d}`, form({ message: big(300_000) })]],
    ['too many files', 413, (d) => [`/submit/${d}`, form({ message: MESSAGE }, Array.from({ length: 51 }, (_, i) => ({ name: `f${i}.txt`, bytes: 'x' })))]],
    ['an empty file', 422, (d) => [`/submit/${d}`, form({ message: MESSAGE }, [{ name: 'empty.txt', bytes: '' }])]],
    ['an unknown desk', 404, () => ['/submit/nowhere', form({ message: MESSAGE })]],
    ['a malformed desk name', 404, () => ['/submit/No%20Desk', form({ message: MESSAGE })]],
  ];

  it.each(CASES)('%s: a calm %i page, nothing stored, still healthy', async (name, status, request) => {
    // A 64 KiB form cap, except where the message limit (256 KiB) must be reachable below it.
    const t = await testApp({ config: { formMaxBytes: name === 'a message over the message limit' ? 1024 * 1024 : 64 * 1024 } });
    const desk = await addDesk(t);
    const [path, init] = request(desk.slug);
    const res = await t.app.request(path, init);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/class="notice" role="alert"><p>[^<]+<\/p>|<p class="notice" role="alert">[^<]+<\/p>/);
    expect(await countRows(t)).toEqual({ tips: 0, sources: 0, parts: 0 });
    expect((await t.app.request('/healthz')).status).toBe(200);
    expect(t.logs.filter((l) => / 500$|^error/.test(l))).toEqual([]);
  });
});

describe('coming back without JavaScript', () => {
  it('answers every wrong codename with the same page and status, and no cookie', async () => {
    const t = await testApp();
    const desk = await addDesk(t);
    const real = codenameOf(await (await submitTipForm(t, desk.slug, MESSAGE)).text());
    const words = real.split(' ');
    const attempts = [
      [...words.slice(0, 8), words[8] === 'abandon' ? 'ability' : 'abandon'].join(' '), // one word off
      'zoo zoo zoo zoo zoo zoo zoo zoo zoo', // well formed, unknown
      'not a codename at all',
      '',
      'x'.repeat(5000),
    ];
    const answers = [];
    for (const codename of attempts) {
      const res = await postForm(t, '/return', new URLSearchParams({ codename }));
      expect(res.headers.get('set-cookie')).toBeNull();
      answers.push([res.status, await res.text()]);
    }
    expect(new Set(answers.map(([status]) => status))).toEqual(new Set([403]));
    expect(new Set(answers.map(([, body]) => body)).size).toBe(1);
    expect(answers[0]![1]).toContain('We could not open a conversation with this codename.');
    // A form with no codename field at all, or not a form, is just another wrong codename.
    const none = await postForm(t, '/return', new URLSearchParams({}));
    expect([none.status, await none.text()]).toEqual(answers[0]);
  });

  it('logs in with the codename, shows replies, takes a follow-up, deletes a copy and logs out', async () => {
    const t = await testApp();
    const desk = await addDesk(t);
    const codename = codenameOf(await (await submitTipForm(t, desk.slug, MESSAGE)).text());
    await replyTo(t, desk, 'Thank you.\nCan you send the March minutes?');

    // Typed differently, the codename still works; the cookie is a session cookie.
    const login = await postForm(t, '/return', new URLSearchParams({ codename: `  ${codename.toUpperCase()} ` }));
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/conversation');
    const setCookie = login.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^tl_session=[A-Za-z0-9_-]{100,}; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(setCookie).not.toMatch(/Expires|Max-Age|Secure/i);
    const cookie = setCookie.split(';')[0]!;

    const html = await conversationPage(t, cookie);
    expect(html).toContain('<p class="reply-text">Thank you.\nCan you send the March minutes?</p>');
    const replyId = /data-reply-id="([0-9a-f]{32})"/.exec(html)![1]!;
    const csrf = csrfOf(html);

    // A follow-up with a file, under the same source, to the same desk.
    const followUp = await postForm(t, '/conversation/follow-up', multipart({ message: 'Attached.', csrf }, [{ name: 'minutes.txt', bytes: 'the minutes' }]), { cookie });
    expect(followUp.status).toBe(200);
    const sent = await followUp.text();
    expect(sent).toContain('Your message was sent');
    expect(sent).not.toContain('id="codename"');
    const tips = await t.db.read.query.tips.findMany();
    expect(tips).toHaveLength(2);
    expect(new Set(tips.map((tip) => tip.sourceId)).size).toBe(1);
    expect(tips.map((tip) => tip.via)).toEqual(['form', 'form']);
    const opened = await readDeskTips(t.db, desk.slug, desk);
    const second = opened.find((tip) => tip.message === 'Attached.')!;
    expect(second.files.map((f) => [f.name, new TextDecoder().decode(f.bytes)])).toEqual([['minutes.txt', 'the minutes']]);

    // Deleting the source's copy of the reply; the desk keeps its own.
    const deleted = await postForm(t, `/conversation/replies/${replyId}/delete`, new URLSearchParams({ csrf }), { cookie });
    expect([deleted.status, deleted.headers.get('location')]).toEqual([303, '/conversation']);
    expect(await conversationPage(t, cookie)).toContain('No answers yet.');
    const reply = (await t.db.read.query.replies.findFirst())!;
    expect(reply.sealedForSource).toBeNull();
    expect(await openReply(reply.body, reply.sealedForDesk, desk)).toMatch(/^Thank you/);
    const again = await postForm(t, `/conversation/replies/${replyId}/delete`, new URLSearchParams({ csrf }), { cookie });
    expect(again.status).toBe(404);

    const logout = await postForm(t, '/logout', new URLSearchParams({ csrf }), { cookie });
    expect([logout.status, logout.headers.get('location')]).toEqual([303, '/']);
    expect(logout.headers.get('set-cookie')).toMatch(/^tl_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Strict/);
  });

  it('requires the CSRF token on every form that changes something', async () => {
    const t = await testApp();
    const desk = await addDesk(t);
    const codename = codenameOf(await (await submitTipForm(t, desk.slug, MESSAGE)).text());
    await replyTo(t, desk, 'A question.');
    const cookie = await logIn(t, codename);
    const html = await conversationPage(t, cookie);
    const replyId = /data-reply-id="([0-9a-f]{32})"/.exec(html)![1]!;
    for (const csrf of [undefined, '', 'A'.repeat(43), csrfOf(html).slice(1)]) {
      const fields: Record<string, string> = csrf === undefined ? {} : { csrf };
      const followUp = await postForm(t, '/conversation/follow-up', multipart({ message: 'Forged follow-up.', ...fields }), { cookie });
      const del = await postForm(t, `/conversation/replies/${replyId}/delete`, new URLSearchParams(fields), { cookie });
      const logout = await postForm(t, '/logout', new URLSearchParams(fields), { cookie });
      expect([followUp.status, del.status, logout.status]).toEqual([403, 403, 403]);
      expect(logout.headers.get('set-cookie')).toBeNull();
    }
    expect((await countRows(t)).tips).toBe(1);
    expect((await t.db.read.query.replies.findFirst())!.sealedForSource).not.toBeNull();
  });

  it('ends a session after two hours, and refuses cookies that were altered or borrowed', async () => {
    let now = new Date('2026-11-22T13:37:42.123Z');
    const t = await testApp({ clock: { now: () => now } });
    const desk = await addDesk(t);
    const codename = codenameOf(await (await submitTipForm(t, desk.slug, MESSAGE)).text());
    const cookie = await logIn(t, codename);
    const value = cookie.slice('tl_session='.length);
    const flipped = `tl_session=${value.slice(0, 40)}${value[40] === 'A' ? 'B' : 'A'}${value.slice(41)}`;
    const other = await testApp();
    for (const [app, bad] of [[t, flipped], [t, 'tl_session=AAAA'], [other, cookie]] as const) {
      const res = await app.app.request('/conversation', { headers: { cookie: bad } });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('Your session has ended.');
      expect(res.headers.get('set-cookie')).toMatch(/^tl_session=; Max-Age=0/);
    }
    now = new Date(now.getTime() + 119 * 60_000);
    expect((await t.app.request('/conversation', { headers: { cookie } })).status).toBe(200);
    now = new Date(now.getTime() + 2 * 60_000);
    expect((await t.app.request('/conversation', { headers: { cookie } })).status).toBe(403);
  });

  it('sets the Secure flag over HTTPS', async () => {
    const t = await testApp();
    const desk = await addDesk(t);
    const codename = codenameOf(await (await submitTipForm(t, desk.slug, MESSAGE)).text());
    const res = await t.app.request('https://tips.example/return', { method: 'POST', body: new URLSearchParams({ codename }) });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/; Secure; SameSite=Strict$/);
  });

  it('lets only its own session cookie through, and only to the conversation routes', async () => {
    const t = await testApp();
    const desk = await addDesk(t);
    const codename = codenameOf(await (await submitTipForm(t, desk.slug, MESSAGE)).text());
    const cookie = await logIn(t, codename);
    const crowded = `theme=dark; ${cookie}; tracking=abc`;
    expect((await t.app.request('/conversation', { headers: { cookie: crowded } })).status).toBe(200);
    // Two cookies named tl_session: the first well-formed one is used.
    expect((await t.app.request('/conversation', { headers: { cookie: `tl_session=not%valid; ${cookie}` } })).status).toBe(200);
  });
});
